// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF
import AnnotaTestSupport
import Testing

@Suite("TIFF write and read")
struct TIFFRoundTripTests {
  @Test func libtiffIsLinkedAndHasDeflate() {
    #expect(TIFFLibrary.version.hasPrefix("LIBTIFF, Version 4."))
    #expect(TIFFLibrary.supportsDeflate)
  }

  static func plane(_ type: SampleType, width: Int = 37, height: Int = 23) throws -> Plane {
    var bytes: [UInt8] = []
    for i in 0..<(width * height * type.byteWidth) { bytes.append(UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7)) }
    return try Plane(width: width, height: height, sampleType: type, bytes: bytes)
  }

  @Test(
    arguments: [SampleType.uint8, .uint16, .uint32, .int16, .float32], [TIFFCompression.none, .deflate, .fastDeflate])
  func planesRoundTripExactly(type: SampleType, compression: TIFFCompression) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("plane.tif")
    let pages = [try Self.plane(type), try Self.plane(type)]
    try TIFFWriter.write(pages, to: path, compression: compression, description: "{\"shape\": [2, 23, 37]}")
    let reader = try TIFFReader(path: path)
    #expect(reader.directoryCount == 2)
    let info = try reader.directory(0)
    #expect(info.width == 37 && info.height == 23 && info.sampleType == type)
    #expect(info.compression == (compression == .none ? 1 : 8))
    #expect(info.imageDescription == "{\"shape\": [2, 23, 37]}")
    #expect(try reader.readPlane(0) == pages[0])
    #expect(try reader.readPlane(1) == pages[1])
  }

  @Test func nonTIFFIsRefusedWithLibtiffsReason() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("this is not a tiff", to: "fake.tif")
    let error = try #require(throws: TIFFError.self) { try TIFFReader(path: path) }
    #expect(error.code == .openFailed)
    #expect(error.libraryMessages.contains { $0.contains("magic") })
    #expect(error.description.hasPrefix(path))
  }

  @Test func missingFileIsRefused() {
    #expect(throws: TIFFError.self) { try TIFFReader(path: "/nonexistent/x.tif") }
  }

  @Test func writerRefusesInconsistentPlanesAndLeavesNothing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let pages = [try Self.plane(.uint8), try Self.plane(.uint16)]
    #expect(throws: TIFFError.self) { try TIFFWriter.write(pages, to: folder.file("x.tif")) }
    #expect(try FileManagerShim.contents(of: folder.path).isEmpty)
  }

  @Test func wrongByteCountIsRefused() {
    #expect(throws: TIFFError.self) { try Plane(width: 4, height: 4, sampleType: .uint16, bytes: [0, 1]) }
  }
}

@Suite("TIFF tiles")
struct TIFFTileTests {
  @Test(arguments: [SampleType.uint8, .uint16, .int32], [TIFFCompression.none, .deflate])
  func tiledImagesDecodeLikeStrips(type: SampleType, compression: TIFFCompression) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // 70 × 45 is not a multiple of the 32-pixel tiles: edge tiles are padded and cropped.
    let plane = try TIFFRoundTripTests.plane(type, width: 70, height: 45)
    let path = folder.file("tiled.tif")
    try TIFFWriter.write([plane], to: path, compression: compression, layout: .tiles(32))
    let reader = try TIFFReader(path: path)
    #expect(try reader.directory(0).isTiled)
    #expect(try reader.readPlane(0) == plane)
    var rows: [Int] = []
    try reader.forEachBand(try reader.directory(0)) { first, count, _ in
      rows.append(first); _ = count
    }
    #expect(rows == [0, 32])
  }

  @Test func tileEdgesMustBeMultiplesOf16() {
    #expect(throws: TIFFError.self) {
      try TIFFWriter.write([try TIFFRoundTripTests.plane(.uint8)], to: "/tmp/never-written.tif", layout: .tiles(20))
    }
  }
}
