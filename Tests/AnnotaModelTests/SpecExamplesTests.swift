// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

@Suite("Spec examples")
struct SpecExamplesTests {
  static let valid =
    Paths.files(in: "Specs/annota/0.2/examples/valid", suffix: ".yaml")
    + Paths.files(in: "Specs/annota/0.2/examples/valid", suffix: ".json")
  static let invalid = Paths.files(in: "Specs/annota/0.2/examples/invalid", suffix: ".yaml")

  @Test func examplesExist() {
    #expect(Self.valid.count >= 3)
    #expect(Self.invalid.count >= ManifestRules.all.count)
  }

  @Test("A valid example loads without findings and writes back byte-identically", arguments: valid)
  func validExampleRoundTrips(path: String) throws {
    let result = ManifestReader.read(contentsOf: path)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let manifest = try #require(result.manifest)
    let original = try String(contentsOfFile: path, encoding: .utf8)
    let written = try ManifestWriter.text(for: manifest, syntax: .forPath(path))
    #expect(written == original)
  }

  @Test("A valid example survives YAML → JSON → YAML unchanged", arguments: valid)
  func validExampleCrossesSyntaxes(path: String) throws {
    let manifest = try ManifestReader.load(contentsOf: path)
    for syntax in ManifestSyntax.allCases {
      let text = try ManifestWriter.text(for: manifest, syntax: syntax)
      let again = ManifestReader.read(bytes: Array(text.utf8), syntax: syntax, file: "round-trip")
      #expect(again.diagnostics.isEmpty)
      #expect(again.manifest == manifest)
    }
  }

  @Test("An invalid example triggers the rule its first line names", arguments: invalid)
  func invalidExampleTriggersItsRule(path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let firstLine = try #require(text.split(separator: "\n").first)
    #expect(firstLine.hasPrefix("# rule: "))
    let rule = RuleID(rawValue: String(firstLine.dropFirst("# rule: ".count)))
    let result = ManifestReader.read(contentsOf: path)
    let rules = Set(result.diagnostics.map(\.rule))
    #expect(rules.contains(rule), "expected \(rule), got \(result.diagnostics)")
    let severity = try #require(ManifestRules.all.first { $0.id == rule }).severity
    if severity == .error { #expect(result.manifest == nil) }
    for diagnostic in result.diagnostics where diagnostic.rule == rule {
      #expect(diagnostic.location.line != nil, "every finding is located: \(diagnostic)")
    }
  }

  @Test func everyRuleHasAnInvalidExample() throws {
    var named: Set<RuleID> = []
    for path in Self.invalid {
      let text = try String(contentsOfFile: path, encoding: .utf8)
      if let line = text.split(separator: "\n").first, line.hasPrefix("# rule: ") {
        named.insert(RuleID(rawValue: String(line.dropFirst("# rule: ".count))))
      }
    }
    #expect(Set(ManifestRules.all.map(\.id)).subtracting(named).isEmpty)
  }

  @Test func demoDatasetConformsAndIsCanonical() throws {
    let path = Paths.project("Fixtures/demo/annota.yaml")
    let result = ManifestReader.read(contentsOf: path)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let manifest = try #require(result.manifest)
    #expect(manifest.images.count == 7)
    #expect(try ManifestWriter.text(for: manifest, syntax: .yaml) == String(contentsOfFile: path, encoding: .utf8))
    for image in manifest.images {
      #expect(FileManager.default.fileExists(atPath: Paths.project("Fixtures/demo/" + image.path)))
    }
  }
}
