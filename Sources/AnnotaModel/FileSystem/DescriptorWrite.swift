// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing a whole buffer to a file descriptor, the one loop the import and export writers share.
public enum DescriptorWrite {
  /// Writes every byte of `bytes` to `descriptor`, retrying short writes and signals.
  /// - Parameters:
  ///   - bytes: the bytes.
  ///   - descriptor: an open file descriptor.
  /// - Returns: `false` on an error, with `errno` saying why (`EIO` when a write took nothing
  ///   without an error).
  public static func all(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var offset = 0
    while offset < bytes.count {
      let count = write(descriptor, base + offset, bytes.count - offset)
      if count < 0, errno == EINTR { continue }
      guard count > 0 else {
        if count == 0 { errno = EIO }  // nothing written and no error: say so, not a stale errno
        return false
      }
      offset += count
    }
    return true
  }
}
