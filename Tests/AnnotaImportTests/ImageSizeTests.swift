// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Image sizes from headers: a few bytes for PNG, BMP and TIFF signatures, further only for a JPEG
/// whose frame header sits behind long metadata blocks, and never past the bound.
@Suite struct ImageSizeTests {
  /// A JPEG header: `blocks` APP1 segments of 65 535 bytes, then a frame of `width` × `height`.
  private func jpeg(blocks: Int, width: Int, height: Int) -> Data {
    var bytes: [UInt8] = [0xFF, 0xD8]
    for _ in 0..<blocks { bytes += [0xFF, 0xE1, 0xFF, 0xFF] + [UInt8](repeating: 0x41, count: 65_533) }
    bytes += [0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8)]
    bytes +=
      [UInt8(width & 0xFF), 0x03] + [UInt8](repeating: 0x11, count: 9) + [0xFF, 0xD9] + [UInt8](repeating: 0, count: 16)
    return Data(bytes)
  }

  @Test func jpegFramesBehindLongMetadataAreFoundWithinTheBound() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for (blocks, expected) in [(0, true), (1, true), (3, true), (70, false)] {
      let path = folder.file("b\(blocks).jpg")
      try jpeg(blocks: blocks, width: 640, height: 480).write(to: URL(fileURLWithPath: path))
      let size = ImageSize.of(path)
      #expect((size.map { $0.width == 640 && $0.height == 480 } ?? false) == expected, "\(blocks) block(s)")
    }
  }

  @Test func pngBMPAndTIFFSizesComeFromTheirHeaders() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try TIFFWriter.write(
      [try Plane(width: 300, height: 20, uint8: [UInt8](repeating: 3, count: 6000))], to: folder.file("a.tif"))
    #expect(ImageSize.of(folder.file("a.tif")).map { [$0.width, $0.height] } == [300, 20])
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
    png += [0, 0, 0x01, 0x00, 0, 0, 0, 0x40, 8, 0, 0, 0, 0]
    try Data(png).write(to: URL(fileURLWithPath: folder.file("a.png")))
    #expect(ImageSize.of(folder.file("a.png")).map { [$0.width, $0.height] } == [256, 64])
    var bmp = [UInt8](repeating: 0, count: 54)
    bmp[0] = 0x42
    bmp[1] = 0x4D
    bmp[18] = 10
    bmp[22] = 0xFB  // -5 as a 32-bit little-endian height: top-down rows
    bmp[23] = 0xFF
    bmp[24] = 0xFF
    bmp[25] = 0xFF
    try Data(bmp).write(to: URL(fileURLWithPath: folder.file("a.bmp")))
    #expect(ImageSize.of(folder.file("a.bmp")).map { [$0.width, $0.height] } == [10, 5])
    try Data("not an image at all, not at all".utf8).write(to: URL(fileURLWithPath: folder.file("x.png")))
    #expect(ImageSize.of(folder.file("x.png")) == nil)
    #expect(ImageSize.of(folder.file("absent.png")) == nil)
  }
}
