// SPDX-License-Identifier: Apache-2.0
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Checks a ``ManifestNode`` tree against ``AnnotaSpec`` and reports every problem in one pass.
///
/// It also returns the tree normalised for decoding: nulls dropped, vocabulary aliases made
/// canonical, numbers in JSON form, and absent list fields present as empty lists.
struct StructureChecker {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []

  /// Drafts: report every problem, but keep what can be kept — values with the wrong format, unknown
  /// keys skipped, required fields that are missing or invalid given a placeholder — so a manifest
  /// with mistakes still decodes and its files and pixels can still be checked.
  var keepsInvalidValues = false

  /// The standard version the manifest declares (its `annota`): fields added later are reported.
  private var declaredVersion = AnnotaSpec.version
  /// Inside a field already reported as newer than the declared version: its own fields are not
  /// reported again (one finding per addition, not one per key inside it).
  private var insideNewerField = 0

  init(file: String) { self.file = file }

  mutating func check(_ root: ManifestNode) -> ManifestNode? {
    if case .mapping(let entries, _) = root, let entry = entries.first(where: { $0.key == "annota" }),
      case .scalar(let text, _, _) = entry.value, AnnotaSpec.versions.contains(text)
    {
      declaredVersion = text
    }
    return checkValue(root, type: .object(AnnotaSpec.rootName), pointer: "")
  }

  private mutating func report(
    _ rule: Rule, _ message: String, hint: String? = nil, pointer: String,
    at position: ManifestNode.Position
  ) {
    diagnostics.append(
      Diagnostic(
        rule: rule.id, severity: rule.severity, message: message, hint: hint ?? RuleFixes.hint(for: rule.id),
        location: SourceLocation(
          file: file, pointer: pointer, line: position.line, column: position.column)))
  }

  private mutating func checkValue(_ node: ManifestNode, type: ValueType, pointer: String)
    -> ManifestNode?
  {
    switch type {
    case .object(let name):
      guard let spec = AnnotaSpec.object(name) else { return nil }
      return checkObject(node, spec: spec, pointer: pointer)
    case .list(let itemType, let minItems):
      guard case .sequence(let items, let position) = node else {
        return typeMismatch(node, expected: type, pointer: pointer)
      }
      if items.count < minItems {
        report(
          ManifestRules.range,
          "the list needs at least \(minItems) item\(minItems == 1 ? "" : "s"), it has \(items.count)",
          hint: minItems == 1 ? "add an item, or remove the key" : nil, pointer: pointer, at: position)
      }
      var checked: [ManifestNode] = []
      for (index, item) in items.enumerated() {
        if let value = checkValue(item, type: itemType, pointer: "\(pointer)/\(index)") {
          checked.append(value)
        }
      }
      return checked.count == items.count ? .sequence(items: checked, position: position) : nil
    case .string(let format):
      guard case .scalar(let text, .string, let position) = node else {
        return typeMismatch(node, expected: type, pointer: pointer)
      }
      if let problem = FormatChecker.check(text, format) {
        let rule = ManifestRules.all.first { $0.id == problem.rule } ?? ManifestRules.wrongType
        report(rule, problem.message, hint: problem.hint, pointer: pointer, at: position)
        // A warning accepts the value (a date-time without a zone); an error drops it.
        return keepsInvalidValues || rule.severity == .warning ? node : nil
      }
      return node
    case .vocabulary(let vocabulary):
      guard case .scalar(let text, .string, let position) = node else {
        return typeMismatch(node, expected: type, pointer: pointer)
      }
      if let canonical = vocabulary.canonical(text) {
        return .scalar(text: canonical, kind: .string, position: position)
      }
      let suggestion = Suggestions.closest(
        to: text, among: vocabulary.values + Array(vocabulary.aliases.keys)
      )
      .map { vocabulary.canonical($0) ?? $0 }
      let article = vocabulary.name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
      report(
        ManifestRules.vocabulary, "`\(text)` is not \(article) \(vocabulary.name)",
        hint: suggestion.map { "did you mean `\($0)`?" }
          ?? "use one of: \(vocabulary.values.joined(separator: ", "))",
        pointer: pointer, at: position)
      return nil
    case .integer(let minimum, let maximum):
      guard case .scalar(let text, let kind, let position) = node, kind == .integer || kind == .float
      else { return typeMismatch(node, expected: type, pointer: pointer) }
      guard let value = Double(text.replacingPlus()), value.rounded() == value else {
        return typeMismatch(node, expected: type, pointer: pointer)
      }
      guard let integer = Int(exactly: value), abs(value) < 9.007_199_254_740_992e15 else {
        report(ManifestRules.range, "\(text) is too large", pointer: pointer, at: position)
        return nil
      }
      if let problem = rangeProblem(Double(integer), minimum.map(Double.init), maximum.map(Double.init)) {
        report(ManifestRules.range, "\(text) is \(problem)", pointer: pointer, at: position)
        return nil
      }
      return .scalar(text: String(integer), kind: .integer, position: position)
    case .number(let minimum, let maximum):
      guard case .scalar(let text, let kind, let position) = node, kind == .integer || kind == .float
      else { return typeMismatch(node, expected: type, pointer: pointer) }
      guard let value = JSONNumber.parse(text) else {
        report(ManifestRules.range, "\(text) is not a finite number", pointer: pointer, at: position)
        return nil
      }
      if let problem = rangeProblem(value, minimum, maximum) {
        report(ManifestRules.range, "\(text) is \(problem)", pointer: pointer, at: position)
        return nil
      }
      return .scalar(text: JSONNumber.format(value), kind: .float, position: position)
    case .boolean:
      guard case .scalar(let text, .boolean, let position) = node else {
        return typeMismatch(node, expected: type, pointer: pointer)
      }
      return .scalar(text: text.lowercased(), kind: .boolean, position: position)
    case .affineMatrix:
      return checkMatrix(node, pointer: pointer)
    }
  }

