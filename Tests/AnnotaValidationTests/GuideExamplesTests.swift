// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// The manifests the user guides show do what the guides say.
@Suite("Guide examples")
struct GuideExamplesTests {
  /// The first YAML block after `heading` in a guide.
  static func yamlBlock(in guide: String, after heading: String) throws -> String {
    let text = try String(contentsOfFile: Paths.project("docs/" + guide), encoding: .utf8)
    let section = try #require(text.range(of: heading))
    let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
    let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
    return String(text[start.upperBound..<end.lowerBound])
  }

  @Test func theMIFACompleteManifestOfTheGuideSatisfiesMIFA() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(try Self.yamlBlock(in: "guide-manifest.md", after: "## 6. Complete for MIFA"), to: "annota.yaml")
    let report = await DatasetValidator.validate(folder.path, profiles: [.mifa])
    #expect(!report.diagnostics.contains { $0.rule.rawValue.hasPrefix("MANIFEST") }, "\(report.diagnostics)")
    let mifa = try #require(report.profiles.first { $0.name == "mifa" })
    #expect(mifa.satisfied && mifa.missingRequired.isEmpty, "\(mifa.missingRequired)")
  }
}
