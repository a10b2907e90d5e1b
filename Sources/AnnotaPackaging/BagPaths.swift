// SPDX-License-Identifier: Apache-2.0

/// Paths as BagIt manifests write them (RFC 8493 §2.1.3): `/` separators, and CR, LF and `%`
/// percent-encoded.
enum BagPaths {
  static func encode(_ path: String) -> String {
    var out = ""
    for character in path.unicodeScalars {
      switch character {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }

  /// The path with `%0D`, `%0A` and `%25` decoded (either case of hex digit), left to right, so
  /// `%250A` is the name `%0A`; other `%` sequences are left as written.
  static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard bytes.contains(UInt8(ascii: "%")) else { return String(decoding: bytes, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count {
        let decoded: UInt8? =
          switch (bytes[index + 1], lowercased(bytes[index + 2])) {
          case (UInt8(ascii: "0"), UInt8(ascii: "d")): UInt8(ascii: "\r")
          case (UInt8(ascii: "0"), UInt8(ascii: "a")): UInt8(ascii: "\n")
          case (UInt8(ascii: "2"), UInt8(ascii: "5")): UInt8(ascii: "%")
          default: nil
          }
        if let decoded {
          out.append(decoded)
          index += 3
          continue
        }
      }
      out.append(bytes[index])
      index += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func lowercased(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
  }

  /// Whether a manifest path stays inside the bag: relative, no `..`, no `~`, no empty segment.
  static func isSafe(_ path: String) -> Bool {
    var path = path
    return path.withUTF8 { bytes in
      guard let first = bytes.first, first != UInt8(ascii: "/"), first != UInt8(ascii: "~"), !bytes.contains(0) else {
        return false
      }
      // Every segment between slashes is non-empty and not `..`.
      return bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).allSatisfy { segment in
        !segment.isEmpty && !segment.elementsEqual("..".utf8)
      }
    }
  }
}
