// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// Standard 0.2 reads 0.1 (SPEC §9.1): 0.1's own examples stay valid and keep their findings,
/// `annota format --upgrade` keeps every value, and what 0.2 added is flagged in a 0.1 manifest.
@Suite("Spec versions")
struct SpecVersionsTests {
  static let folder = Paths.project("Specs/annota/0.1/examples")
  static let valid =
    Paths.files(in: "Specs/annota/0.1/examples/valid", suffix: ".yaml")
    + Paths.files(in: "Specs/annota/0.1/examples/valid", suffix: ".json")
  static let invalid = Paths.files(in: "Specs/annota/0.1/examples/invalid", suffix: ".yaml")

  @Test func theFrozenExamplesArePresent() {
    #expect(Self.valid.count >= 3 && Self.invalid.count >= 20)
  }

  @Test("A 0.1 valid example is still valid, without a finding", arguments: valid)
  func aValid01ExampleStaysValid(path: String) {
    let result = ManifestReader.read(contentsOf: path)
    #expect(result.manifest?.annota == "0.1")
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
  }

  @Test("A 0.1 invalid example still triggers its rule", arguments: invalid)
  func anInvalid01ExampleStillFails(path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let firstLine = try #require(text.split(separator: "\n").first)
    let rule = RuleID(rawValue: String(firstLine.dropFirst("# rule: ".count)))
    let result = ManifestReader.read(contentsOf: path)
    #expect(result.diagnostics.contains { $0.rule == rule }, "expected \(rule), got \(result.diagnostics)")
  }

  @Test("Upgrading a 0.1 example keeps every value and declares 0.2", arguments: valid)
  func upgradeRoundTrips(path: String) throws {
    let original = try ManifestReader.load(contentsOf: path)
    let upgraded = ManifestUpgrade.upgrade(original)
    #expect(upgraded.annota == AnnotaSpec.version)
    var declaredBack = upgraded
    declaredBack.annota = original.annota
    #expect(declaredBack == original)
    // Written and read again as 0.2: no finding, the same values; the text differs only in `annota`.
    for syntax in ManifestSyntax.allCases {
      let text = try ManifestWriter.text(for: upgraded, syntax: syntax)
      let again = ManifestReader.read(bytes: Array(text.utf8), syntax: syntax, file: "upgraded")
      #expect(again.diagnostics.isEmpty, "\(again.diagnostics)")
      #expect(again.manifest == upgraded)
      let before = try ManifestWriter.text(for: original, syntax: syntax)
      #expect(text.replacing("\"0.2\"", with: "\"0.1\"", maxReplacements: 1) == before)
    }
  }

  @Test func aFieldOf02IsFlaggedIn01AndUpgradingClearsIt() throws {
    let text = TestManifest.yaml(
      set:
        "    encoding: geojson\n    files:\n      - path: task.geojson\n        images: [cat, dog]\n        format: geojson"
    ).replacing("annota: \"0.2\"", with: "annota: \"0.1\"")
    let result = TestManifest.read(text)
    let flagged = result.diagnostics.filter { $0.rule == ManifestRules.newerField.id }
    #expect(
      Set(flagged.compactMap(\.location.pointer)) == [
        "/annotation_sets/0/files/0/images", "/annotation_sets/0/files/0/format",
      ])
    #expect(flagged.allSatisfy { $0.severity == .warning && $0.location.line != nil })
    let manifest = try #require(result.manifest, "a warning: the manifest is still read")
    let upgraded = try ManifestWriter.text(for: ManifestUpgrade.upgrade(manifest), syntax: .yaml)
    #expect(TestManifest.read(upgraded).diagnostics.isEmpty)
  }

  /// One finding per addition: the keys inside a 0.2 structure are not reported again.
  @Test func aNewStructureIsOneFindingNotOnePerKey() throws {
    let text = TestManifest.yaml(set: TestManifest.geojsonSet())
      .replacing("annota: \"0.2\"", with: "annota: \"0.1\"")
      .replacing(
        "images:\n",
        with: """
          study_components:
            - id: light
              title: Widefield images
              description: The widefield images.
          images:

          """, maxReplacements: 1
      )
      .replacing("path: images/cat.jpg", with: "path: images/cat.jpg\n    component: light")
      .replacing("path: images/dog.jpg", with: "path: images/dog.jpg\n    component: light")
    let flagged = TestManifest.read(text).diagnostics.filter { $0.rule == ManifestRules.newerField.id }
    #expect(
      Set(flagged.compactMap(\.location.pointer)) == [
        "/study_components", "/images/0/component", "/images/1/component",
      ],
      "\(flagged)")
  }

  @Test func aTransformationInProseAloneIsFlaggedIn01() throws {
    let text = TestManifest.yaml(
      set: TestManifest.geojsonSet("    transformation:\n      description: Rotation_angle = 37°")
    ).replacing("annota: \"0.2\"", with: "annota: \"0.1\"")
    let flagged = TestManifest.read(text).diagnostics.filter { $0.rule == ManifestRules.newerField.id }
    #expect(flagged.map(\.location.pointer) == ["/annotation_sets/0/transformation/matrix"])
    #expect(TestManifest.read(text.replacing("annota: \"0.1\"", with: "annota: \"0.2\"")).diagnostics.isEmpty)
  }

  @Test func unknownVersionsAreRefused() {
    let text = TestManifest.yaml(set: TestManifest.geojsonSet()).replacing("annota: \"0.2\"", with: "annota: \"0.3\"")
    let result = TestManifest.read(text)
    #expect(result.manifest == nil)
    #expect(result.diagnostics.map(\.rule) == [ManifestRules.specVersion.id])
  }
}
