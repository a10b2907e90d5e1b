// SPDX-License-Identifier: Apache-2.0

import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaTestSupport
import Foundation
import Testing

/// `convert` reads what the tools wrote (COCO panoptic), and `--verify` says what it compared:
/// never "verified" about nothing, occlusion reported as occlusion, tables holding what the image holds.
@Suite("Conversion fidelity")
struct ConvertFidelityTests {
  /// A 6×4 panoptic dataset in datumaro's layout, its PNG in `annotations/panoptic_val/`.
  ///
  /// Segment 7 ("a", stuff) fills columns 0–1, segment 300 ("b", crowd) columns 3–4 of rows 1–3,
  /// id 0 elsewhere; 300 = 44 + 256·1 exercises the G channel.
  static func panopticDataset(in folder: TemporaryFolder, pngName: String = "b.png", ids: [Int]? = nil) throws
    -> String
  {
    let width = 6, height = 4
    let pixels =
      ids
      ?? (0..<(width * height)).map { pixel in
        let x = pixel % width, y = pixel / width
        return x < 2 ? 7 : (x >= 3 && x <= 4 && y >= 1 ? 300 : 0)
      }
    let samples = pixels.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8 & 0xFF), UInt8($0 >> 16 & 0xFF)] }
    let png = try PNGWriter.encode(samples, width: width, height: height, channels: 3)
    let json = """
      {"images": [{"id": 40, "width": \(width), "height": \(height), "file_name": "b.jpg"}],
       "categories": [{"id": 1, "name": "a", "isthing": 0}, {"id": 2, "name": "b", "isthing": 1}],
       "annotations": [{"image_id": 40, "file_name": "\(pngName)", "segments_info": [
         {"id": 7, "category_id": 1, "area": 8, "bbox": [0, 0, 2, 4], "iscrowd": 0},
         {"id": 300, "category_id": 2, "area": 6, "bbox": [3, 1, 2, 3], "iscrowd": 1}]}]}
      """
    let path = try folder.write(json, to: "annotations/panoptic_val.json")
    try FileManager.default.createDirectory(
      atPath: folder.file("annotations/panoptic_val"), withIntermediateDirectories: true)
    try Data(png).write(to: URL(fileURLWithPath: folder.file("annotations/panoptic_val/b.png")))
    return path
  }

  @Test func panopticSegmentsBecomeMasksFromTheirPNG() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let annotations = try AnnotationFormats.read(try Self.panopticDataset(in: folder))
    let features = annotations.images.flatMap(\.features)
    #expect(features.map(\.shape) == ["mask", "mask"])
    #expect(features.map { $0.mask?.pixelCount } == [8, 6])
    #expect(features.map(\.id) == [.number(7), .number(300)])
    #expect(features[1].properties.contains { $0.0 == "iscrowd" })
    #expect(features[1].mask.map { [$0.left, $0.top, $0.width, $0.height] } == [3, 1, 2, 3])
  }

  @Test(arguments: ["masks", "coco", "annota"])
  func panopticConvertsAndVerifies(target: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try Self.panopticDataset(in: folder)
    let output = folder.file(target == "coco" ? "out.json" : "out")
    let run = try annota(["convert", source, "--to", target, output, "--verify"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("verified: all 2 shape(s)"), "\(run.stdout)")
    if target == "masks" {
      let table = try String(contentsOfFile: output + "/b_labels.instances.tsv", encoding: .utf8)
      #expect(table.split(separator: "\n").count == 3 && table.contains("\ta\t7") && table.contains("\tb\t300"))
    }
  }

  @Test func panopticWithoutItsPNGIsAnErrorNotAnEmptyFile() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try Self.panopticDataset(in: folder)
    try FileManager.default.removeItem(atPath: folder.file("annotations/panoptic_val/b.png"))
    let run = try annota(["convert", source, "--to", "coco", folder.file("out.json"), "--verify"])
    #expect(run.status == 1 && run.stderr.contains("segment PNG \"b.png\""), "\(run.stderr)")
    #expect(!run.stdout.contains("verified"))
    #expect(!FileManager.default.fileExists(atPath: folder.file("out.json")))
  }

  @Test(.enabled(if: Paths.corpus != nil)) func corpusPanopticWithoutItsPNGIsRefused() throws {
    // The corpus keeps datumaro's JSON but not its PNG folder: refused, never "verified: all 0".
    let source = try #require(Paths.corpus("coco/datumaro_panoptic_val.json"))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let run = try annota(["convert", source, "--to", "coco", folder.file("out.json"), "--verify"])
    #expect(run.status == 1 && run.stderr.contains("panoptic"), "\(run.stdout)\(run.stderr)")
    #expect(!run.stdout.contains("verified"))
  }

  @Test func hostilePanopticFilesAreClearErrors() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let upward = try Self.panopticDataset(in: folder, pngName: "../../etc/passwd")
    let error = try #require(throws: ForeignFormatError.self) { try AnnotationFormats.read(upward) }
    #expect(error.message.contains("leaves the dataset"))
    // A PNG whose size is not its image's.
    let json = try String(contentsOfFile: upward, encoding: .utf8)
      .replacingOccurrences(of: "../../etc/passwd", with: "b.png").replacingOccurrences(
        of: "\"width\": 6", with: "\"width\": 7")
    try json.write(toFile: upward, atomically: true, encoding: .utf8)
    let sized = try #require(throws: ForeignFormatError.self) { try AnnotationFormats.read(upward) }
    #expect(sized.message.contains("6×4 but its image is 7×4"), "\(sized.message)")
    // A truncated PNG.
    let png = try Data(contentsOf: URL(fileURLWithPath: folder.file("annotations/panoptic_val/b.png")))
    try png.prefix(png.count / 2).write(to: URL(fileURLWithPath: folder.file("annotations/panoptic_val/b.png")))
    try json.replacingOccurrences(of: "\"width\": 7", with: "\"width\": 6").write(
      toFile: upward, atomically: true, encoding: .utf8)
    let cut = try #require(throws: ForeignFormatError.self) { try AnnotationFormats.read(upward) }
    #expect(cut.message.contains("cannot be read"), "\(cut.message)")
  }

  @Test func pixelsOfUnlistedSegmentsAndEmptySegmentsAreSaid() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // Segment 300 absent; id 9 not in segments_info.
    let ids = (0..<24).map { $0 % 6 < 2 ? 7 : ($0 == 23 ? 9 : 0) }
    let annotations = try AnnotationFormats.read(try Self.panopticDataset(in: folder, ids: ids))
    #expect(annotations.images.flatMap(\.features).count == 1)
    #expect(annotations.notes.contains { $0.contains("1 pixel(s) carry segment ids that segments_info does not list") })
    #expect(annotations.notes.contains { $0.contains("segment 300 (b) has no pixel") })
  }

  @Test func verifyNeverSaysVerifiedWhenItComparedNothing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try folder.write(
      """
      <annotations><version>1.1</version><image id="0" name="a.png" width="8" height="8">
      <points label="cell" points="1,1;2,2"/></image></annotations>
      """, to: "points.xml")
    let run = try annota(["convert", source, "--to", "coco", folder.file("out.json"), "--verify"])
    #expect(run.status == 1, "\(run.stdout)")
    #expect(run.stderr.contains("not verified: none of the source's 1 shape(s) has a form in coco"), "\(run.stderr)")
    #expect(!run.stdout.contains("verified:"))
  }

  /// Two COCO polygons on an 8×8 image: "under" (ids 1) is covered entirely by "over" (id 2)
  /// when `full`, else half of it is.
  static func overlapping(full: Bool) -> String {
    let under = full ? "[2, 2, 4, 2, 4, 4, 2, 4]" : "[2, 2, 6, 2, 6, 4, 2, 4]"
    return """
      {"images": [{"id": 1, "width": 8, "height": 8, "file_name": "cells.png"}],
       "categories": [{"id": 1, "name": "under"}, {"id": 2, "name": "over"}],
       "annotations": [
         {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [\(under)]},
         {"id": 2, "image_id": 1, "category_id": 2, "segmentation": [[1, 1, 5, 1, 5, 5, 1, 5]]}]}
      """
  }

  @Test func aFullyHiddenShapeIsReportedAsOcclusion() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try folder.write(Self.overlapping(full: true), to: "coco.json")
    let run = try annota(["convert", source, "--to", "masks", folder.file("out"), "--verify"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(!run.stderr.contains("became"), "occlusion is not a change of label")
    #expect(run.stdout.contains("1 shape(s) entirely hidden under shapes drawn on top (under, id 1)"), "\(run.stdout)")
    let table = try String(contentsOfFile: folder.file("out/cells_labels.instances.tsv"), encoding: .utf8)
    #expect(!table.contains("under"), "the table lists only values the image holds: \(table)")
    #expect(table.contains("over"))
  }

  @Test func aFullyHiddenMaskIsOcclusionInADatasetToo() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try folder.write(
      """
      <annotations><version>1.1</version><image id="0" name="cells.png" width="8" height="8">
      <mask label="under" source="manual" occluded="0" rle="0, 4" left="2" top="2" width="2" height="2" z_order="0"/>
      <mask label="over" source="manual" occluded="0" rle="0, 16" left="1" top="1" width="4" height="4" z_order="1"/>
      </image></annotations>
      """, to: "masks.xml")
    let run = try annota(["convert", source, "--to", "annota", folder.file("out"), "--verify"])
    #expect(run.status == 0 && !run.stderr.contains("became"), "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("1 shape(s) entirely hidden under shapes drawn on top (under)"), "\(run.stdout)")
    let tables = try FileManager.default.subpathsOfDirectory(atPath: folder.file("out")).filter {
      $0.hasSuffix(".instances.tsv")
    }
    let table = try String(contentsOfFile: folder.file("out/" + (try #require(tables.first))), encoding: .utf8)
    #expect(!table.contains("under") && table.contains("over"), "\(table)")
  }

  @Test func aPartlyHiddenShapeIsComparedByItsVisiblePixels() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try folder.write(Self.overlapping(full: false), to: "coco.json")
    let run = try annota(["convert", source, "--to", "masks", folder.file("out"), "--verify"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("1 shape(s) partly hidden under shapes drawn on top (6 pixel(s))"), "\(run.stdout)")
    #expect(run.stdout.contains("verified: all 2 shape(s)"))
  }

  @Test func aChangedPixelIsStillADifference() throws {
    // The expectation removes occluded pixels only: a label image with a pixel changed fails.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try AnnotationFormats.read(try folder.write(Self.overlapping(full: false), to: "coco.json"))
    var expected = LabelMaskExport.expected(source).annotations
    let mask = try #require(expected.images[0].features[0].mask)
    var bits = mask.bits
    bits[0] ^= 1
    expected.images[0].features[0].mask = MaskRegion(
      left: mask.left, top: mask.top, width: mask.width, height: mask.height, bits: bits)
    _ = try LabelMaskExport.write(source, to: folder.file("out"))
    let copy = try LabelMaskExport.read(folder.file("out"), for: source)
    #expect(
      AnnotationComparison.differences(
        LabelMaskExport.expected(source).annotations, copy, options: .init(kinds: ["mask"], masksInPaintOrder: true)
      )
      .isEmpty)
    #expect(
      AnnotationComparison.differences(expected, copy, options: .init(kinds: ["mask"], masksInPaintOrder: true))
        .count == 1)
  }

  @Test(.enabled(if: Paths.corpus != nil)) func corpusOcclusionIsOcclusion() throws {
    let source = try #require(Paths.corpus("coco/datumaro_instances_val.json"))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let run = try annota(["convert", source, "--to", "masks", folder.file("out"), "--verify"])
    #expect(run.status == 0 && !run.stderr.contains("became"), "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("entirely hidden under shapes drawn on top (a, id 1)"))
    let table = try String(contentsOfFile: folder.file("out/b_labels.instances.tsv"), encoding: .utf8)
    #expect(table == "value\tlabel\tsource_id\n2\tb\t2\n", "\(table)")
  }
}
