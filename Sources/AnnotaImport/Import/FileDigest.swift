// SPDX-License-Identifier: Apache-2.0
internal import Crypto

#if canImport(Glibc)
  import Glibc
#endif

/// SHA-256 of files, streamed in 1 MiB chunks (swift-crypto: BoringSSL's SHA-NI code).
public enum FileDigest {
  /// The file's SHA-256 as 64 lowercase hex digits.
  /// - Parameter path: the file.
  /// - Returns: the digest.
  /// - Throws: ``ImportError`` when the file cannot be read.
  public static func sha256(_ path: String) throws -> String {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw ImportError(code: .unreadable, message: "cannot read the file", path: path)
    }
    defer { close(descriptor) }
    var hasher = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count == 0 { break }
      guard count > 0 else {
        if errno == EINTR { continue }
        throw ImportError(code: .unreadable, message: "reading failed", path: path)
      }
      buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
    return hasher.finalize().map { byte in
      let hex = String(byte, radix: 16)
      return hex.count == 1 ? "0" + hex : hex
    }.joined()
  }
}
