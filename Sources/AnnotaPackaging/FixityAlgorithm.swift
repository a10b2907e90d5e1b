// SPDX-License-Identifier: Apache-2.0
internal import Crypto

/// The checksum algorithms of a bundle's manifests (RFC 8493 §2.4: SHA-256 and SHA-512 are required of
/// every BagIt 1.0 tool).
public enum FixityAlgorithm: String, Sendable, CaseIterable, Comparable {
  /// SHA-256 (`manifest-sha256.txt`).
  case sha256
  /// SHA-512 (`manifest-sha512.txt`), RFC 8493's default.
  case sha512

  /// Orders by name, as the manifests are listed.
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Lowercase hex digits of a digest: 64 for SHA-256, 128 for SHA-512.
  var digits: Int { self == .sha256 ? 64 : 128 }
}

/// Several digests of one stream of bytes, updated together so each file is read once.
struct MultiHasher {
  private var sha256: SHA256?
  private var sha512: SHA512?

  init(_ algorithms: Set<FixityAlgorithm>) {
    sha256 = algorithms.contains(.sha256) ? SHA256() : nil
    sha512 = algorithms.contains(.sha512) ? SHA512() : nil
  }

  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    sha256?.update(bufferPointer: bytes)
    sha512?.update(bufferPointer: bytes)
  }

  /// Hex digests by algorithm.
  func finalize() -> [FixityAlgorithm: String] {
    var out: [FixityAlgorithm: String] = [:]
    if let sha256 { out[.sha256] = Self.hex(sha256.finalize()) }
    if let sha512 { out[.sha512] = Self.hex(sha512.finalize()) }
    return out
  }

  private static func hex(_ digest: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
