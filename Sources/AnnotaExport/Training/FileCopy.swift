// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Copies files byte for byte the fastest way the filesystem allows: a clone (reflink) where it
/// can share blocks, else an in-kernel copy, else read and write; or a hard link when asked.
///
/// The source is only read. A hard link shares the source's inode, so only layouts whose readers
/// never write to their input ask for one.
enum FileCopy {
  /// How a file arrived.
  enum Method: String, Sendable {
    /// A hard link to the source.
    case link
    /// A clone sharing the source's blocks (btrfs, XFS).
    case clone
    /// Bytes copied.
    case copy
  }

  /// Copies (or links) `source` to a new file `target`.
  /// - Parameters:
  ///   - source: an existing regular file.
  ///   - target: a path that does not exist yet.
  ///   - hardLink: try a hard link first.
  /// - Returns: how the file arrived.
  /// - Throws: ``ExportError`` (`.unreadable` for the source, `.notWritten` for the target).
  @discardableResult
  static func copy(_ source: String, to target: String, hardLink: Bool = false) throws(ExportError) -> Method {
    if hardLink, link(source, target) == 0 { return .link }
    let input = open(source, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard input >= 0 else {
      throw ExportError(code: .unreadable, message: "cannot open the file: \(errorText())", path: source)
    }
    defer { close(input) }
    var status = stat()
    guard fstat(input, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      throw ExportError(code: .unreadable, message: "not a regular file", path: source)
    }
    let output = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard output >= 0 else {
      throw ExportError(code: .notWritten, message: "cannot create the file: \(errorText())", path: target)
    }
    var closed = false
    defer { if !closed { close(output) } }
    let size = Int(status.st_size)
    // FICLONE: the whole file as shared blocks, when the filesystem can.
    if size > 0, ioctl(output, 0x4004_9409, input) == 0 {
      closed = true
      guard close(output) == 0 else {
        throw ExportError(code: .notWritten, message: "cannot finish the file: \(errorText())", path: target)
      }
      return .clone
    }
    var copied = 0
    while copied < size {
      let sent = sendfile(output, input, nil, size - copied)
      if sent > 0 {
        copied += sent
        continue
      }
      if sent < 0, errno == EINTR { continue }
      if copied == 0 { break }  // sendfile refused from the start: copy through memory below
      throw ExportError(code: .notWritten, message: "copy failed: \(errorText())", path: target)
    }
    if copied < size {
      var buffer = [UInt8](repeating: 0, count: 1 << 20)
      while true {
        let got = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
        if got < 0, errno == EINTR { continue }
        guard got >= 0 else {
          throw ExportError(code: .unreadable, message: "read failed: \(errorText())", path: source)
        }
        if got == 0 { break }
        try writeAll(buffer[..<got], to: output, path: target)
        copied += got
      }
    }
    closed = true
    guard close(output) == 0 else {
      throw ExportError(code: .notWritten, message: "cannot finish the file: \(errorText())", path: target)
    }
    guard copied == size else {
      throw ExportError(
        code: .unreadable, message: "the file changed size while it was copied (\(size) → \(copied) bytes)",
        path: source)
    }
    return .copy
  }

  /// Creates the file `path` (which must not exist) with `bytes`.
  /// - Parameters:
  ///   - bytes: the content.
  ///   - path: the file.
  /// - Throws: ``ExportError`` `.notWritten`.
  static func create(_ path: String, with bytes: some Collection<UInt8>) throws(ExportError) {
    let output = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard output >= 0 else {
      throw ExportError(code: .notWritten, message: "cannot create the file: \(errorText())", path: path)
    }
    do {
      try writeAll(Array(bytes)[...], to: output, path: path)
    } catch {
      close(output)
      throw error
    }
    guard close(output) == 0 else {
      throw ExportError(code: .notWritten, message: "cannot finish the file: \(errorText())", path: path)
    }
  }

  private static func writeAll(_ bytes: ArraySlice<UInt8>, to output: Int32, path: String) throws(ExportError) {
    guard bytes.withUnsafeBytes({ DescriptorWrite.all($0, to: output) }) else {
      throw ExportError(code: .notWritten, message: "write failed: \(errorText())", path: path)
    }
  }

  private static func errorText() -> String { String(cString: strerror(errno)) }
}
