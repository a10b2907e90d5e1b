// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// The `ml` profile's batch-effect rules on generated datasets: a split imaged brighter than the
/// other is `ML-006` naming the statistic and the effect size; splits drawn from one distribution
/// are not; pixel sizes that differ between splits are `ML-007`; an RGB image is not measured and
/// says so.
@Suite("Batch effects")
struct BatchEffectTests {
  /// Six training and six test images, 32 × 32 uint16 noise around `trainLevel` and `testLevel`.
  static func dataset(trainLevel: Double, testLevel: Double, testPixelSize: Double = 0.5, rgbTest: Bool = false)
    throws -> TemporaryFolder
  {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    var random = SeededGenerator(seed: 6)
    var images = ""
    for index in 0..<12 {
      let split = index < 6 ? "train" : "test"
      let level = index < 6 ? trainLevel : testLevel
      var name = "img\(index).tif"
      if rgbTest, index >= 6 {
        name = "img\(index).png"
        let samples = (0..<32 * 32 * 3).map { _ in UInt8.random(in: 0...255, using: &random) }
        try Data(try PNGWriter.encode(samples, width: 32, height: 32, channels: 3))
          .write(to: URL(fileURLWithPath: folder.file("images/" + name)))
      } else {
        let samples = (0..<32 * 32).map { _ in UInt16(max(0, level + Double.random(in: -100...100, using: &random))) }
        try TIFFWriter.write([try Plane(width: 32, height: 32, uint16: samples)], to: folder.file("images/" + name))
      }
      let size = index < 6 ? 0.5 : testPixelSize
      images += """
          - {id: img\(index), path: images/\(name), split: \(split), physical_size: {x: \(size), y: \(size), unit: um}}

        """
    }
    try folder.write(
      """
      annota: "0.2"
      study:
        title: Generated images for the batch-effect rules
        description: Twelve noise images in two splits.
        authors: [{name: Test Author}]
        licence: CC0-1.0
      images:
      \(images)
      splits:
        - name: train
        - name: test
      annotation_sets:
        - id: none
          name: None
          overview: No annotations.
          types: [other]
          encoding: other
      """, to: "annota.yaml")
    return folder
  }

  @Test func aBrighterTestSplitIsABatchEffect() async throws {
    let folder = try Self.dataset(trainLevel: 1000, testLevel: 3000)
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    let findings = report.diagnostics.filter { $0.rule == "ML-006" }
    #expect(
      findings.map(\.message).contains {
        $0.hasPrefix(
          "the images of split test differ from those of train in mean intensity: D = 1 (p = 0.0022, 6 vs 6 images")
      })
    #expect(findings.allSatisfy { $0.location.pointer == "/splits/1" && $0.severity == .warning })
    // Noise and focus are the same in both: only intensity statistics differ.
    #expect(!findings.contains { $0.message.contains("focus") })
  }

  @Test func anAcquisitionThatDiffersIsNamed() async throws {
    let folder = try Self.dataset(trainLevel: 1000, testLevel: 1000)
    defer { folder.remove() }
    // Three images of each split from a second microscope that images brighter.
    var manifest = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    var random = SeededGenerator(seed: 9)
    for index in [0, 1, 2, 6, 7, 8] {
      let samples = (0..<32 * 32).map { _ in UInt16(2500 + Double.random(in: -100...100, using: &random)) }
      try TIFFWriter.write(
        [try Plane(width: 32, height: 32, uint16: samples)], to: folder.file("images/img\(index).tif"))
      manifest = manifest.replacingOccurrences(
        of: "{id: img\(index), ", with: "{id: img\(index), acquisition: scope-b, ")
    }
    for index in [3, 4, 5, 9, 10, 11] {
      manifest = manifest.replacingOccurrences(
        of: "{id: img\(index), ", with: "{id: img\(index), acquisition: scope-a, ")
    }
    manifest += """

      acquisitions:
        - {id: scope-a, imaging_method: {name: widefield microscopy}, instrument: Scope A}
        - {id: scope-b, imaging_method: {name: widefield microscopy}, instrument: Scope B}

      """
    try folder.write(manifest, to: "annota.yaml")
    let report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    let findings = report.diagnostics.filter { $0.rule == "ML-006" }
    // The splits hold both scopes alike: only the acquisitions differ.
    #expect(!findings.contains { $0.message.contains("split") })
    #expect(
      findings.contains {
        $0.message.hasPrefix("the images of acquisition scope-b differ from those of scope-a in mean intensity: D = 1")
          && $0.location.pointer == "/acquisitions/1"
      })
  }

  @Test func splitsFromOneDistributionAreNot() async throws {
    let folder = try Self.dataset(trainLevel: 1000, testLevel: 1000)
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    #expect(!report.diagnostics.contains { $0.rule == "ML-006" || $0.rule == "ML-007" })
    // Without the ml profile nothing is measured.
    let core = await DatasetValidator.validate(folder.path)
    #expect(!core.diagnostics.contains { $0.rule.rawValue.hasPrefix("ML-") })
  }

  @Test func pixelSizesThatDifferBetweenSplitsAreNamed() async throws {
    let folder = try Self.dataset(trainLevel: 1000, testLevel: 1000, testPixelSize: 0.65)
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    let finding = try #require(report.diagnostics.first { $0.rule == "ML-007" })
    #expect(finding.message == "split test has pixel sizes 0.65 × 0.65 um and split train 0.5 × 0.5 um")
  }

  @Test func anImageThatIsNotMeasuredIsCouldNotCheck() async throws {
    let folder = try Self.dataset(trainLevel: 1000, testLevel: 1000, rgbTest: true)
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    let unmeasured = report.unchecked.filter { $0.rule == "ML-006" }
    #expect(unmeasured.count == 6)
    #expect(unmeasured.first?.reason.contains("3 samples per pixel") == true)
    // Without six measured test images the splits are not compared; the types differ.
    #expect(!report.diagnostics.contains { $0.rule == "ML-006" })
    #expect(report.diagnostics.contains { $0.rule == "ML-007" && $0.message.contains("sample types") })
  }
}
