// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// Report renderings for CI systems and reviews: SARIF 2.1.0 (code-scanning tools), JUnit XML (test
/// dashboards) and Markdown (pull requests, tickets).
enum CIRenderers {
  /// Every rule the validator can report, for SARIF's rule list.
  static let rules: [Rule] =
    ManifestRules.all + FileRules.all + MaskRules.all + ShapeRules.all + MLRules.all + ProfileRules.all
    + CatalogRules.all

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

  /// JUnit XML as the strict schema (windyroad `JUnit.xsd`) and the CI tools that follow it read it:
  /// one `testsuite` per rule family; a finding at or above `failOn` is a failing test case, a check
  /// that could not run a skipped one, and the other findings (passing) are listed in the suite's
  /// `system-out`, as test cases hold no output in that schema.
  static func junit(_ report: ValidationReport, failOn: Severity?, date: Date = Date()) -> String {
    struct Suite {
      var cases: [String] = []
      var failures = 0
      var skipped = 0
      var output: [String] = []
    }
    var suites: [String: Suite] = [:]
    func area(_ rule: RuleID) -> String { String(rule.rawValue.prefix { $0 != "-" }) }
    func testcase(_ file: String, _ name: String, _ body: String = "") -> String {
      let head = "    <testcase classname=\"\(xml(file.isEmpty ? "dataset" : file))\" name=\"\(name)\" time=\"0\""
      return body.isEmpty ? head + "/>" : head + ">\n      " + body + "\n    </testcase>"
    }
    for diagnostic in report.diagnostics {
      let name = xml("\(diagnostic.rule) \(diagnostic.location)")
      let body = xml(diagnostic.message + (diagnostic.hint.map { " Fix: \($0)" } ?? ""))
      let key = area(diagnostic.rule)
      if let failOn, diagnostic.severity >= failOn, diagnostic.waived == nil {
        suites[key, default: Suite()].failures += 1
        suites[key, default: Suite()].cases.append(
          testcase(
            diagnostic.location.file, name,
            "<failure type=\"\(diagnostic.severity.rawValue)\" message=\"\(body)\">\(body)</failure>"))
      } else {
        suites[key, default: Suite()].cases.append(testcase(diagnostic.location.file, name))
        suites[key, default: Suite()].output.append(
          "\(diagnostic.severity.rawValue)\(diagnostic.waived.map { xml(" (waived: \($0))") } ?? ""): \(name): \(body)")
      }
    }
    for item in report.unchecked {
      let key = area(item.rule)
      suites[key, default: Suite()].skipped += 1
      suites[key, default: Suite()].cases.append(
        testcase(
          item.location.file, xml("\(item.rule) \(item.location)"),
          "<skipped message=\"\(xml("could not check: \(item.reason)"))\"/>"))
    }
    for item in report.omitted {
      let key = area(item.rule)
      let name = xml("\(item.rule) \(item.location.file) (\(item.count) more)")
      let body = xml("… and \(item.count) more \(item.severity.rawValue)(s) of \(item.rule) in this file (omitted)")
      if let failOn, item.severity >= failOn {
        suites[key, default: Suite()].failures += 1
        suites[key, default: Suite()].cases.append(
          testcase(
            item.location.file, name,
            "<failure type=\"\(item.severity.rawValue)\" message=\"\(body)\">\(body)</failure>"))
      } else {
        suites[key, default: Suite()].cases.append(testcase(item.location.file, name))
        suites[key, default: Suite()].output.append("\(name): \(body)")
      }
    }
    if suites.isEmpty {
      suites["dataset"] = Suite(cases: [testcase("dataset", xml(report.dataset) + " validates")])
    }
    // The schema's timestamp: UTC, to the second, without a zone designator.
    let timestamp = String(ISO8601DateFormatter().string(from: date).prefix(19))
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
    for (id, key) in suites.keys.sorted().enumerated() {
      let suite = suites[key]!
      out +=
        "  <testsuite package=\"annota\" id=\"\(id)\" name=\"\(xml(key))\" timestamp=\"\(timestamp)\" hostname=\"localhost\" "
        + "tests=\"\(suite.cases.count)\" failures=\"\(suite.failures)\" errors=\"0\" skipped=\"\(suite.skipped)\" time=\"0\">\n"
      out +=
        "    <properties>\n      <property name=\"dataset\" value=\"\(xml(report.dataset))\"/>\n    </properties>\n"
      out += suite.cases.joined(separator: "\n") + "\n"
      out +=
        "    <system-out>" + suite.output.joined(separator: "\n") + "</system-out>\n    <system-err></system-err>\n"
      out += "  </testsuite>\n"
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

  private static func xml(_ text: String) -> String { MarkupEscape.text(text) }

  private static func cell(_ text: String) -> String {
    text.replacing("|", with: "\\|").replacing("\n", with: " ").trimmingPrefix(while: { $0 == " " }).description
  }
}
