// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The names in one folder, read without touching memory past the end of a directory record.
///
/// `readdir` returns records only as long as their name (`d_reclen`), packed in a buffer. Copying
/// `entry.pointee` (or its `d_name` tuple) reads the full `struct dirent`, up to 255 bytes past a
/// short last record: out of the buffer, and a crash when that crosses into an unmapped page (seen
/// as a rare segfault listing a folder of 2 000 files). The name is read from its own address, up to
/// its terminating zero, instead.
public enum DirectoryNames {
  /// The entries of `folder` except `.` and `..`, in the order the file system gives them.
  /// - Parameter folder: the folder to list.
  /// - Returns: the names (hidden ones included), or `nil` when the folder cannot be opened or read
  ///   to its end; `errno` then still says why.
  public static func of(_ folder: String) -> [String]? {
    guard let directory = opendir(folder) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    // `readdir` returns nil at the end and on an error alike; only `errno` tells them apart.
    errno = 0
    while let entry = readdir(directory) {
      let name = name(of: entry)
      if name != ".", name != ".." { names.append(name) }
      errno = 0
    }
    // A listing cut short by an error is no listing: the caller must not take it as complete.
    return errno == 0 ? names : nil
  }

  /// The name of one record, read in place.
  private static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
    guard let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else {
      preconditionFailure("d_name is a stored field of struct dirent")
    }
    let start = UnsafeRawPointer(entry).advanced(by: offset)
    let length = strlen(start.assumingMemoryBound(to: CChar.self))
    return String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
  }
}
