// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaJPEG

/// Encodes JPEG files with libjpeg-turbo (fixtures, previews).
public enum JPEGWriter {
  /// The JPEG encoding of 8-bit gray or RGB pixels.
  /// - Parameters:
  ///   - pixels: `width × height × channels` bytes, row-major.
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - channels: 1 (gray) or 3 (RGB).
  ///   - quality: 1–100.
  /// - Returns: the file's bytes.
  /// - Throws: ``RasterError`` (`.writeFailed`) for sizes that do not fit or a libjpeg-turbo failure.
  public static func encode(_ pixels: [UInt8], width: Int, height: Int, channels: Int, quality: Int = 90)
    throws(RasterError) -> [UInt8]
  {
    guard channels == 1 || channels == 3, (1...100).contains(quality), width > 0, height > 0, width <= 65_535,
      height <= 65_535, pixels.count == width * height * channels
    else {
      throw RasterError(
        code: .writeFailed, message: "\(pixels.count) bytes do not make a \(width)×\(height)×\(channels) JPEG",
        path: "")
    }
    var output: UnsafeMutablePointer<UInt8>? = nil
    var size: UInt = 0
    var text = [CChar](repeating: 0, count: 256)
    let status = pixels.withUnsafeBufferPointer { input in
      cannotajpeg_write(
        input.baseAddress, Int32(width), Int32(height), Int32(channels), Int32(quality), &output, &size, &text)
    }
    defer { cannotajpeg_free(output) }
    guard status == 0, let output else {
      throw RasterError(
        code: .writeFailed, message: "libjpeg-turbo could not encode the image", path: "",
        cause: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return Array(UnsafeBufferPointer(start: output, count: Int(size)))
  }
}
