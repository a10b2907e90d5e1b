// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaRaster
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Every corruption class, made by the test from a good file, in every mode an archive meets it.
///
/// The modes: `validate FILE`, `validate` of a dataset holding it, and `pack`. Each must end in an
/// error or a could-not-check that names the file — never "passed", never a signal, never a C
/// library's message on the terminal, never a bundle. HDF5 chunks are in the "HDF5 pixels" suite.
@Suite("Corruption matrix")
struct CorruptionMatrixTests {
  enum Format: String, CaseIterable, Sendable {
    case tiff = "tif", omeTIFF = "ome.tif", png = "png", jpeg = "jpg"
  }

  enum Corruption: String, CaseIterable, Sendable {
    case truncated10, truncated50, truncated90, overwrittenPixels

    func apply(_ bytes: [UInt8]) -> [UInt8] {
      switch self {
      case .truncated10: return Array(bytes.prefix(bytes.count / 10))
      case .truncated50: return Array(bytes.prefix(bytes.count / 2))
      case .truncated90: return Array(bytes.prefix(bytes.count * 9 / 10))
      case .overwrittenPixels:
        // 64 bytes in the middle of the compressed pixel data (every format here writes its pixels
        // before its trailer), an end-of-image marker among them so JPEG's entropy data breaks too.
        var damaged = bytes
        let start = bytes.count / 2
        for index in start..<(start + 64) { damaged[index] = index % 2 == 0 ? 0xFF : 0xD9 }
        return damaged
      }
    }
  }

  /// 96 × 80 noise (so compression cannot hide damage in a run of equal bytes), in `format`.
  static func good(_ format: Format) throws -> [UInt8] {
    var generator = SeededGenerator(seed: 7)
    let pixels = (0..<(96 * 80)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    switch format {
    case .png: return try PNGWriter.encode(pixels, width: 96, height: 80, channels: 1)
    case .jpeg: return try JPEGWriter.encode(pixels, width: 96, height: 80, channels: 1)
    case .tiff, .omeTIFF:
      let folder = try TemporaryFolder()
      defer { folder.remove() }
      let plane = try Plane(width: 96, height: 80, uint8: pixels)
      let path = folder.file("x.tif")
      if format == .tiff {
        try TIFFWriter.write([plane], to: path, compression: .deflate)
      } else {
        try OMETIFFWriter.write([plane, plane, plane], to: path, name: "x", compression: .deflate)
      }
      return try #require(FileManagerShimData.read(path))
    }
  }

  /// A dataset of one image, `images/x.EXT`.
  static func dataset(_ format: Format, bytes: [UInt8]) throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    try FileManagerShimData.write(bytes, to: folder.file("images/x.\(format.rawValue)"))
    try folder.write(
      """
      annota: "0.1"
      study:
        title: One damaged image, for the corruption matrix
        description: Each run writes the image damaged in another way.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: x
          path: images/x.\(format.rawValue)
      annotation_sets:
        - id: points
          name: Points
          overview: One point on the image.
          types: [point_annotations]
          encoding: geojson
          files:
            - path: shapes/x.geojson
              image: x

      """, to: "annota.yaml")
    try folder.write(
      #"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[5,5]},"properties":{"shape":"point"}}]}"#,
      to: "shapes/x.geojson")
    return folder
  }

  @Test(arguments: Format.allCases)
  func theGoodFilePassesInEveryMode(format: Format) throws {
    let folder = try Self.dataset(format, bytes: try Self.good(format))
    defer { folder.remove() }
    let single = try annota(["validate", "--quiet", folder.file("images/x.\(format.rawValue)")])
    #expect(single.status == 0, "\(single.stdout)")
    let whole = try annota(["validate", "--quiet", folder.path])
    #expect(whole.status == 0, "\(whole.stdout)")
    let out = try TemporaryFolder()
    defer { out.remove() }
    let packed = try annota(["pack", folder.path, "--target", "bagit", "-o", out.file("bag")])
    #expect(packed.status == 0, "\(packed.stdout)\(packed.stderr)")
  }

  @Test(arguments: Format.allCases, Corruption.allCases)
  func damageIsNeverPassed(format: Format, corruption: Corruption) throws {
    let folder = try Self.dataset(format, bytes: corruption.apply(try Self.good(format)))
    defer { folder.remove() }
    let file = folder.file("images/x.\(format.rawValue)")
    for (mode, arguments) in [
      ("file", ["validate", "--quiet", "--format", "json", file]),
      ("dataset", ["validate", "--quiet", "--format", "json", folder.path]),
    ] {
      let run = try annota(arguments)
      #expect(run.status == 1, "\(format) \(corruption) as a \(mode): \(run.stdout)")
      #expect(run.stderr.isEmpty, "nothing but the report: \(run.stderr)")
      let report = try #require(
        try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
      let findings = (report["diagnostics"] as? [[String: Any]] ?? []) + (report["unchecked"] as? [[String: Any]] ?? [])
      let located = findings.contains { finding in
        let place = finding["location"] as? [String: Any]
        return (place?["file"] as? String)?.hasSuffix("x.\(format.rawValue)") == true
          && ((finding["rule"] as? String) == "FILE-005" || finding["reason"] != nil)
      }
      #expect(located, "\(format) \(corruption) as a \(mode): the image is named with FILE-005 or could-not-check")
      for finding in report["diagnostics"] as? [[String: Any]] ?? [] where finding["severity"] as? String != "info" {
        #expect(finding["hint"] as? String != nil, "every error and warning has a hint: \(finding)")
      }
    }
    let out = try TemporaryFolder()
    defer { out.remove() }
    let packed = try annota(["pack", folder.path, "--target", "bagit", "-o", out.file("bag")])
    #expect(packed.status != 0, "\(format) \(corruption): pack refuses")
    #expect(!FileManager.default.fileExists(atPath: out.file("bag")), "no bundle is written")
    #expect(!packed.stderr.contains("TIFF") || packed.stderr.contains("not packed"), "\(packed.stderr)")
  }
}
