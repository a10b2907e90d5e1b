// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaTestSupport
import Foundation
import Testing

/// OME-XML and OME-TIFF files written by Bio-Formats, tifffile, OMERO and others; the facts come
/// from `../shared/corpus/SOURCES.md`.
@Suite("OME corpus", .enabled(if: Paths.corpus != nil))
struct OMECorpusTests {
  struct Fact: Sendable, CustomStringConvertible {
    var file: String
    var images: Int
    var order: String, type: String, size: [Int]  // X Y Z C T of the first image
    var physicalX: Double? = nil
    var shapes: [String: Int] = [:]
    var rois: Int = 0
    var annotations: [String: Int] = [:]
    var description: String { file }
  }

  static let xmlFacts = [
    Fact(
      file: "ome-xml/ROI.ome.xml", images: 1, order: "XYCZT", type: "uint8", size: [6, 4, 1, 3, 1], physicalX: 10000,
      shapes: ["point": 2, "line": 1, "box": 2, "label": 1, "mask": 1], rois: 5),
    Fact(
      file: "ome-xml/shape-union.ome.xml", images: 3, order: "XYZCT", type: "uint8", size: [305, 240, 46, 1, 1],
      shapes: ["box": 1, "point": 4, "line": 1, "polygon": 2, "ellipse": 1], rois: 9,
      annotations: ["MapAnnotation": 8, "TagAnnotation": 2]),
    Fact(
      file: "ome-xml/transfer.ome.xml", images: 2, order: "XYZCT", type: "uint16", size: [1024, 1024, 1, 1, 1],
      shapes: ["line": 2, "box": 1], rois: 3,
      annotations: ["MapAnnotation": 2, "TagAnnotation": 1, "CommentAnnotation": 2]),
    Fact(
      file: "ome-xml/mapannotation.ome.xml", images: 1, order: "XYCZT", type: "uint8", size: [6, 4, 1, 1, 1],
      physicalX: 10000, annotations: ["MapAnnotation": 2]),
    Fact(
      file: "ome-xml/commentannotation.ome.xml", images: 1, order: "XYCZT", type: "uint8", size: [6, 4, 1, 1, 1],
      annotations: ["CommentAnnotation": 1]),
    Fact(
      file: "ome-xml/tagannotation.ome.xml", images: 1, order: "XYCZT", type: "uint8", size: [6, 4, 1, 1, 1],
      annotations: ["TagAnnotation": 3]),
    Fact(file: "ome-xml/tubhiswt.ome.xml", images: 1, order: "XYZTC", type: "uint8", size: [512, 512, 1, 2, 20]),
    Fact(
      file: "ome-xml/spim.ome.xml", images: 4, order: "XYCZT", type: "uint8", size: [6, 4, 2, 2, 2],
      annotations: ["XMLAnnotation": 7]),
    Fact(
      file: "ome-xml/multi-channel-z-series-time-series.ome.xml", images: 1, order: "XYZCT", type: "uint8",
      size: [18, 24, 5, 2, 5]),
    Fact(
      file: "ome-xml/hcs.ome.xml", images: 1, order: "XYCZT", type: "uint16", size: [1024, 1024, 1, 3, 16],
      physicalX: 0.207),
    Fact(
      file: "ome-xml/xmlannotation-svg.ome.xml", images: 1, order: "XYCZT", type: "uint8", size: [6, 4, 1, 1, 1],
      annotations: ["XMLAnnotation": 1]),
    Fact(
      file: "ome-xml/2015-01_ROI.ome.xml", images: 1, order: "XYCZT", type: "uint8", size: [6, 4, 1, 3, 1],
      shapes: ["point": 2, "line": 1, "box": 1, "label": 1], rois: 3),
    Fact(
      file: "ome-xml/2010-06_ROI.ome.xml", images: 1, order: "XYCZT", type: "uint8", size: [6, 4, 1, 3, 1],
      shapes: ["point": 2, "box": 1, "label": 1], rois: 3),
    Fact(
      file: "ome-xml/XMLAnnotationTest.ome", images: 1, order: "XYZCT", type: "uint16", size: [512, 512, 64, 3, 50],
      shapes: ["box": 1], rois: 1),
  ]

