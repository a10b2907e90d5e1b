// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// A regular file's bytes, read once into memory, so that the bytes a validator hashes are the bytes
/// it decodes (``TIFFReader/init(buffer:limits:)``), with one pass over the disk.
///
/// Immutable once read; the memory is freed when the last reference goes.
public final class FileBuffer: @unchecked Sendable {
  /// The file the bytes came from.
  public let path: String
  /// The bytes, as read.
  public let bytes: UnsafeRawBufferPointer
  private let storage: UnsafeMutableRawBufferPointer

  /// Reads a whole regular file.
  /// - Parameters:
  ///   - path: the file.
  ///   - maxBytes: the largest file read into memory; larger files are refused with
  ///     ``TIFFError/Code/limitExceeded`` so the caller can stream them instead.
  /// - Throws: ``TIFFError`` when the file is missing, not a regular file, unreadable or too large.
  public init(contentsOf path: String, maxBytes: Int) throws(TIFFError) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw TIFFError(
        code: .openFailed, message: "cannot open the file: \(String(cString: strerror(errno)))", path: path)
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      throw TIFFError(code: .openFailed, message: "not a regular file", path: path)
    }
    let size = Int(info.st_size)
    guard size <= maxBytes else {
      throw TIFFError(
        code: .limitExceeded, message: "\(size) bytes, over the \(maxBytes)-byte in-memory limit", path: path)
    }
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
    var filled = 0
    while filled < size {
      let count = read(descriptor, storage.baseAddress! + filled, size - filled)
      if count == 0 { break }  // the file shrank while being read: keep what is there
      guard count > 0 else {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        storage.deallocate()
        throw TIFFError(code: .openFailed, message: "reading failed: \(reason)", path: path)
      }
      filled += count
    }
    self.path = path
    self.storage = storage
    self.bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<filled])
  }

  deinit { storage.deallocate() }

  /// Whether the bytes start like a TIFF or BigTIFF ("II*\0", "MM\0*", "II+\0", "MM\0+").
  public var looksLikeTIFF: Bool {
    guard bytes.count >= 4 else { return false }
    let head = (bytes[0], bytes[1], bytes[2], bytes[3])
    return head == (0x49, 0x49, 0x2A, 0x00) || head == (0x4D, 0x4D, 0x00, 0x2A)
      || head == (0x49, 0x49, 0x2B, 0x00) || head == (0x4D, 0x4D, 0x00, 0x2B)
  }
}
