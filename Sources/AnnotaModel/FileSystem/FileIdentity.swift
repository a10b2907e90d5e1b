// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Which file, at which state: device, inode, size, and the times of its last data and status
/// changes, to the nanosecond.
///
/// Two equal identities taken before and after reading a file mean the bytes read are the file's
/// bytes at that state; the status-change time cannot be set by a program, so a rewrite that keeps
/// size and modification time still changes it. Never a cache key (files are known by content),
/// only a guard around one read.
public struct FileIdentity: Sendable, Hashable {
  /// The device and inode.
  public var device: UInt64, inode: UInt64
  /// The size in bytes.
  public var size: Int64
  /// The last data change and the last status change, in nanoseconds since the epoch.
  public var modified: Int64, changed: Int64

  /// The identity of the file at `path` (links followed), or `nil` when it cannot be examined.
  /// - Parameter path: the file.
  public init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.init(info)
  }

  /// The identity of an open file, or `nil` when it cannot be examined.
  /// - Parameter descriptor: the open file.
  public init?(descriptor: Int32) {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    self.init(info)
  }

  private init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
    size = Int64(info.st_size)
    #if canImport(Glibc)
      modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
      changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    #else
      modified = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
      changed = Int64(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(info.st_ctimespec.tv_nsec)
    #endif
  }
}
