// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import AnnotaXMLSupport
import Foundation
import Testing

/// The report in every output format, on one report with an error, a warning, an info and a check that
/// could not run.
@Suite("Report renderers")
struct RendererTests {
  static let report = ValidationReport(
    dataset: "lab",
    diagnostics: [
      Diagnostic(
        rule: "MANIFEST-007", severity: .error, message: "`TODO` is not a licence", hint: "write CC-BY-4.0",
        location: SourceLocation(file: "annota.yaml", pointer: "/study/licence", line: 8, column: 12)),
      Diagnostic(
        rule: "FILE-002", severity: .warning, message: "not listed <& \"quoted\">", hint: nil,
        location: SourceLocation(file: "images/x.tif")),
      Diagnostic(
        rule: "MASK-006", severity: .info, message: "no background", hint: nil,
        location: SourceLocation(file: "masks/a|b.tif")),
    ],
    unchecked: [
      .init(rule: "MASK-002", location: SourceLocation(file: "masks/c.tif"), reason: "the image cannot be read")
    ], files: 4, bytes: 1000)

  @Test func sarifHasTheRuleCatalogAndOneResultPerFinding() throws {
    let text = ReportRenderer.render(Self.report, as: .sarif, version: "9.9")
    let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "annota" && driver["version"] as? String == "9.9")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.map { $0["level"] as? String } == ["error", "warning", "note", "none"])
    #expect(results.last?["kind"] as? String == "open", "could not check is never a pass")
    for result in results.prefix(3) {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
    }
    let location = try #require((results[0]["locations"] as? [[String: Any]])?.first)
    let physical = try #require(location["physicalLocation"] as? [String: Any])
    #expect((physical["region"] as? [String: Int]) == ["startLine": 8, "startColumn": 12])
    #expect((physical["artifactLocation"] as? [String: String])?["uri"] == "annota.yaml")
    #expect((results[1]["locations"] as? [[String: Any]])?.first?["region"] == nil)
  }

  @Test func junitCountsFailuresSkipsAndEscapes() throws {
    let text = ReportRenderer.render(Self.report, as: .junit, failOn: .warning)
    let root = try XMLSafeParser.document(Array(text.utf8))
    #expect(root.name == "testsuites")
    // The strict schema puts the counts on each suite only: their sums are the report's.
    #expect(Self.total(root, "tests") == 4 && Self.total(root, "failures") == 2 && Self.total(root, "skipped") == 1)
    let suites = root.children("testsuite").map { $0.attribute("name") ?? "" }
    #expect(suites == ["FILE", "MANIFEST", "MASK"])
    let file = try #require(root.children("testsuite").first)
    #expect(file.child("testcase")?.child("failure")?.attribute("message") == "not listed <& \"quoted\">")
    // With the default threshold the warning is output, not a failure.
    let lenient = try XMLSafeParser.document(Array(ReportRenderer.render(Self.report, as: .junit).utf8))
    #expect(Self.total(lenient, "failures") == 1)
    let output = lenient.children("testsuite").first?.child("system-out")?.text ?? ""
    #expect(output.contains("warning: FILE-002") && output.contains("not listed <& \"quoted\">"), "\(output)")
  }

  /// A count summed over the suites.
  static func total(_ root: AnnotaXMLSupport.XMLElement, _ attribute: String) -> Int {
    root.children("testsuite").reduce(0) { $0 + (Int($1.attribute(attribute) ?? "") ?? 0) }
  }

  @Test func aCleanReportIsOnePassingTestCase() throws {
    let clean = ValidationReport(dataset: "demo", diagnostics: [], unchecked: [], files: 3, bytes: 10)
    let root = try XMLSafeParser.document(Array(ReportRenderer.render(clean, as: .junit).utf8))
    #expect(Self.total(root, "tests") == 1 && Self.total(root, "failures") == 0)
  }

  @Test func markdownHasOneTablePerFileAndEscapesPipes() {
    let text = ReportRenderer.render(Self.report, as: .md)
    #expect(text.contains("**1 error(s), 1 warning(s), 1 info(s), 1 could not check**"))
    #expect(text.contains("## `annota.yaml`") && text.contains("## `images/x.tif`"))
    #expect(text.contains("| error | MANIFEST-007 | :8:12 [/study/licence] |"))
    #expect(text.contains("## Could not check"))
    #expect(!text.split(separator: "\n").contains { $0.hasPrefix("| info") && $0.filter { $0 == "|" }.count != 6 })
  }

  @Test func textGroupsByFileAndColoursOnlyWhenAsked() {
    let plain = ReportRenderer.render(Self.report, as: .text)
    #expect(plain.contains("annota.yaml\n  :8:12 [/study/licence]: error[MANIFEST-007]"))
    #expect(!plain.contains("\u{1B}["))
    #expect(ReportRenderer.render(Self.report, as: .text, colour: true).contains("\u{1B}[31merror"))
    #expect(plain.hasSuffix("1 error(s), 1 warning(s), 1 info(s), 1 could not check; 4 file(s), 1000 bytes\n"))
  }
}

extension RendererTests {
  /// The JSON report validates against `Specs/annota/0.2/report.schema.json` with an independent
  /// implementation (Python `jsonschema`), for a report using every location field.
  @Test(.enabled(if: python(with: ["jsonschema"]) != nil))
  func jsonReportsValidateAgainstTheReportSchema() throws {
    let interpreter = try #require(python(with: ["jsonschema"]))
    var located = SourceLocation(file: "masks/a.tif", pointer: "/annotation_sets/0", line: 3, column: 4)
    located.row = 2
    located.plane = .init(z: 1, c: 0, t: 2)
    located.pixel = .init(x: 5, y: 6)
    located.label = 7
    located.annotation = "12"
    var report = Self.report
    report.diagnostics.append(
      Diagnostic(rule: "MASK-003", severity: .error, message: "value 7", hint: "fix", location: located))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(ReportRenderer.render(report, as: .json), to: "report.json")
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
      bad = json.load(open(sys.argv[2])); bad["diagnostics"][0]["severity"] = "fatal"
      errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
      print(len(errors))
      """
    let run = try runProcess(interpreter, ["-c", script, Paths.spec + "/report.schema.json", path])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "the schema catches a wrong severity")
  }

  /// A real report, with every profile's completeness, validates too.
  @Test(.enabled(if: python(with: ["jsonschema"]) != nil))
  func realReportsWithProfilesValidateAgainstTheReportSchema() async throws {
    let interpreter = try #require(python(with: ["jsonschema"]))
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    try FileManager.default.removeItem(atPath: demo.file("masks/cells_02_mask.tif"))
    let report = await DatasetValidator.validate(demo.path, profiles: Set(DatasetValidator.Profile.allCases))
    #expect(report.profiles.count == DatasetValidator.Profile.allCases.count + 1)
    let path = try demo.write(ReportRenderer.render(report, as: .json), to: "report.json")
    let script = """
      import json, sys, jsonschema
      jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))
      """
    let run = try runProcess(interpreter, ["-c", script, Paths.spec + "/report.schema.json", path])
    #expect(run.status == 0, "\(run.stderr)")
  }
}
