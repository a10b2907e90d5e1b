// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Reading a TIFF from bytes already in memory (the validator hashes and decodes the same bytes).
@Suite("TIFF from memory")
struct TIFFBufferTests {
  static let samples = (0..<(40 * 30)).map { UInt16($0 &* 97 % 60_000) }

  @Test(
    arguments: [TIFFCompression.none, .deflate],
    [TIFFLayout.strips, .tiles(16)])
  func aBufferDecodesExactlyAsTheFileDoes(compression: TIFFCompression, layout: TIFFLayout) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("a.tif")
    let planes = [
      try Plane(width: 40, height: 30, uint16: Self.samples),
      try Plane(width: 40, height: 30, uint16: Self.samples.reversed()),
    ]
    try TIFFWriter.write(planes, to: path, compression: compression, layout: layout)
    let buffer = try FileBuffer(contentsOf: path, maxBytes: 1 << 20)
    #expect(buffer.looksLikeTIFF)
    #expect(buffer.bytes.count == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
    let fromMemory = try TIFFReader(buffer: buffer)
    let fromFile = try TIFFReader(path: path)
    #expect(fromMemory.directoryCount == 2)
    #expect(fromMemory.fileSize == fromFile.fileSize)
    for page in 0..<2 {
      #expect(try fromMemory.readPlane(page) == planes[page])
      try fromMemory.decodeAll(try fromMemory.directory(page))
    }
  }

  @Test func buffersRefuseFoldersMissingFilesAndFilesOverTheLimit() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    #expect(throws: TIFFError.self) { try FileBuffer(contentsOf: folder.path, maxBytes: 1 << 20) }
    #expect(throws: TIFFError.self) { try FileBuffer(contentsOf: folder.file("none.tif"), maxBytes: 1 << 20) }
    let path = folder.file("a.tif")
    try TIFFWriter.write([try Plane(width: 40, height: 30, uint16: Self.samples)], to: path, compression: .none)
    let error = try #require(throws: TIFFError.self) { try FileBuffer(contentsOf: path, maxBytes: 100) }
    #expect(error.code == .limitExceeded)
    // Not a TIFF: refused with libtiff's reason, nothing printed.
    try Data("not a tiff at all".utf8).write(to: URL(fileURLWithPath: folder.file("b.tif")))
    let text = try FileBuffer(contentsOf: folder.file("b.tif"), maxBytes: 1 << 20)
    #expect(!text.looksLikeTIFF)
    #expect(throws: TIFFError.self) { try TIFFReader(buffer: text) }
  }

  @Test func decodeAllFindsADamagedOrTruncatedStrip() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("a.tif")
    try TIFFWriter.write([try Plane(width: 40, height: 30, uint16: Self.samples)], to: path, compression: .deflate)
    var bytes = try #require(FileManagerShimData.read(path))
    let reader = try TIFFReader(buffer: try FileBuffer(contentsOf: path, maxBytes: 1 << 20))
    try reader.decodeAll(try reader.directory(0))
    // Overwrite the deflate stream after its zlib header with garbage: the tags still read, the strip
    // no longer inflates.
    let start = try #require(
      bytes.indices.dropLast().first { bytes[$0] == 0x78 && [0x9C, 0xDA].contains(bytes[$0 + 1]) })
    for i in start + 2..<min(bytes.count, start + 120) { bytes[i] = 0xFF }
    let damaged = folder.file("damaged.tif")
    try FileManagerShimData.write(bytes, to: damaged)
    let broken = try TIFFReader(buffer: try FileBuffer(contentsOf: damaged, maxBytes: 1 << 20))
    let error = try #require(throws: TIFFError.self) { try broken.decodeAll(try broken.directory(0)) }
    #expect(error.code == .malformed)
    // Truncated: the strip runs past the end of the file.
    let original = try #require(FileManagerShimData.read(path))
    let cut = folder.file("cut.tif")
    try FileManagerShimData.write(Array(original.prefix(original.count * 2 / 3)), to: cut)
    #expect(throws: TIFFError.self) {
      let broken = try TIFFReader(buffer: try FileBuffer(contentsOf: cut, maxBytes: 1 << 20))
      for directory in broken.directories { try broken.decodeAll(directory) }
    }
  }
}
