// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// SARIF and JUnit reports as CI tools read them, checked against their published schemas.
///
/// The SARIF 2.1.0 JSON Schema (the SARIF SDK's) and the strict JUnit XSD (windyroad), through
/// jsonschema and lxml from the test venv. In CI (`CI` set) a missing venv is a failure, not a skip.
@Suite("Report schemas")
struct ReportSchemaTests {
  static let schemas = Paths.project("../shared/reference/schemas")
  static let runs =
    FileManager.default.fileExists(atPath: schemas + "/sarif-2.1.0.schema.json")
    && (ProcessInfo.processInfo.environment["CI"] != nil || python(with: ["jsonschema", "lxml"]) != nil)

  /// A real report with every kind of entry: the demo with a mask of the wrong size, a shape outside
  /// its image, an unlisted file and an image that cannot be read.
  static func realReport() async throws -> ValidationReport {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    try ValidationTests.writeMask(demo.file("masks/cells_02_mask.tif"), values: [0, 1])
    try Data("not a tiff".utf8).write(to: URL(fileURLWithPath: demo.file("images/cells_03.tif")))
    try Data("notes".utf8).write(to: URL(fileURLWithPath: demo.file("notes.txt")))
    return await DatasetValidator.validate(demo.path)
  }

  @Test(.enabled(if: runs)) func sarifValidatesAgainstTheSARIFSchema() async throws {
    let interpreter = try #require(python(with: ["jsonschema"]), "the test venv (scripts/test-venv.sh)")
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let real = try await Self.realReport()
    #expect(real.diagnostics.contains { $0.severity == .error } && !real.unchecked.isEmpty)
    var paths: [String] = []
    for (name, report) in [("fixture", RendererTests.report), ("real", real)] {
      paths.append(try folder.write(ReportRenderer.render(report, as: .sarif, version: "9.9"), to: name + ".sarif"))
    }
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
      for path in sys.argv[2:]:
          errors = list(validator.iter_errors(json.load(open(path))))
          print(path.rsplit("/", 1)[-1], len(errors), "; ".join(e.message[:200] for e in errors[:3]))
      """
    let run = try runProcess(interpreter, ["-c", script, Self.schemas + "/sarif-2.1.0.schema.json"] + paths)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "fixture.sarif 0 \nreal.sarif 0 \n", "\(run.stdout)")
  }

  @Test(.enabled(if: runs)) func junitValidatesAgainstTheStrictXSD() async throws {
    let interpreter = try #require(python(with: ["lxml"]), "the test venv (scripts/test-venv.sh)")
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let real = try await Self.realReport()
    var paths: [String] = []
    for (name, report) in [("fixture", RendererTests.report), ("real", real)] {
      for failOn in [Severity.error, .warning, nil] {
        let text = ReportRenderer.render(report, as: .junit, failOn: failOn)
        paths.append(try folder.write(text, to: "\(name)-\(failOn?.rawValue ?? "none").xml"))
      }
    }
    let script = """
      import sys
      from lxml import etree
      schema = etree.XMLSchema(etree.parse(sys.argv[1]))
      for path in sys.argv[2:]:
          ok = schema.validate(etree.parse(path))
          print(path.rsplit("/", 1)[-1], "valid" if ok else "invalid: " + str(schema.error_log.last_error))
      """
    let run = try runProcess(interpreter, ["-c", script, Self.schemas + "/junit-windyroad.xsd"] + paths)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count == 6 && lines.allSatisfy { $0.hasSuffix(" valid") }, "\(run.stdout)")
  }

  /// The check can fail: a SARIF log without its version is refused.
  @Test(.enabled(if: runs)) func theSchemaCheckCanFail() throws {
    let interpreter = try #require(python(with: ["jsonschema"]), "the test venv (scripts/test-venv.sh)")
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let text = ReportRenderer.render(RendererTests.report, as: .sarif, version: "9.9")
      .replacing("\"version\": \"2.1.0\"", with: "\"version\": \"2.0\"", maxReplacements: 1)
    let path = try folder.write(text, to: "broken.sarif")
    let script = """
      import json, sys, jsonschema
      validator = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
      print(len(list(validator.iter_errors(json.load(open(sys.argv[2]))))))
      """
    let run = try runProcess(interpreter, ["-c", script, Self.schemas + "/sarif-2.1.0.schema.json", path])
    #expect((Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0, "\(run.stdout)\(run.stderr)")
  }
}