  private func rangeProblem(_ value: Double, _ minimum: Double?, _ maximum: Double?) -> String? {
    if let minimum, value < minimum { return "below the minimum \(JSONNumber.format(minimum))" }
    if let maximum, value > maximum { return "above the maximum \(JSONNumber.format(maximum))" }
    return nil
  }

  private mutating func typeMismatch(_ node: ManifestNode, expected: ValueType, pointer: String)
    -> ManifestNode?
  {
    var found = node.typeName
    var hint: String? = nil
    if case .scalar(let text, let kind, _) = node {
      found += " `\(text)`"
      if kind != .string, kind != .null, case .string = expected {
        hint = "quote it: \"\(text)\""
      } else if kind != .string, kind != .null, case .vocabulary = expected {
        hint = "quote it: \"\(text)\""
      }
    }
    if case .list = expected, case .scalar(let text, .string, _) = node {
      hint = "write a list, e.g. [\(text)]"
    }
    report(
      ManifestRules.wrongType, "expected \(expected.phrase), found \(found)", hint: hint,
      pointer: pointer, at: node.position)
    return nil
  }

  private mutating func checkObject(_ node: ManifestNode, spec: ObjectSpec, pointer: String)
    -> ManifestNode?
  {
    guard case .mapping(let entries, let position) = node else {
      return typeMismatch(node, expected: .object(spec.name), pointer: pointer)
    }
    var seen: [String: ManifestNode.Position] = [:]
    var present: Set<String> = []
    var output: [ManifestNode.Entry] = []
    var failed = false
    let known = spec.fields.map(\.name)
    for entry in entries {
      let fieldPointer = "\(pointer)/\(JSONPointer.escape(entry.key))"
      if let first = seen[entry.key] {
        report(
          ManifestRules.duplicate, "key `\(entry.key)` appears twice in one mapping (first at line \(first.line))",
          pointer: fieldPointer, at: entry.keyPosition)
        failed = !keepsInvalidValues
        continue
      }
      seen[entry.key] = entry.keyPosition
      guard let field = spec.field(entry.key) else {
        let suggestion = Suggestions.closest(to: entry.key, among: known)
        report(
          ManifestRules.unknownKey, "`\(entry.key)` is not a field of \(spec.name)",
          hint: suggestion.map { "did you mean `\($0)`?" }
            ?? "\(spec.name) has: \(known.joined(separator: ", "))",
          pointer: fieldPointer, at: entry.keyPosition)
        failed = !keepsInvalidValues
        continue
      }
      if entry.value.isNull { continue }  // `key:` with no value is the same as no key
      present.insert(entry.key)
      let newer = AnnotaSpec.version(declaredVersion, precedes: field.since)
      if newer, insideNewerField == 0 {
        report(
          ManifestRules.newerField,
          "`\(entry.key)` is new in standard \(field.since); this manifest declares \(declaredVersion)",
          pointer: fieldPointer, at: entry.keyPosition)
      }
      if newer { insideNewerField += 1 }
      let checked = checkValue(entry.value, type: field.type, pointer: fieldPointer)
      if newer { insideNewerField -= 1 }
      if let value = checked {
        output.append(.init(key: entry.key, keyPosition: entry.keyPosition, value: value))
      } else if keepsInvalidValues {
        if field.level == .required, let value = placeholder(field.type, at: entry.keyPosition) {
          output.append(.init(key: entry.key, keyPosition: entry.keyPosition, value: value))
        } else {
          present.remove(entry.key)
        }
      } else {
        failed = true
      }
    }
    for field in spec.fields where !present.contains(field.name) {
      guard insideNewerField == 0, let relaxed = field.optionalSince,
        AnnotaSpec.version(declaredVersion, precedes: relaxed)
      else { continue }
      report(
        ManifestRules.newerField,
        "\(spec.name) without `\(field.name)` is new in standard \(relaxed); this manifest declares \(declaredVersion)",
        pointer: "\(pointer)/\(field.name)", at: position)
    }
    for field in spec.fields where field.level == .required && !present.contains(field.name) {
      report(
        ManifestRules.missingRequired, "\(spec.name) needs `\(field.name)`: \(field.summary)",
        pointer: "\(pointer)/\(field.name)", at: position)
      if keepsInvalidValues, let value = placeholder(field.type, at: position) {
        output.append(.init(key: field.name, keyPosition: position, value: value))
        present.insert(field.name)
      } else {
        failed = true
      }
    }
    for group in spec.exactlyOneOf {
      let given = group.filter(present.contains)
      if given.count != 1 {
        report(
          ManifestRules.exactlyOne,
          given.isEmpty
            ? "\(spec.name) needs one of \(group.map { "`\($0)`" }.joined(separator: " or "))"
            : "\(spec.name) gives \(given.map { "`\($0)`" }.joined(separator: " and ")); give only one",
          pointer: pointer, at: position)
        failed = !keepsInvalidValues
      }
    }
    for group in spec.atLeastOneOf where !group.contains(where: present.contains) {
      report(
        ManifestRules.missingRequired,
        "\(spec.name) needs \(group.map { "`\($0)`" }.joined(separator: " or ")) (or both)",
        pointer: pointer, at: position)
      failed = !keepsInvalidValues
    }
    for group in spec.atMostOneOf {
      let given = group.filter(present.contains)
      if given.count > 1 {
        report(
          ManifestRules.exactlyOne,
          "\(spec.name) gives \(given.map { "`\($0)`" }.joined(separator: " and ")); give only one",
          pointer: pointer, at: position)
        failed = !keepsInvalidValues
      }
    }
    guard !failed else { return nil }
    // Absent list fields become empty lists, so the model's arrays need no optionals.
    for field in spec.fields where !present.contains(field.name) {
      if case .list = field.type {
        output.append(.init(key: field.name, keyPosition: position, value: .sequence(items: [], position: position)))
      }
    }
    return .mapping(entries: output, position: position)
  }

