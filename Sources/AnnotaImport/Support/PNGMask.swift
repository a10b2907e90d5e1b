// SPDX-License-Identifier: Apache-2.0

/// Decodes a PNG into a binary mask (non-zero samples are foreground).
///
/// For the base64 PNG masks of LabelMe files: non-interlaced PNG of every colour type and bit
/// depth; Adam7 is refused.
///
/// Bounded: at most ``maxPixels`` pixels and a limited inflated size, whatever the header claims.
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
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw Failure(message: "not a PNG") }
    var offset = 8
    var header: (width: Int, height: Int, depth: Int, colour: Int, interlace: Int)?
    var compressed: [UInt8] = []
    var ended = false
    func u32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    while offset + 8 <= bytes.count {
      let length = u32(offset)
      let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
      guard length <= bytes.count - offset - 12 else { throw Failure(message: "PNG chunk \(type) runs past the end") }
      let data = bytes[offset + 8..<offset + 8 + length]
      switch type {
      case "IHDR":
        guard length == 13 else { throw Failure(message: "PNG IHDR has \(length) bytes, not 13") }
        let d = Array(data)
        header = (
          d[0..<4].reduce(0) { $0 << 8 | Int($1) }, d[4..<8].reduce(0) { $0 << 8 | Int($1) }, Int(d[8]), Int(d[9]),
          Int(d[12])
        )
      case "IDAT": compressed += data
      case "IEND": ended = true
      default: break
      }
      offset += 12 + length
      if ended { break }
    }
    guard let header else { throw Failure(message: "PNG without IHDR") }
    guard ended else { throw Failure(message: "PNG is truncated (no IEND)") }
    let channels: Int
    switch header.colour {
    case 0, 3: channels = 1
    case 2: channels = 3
    case 4: channels = 2
    case 6: channels = 4
    default: throw Failure(message: "PNG colour type \(header.colour) is not defined")
    }
    guard [1, 2, 4, 8, 16].contains(header.depth) else { throw Failure(message: "PNG bit depth \(header.depth)") }
    guard header.interlace == 0 else { throw Failure(message: "interlaced (Adam7) PNG masks are not supported") }
    let (width, height) = (header.width, header.height)
    guard width > 0, height > 0, width <= maxPixels / height else {
      throw Failure(message: "PNG of \(width)×\(height) pixels is empty or over the \(maxPixels)-pixel limit")
    }
    let bitsPerPixel = channels * header.depth
    let stride = (width * bitsPerPixel + 7) / 8
    let raw: [UInt8]
    do { raw = try ZlibInflate.inflate(compressed, limit: (stride + 1) * height) } catch {
      throw Failure(message: "PNG image data \(error.message)")
    }
    guard raw.count == (stride + 1) * height else {
      throw Failure(
        message: "PNG image data holds \(raw.count) bytes; \(width)×\(height) needs \((stride + 1) * height)")
    }
    let step = max(1, bitsPerPixel / 8)
    var previous = [UInt8](repeating: 0, count: stride)
    var row = [UInt8](repeating: 0, count: stride)
    var bits = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
      let base = y * (stride + 1)
      let filter = raw[base]
      for i in 0..<stride {
        let x = raw[base + 1 + i]
        let a = i >= step ? row[i - step] : 0
        let b = previous[i]
        let c = i >= step ? previous[i - step] : 0
        switch filter {
        case 0: row[i] = x
        case 1: row[i] = x &+ a
        case 2: row[i] = x &+ b
        case 3: row[i] = x &+ UInt8((Int(a) + Int(b)) / 2)
        case 4:
          let p = Int(a) + Int(b) - Int(c)
          let (pa, pb, pc) = (abs(p - Int(a)), abs(p - Int(b)), abs(p - Int(c)))
          row[i] = x &+ (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
        default: throw Failure(message: "PNG row \(y) has filter type \(filter)")
        }
      }
      // Foreground: any non-zero colour sample (alpha is not a colour).
      let colourChannels = header.colour == 4 || header.colour == 6 ? channels - 1 : channels
      for x in 0..<width {
        var on = false
        for channel in 0..<colourChannels {
          let bit = (x * channels + channel) * header.depth
          if header.depth >= 8 {
            let at = bit / 8
            on = on || row[at] != 0 || (header.depth == 16 && row[at + 1] != 0)
          } else {
            on = on || (row[bit / 8] >> (8 - header.depth - bit % 8)) & UInt8((1 << header.depth) - 1) != 0
          }
        }
        bits[y * width + x] = on ? 1 : 0
      }
      swap(&row, &previous)
    }
    return Decoded(width: width, height: height, bits: bits)
  }
}
