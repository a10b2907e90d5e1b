// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// Hand-written OME-XML for what the corpus does not cover.
@Suite("OME-XML details")
struct OMESyntheticTests {
  static func ome(_ body: String, pixels: String = #"SizeX="8" SizeY="4" SizeZ="2" SizeC="1" SizeT="1""#) -> [UInt8] {
    Array(
      """
      <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="urn:uuid:doc">
      <Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" \(pixels)/><ROIRef ID="ROI:0"/></Image>
      \(body)
      </OME>
      """.utf8)
  }

  @Test(arguments: [("\u{00B5}m", 0.5), ("\u{03BC}m", 0.5), ("nm", 0.0005), ("mm", 500), ("Å", 0.00005)])
  func physicalSizesAreNormalisedToMicrometres(unit: String, micrometres: Double) throws {
    let document = try OMEXMLParser.parse(
      Self.ome(
        "",
        pixels: #"SizeX="8" SizeY="4" SizeZ="1" SizeC="1" SizeT="1" PhysicalSizeX="0.5" PhysicalSizeXUnit="\#(unit)""#))
    let value = try #require(document.images.first?.pixels.physicalSizeX)
    #expect(abs(value - micrometres) < 1e-12 * max(1, micrometres))
  }

  @Test func pixelSizesInPixelsAreNotPhysical() throws {
    let document = try OMEXMLParser.parse(
      Self.ome(
        "", pixels: #"SizeX="8" SizeY="4" SizeZ="1" SizeC="1" SizeT="1" PhysicalSizeX="1" PhysicalSizeXUnit="pixel""#))
    #expect(document.images.first?.pixels.physicalSizeX == nil)
  }

  @Test func everyShapeKindWithPlanesColoursAndTransform() throws {
    let body = """
      <ROI ID="ROI:0"><Union>
        <Polyline ID="S1" Points="0,0 1.5,2 3,4" TheZ="1" StrokeColor="-16776961"/>
        <Polygon ID="S2" Points="0,0 4,0 4,3"/>
        <Ellipse ID="S3" X="4" Y="2" RadiusX="2" RadiusY="1" TheT="0"/>
        <Line ID="S4" X1="0" Y1="0" X2="2" Y2="2"><Transform A00="1" A10="0" A01="0" A11="1" A02="10" A12="20"/></Line>
      </Union></ROI>
      """
    let shapes = try OMEXMLParser.parse(Self.ome(body)).rois[0].shapes
    #expect(shapes.map(\.geometry.kind) == ["polyline", "polygon", "ellipse", "line"])
    #expect(shapes[0].theZ == 1 && shapes[0].theC == nil && shapes[0].strokeColor?.hex == "#ff0000ff")
    #expect(shapes[0].geometry == .polyline([[0, 0], [1.5, 2], [3, 4]]))
    let line = shapes[3].feature(roi: "ROI:0").json.text
    #expect(line.contains("[[10, 20], [12, 22]]"), "the transform is applied: \(line)")
    let polygon = shapes[1].feature(roi: "ROI:0").json.text
    #expect(polygon.contains("[[[0, 0], [4, 0], [4, 3], [0, 0]]]"), "rings are closed: \(polygon)")
  }

  @Test func masksAreBitOrBytePackedByDecodedLength() throws {
    // 4 × 2 mask: rows 1010 / 0101.
    let bits: [UInt8] = [0b1010_0101]
    let bytes: [UInt8] = [1, 0, 1, 0, 0, 1, 0, 1]
    for (packed, label) in [(bits, "bit"), (bytes, "byte")] {
      let body = """
        <ROI ID="ROI:0"><Union><Mask ID="M" X="1" Y="1" Width="4" Height="2">\
        <BinData Length="999" BigEndian="false">\(Data(packed).base64EncodedString())</BinData></Mask></Union></ROI>
        """
      let shape = try OMEXMLParser.parse(Self.ome(body)).rois[0].shapes[0]
      #expect(
        shape.geometry == .mask(x: 1, y: 1, width: 4, height: 2, bits: [1, 0, 1, 0, 0, 1, 0, 1]), "\(label)-packed")
    }
  }

  @Test func zlibBinDataIsInflatedAndBadBinDataIsRefused() throws {
    // zlib stream of bytes [1, 0, 1, 0, 0, 1, 0, 1], made with Python's zlib.compress.
    let compressed = "eJxjZGBkACJGAAAaAAU="
    let inflated =
      "<ROI ID=\"R\"><Union><Mask ID=\"M\" X=\"0\" Y=\"0\" Width=\"4\" Height=\"2\"><BinData Compression=\"zlib\" Length=\"8\">\(compressed)</BinData></Mask></Union></ROI>"
    let shape = try OMEXMLParser.parse(Self.ome(inflated)).rois[0].shapes[0]
    #expect(shape.geometry == .mask(x: 0, y: 0, width: 4, height: 2, bits: [1, 0, 1, 0, 0, 1, 0, 1]))
    let notBase64 =
      "<ROI ID=\"R\"><Union><Mask ID=\"M\" X=\"0\" Y=\"0\" Width=\"4\" Height=\"2\"><BinData Length=\"1\">***</BinData></Mask></Union></ROI>"
    #expect(throws: OMEError.self) { try OMEXMLParser.parse(Self.ome(notBase64)) }
    let tooShort =
      "<ROI ID=\"R\"><Union><Mask ID=\"M\" X=\"0\" Y=\"0\" Width=\"40\" Height=\"20\"><BinData Length=\"1\">AA==</BinData></Mask></Union></ROI>"
    #expect(throws: OMEError.self) { try OMEXMLParser.parse(Self.ome(tooShort)) }
    let bzip =
      "<ROI ID=\"R\"><Union><Mask ID=\"M\" X=\"0\" Y=\"0\" Width=\"1\" Height=\"1\"><BinData Compression=\"bzip2\" Length=\"1\">AA==</BinData></Mask></Union></ROI>"
    let error = try #require(throws: OMEError.self) { try OMEXMLParser.parse(Self.ome(bzip)) }
    #expect(error.message.contains("bzip2"))
  }

  @Test(arguments: [
    ("<NotOME/>", "root element"), (#"<OME><Image ID="I"/></OME>"#, "no Pixels"),
    (
      #"<OME><Image ID="I"><Pixels DimensionOrder="XYZCT" Type="uint8" SizeX="0" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"/></Image></OME>"#,
      "SizeX"
    ),
    (
      #"<OME><Image ID="I"><Pixels DimensionOrder="XYZZT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"/></Image></OME>"#,
      "DimensionOrder"
    ),
    (#"<OME><ROI ID="R"><Union><Rectangle ID="S" X="NaN" Y="0" Width="1" Height="1"/></Union></ROI></OME>"#, "finite"),
    (#"<OME><ROI ID="R"><Union><Polygon ID="S" Points="1,2 3"/></Union></ROI></OME>"#, "x,y"),
  ])
  func malformedOMEGetsALocatedMessage(text: String, mentions: String) throws {
    let error = try #require(throws: OMEError.self) { try OMEXMLParser.parse(Array(text.utf8)) }
    #expect(error.message.contains(mentions), "\(error)")
    #expect(error.line != nil)
  }

  @Test func planeIndexFollowsDimensionOrder() throws {
    let pixels = try #require(
      OMEXMLParser.parse(Self.ome("", pixels: #"SizeX="2" SizeY="2" SizeZ="3" SizeC="2" SizeT="4""#)).images.first?
        .pixels)
    #expect(OMETIFFReader.planeIndex(z: 2, c: 1, t: 3, in: pixels) == 2 + 3 * (1 + 2 * 3))
  }

  /// A companion file whose TiffData names files by UUID only, and one whose UUID disagrees.
  @Test(.enabled(if: Paths.corpus != nil))
  func filesAreResolvedByUUIDWhenNamesAreMissingAndMismatchesWarned() throws {
    let source = try #require(Paths.corpus("ome-tiff/multifile-master"))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var uuids: [String] = []
    for z in 1...5 {
      let name = "multifile-Z\(z).ome.tiff"
      try FileManager.default.copyItem(atPath: source + "/" + name, toPath: folder.file("renamed-\(z).ome.tiff"))
      let xml = try #require(try OMETIFFReader.omeXML(inTIFF: source + "/" + name))
      let text = String(decoding: xml, as: UTF8.self)
      let uuid = try #require(text.firstRange(of: "UUID=\"urn:uuid:").map { text[$0.upperBound...].prefix(36) })
      uuids.append("urn:uuid:" + uuid)
    }
    let blocks = uuids.enumerated().map { z, uuid in
      #"<TiffData FirstZ="\#(z)" IFD="0" PlaneCount="1"><UUID>\#(uuid)</UUID></TiffData>"#
    }.joined()
    let companion = """
      <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0">\
      <Pixels DimensionOrder="XYCTZ" Type="uint8" SizeX="18" SizeY="24" SizeZ="5" SizeC="1" SizeT="1">\(blocks)</Pixels></Image></OME>
      """
    try folder.write(companion, to: "set.companion.ome")
    let dataset = try OMETIFFReader.open(folder.file("set.companion.ome"))
    #expect(
      dataset.planes[0].map { $0?.file.split(separator: "/").last.map(String.init) }
        == (1...5).map { "renamed-\($0).ome.tiff" })
    #expect(dataset.warnings.isEmpty)

    let wrong = companion.replacingOccurrences(
      of: "<UUID>\(uuids[0])</UUID>", with: "<UUID FileName=\"renamed-2.ome.tiff\">\(uuids[0])</UUID>")
    try folder.write(wrong, to: "wrong.companion.ome")
    let mismatched = try OMETIFFReader.open(folder.file("wrong.companion.ome"))
    #expect(mismatched.warnings.contains { $0.contains("renamed-2.ome.tiff has UUID") })
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func everyFileOfThePrairieSeriesResolvesToItsMaster() throws {
    let folder = try #require(Paths.corpus("ome-tiff/prairie-tseries"))
    let files = Paths.files(in: folder, suffix: ".ome.tif")
    #expect(files.count == 24)
    for file in files {
      let dataset = try OMETIFFReader.open(file)
      #expect(dataset.document.images.count == 3, "\(file)")
      #expect(dataset.planes[0].compactMap { $0 }.count == 8, "\(file): C2 × T4 planes located")
    }
  }
}
