// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaPNG

#if canImport(Glibc)
  import Glibc
#endif

/// Encodes PNG files with libpng (thumbnails, fixtures, label images).
public enum PNGWriter {
  /// The PNG encoding of interleaved samples.
  /// - Parameters:
  ///   - samples: `width × height × channels` samples, row-major; 16-bit ones in native byte order.
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - channels: 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).
  ///   - bitDepth: 8 or 16.
  /// - Returns: the file's bytes.
  /// - Throws: ``RasterError`` (`.writeFailed`) for sizes that do not fit or a libpng failure.
  public static func encode(_ samples: [UInt8], width: Int, height: Int, channels: Int, bitDepth: Int = 8)
    throws(RasterError) -> [UInt8]
  {
    let colour: Int32? =
      switch channels {
      case 1: cannotapng_color_gray()
      case 2: cannotapng_color_gray_alpha()
      case 3: cannotapng_color_rgb()
      case 4: cannotapng_color_rgba()
      default: nil
      }
    guard let colour, bitDepth == 8 || bitDepth == 16, width > 0, height > 0, width <= 1 << 24, height <= 1 << 24,
      samples.count == width * height * channels * bitDepth / 8
    else {
      throw RasterError(
        code: .writeFailed,
        message:
          "\(samples.count) bytes do not make a \(width)×\(height) image of \(channels) \(bitDepth)-bit channel(s)",
        path: "")
    }
    var sink = cannotapng_sink()
    var text = [CChar](repeating: 0, count: 256)
    let status = samples.withUnsafeBufferPointer { input in
      cannotapng_write(input.baseAddress, UInt32(width), UInt32(height), Int32(bitDepth), colour, &sink, &text)
    }
    defer { free(sink.data) }
    guard status == 0, sink.failed == 0, let data = sink.data else {
      throw RasterError(
        code: .writeFailed, message: "libpng could not encode the image", path: "",
        cause: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return Array(UnsafeBufferPointer(start: data, count: sink.size))
  }
}
