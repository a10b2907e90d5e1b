// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation
import Testing

@Suite("Format ids and content sniffing")
struct FormatIDTests {
  @Test(
    arguments: [
      ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], FormatID.tiff), ([0x4D, 0x4D, 0x00, 0x2A], .tiff),
      ([0x49, 0x49, 0x2B, 0x00, 8, 0, 0, 0], .tiff), ([0x4D, 0x4D, 0x00, 0x2B], .tiff),
      ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], .png), ([0xFF, 0xD8, 0xFF, 0xE0], .jpeg),
      ([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A], .hdf5), (Array("BM6\0".utf8), .bmp),
      (Array("GIF89a".utf8), .gif), (Array("ZISRAWFILE\0\0".utf8), .czi), ([0x50, 0x4B, 0x03, 0x04], .zip),
      (Array("  \n{\"a\": 1}".utf8), .json), (Array("[1]".utf8), .json),
      ([0xEF, 0xBB, 0xBF] + Array("<?xml".utf8), .xml),
    ] as [([UInt8], FormatID)])
  func sniffsMagicBytes(head: [UInt8], format: FormatID) {
    #expect(ContentSniffer.sniff(head) == format)
    // Only the head counts: anything after it changes nothing.
    #expect(ContentSniffer.sniff(head + [UInt8](repeating: 0x41, count: 64)) == format)
  }

  @Test(
    arguments: [[], [0x49, 0x49], [0x49, 0x49, 0x00, 0x00], Array("hello".utf8), [0x89, 0x50, 0x4E]] as [[UInt8]])
  func unknownOrShortHeadsAreNotGuessed(head: [UInt8]) {
    #expect(ContentSniffer.sniff(head) == nil)
  }

  @Test(arguments: [
    ("tif", FormatID.tiff), ("TIFF", .tiff), ("ome.tiff", .omeTIFF), ("OME-TIF", .omeTIFF), ("jpg", .jpeg),
    ("h5", .hdf5), ("czi", .czi),
  ])
  func declaredValuesAreNormalised(declared: String, format: FormatID) {
    #expect(FormatID(declared: declared) == format)
  }

  @Test func declaredValuesItDoesNotCompareAreNil() {
    #expect(FormatID(declared: "nd2") == nil)
    #expect(FormatID(declared: "") == nil)
  }

  @Test(arguments: [
    ("a/b.ome.tif", FormatID.omeTIFF), ("b.TIF", .tiff), ("c.ilp", .hdf5), ("d.geojson", .json), ("e.jpeg", .jpeg),
  ])
  func extensionsNameFormats(path: String, format: FormatID) {
    #expect(FormatID(extensionOf: path) == format)
  }

  @Test func anOMETIFFIsATIFFButNotTheOtherWayRound() {
    #expect(FormatID.omeTIFF.satisfies(.tiff))
    #expect(!FormatID.tiff.satisfies(.omeTIFF))
    #expect(FormatID.xml.satisfies(.omeTIFF, path: "set.companion.ome"))
    #expect(!FormatID.xml.satisfies(.omeTIFF, path: "set.xml"))
    #expect(!FormatID.png.satisfies(.tiff))
  }

  @Test func hdf5LayoutsAreHDF5() throws {
    #expect(FormatID.hdf5(layout: "ilastik-project").rawValue == "hdf5-ilastik-project")
    #expect(FormatID.hdf5(layout: "cremi").isHDF5 && FormatID.hdf5.isHDF5)
    #expect(!FormatID(rawValue: "hdf").isHDF5 && !FormatID.tiff.isHDF5)
    #expect(FormatID.png.holdsLabelImages && !FormatID.jpeg.holdsLabelImages)
  }

  @Test func encodesAsItsName() throws {
    let data = try JSONEncoder().encode([FormatID.cvat])
    #expect(String(decoding: data, as: UTF8.self) == "[\"cvat-1.1\"]")
    #expect(try JSONDecoder().decode([FormatID].self, from: data) == [.cvat])
  }

  @Test func claimsGoByTheSignaturesFirstBytes() {
    // A damaged TIFF or HDF5 header still claims its format, so its reader says what is wrong.
    #expect(
      ContentSniffer.claims([0x49, 0x49, 0x00, 0x00]) == .tiff && ContentSniffer.sniff([0x49, 0x49, 0, 0]) == nil)
    #expect(ContentSniffer.claims([0x89, 0x48, 0x44, 0x46, 0, 0, 0, 0]) == .hdf5)
    #expect(ContentSniffer.claims([0x89, 0x50, 0x4E, 0x47]) == .png)
    #expect(ContentSniffer.claims(Array("{\"a\": 1}".utf8)) == .json)
    #expect(ContentSniffer.claims(Array("hello".utf8)) == nil)
  }
}