  @Test(arguments: xmlFacts)
  func omeXMLMatchesItsFacts(fact: Fact) throws {
    let bytes = try #require(Paths.corpusBytes(fact.file))
    let document = try OMEXMLParser.parse(bytes)
    #expect(document.images.count == fact.images)
    let pixels = try #require(document.images.first?.pixels)
    #expect(pixels.dimensionOrder == fact.order)
    #expect(pixels.type == fact.type)
    #expect([pixels.sizeX, pixels.sizeY, pixels.sizeZ, pixels.sizeC, pixels.sizeT] == fact.size)
    if let x = fact.physicalX { #expect(pixels.physicalSizeX == x) }
    var shapes: [String: Int] = [:]
    for roi in document.rois { for shape in roi.shapes { shapes[shape.geometry.kind, default: 0] += 1 } }
    #expect(shapes == fact.shapes)
    #expect(document.rois.count == fact.rois)
    var annotations: [String: Int] = [:]
    for annotation in document.annotations where fact.annotations[annotation.kind] != nil {
      annotations[annotation.kind, default: 0] += 1
    }
    #expect(annotations == fact.annotations)
  }

  @Test func roiShapesCarryExactGeometry() throws {
    let bytes = try #require(Paths.corpusBytes("ome-xml/ROI.ome.xml"))
    let shapes = try OMEXMLParser.parse(bytes).rois.flatMap(\.shapes)
    let mask = try #require(shapes.first { $0.geometry.kind == "mask" })
    guard case .mask(_, _, let width, let height, let bits) = mask.geometry else { Issue.record("not a mask"); return }
    #expect(bits.count == width * height)
    #expect(bits.allSatisfy { $0 <= 1 })
    let text = String(decoding: try #require(Paths.corpusBytes("ome-xml/ROI.ome.xml")), as: UTF8.self)
    for shape in shapes {
      if case .rectangle(let x, _, let w, _) = shape.geometry {
        #expect(text.contains("X=\"\(x.formatted)\"") || text.contains("X=\"\(Int(x))\""))
        #expect(w > 0)
      }
    }
  }

  @Test func unionShapeColoursAreDecodedAsRGBA() throws {
    #expect(OMEColor(signed: -16776961).hex == "#ff0000ff")
    #expect(OMEColor(signed: 16711935).hex == "#00ff00ff")
    #expect(OMEColor(signed: -2147483648).hex == "#80000000")
  }

  @Test(arguments: [
    ("ome-tiff/ome.tiff", "XYCZT", "uint8", [6, 6, 1, 2, 1], 1),
    ("ome-tiff/multi-channel-z-series.ome.tif", "XYZCT", "int8", [439, 167, 5, 3, 1], 1),
    ("ome-tiff/single-channel.ome.tif", "XYZCT", "int8", [439, 167, 1, 1, 1], 1),
    ("ome-tiff/multi-channel.ome.tif", "XYZCT", "int8", [439, 167, 1, 3, 1], 1),
    // SOURCES.md says Images=3 here; the file's OME-XML has exactly one <Image> (checked with
    // Python's ElementTree too): the other two "images" are inside a CZI XMLAnnotation.
    ("ome-tiff/s_1_t_1_c_1_z_1.ome.tiff", "XYCZT", "uint16", [475, 325, 1, 1, 1], 1),
  ])
  func omeTIFFMatchesItsFacts(file: String, order: String, type: String, size: [Int], images: Int) throws {
    let path = try #require(Paths.corpus(file))
    let dataset = try OMETIFFReader.open(path)
    #expect(dataset.document.images.count == images)
    let pixels = try #require(dataset.document.images.first?.pixels)
    #expect(pixels.dimensionOrder == order && pixels.type == type)
    #expect([pixels.sizeX, pixels.sizeY, pixels.sizeZ, pixels.sizeC, pixels.sizeT] == size)
    #expect(dataset.planes[0].allSatisfy { $0 != nil }, "every plane of the first image is located")
  }

  @Test func multiFileMasterSetResolvesEveryPlaneToItsFile() throws {
    let folder = try #require(Paths.corpus("ome-tiff/multifile-master"))
    for z in 1...5 {
      let dataset = try OMETIFFReader.open(folder + "/multifile-Z\(z).ome.tiff")
      #expect(dataset.metadataPath.hasSuffix("multifile-Z1.ome.tiff"))
      #expect(dataset.warnings.isEmpty, "\(dataset.warnings)")
      let files = dataset.planes[0].map { $0?.file.split(separator: "/").last.map(String.init) }
      #expect(files == (1...5).map { "multifile-Z\($0).ome.tiff" })
    }
  }

  @Test func companionSetWarnsAboutItsMissingUUID() throws {
    let folder = try #require(Paths.corpus("ome-tiff/multifile-companion"))
    let dataset = try OMETIFFReader.open(folder + "/multifile-Z3.ome.tiff")
    #expect(dataset.metadataPath.hasSuffix("multifile.companion.ome"))
    #expect(dataset.document.images.first?.pixels.sizeZ == 5)
    #expect(dataset.warnings.contains { $0.contains("has no UUID") })
    #expect(dataset.planes[0].compactMap { $0 }.count == 5)
  }

  @Test func prairieSeriesIsRead() throws {
    let folder = try #require(Paths.corpus("ome-tiff/prairie-tseries"))
    let first = try #require(Paths.files(in: folder, suffix: ".ome.tif").first)
    let dataset = try OMETIFFReader.open(first)
    #expect(dataset.document.schema == "2012-06")
    #expect(dataset.document.images.count == 3)
    let pixels = try #require(dataset.document.images.first?.pixels)
    #expect([pixels.sizeX, pixels.sizeY, pixels.sizeC, pixels.sizeT] == [Int]([128, 128, 2, 4]))
    #expect(abs((pixels.physicalSizeX ?? 0) - 4.05296) < 1e-9)
  }

  @Test(arguments: ["malformed/ome-xml/bad.ome.xml", "malformed/ome-xml/invalid_xml_annotation.ome.xml"])
  func malformedOMEXMLIsReadOrRejectedClearly(file: String) throws {
    let bytes = try #require(Paths.corpusBytes(file))
    do {
      let document = try OMEXMLParser.parse(bytes)
      #expect(document.images.count == 1)
    } catch let error as OMEError {
      #expect(!error.message.isEmpty)
    }
  }

  @Test func plainTIFFIsNotOME() throws {
    let path = try #require(Paths.corpus("label-tiff/stardist_mask2d.tif"))
    #expect(try OMETIFFReader.omeXML(inTIFF: path) == nil)
    #expect(throws: OMEError.self) { try OMETIFFReader.open(path) }
  }
}

extension Double {
  fileprivate var formatted: String { rounded() == self ? String(Int(self)) : String(self) }
}
