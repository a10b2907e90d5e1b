// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Reading a file once in 1 MiB chunks: hashed with every algorithm and, when packing, written to its
/// copy in the same pass.
enum FileStreaming {
  static let chunk = 1 << 20

  /// Hashes `path` (and copies it to `copy`, created exclusively, when given).
  /// - Parameter dropCache: first drop the file's clean pages from the page cache, so the bytes
  ///   come from the disk (pages not yet written back stay: flush first).
  /// - Returns: the digests and the number of bytes read.
  static func hash(
    _ path: String, algorithms: Set<FixityAlgorithm>, copyTo copy: String? = nil, dropCache: Bool = false
  ) throws(PackError) -> (digests: [FixityAlgorithm: String], bytes: Int) {
    let input = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard input >= 0 else { throw PackError(code: .io, message: "cannot be read", path: path, cause: reason()) }
    defer { close(input) }
    var info = stat()
    guard fstat(input, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      throw PackError(code: .unsafeInput, message: "not a regular file", path: path)
    }
    if dropCache { _ = posix_fadvise(input, 0, 0, POSIX_FADV_DONTNEED) }
    var output: Int32 = -1
    if let copy {
      output = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      guard output >= 0 else { throw PackError(code: .io, message: "cannot be created", path: copy, cause: reason()) }
    }
    defer { if output >= 0 { close(output) } }
    var hasher = MultiHasher(algorithms)
    // Sized to the file and left uninitialised: a zeroed 1 MiB buffer per file would be a 1 MiB
    // memset for every small file of a dataset.
    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(1, min(chunk, Int(info.st_size) + 1)), alignment: 64)
    defer { buffer.deallocate() }
    var total = 0
    while true {
      let count = read(input, buffer.baseAddress, buffer.count)
      if count == 0 { break }
      guard count > 0 else {
        if errno == EINTR { continue }
        throw PackError(code: .io, message: "reading failed", path: path, cause: reason())
      }
      total += count
      let slice = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
      hasher.update(slice)
      if output >= 0 { try writeAll(output, slice, path: copy ?? path) }
    }
    // A file that changed size while being read is not the file that was listed.
    guard total == Int(info.st_size) else {
      throw PackError(
        code: .io, message: "changed while being read (\(info.st_size) bytes at the start, \(total) read)", path: path)
    }
    // Copies are flushed once for the whole bundle (`Staging.flush`), not one fsync per file; their
    // writeback starts now, while the next files are read.
    if output >= 0 { Staging.startWriteback(output) }
    return (hasher.finalize(), total)
  }

  /// Writes all of `bytes`, retrying short writes; a full disk is an error naming the file.
  static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(PackError) {
    var offset = 0
    while offset < bytes.count {
      #if DEBUG
        let wanted = WriteFault.allowance(bytes.count - offset)
        let written = wanted == 0 ? -1 : write(descriptor, bytes.baseAddress! + offset, wanted)
      #else
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      #endif
      guard written > 0 else {
        if written < 0, errno == EINTR { continue }
        throw PackError(code: .io, message: "writing failed", path: path, cause: reason())
      }
      offset += written
    }
  }

  /// Writes a small file whole, exclusively created, flushed.
  static func writeFile(_ path: String, _ text: String) throws(PackError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw PackError(code: .io, message: "cannot be created", path: path, cause: reason()) }
    defer { close(descriptor) }
    let failure = Array(text.utf8).withUnsafeBytes { raw -> PackError? in
      do throws(PackError) { try writeAll(descriptor, raw, path: path) } catch { return error }
      return nil
    }
    if let failure { throw failure }
  }

  static func reason() -> SystemError { .current }
}
