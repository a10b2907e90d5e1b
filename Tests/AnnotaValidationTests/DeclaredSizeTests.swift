// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// FILE-011: what the manifest declares of an image's size is what its file holds.
@Suite("Declared sizes")
struct DeclaredSizeTests {
  /// A dataset with one image at `path` declared with `declaration` (YAML lines under the image).
  static func dataset(in folder: TemporaryFolder, path: String, declaration: String) throws {
    try folder.write(
      """
      annota: "0.1"
      study:
        title: One image and what its manifest says of its size
        description: The declared size is compared with the file's.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: a
          path: \(path)
      \(declaration.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
      annotation_sets: []
      """, to: "annota.yaml")
  }

  static func declaredSizeFindings(_ report: ValidationReport) -> [Diagnostic] {
    report.diagnostics.filter { $0.rule == "FILE-011" }
  }

  @Test(arguments: [
    ("dimensions: {x: 64, y: 48, z: 5}", 0), ("dimensions: {x: 64, y: 48}", 0),
    ("dimensions: {x: 48, y: 64, z: 5}", 1), ("dimensions: {x: 64, y: 48, z: 4}", 1),
    ("dimensions: {x: 64, y: 48, z: 5, t: 2}", 1),
  ])
  func dimensionsAreTheFilesSize(declaration: String, expected: Int) async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    try TrustTests.writeOMEStack(folder.file("images/stack.ome.tif"))
    try Self.dataset(in: folder, path: "images/stack.ome.tif", declaration: declaration)
    let report = await DatasetValidator.validate(folder.path)
    let findings = Self.declaredSizeFindings(report)
    #expect(findings.count == expected, "\(report.diagnostics)")
    if let finding = findings.first {
      #expect(finding.location.pointer == "/images/0/dimensions" && finding.hint != nil)
    }
  }

  @Test func aColourImageMayCountItsSamplesAsChannels() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let rgb = try PNGWriter.encode([UInt8](repeating: 40, count: 20 * 10 * 3), width: 20, height: 10, channels: 3)
    try FileManagerShimData.write(rgb, to: folder.file("a.png"))
    try Self.dataset(in: folder, path: "a.png", declaration: "dimensions: {x: 20, y: 10, c: 3}")
    #expect(Self.declaredSizeFindings(await DatasetValidator.validate(folder.path)).isEmpty)
    try Self.dataset(in: folder, path: "a.png", declaration: "dimensions: {x: 20, y: 10, c: 2}")
    let wrong = Self.declaredSizeFindings(await DatasetValidator.validate(folder.path))
    #expect(wrong.count == 1 && wrong[0].message.contains("c is 1 (declared 2)"), "\(wrong)")
  }

  /// A plain multi-page TIFF does not say what its pages are: declared as channels (one Z plane), they
  /// are channels, and a 2-D mask fits the image; declared as Z planes, they are planes.
  @Test(arguments: [
    ("dimensions: {x: 8, y: 5, c: 3}", 0, 0), ("dimensions: {x: 8, y: 5, z: 3}", 0, 1),
    ("dimensions: {x: 8, y: 5, c: 2}", 1, 1), ("dimensions: {x: 8, y: 5, z: 3, c: 3}", 1, 1),
  ])
  func aPlainMultiPageTIFFsPagesMayBeChannels(declaration: String, declared: Int, maskShape: Int) async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let planes = try (0..<3).map { c in try Plane(width: 8, height: 5, uint16: (0..<40).map { UInt16($0 + c * 100) }) }
    try TIFFWriter.write(planes, to: folder.file("a.tif"))
    try TIFFWriter.write(
      [try Plane(width: 8, height: 5, uint8: (0..<40).map { $0 < 20 ? 1 : 0 })], to: folder.file("a_mask.tif"))
    try Self.dataset(in: folder, path: "a.tif", declaration: declaration)
    var manifest = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    manifest = manifest.replacingOccurrences(
      of: "annotation_sets: []",
      with: """
        annotation_sets:
          - id: masks
            name: Masks
            overview: One instance mask.
            types: [segmentation_mask]
            encoding: label_image
            kind: instance
            files: [{path: a_mask.tif, image: a}]
        """)
    try manifest.write(toFile: folder.file("annota.yaml"), atomically: true, encoding: .utf8)
    let report = await DatasetValidator.validate(folder.path)
    #expect(Self.declaredSizeFindings(report).count == declared, "\(report.diagnostics)")
    #expect(report.diagnostics.filter { $0.rule == "MASK-002" }.count == maskShape, "\(report.diagnostics)")
  }

  @Test(arguments: [
    ("physical_size: {x: 0.325, y: 0.325, z: 2, unit: um}", 0),
    ("physical_size: {x: 325, y: 325, z: 2000, unit: nm}", 0),
    ("physical_size: {x: 0.65, y: 0.325, unit: um}", 1),
    ("physical_size: {x: 0.325, y: 0.325, z: 1, unit: um}", 1),
  ])
  func anOMETIFFsPixelSizeIsTheDeclaredOne(declaration: String, expected: Int) async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let planes = try (0..<3).map { z in try Plane(width: 8, height: 5, uint16: (0..<40).map { UInt16(($0 + z) % 4) }) }
    try OMETIFFWriter.write(
      planes, to: folder.file("a.ome.tif"), name: "a", physicalSize: .init(x: 0.325, y: 0.325, z: 2))
    try Self.dataset(in: folder, path: "a.ome.tif", declaration: declaration)
    let findings = Self.declaredSizeFindings(await DatasetValidator.validate(folder.path))
    #expect(findings.count == expected, "\(findings)")
    #expect(findings.allSatisfy { $0.location.pointer == "/images/0/physical_size" })
  }

  @Test func aPlainTIFFsResolutionTagsAreNotTakenForItsPixelSize() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try TIFFWriter.write(
      [try Plane(width: 8, height: 5, uint8: [UInt8](repeating: 1, count: 40))], to: folder.file("a.tif"))
    try Self.dataset(
      in: folder, path: "a.tif", declaration: "dimensions: {x: 8, y: 5}\nphysical_size: {x: 0.1, y: 0.1, unit: um}")
    let report = await DatasetValidator.validate(folder.path)
    #expect(Self.declaredSizeFindings(report).isEmpty, "\(report.diagnostics)")
  }
}
