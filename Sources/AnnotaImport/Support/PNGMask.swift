// SPDX-License-Identifier: Apache-2.0
import AnnotaRaster

/// Decodes a PNG into a binary mask (non-zero samples are foreground).
///
/// For the base64 PNG masks of LabelMe files: every colour type, bit depth and interlacing, decoded
/// by libpng (``AnnotaRaster``).
///
/// Bounded: at most ``maxPixels`` pixels, checked from the header before anything is decoded.
enum PNGMask {
  /// The largest mask decoded.
  static let maxPixels = 1 << 26

  /// Why a PNG could not be decoded.
  struct Failure: Error {
    var message: String
  }

  /// The decoded mask: row-major 0/1 values.
  struct Decoded {
    var width: Int, height: Int
    var bits: [UInt8]
  }

  static func decode(_ bytes: [UInt8]) throws(Failure) -> Decoded {
    guard RasterFormat.detect(bytes) == .png else { throw Failure(message: "not a PNG") }
    let image: RasterImage
    do { image = try decodeBounded(bytes) } catch {
      throw Failure(message: error.message + (error.cause.map { ": " + $0 } ?? ""))
    }
    let header = image.header
    // Foreground: any non-zero colour sample (alpha is not a colour).
    let colourChannels = header.channels == 2 || header.channels == 4 ? header.channels - 1 : header.channels
    let step = header.channels * header.bytesPerSample
    var bits = [UInt8](repeating: 0, count: header.width * header.height)
    image.samples.withUnsafeBufferPointer { samples in
      for pixel in bits.indices {
        let base = pixel * step
        for byte in base..<(base + colourChannels * header.bytesPerSample) where samples[byte] != 0 {
          bits[pixel] = 1
          break
        }
      }
    }
    return Decoded(width: header.width, height: header.height, bits: bits)
  }

  /// Every sample, once the header shows at most ``maxPixels`` pixels.
  private static func decodeBounded(_ bytes: [UInt8]) throws(RasterError) -> RasterImage {
    let header = try RasterReader.header(bytes, path: "mask.png")
    guard header.width > 0, header.height > 0, header.width <= maxPixels / header.height else {
      throw RasterError(
        code: .limitExceeded,
        message: "the PNG is \(header.width)×\(header.height) pixels: empty, or over the \(maxPixels)-pixel limit",
        path: "mask.png")
    }
    return try RasterReader.decode(bytes, path: "mask.png")
  }
}
