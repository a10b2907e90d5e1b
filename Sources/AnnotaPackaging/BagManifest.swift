// SPDX-License-Identifier: Apache-2.0

/// A BagIt manifest's lines (RFC 8493 §2.1.3, §2.2.1): `checksum <white space> path`, one per line,
/// parsed on the UTF-8 bytes.
///
/// A manifest of a large bag has a line per file; parsing it on `Character`s cost more than hashing
/// a small file, and it is the serial step before any file is hashed.
struct BagManifest {
  /// A well-formed line: the checksum in lowercase hex and the decoded path.
  struct Entry: Equatable {
    var digest: String
    var path: String
    /// The line's number, from 1, counting empty lines.
    var row: Int
  }

  /// A line that is not a checksum, white space and a path.
  struct Problem: Equatable {
    /// `true` when the checksum is there but not `digits` hex digits.
    var badChecksum: Bool
    /// The checksum field as written (up to the first white space), or empty.
    var field: String
    var row: Int

    /// What is wrong, for a manifest of `algorithm`.
    func message(_ algorithm: FixityAlgorithm) -> String {
      badChecksum
        ? "`\(field)` is not a \(algorithm.rawValue) checksum" : "expected a checksum, white space and a path"
    }
  }

  var entries: [Entry] = []
  var problems: [Problem] = []

  /// Parses `text`, whose checksums must have `digits` hex digits.
  ///
  /// Empty lines are skipped; a trailing CR on a line is dropped (CRLF manifests); space or tab separates the fields, and any
  /// run of them.
  init(_ text: String, digits: Int) {
    var text = text
    text.withUTF8 { bytes in parse(bytes, digits: digits) }
  }

  private mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, digits: Int) {
    var start = 0
    var row = 0
    while start < bytes.count {
      row += 1
      var end = start
      while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
      let next = end + 1
      if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
      defer { start = next }
      guard end > start else { continue }
      var space = start
      while space < end, !Self.isBlank(bytes[space]) { space += 1 }
      guard space < end else {
        problems.append(Problem(badChecksum: false, field: "", row: row))
        continue
      }
      var pathStart = space
      while pathStart < end, Self.isBlank(bytes[pathStart]) { pathStart += 1 }
      let checksum = UnsafeBufferPointer(rebasing: bytes[start..<space])
      guard checksum.count == digits, let digest = Self.lowercaseHex(checksum) else {
        problems.append(Problem(badChecksum: true, field: String(decoding: checksum, as: UTF8.self), row: row))
        continue
      }
      let path = BagPaths.decode(UnsafeBufferPointer(rebasing: bytes[pathStart..<end]))
      entries.append(Entry(digest: digest, path: path, row: row))
    }
  }

  private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

  /// The bytes as lowercase hex, or `nil` when one is not a hex digit.
  private static func lowercaseHex(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var valid = true
    let text = String(unsafeUninitializedCapacity: bytes.count) { out in
      for (index, byte) in bytes.enumerated() {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): out[index] = byte
        case UInt8(ascii: "A")...UInt8(ascii: "F"): out[index] = byte + 32
        default:
          valid = false
          return 0
        }
      }
      return bytes.count
    }
    return valid ? text : nil
  }
}