  /// A stand-in for a required value that is missing or invalid in a draft.
  ///
  /// Empty text, the vocabulary's first value, zero, `false`, an empty list, or an object of
  /// stand-ins. It is never
  /// written back; it only lets the rest of the manifest decode.
  private func placeholder(_ type: ValueType, at position: ManifestNode.Position) -> ManifestNode? {
    switch type {
    case .string: return .scalar(text: "", kind: .string, position: position)
    case .vocabulary(let vocabulary):
      return vocabulary.values.first.map { .scalar(text: $0, kind: .string, position: position) }
    case .integer(let minimum, _):
      return .scalar(text: String(max(0, minimum ?? 0)), kind: .integer, position: position)
    case .number(let minimum, _):
      return .scalar(text: JSONNumber.format(max(0, minimum ?? 0)), kind: .float, position: position)
    case .boolean: return .scalar(text: "false", kind: .boolean, position: position)
    case .list: return .sequence(items: [], position: position)
    case .affineMatrix: return nil
    case .object(let name):
      guard let spec = AnnotaSpec.object(name) else { return nil }
      var entries: [ManifestNode.Entry] = []
      for field in spec.fields where field.level == .required || field.type.isList {
        guard let value = placeholder(field.type, at: position) else { return nil }
        entries.append(.init(key: field.name, keyPosition: position, value: value))
      }
      return .mapping(entries: entries, position: position)
    }
  }

