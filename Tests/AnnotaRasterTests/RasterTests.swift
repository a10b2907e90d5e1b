// SPDX-License-Identifier: Apache-2.0
import AnnotaRaster
import AnnotaTestSupport
import Foundation
import Testing

/// PNG (libpng) and JPEG (libjpeg-turbo): every pixel decoded or an error, never a grey-filled image,
/// never a message on the terminal, never an allocation a header merely claims.
@Suite("PNG and JPEG")
struct RasterTests {
  static func gradient(_ width: Int, _ height: Int, channels: Int) -> [UInt8] {
    (0..<(width * height * channels)).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / (width * channels) * 13) }
  }

  @Test(arguments: [1, 2, 3, 4])
  func pngRoundTripsEverySample(channels: Int) throws {
    let samples = Self.gradient(37, 21, channels: channels)
    let png = try PNGWriter.encode(samples, width: 37, height: 21, channels: channels)
    let image = try RasterReader.decode(png, path: "x.png")
    #expect(image.header.format == .png && image.header.width == 37 && image.header.height == 21)
    #expect(image.header.channels == channels && image.header.storedBits == 8 && !image.header.isPalette)
    #expect(image.samples == samples)
  }

  @Test func sixteenBitLabelsKeepTheirValuesInNativeOrder() throws {
    let labels: [UInt16] = (0..<(19 * 11)).map { (index: Int) -> UInt16 in
      index % 5 == 0 ? 0 : UInt16(1000 + index * 97 % 60_000)
    }
    let bytes = labels.withUnsafeBytes { Array($0) }
    let png = try PNGWriter.encode(bytes, width: 19, height: 11, channels: 1, bitDepth: 16)
    let image = try RasterReader.decode(png, path: "labels.png")
    #expect(image.header.storedBits == 16 && image.header.bytesPerSample == 2)
    #expect(image.samples.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) } == labels)
  }

  @Test func jpegDecodesEveryPixelCloseToWhatWasEncoded() throws {
    for channels in [1, 3] {
      let pixels = [UInt8](repeating: 128, count: 64 * 48 * channels)
      let jpeg = try JPEGWriter.encode(pixels, width: 64, height: 48, channels: channels, quality: 95)
      let image = try RasterReader.decode(jpeg, path: "x.jpg")
      #expect(image.header.format == .jpeg && image.header.channels == channels)
      #expect(image.samples.count == pixels.count)
      #expect(image.samples.allSatisfy { abs(Int($0) - 128) <= 2 })
    }
  }

  @Test(arguments: [10, 50, 90, 99])
  func aTruncatedFileIsAnErrorNeverGrey(percent: Int) throws {
    let samples = Self.gradient(200, 150, channels: 3)
    let png = try PNGWriter.encode(samples, width: 200, height: 150, channels: 3)
    let jpeg = try JPEGWriter.encode(samples, width: 200, height: 150, channels: 3)
    for (name, file) in [("cut.png", png), ("cut.jpg", jpeg)] {
      let cut = Array(file.prefix(file.count * percent / 100))
      var thrown: RasterError?
      let noise = try capturingStandardError {
        do { _ = try RasterReader.decode(cut, path: name) } catch let error as RasterError { thrown = error } catch {}
      }
      #expect(thrown?.code == .malformed, "\(name) cut at \(percent) %")
      #expect(noise.isEmpty, "libpng/libjpeg-turbo printed: \(noise)")
    }
  }

  @Test func bytesOverwrittenInsideTheCompressedDataAreAnError() throws {
    let samples = Self.gradient(200, 150, channels: 1)
    var png = try PNGWriter.encode(samples, width: 200, height: 150, channels: 1)
    for index in (png.count / 2)..<(png.count / 2 + 32) { png[index] ^= 0x5A }
    #expect(throws: RasterError.self) { try RasterReader.decode(png, path: "flipped.png") }
  }

  @Test func aHeaderClaimingAHugeImageIsRefusedBeforeAllocation() throws {
    // A valid 1 × 1 PNG whose IHDR is rewritten to 60 000 × 60 000 (CRC fixed), 16-bit RGBA.
    var png = try PNGWriter.encode([0, 0, 0, 0], width: 1, height: 1, channels: 4)
    func put(_ value: UInt32, at offset: Int) {
      for k in 0..<4 { png[offset + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(k))) }
    }
    put(60_000, at: 16)
    put(60_000, at: 20)
    png[24] = 16
    put(crc32(Array(png[12..<29])), at: 29)
    let error = try #require(throws: RasterError.self) { try RasterReader.decode(png, path: "bomb.png") }
    #expect(error.code == .limitExceeded)
    let small = RasterLimits(maxImageBytes: 100, maxExpansion: 2048)
    let fine = try PNGWriter.encode([UInt8](repeating: 1, count: 400), width: 20, height: 20, channels: 1)
    #expect(throws: RasterError.self) { try RasterReader.decode(fine, path: "big.png", limits: small) }
  }

  @Test func garbageIsNotAnImage() throws {
    for bytes: [UInt8] in [[], [0x89, 0x50, 0x4E, 0x47], Array("not an image".utf8), [0xFF, 0xD8, 0xFF, 0xE0, 0, 2]] {
      #expect(throws: RasterError.self) { try RasterReader.decode(bytes, path: "x") }
    }
  }

  /// CRC-32 as PNG chunks use it.
  func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }
}
