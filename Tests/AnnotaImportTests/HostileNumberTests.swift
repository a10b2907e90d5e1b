// SPDX-License-Identifier: Apache-2.0
@_spi(Testing) import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// Numbers no image can have, in every reader that turns a file's number into an `Int`.
///
/// 1e300, NaN, runs near `Int.max`, sizes whose product overflows. Swift stops the process on a trapping
/// conversion or an overflow, so each of these was a crash before; each must now be an error or a
/// skipped value, and the process must go on.
@Suite("Hostile numbers")
struct HostileNumberTests {
  func read(_ text: String, named name: String) throws -> ForeignAnnotations {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    return try AnnotationFormats.read(try folder.write(text, to: name))
  }

  static func cvat(_ shape: String) -> String {
    """
    <?xml version="1.0" encoding="utf-8"?>
    <annotations><version>1.1</version>
    <image id="0" name="a.png" width="4" height="4">\(shape)</image></annotations>
    """
  }

  @Test(arguments: [
    // Found by FuzzRLE: two runs near Int.max overflowed the sum before the size check.
    #"<mask label="a" rle="9223372036854775807, 9223372036854775807" left="0" top="0" width="2" height="2"/>"#,
    #"<mask label="a" rle="1, 2" left="1e300" top="0" width="2" height="2"/>"#,
    #"<mask label="a" rle="1, 2" left="0" top="0" width="4294967296" height="4294967296"/>"#,
    #"<mask label="a" rle="1, -2" left="0" top="0" width="2" height="2"/>"#,
  ])
  func cvatMaskNumbersAreErrors(shape: String) throws {
    let error = try #require(throws: ForeignFormatError.self) { try read(Self.cvat(shape), named: "cvat.xml") }
    #expect(error.message.contains("mask") || error.message.contains("RLE"), "\(error)")
  }

  @Test func runsNearIntMaxAreRefusedByBothDecoders() throws {
    #expect(throws: ForeignFormatError.self) { try CVATRLEProbe.count([Int.max, Int.max], width: 2, height: 2) }
    #expect(RLEProbe.cvatDecode([1, Int.max], width: 2, height: 2) == nil)
    #expect(RLEProbe.cvatDecode([1], width: Int.max, height: 2) == nil)
    #expect(throws: ForeignFormatError.self) { try RLEProbe.cocoSummary([0, Int.max], height: 2, width: 2) }
    #expect(throws: ForeignFormatError.self) { try RLEProbe.cocoSummary([1], height: Int.max, width: 2) }
    #expect(MaskRegion(left: 0, top: 0, width: 2, height: 2, runs: [1, Int.max]) == nil)
  }

  @Test func compressedCOCOStringsThatOverflowAreCorrupt() throws {
    // Each token is 2^59-ish (twelve 5-bit groups, sign bit clear); every count from the third on
    // adds the one two before it, so forty of them overflow Int — pycocotools' C would wrap.
    let token = String(repeating: "_", count: 11) + "?"
    let error = try #require(throws: ForeignFormatError.self) {
      try RLEProbe.cocoDecompress(String(repeating: token, count: 40))
    }
    #expect(error.message.contains("corrupt"))
    let coco = """
      {"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}], "categories": [{"id": 1, "name": "c"}],
       "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1],
        "segmentation": {"size": [4, 4], "counts": "\(String(repeating: token, count: 40))"}}]}
      """
    #expect(throws: ForeignFormatError.self) { try read(coco, named: "coco.json") }
  }

  @Test func cocoSizesWhoseProductOverflowsAreRefused() throws {
    let coco = """
      {"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}], "categories": [{"id": 1, "name": "c"}],
       "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1],
        "segmentation": {"size": [100000000000000, 100000000000000], "counts": [0, 1]}}]}
      """
    let error = try #require(throws: ForeignFormatError.self) { try read(coco, named: "coco.json") }
    #expect(error.message.contains("size"))
  }

  @Test(arguments: ["1e300", "nan", "inf", "-1e300"])
  func vocAndTrackMateNumbersOutOfRangeAreNotTrapped(value: String) throws {
    let voc = """
      <annotation><filename>a.png</filename><size><width>\(value)</width><height>4</height><depth>1</depth></size>
      <object><name>cell</name><difficult>\(value)</difficult><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax>
      <ymax>3</ymax></bndbox></object></annotation>
      """
    let image = try #require(try read(voc, named: "voc.xml").images.first)
    #expect(image.width == nil)  // not a size: left out rather than trapped on
    let trackmate = """
      <?xml version="1.0" encoding="UTF-8"?>
      <TrackMate version="7.0.0"><Model spatialunits="pixel" timeunits="frame"><AllSpots nspots="1">
      <SpotsInFrame frame="0"><Spot ID="1" name="s" POSITION_X="1" POSITION_Y="1" POSITION_Z="0" FRAME="\(value)"
        QUALITY="1" RADIUS="1" VISIBILITY="1"/></SpotsInFrame></AllSpots><AllTracks/><FilteredTracks/></Model>
      <Settings><ImageData filename="a.tif" folder="" width="4" height="4" nslices="1" nframes="1"/></Settings>
      </TrackMate>
      """
    do {
      _ = try read(trackmate, named: "tracks.xml")
    } catch let error as ForeignFormatError {
      #expect(!error.message.isEmpty)
    }
  }

  @Test(arguments: ["1e300", "-1e300", "1e19"])
  func omeMaskSizesOutOfRangeAreErrors(value: String) throws {
    let xml = """
      <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><ROI ID="ROI:0"><Union>
      <Mask ID="Shape:0" X="0" Y="0" Width="\(value)" Height="2"><BinData Length="1">AA==</BinData></Mask>
      </Union></ROI></OME>
      """
    let error = try #require(throws: OMEError.self) { try OMEXMLParser.parse(Array(xml.utf8)) }
    #expect(error.message.contains("out of range"))
  }

  @Test func rasterisingShapesFarOutsideAnyImageGivesNoMask() {
    #expect(ShapeRaster.polygon([[0, 0], [1e300, 0], [1e300, 1e300]]) == nil)
    #expect(ShapeRaster.polygon([[-1e300, -1e300], [1, 0], [1, 1]]) == nil)
    #expect(ShapeRaster.polygon([[0, 0], [4_000_000_000, 0], [4_000_000_000, 4_000_000_000]]) == nil)
    let box = ShapeFeature(
      geometry: ShapeFeature.boxGeometry(x0: -1e300, y0: 0, x1: 1e300, y1: 2), shape: "box", properties: [])
    #expect(ShapeRaster.mask(of: box) == nil)
    #expect(ShapeRaster.polygon([[0, 0], [4, 0], [4, 4], [0, 4]])?.pixelCount == 16)
  }

  @Test func fileNumbersOutsideTheExactRangeAreNil() {
    #expect(Int(fileNumber: 3.7) == 3)
    #expect(Int(fileNumber: -3.7, rounding: .down) == -4)
    #expect(Int(fileNumber: .nan) == nil && Int(fileNumber: .infinity) == nil && Int(fileNumber: 1e300) == nil)
    #expect(Int(fileNumber: Double(1 << 53)) == 1 << 53 && Int(fileNumber: Double(1 << 54)) == nil)
    #expect(Int.max.nonNegativeProduct(2) == nil && 3.nonNegativeProduct(-1) == nil && 3.nonNegativeProduct(4) == 12)
  }
}
