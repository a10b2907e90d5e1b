// SPDX-License-Identifier: Apache-2.0
import AnnotaXMLSupport
import FoundationEssentials

/// Decodes OME `BinData`: base64, optionally zlib-compressed, then bit- or byte-packed masks.
enum OMEBinData {
  /// A mask's width × height values (0/1) from its BinData.
  ///
  /// Whether the bytes are bit-packed (one bit per pixel, most significant first, no row padding)
  /// or byte-packed (one byte per pixel) is decided by the decoded length, never by `Length`,
  /// which writers fill in inconsistently.
  static func maskBits(_ element: XMLElement?, width: Int, height: Int, line: Int) throws -> [UInt8] {
    guard let element else { throw OMEError(message: "Mask has no BinData", line: line) }
    let bytes = try decode(element)
    let pixels = width * height
    if bytes.count >= pixels {
      return bytes.prefix(pixels).map { $0 == 0 ? 0 : 1 }
    }
    guard bytes.count * 8 >= pixels else {
      throw OMEError(
        message: "Mask BinData holds \(bytes.count) bytes: too few for \(width)×\(height) pixels, bit- or byte-packed",
        line: element.line)
    }
    var bits = [UInt8](repeating: 0, count: pixels)
    for index in 0..<pixels { bits[index] = (bytes[index >> 3] >> (7 - UInt8(index & 7))) & 1 }
    return bits
  }

  /// The decoded bytes of a BinData element.
  static func decode(_ element: XMLElement) throws -> [UInt8] {
    let text = element.text.filter { !$0.isWhitespace }
    guard let data = Data(base64Encoded: text) else {
      throw OMEError(message: "BinData is not valid base64", line: element.line)
    }
    switch element.attribute("Compression") ?? "none" {
    case "none": return Array(data)
    case "zlib": return try inflate(Array(data), line: element.line)
    case let other: throw OMEError(message: "BinData compression \"\(other)\" is not supported", line: element.line)
    }
  }

  /// zlib inflate with a bound: a mask never needs more than 64 MiB.
  static func inflate(_ input: [UInt8], line: Int, limit: Int = 64 << 20) throws -> [UInt8] {
    do { return try ZlibInflate.inflate(input, limit: limit) } catch {
      throw OMEError(message: "BinData \(error.message)", line: line)
    }
  }
}
