// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// Report renderings for CI systems and reviews: SARIF 2.1.0 (code-scanning tools), JUnit XML (test
/// dashboards) and Markdown (pull requests, tickets).
enum CIRenderers {
  /// Every rule the validator can report, for SARIF's rule list.
  static let rules: [Rule] =
    ManifestRules.all + FileRules.all + MaskRules.all + ShapeRules.all + MLRules.all + ProfileRules.all

  /// SARIF 2.1.0: one run, the rule catalog as the driver's rules, one result per finding (`error`,
  /// `warning`, `note`), the file as the artifact and line/column as the region where known; checks
  /// that could not run are results of kind `open`.
  static func sarif(_ report: ValidationReport, version: String, extraRules: [Rule] = []) -> String {
    let rules = Self.rules + extraRules.filter { extra in !Self.rules.contains { $0.id == extra.id } }
    let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id.rawValue, $0) })
    func level(_ severity: Severity) -> JSONValue {
      switch severity {
      case .error: "error"
      case .warning: "warning"
      case .info: "note"
      }
    }
    func location(_ place: SourceLocation) -> JSONValue {
      var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(place.file))]))]
      if let line = place.line, line >= 1 {
        var region: [(String, JSONValue)] = [("startLine", .number(Double(line)))]
        if let column = place.column, column >= 1 { region.append(("startColumn", .number(Double(column)))) }
        physical.append(("region", .object(region)))
      }
      var entry: [(String, JSONValue)] = [("physicalLocation", .object(physical))]
      if let pointer = place.pointer, !pointer.isEmpty {
        entry.append(("logicalLocations", .array([.object([("fullyQualifiedName", .string(pointer))])])))
      }
      return .object(entry)
    }
    var results: [JSONValue] = report.diagnostics.map { diagnostic in
      var text = diagnostic.message
      if let hint = diagnostic.hint { text += " Fix: \(hint)" }
      var result: [(String, JSONValue)] = [("ruleId", .string(diagnostic.rule.rawValue))]
      if let position = index[diagnostic.rule.rawValue] { result.append(("ruleIndex", .number(Double(position)))) }
      result += [
        ("level", level(diagnostic.severity)), ("message", .object([("text", .string(text))])),
        ("locations", .array([location(diagnostic.location)])),
      ]
      if let waived = diagnostic.waived {
        result.append(("suppressions", .array([.object([("kind", "external"), ("justification", .string(waived))])])))
      }
      return .object(result)
    }
    results += report.unchecked.map { item in
      .object([
        ("ruleId", .string(item.rule.rawValue)), ("kind", "open"), ("level", "none"),
        ("message", .object([("text", .string("could not check: \(item.reason)"))])),
        ("locations", .array([location(item.location)])),
      ])
    }
    results += report.omitted.map { item in
      .object([
        ("ruleId", .string(item.rule.rawValue)), ("level", level(item.severity)),
        ("message", .object([("text", .string("… and \(item.count) more finding(s) of this rule in this file"))])),
        ("locations", .array([location(item.location)])),
        ("properties", .object([("omitted", .number(Double(item.count)))])),
      ])
    }
    let driverRules: [JSONValue] = rules.map { rule in
      .object([
        ("id", .string(rule.id.rawValue)), ("shortDescription", .object([("text", .string(rule.title))])),
        ("defaultConfiguration", .object([("level", level(rule.severity))])),
      ])
    }
    let log: JSONValue = .object([
      ("$schema", "https://json.schemastore.org/sarif-2.1.0.json"), ("version", "2.1.0"),
      (
        "runs",
        .array([
          .object([
            (
              "tool",
              .object([
                (
                  "driver",
                  .object([
                    ("name", "annota"), ("version", .string(version)), ("rules", .array(driverRules)),
                  ])
                )
              ])
            ),
            ("results", .array(results)),
          ])
        ])
      ),
    ])
    return log.text + "\n"
  }

  /// JUnit XML: one test suite per rule area (`MANIFEST`, `FILE`, `MASK`), one failing test case per
  /// finding at or above `failOn` (none when it is `nil`; lower ones are test cases with `system-out`), one skipped test case
  /// per check that could not run, and a passing `dataset` case when nothing failed.
  static func junit(_ report: ValidationReport, failOn: Severity?) -> String {
    var suites: [String: [String]] = [:]
    var failures: [String: Int] = [:]
    var skipped: [String: Int] = [:]
    func area(_ rule: RuleID) -> String { String(rule.rawValue.prefix { $0 != "-" }) }
    for diagnostic in report.diagnostics {
      let name = xml("\(diagnostic.rule) \(diagnostic.location)")
      let body = xml(diagnostic.message + (diagnostic.hint.map { " Fix: \($0)" } ?? ""))
      let key = area(diagnostic.rule)
      if let failOn, diagnostic.severity >= failOn, diagnostic.waived == nil {
        failures[key, default: 0] += 1
        suites[key, default: []].append(
          "    <testcase classname=\"\(xml(diagnostic.location.file))\" name=\"\(name)\">\n      <failure type=\"\(diagnostic.severity.rawValue)\" message=\"\(body)\">\(body)</failure>\n    </testcase>"
        )
      } else {
        suites[key, default: []].append(
          "    <testcase classname=\"\(xml(diagnostic.location.file))\" name=\"\(name)\">\n      <system-out>\(diagnostic.severity.rawValue)\(diagnostic.waived.map { xml(" (waived: \($0))") } ?? ""): \(body)</system-out>\n    </testcase>"
        )
      }
    }
    for item in report.unchecked {
      let key = area(item.rule)
      skipped[key, default: 0] += 1
      suites[key, default: []].append(
        "    <testcase classname=\"\(xml(item.location.file))\" name=\"\(xml("\(item.rule) \(item.location)"))\">\n      <skipped message=\"\(xml("could not check: \(item.reason)"))\"/>\n    </testcase>"
      )
    }
    for item in report.omitted {
      let key = area(item.rule)
      let name = xml("\(item.rule) \(item.location.file) (\(item.count) more)")
      let body = xml("… and \(item.count) more \(item.severity.rawValue)(s) of \(item.rule) in this file (omitted)")
      if let failOn, item.severity >= failOn {
        failures[key, default: 0] += 1
        suites[key, default: []].append(
          "    <testcase classname=\"\(xml(item.location.file))\" name=\"\(name)\">\n      <failure type=\"\(item.severity.rawValue)\" message=\"\(body)\">\(body)</failure>\n    </testcase>"
        )
      } else {
        suites[key, default: []].append(
          "    <testcase classname=\"\(xml(item.location.file))\" name=\"\(name)\">\n      <system-out>\(body)</system-out>\n    </testcase>"
        )
      }
    }
    if suites.isEmpty {
      suites["dataset"] = ["    <testcase classname=\"dataset\" name=\"\(xml(report.dataset)) validates\"/>"]
    }
    let total = suites.values.reduce(0) { $0 + $1.count }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"annota validate\" tests=\"\(total)\" failures=\"\(failures.values.reduce(0, +))\" errors=\"0\" skipped=\"\(skipped.values.reduce(0, +))\">\n"
    for key in suites.keys.sorted() {
      let cases = suites[key]!
      out +=
        "  <testsuite name=\"\(xml(key))\" tests=\"\(cases.count)\" failures=\"\(failures[key] ?? 0)\" errors=\"0\" skipped=\"\(skipped[key] ?? 0)\">\n"
      out += cases.joined(separator: "\n") + "\n  </testsuite>\n"
    }
    return out + "</testsuites>\n"
  }

  /// Markdown: a summary line and one table of findings per file.
  static func markdown(_ report: ValidationReport) -> String {
    let s = report.summary
    var out = "# Validation of `\(report.dataset)`\n\n"
    out +=
      "**\(s.errors) error(s), \(s.warnings) warning(s), \(s.infos) info(s), \(s.couldNotCheck) could not check** — \(s.files) file(s), \(s.bytes) bytes.\n"
    var byFile: [String: [Diagnostic]] = [:]
    for diagnostic in report.diagnostics { byFile[diagnostic.location.file, default: []].append(diagnostic) }
    for file in byFile.keys.sorted() {
      out += "\n## `\(file)`\n\n| Severity | Rule | Where | Finding | Fix |\n|---|---|---|---|---|\n"
      for diagnostic in byFile[file]! {
        var place = diagnostic.location
        place.file = ""
        out +=
          "| \(diagnostic.severity.rawValue)\(diagnostic.waived == nil ? "" : " (waived)") | \(diagnostic.rule) | \(cell(place.description)) | \(cell(diagnostic.message + (diagnostic.waived.map { " — waived: \($0)" } ?? ""))) | \(cell(diagnostic.hint ?? "")) |\n"
      }
    }
    if !report.profiles.isEmpty {
      out += "\n## Profiles\n\n| Profile | Satisfied | Required | Recommended | Missing |\n|---|---|---|---|---|\n"
      for profile in report.profiles {
        let missing = profile.missingRequired + profile.missingRecommended.map { $0 + " (recommended)" }
        out +=
          "| \(profile.name) | \(profile.satisfied ? "yes" : "no") | \(profile.required.present)/\(profile.required.total) | \(profile.recommended.present)/\(profile.recommended.total) | \(cell(missing.joined(separator: ", "))) |\n"
      }
    }
    if !report.omitted.isEmpty {
      out += "\n## Omitted (counted, not listed)\n\n| Rule | Severity | File | More findings |\n|---|---|---|---|\n"
      for item in report.omitted {
        out += "| \(item.rule) | \(item.severity.rawValue) | `\(item.location.file)` | \(item.count) |\n"
      }
    }
    if !report.unchecked.isEmpty {
      out += "\n## Could not check\n\n| Rule | File | Why |\n|---|---|---|\n"
      for item in report.unchecked { out += "| \(item.rule) | `\(item.location.file)` | \(cell(item.reason)) |\n" }
    }
    return out
  }

  private static func xml(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      // XML 1.0 cannot hold most control characters at all.
      case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": out += "?"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  private static func cell(_ text: String) -> String {
    text.replacing("|", with: "\\|").replacing("\n", with: " ").trimmingPrefix(while: { $0 == " " }).description
  }
}
