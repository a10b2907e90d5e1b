// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaJPEG
internal import CAnnotaPNG

/// Reads PNG (libpng) and JPEG (libjpeg-turbo) files from memory: the header alone, or every pixel.
///
/// Decoding is bounded by ``RasterLimits`` before anything is allocated, and every pixel is
/// decoded or the call throws: a truncated file, a bad CRC or a corrupt JPEG segment is an error,
/// never an image filled with grey.
public enum RasterReader {
  /// The header of a PNG or JPEG held in memory.
  /// - Parameters:
  ///   - bytes: the whole file.
  ///   - path: the file's name, for errors.
  /// - Returns: the header.
  /// - Throws: ``RasterError`` for anything that is not a readable PNG or JPEG header.
  public static func header(_ bytes: [UInt8], path: String) throws(RasterError) -> RasterHeader {
    switch RasterFormat.detect(bytes) {
    case .png?: return try pngHeader(bytes, path: path)
    case .jpeg?: return try jpegHeader(bytes, path: path)
    default: throw RasterError(code: .malformed, message: "not a PNG or JPEG file", path: path)
    }
  }

  /// Decodes every pixel of a PNG or JPEG held in memory.
  /// - Parameters:
  ///   - bytes: the whole file.
  ///   - path: the file's name, for errors.
  ///   - limits: how much decoding may cost.
  /// - Returns: the image: PNG samples as stored (palette indices kept, depths below 8 unpacked with
  ///   their values, 16-bit in native order); JPEG as gray or RGB.
  /// - Throws: ``RasterError``: `.malformed` for damage, `.limitExceeded` for images over the limits.
  public static func decode(_ bytes: [UInt8], path: String, limits: RasterLimits = .defaults) throws(RasterError)
    -> RasterImage
  {
    let header = try header(bytes, path: path)
    // Header sizes are at most 2^31 each, so the product is checked, not trapped.
    let (pixels, overflow) = header.width.multipliedReportingOverflow(by: header.height)
    let (bytesNeeded, overflow2) = pixels.multipliedReportingOverflow(by: header.channels * header.bytesPerSample)
    let size = overflow || overflow2 ? Int.max : bytesNeeded
    guard size <= limits.maxImageBytes else {
      throw RasterError(
        code: .limitExceeded,
        message:
          "\(header.width)×\(header.height) decodes to \(size) bytes, over the \(limits.maxImageBytes)-byte limit",
        path: path)
    }
    let (cap, capOverflow) = max(bytes.count, 1).multipliedReportingOverflow(by: limits.maxExpansion)
    guard capOverflow || size <= cap + (1 << 20) else {
      throw RasterError(
        code: .limitExceeded,
        message:
          "\(bytes.count) bytes claim \(size) bytes of pixels, over \(limits.maxExpansion)× the file (a decompression bomb?)",
        path: path)
    }
    var samples = [UInt8](repeating: 0, count: size)
    switch header.format {
    case .png:
      var info = cannotapng_info()
      let status = bytes.withUnsafeBufferPointer { input in
        samples.withUnsafeMutableBufferPointer { output in
          cannotapng_read(
            input.baseAddress, input.count, &info, output.baseAddress, output.count, UInt32(header.width),
            UInt32(header.height))
        }
      }
      guard status == 0 else {
        throw RasterError(
          code: .malformed, message: "the PNG's pixels cannot be decoded", path: path, cause: message(info.message))
      }
    default:
      var info = cannotajpeg_info()
      let status = bytes.withUnsafeBufferPointer { input in
        samples.withUnsafeMutableBufferPointer { output in
          cannotajpeg_read(
            input.baseAddress, input.count, &info, output.baseAddress, output.count, Int32(header.channels))
        }
      }
      guard status == 0 else {
        throw RasterError(
          code: .malformed, message: "the JPEG's pixels cannot be decoded", path: path, cause: message(info.message))
      }
    }
    return RasterImage(header: header, samples: samples)
  }

  private static func pngHeader(_ bytes: [UInt8], path: String) throws(RasterError) -> RasterHeader {
    var info = cannotapng_info()
    let status = bytes.withUnsafeBufferPointer { input in
      cannotapng_read(input.baseAddress, input.count, &info, nil, 0, 1 << 24, 1 << 24)
    }
    guard status == 0 else {
      throw RasterError(
        code: .malformed, message: "not a readable PNG header", path: path, cause: message(info.message))
    }
    return RasterHeader(
      format: .png, width: Int(info.width), height: Int(info.height), channels: Int(info.channels),
      storedBits: Int(info.bit_depth), isPalette: info.color_type == cannotapng_color_palette())
  }

  private static func jpegHeader(_ bytes: [UInt8], path: String) throws(RasterError) -> RasterHeader {
    var info = cannotajpeg_info()
    let status = bytes.withUnsafeBufferPointer { input in
      cannotajpeg_read(input.baseAddress, input.count, &info, nil, 0, 1)
    }
    guard status == 0, info.width > 0, info.height > 0 else {
      throw RasterError(
        code: .malformed, message: "not a readable JPEG header", path: path, cause: message(info.message))
    }
    return RasterHeader(
      format: .jpeg, width: Int(info.width), height: Int(info.height),
      channels: info.colorspace == cannotajpeg_colorspace_gray() ? 1 : 3, storedBits: 8, isPalette: false)
  }

  /// A C message buffer as text.
  static func message<T>(_ tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
  }
}