  private mutating func checkMatrix(_ node: ManifestNode, pointer: String) -> ManifestNode? {
    guard case .sequence(let rows, let position) = node else {
      return typeMismatch(node, expected: .affineMatrix, pointer: pointer)
    }
    var values: [[Double]] = []
    for (r, row) in rows.enumerated() {
      guard case .sequence(let cells, _) = row else {
        report(ManifestRules.matrix, "row \(r) is not a list of numbers", pointer: "\(pointer)/\(r)", at: row.position)
        return nil
      }
      var numbers: [Double] = []
      for (c, cell) in cells.enumerated() {
        guard case .scalar(let text, let kind, _) = cell, kind == .integer || kind == .float,
          let value = JSONNumber.parse(text)
        else {
          report(
            ManifestRules.matrix, "entry [\(r)][\(c)] is not a finite number", pointer: "\(pointer)/\(r)/\(c)",
            at: cell.position)
          return nil
        }
        numbers.append(value)
      }
      values.append(numbers)
    }
    let n = values.count
    guard n == 3 || n == 4, values.allSatisfy({ $0.count == n }) else {
      report(
        ManifestRules.matrix,
        "an affine matrix is 3×3 (2-D) or 4×4 (3-D); this one is \(n)×\(values.first?.count ?? 0)\(values.allSatisfy { $0.count == values.first?.count } ? "" : " with rows of different lengths")",
        pointer: pointer, at: position)
      return nil
    }
    let expectedLast = Array(repeating: 0.0, count: n - 1) + [1.0]
    guard values[n - 1] == expectedLast else {
      report(
        ManifestRules.matrix,
        "the last row of an affine matrix must be [\(expectedLast.map(JSONNumber.format).joined(separator: ", "))]",
        pointer: "\(pointer)/\(n - 1)", at: rows[n - 1].position)
      return nil
    }
    let normalized = values.map { row in
      ManifestNode.sequence(
        items: row.map { .scalar(text: JSONNumber.format($0), kind: .float, position: position) },
        position: position)
    }
    return .sequence(items: normalized, position: position)
  }
}

extension ValueType {
  fileprivate var isList: Bool { if case .list = self { true } else { false } }
}

extension String {
  fileprivate func replacingPlus() -> String { hasPrefix("+") ? String(dropFirst()) : self }
}

/// JSON Pointer (RFC 6901) helpers.
enum JSONPointer {
  /// Escapes one reference token: `~` → `~0`, `/` → `~1`.
  static func escape(_ token: String) -> String {
    var out = ""
    for character in token {
      switch character {
      case "~": out += "~0"
      case "/": out += "~1"
      default: out.append(character)
      }
    }
    return out
  }
}

/// Numbers as the manifest writes them: the shortest text that reads back to the same `Double`.
enum JSONNumber {
  /// Parses a YAML or JSON number; `nil` for non-finite values.
  static func parse(_ text: String) -> Double? {
    let cleaned = text.hasPrefix("+") ? String(text.dropFirst()) : text
    guard let value = Double(cleaned), value.isFinite else { return nil }
    return value
  }

  /// Integral values without a fraction (`1`, not `1.0`); others in Swift's shortest round-trip form.
  static func format(_ value: Double) -> String {
    var bytes: [UInt8] = []
    append(value, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``format(_:)``'s text to `out` as UTF-8 (GeoJSON and COCO files write millions of
  /// coordinates: both forms are small strings, never allocated).
  static func append(_ value: Double, to out: inout [UInt8]) {
    if value.rounded() == value, abs(value) < 1e15 {
      out.append(contentsOf: Int64(value).description.utf8)
    } else {
      out.append(contentsOf: value.description.utf8)
    }
  }
}
