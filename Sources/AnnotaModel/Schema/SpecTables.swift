// SPDX-License-Identifier: Apache-2.0

extension AnnotaSpec {
  /// The generated part of SPEC.md: the vocabulary tables of §3, then §4 with every object's field
  /// table.
  ///
  /// `scripts/update-spec-tables.sh` pastes it between SPEC.md's markers; a test compares.
  /// - Returns: Markdown.
  public static func specTables() -> String {
    vocabularyTables() + "## 4. Objects and fields\n\n" + """
      Reading the field tables: **Level** is the core requirement: `required` fields MUST be present, \
      `recommended` fields SHOULD be present (profiles such as `mifa`, `rembi` and `bia` turn some of them \
      into requirements; a validator reports completeness), `optional` fields MAY be present. The \
      **MIFA**, **REMBI** and **BIA RO-Crate** columns give where the field goes in each; "none" means \
      the BIA 0.3.1 context has no term, and the packer carries the value under a declared `annota:` \
      term (§8.2).


      """ + fieldTables()
  }

  /// The field tables of SPEC.md §4, generated from the spec: for every object, each field's type,
  /// level, meaning and crosswalk to MIFA, REMBI and the BIA RO-Crate profile.
  /// - Returns: Markdown.
  public static func fieldTables() -> String {
    var out = ""
    for object in objects {
      out += "### \(object.name)\n\n\(object.summary)"
      for group in object.exactlyOneOf {
        out += " Exactly one of \(group.map { "`\($0)`" }.joined(separator: ", ")) MUST be present."
      }
      for group in object.atLeastOneOf {
        out += " At least one of \(group.map { "`\($0)`" }.joined(separator: ", ")) MUST be present."
      }
      for group in object.atMostOneOf {
        out += " At most one of \(group.map { "`\($0)`" }.joined(separator: ", ")) MAY be present."
      }
      out += "\n\n| Field | Type | Level | Meaning | MIFA | REMBI | BIA RO-Crate |\n"
      out += "|---|---|---|---|---|---|---|\n"
      for field in object.fields {
        let cells = [
          "`\(field.name)`", typeCell(field.type), field.level.rawValue, field.summary,
          field.crosswalk.mifa ?? "—", field.crosswalk.rembi ?? "—", field.crosswalk.bia ?? "none",
        ]
        out += "| " + cells.map { $0.replacingPipes() }.joined(separator: " | ") + " |\n"
      }
      out += "\n"
    }
    return out
  }

  /// The vocabulary tables of SPEC.md §3, generated from the spec.
  /// - Returns: Markdown.
  public static func vocabularyTables() -> String {
    let all = [
      Vocabularies.annotationType, Vocabularies.sourceIndicator, Vocabularies.encoding,
      Vocabularies.annotationKind, Vocabularies.origin, Vocabularies.expertise, Vocabularies.lengthUnit,
    ]
    var out = ""
    for vocabulary in all {
      out += "#### \(vocabulary.name)\n\n| Value | Meaning |\n|---|---|\n"
      for term in vocabulary.terms { out += "| `\(term.value)` | \(term.meaning) |\n" }
      if !vocabulary.aliases.isEmpty {
        let aliases = vocabulary.aliases.keys.sorted().map { "`\($0)` → `\(vocabulary.aliases[$0]!)`" }
        out += "\nAccepted and normalised on reading: \(aliases.joined(separator: ", ")).\n"
      }
      out += "\n"
    }
    return out
  }

  private static func typeCell(_ type: ValueType) -> String {
    switch type {
    case .string(let format): format == .text ? "text" : "string (\(format.rawValue))"
    case .integer(let minimum, let maximum): "integer" + bounds(minimum.map(Double.init), maximum.map(Double.init))
    case .number(let minimum, let maximum): "number" + bounds(minimum, maximum)
    case .boolean: "boolean"
    case .vocabulary(let vocabulary): "\(vocabulary.name)"
    case .list(let item, let minItems): "list of \(typeCell(item))" + (minItems > 0 ? " (≥ \(minItems))" : "")
    case .object(let name): "[\(name)](#\(name.lowercased()))"
    case .affineMatrix: "affine matrix"
    }
  }

  private static func bounds(_ minimum: Double?, _ maximum: Double?) -> String {
    switch (minimum, maximum) {
    case (nil, nil): ""
    case (let low?, nil): " ≥ \(JSONNumber.format(low))"
    case (nil, let high?): " ≤ \(JSONNumber.format(high))"
    case (let low?, let high?): " \(JSONNumber.format(low))–\(JSONNumber.format(high))"
    }
  }
}

extension String {
  fileprivate func replacingPipes() -> String {
    split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
  }
}
