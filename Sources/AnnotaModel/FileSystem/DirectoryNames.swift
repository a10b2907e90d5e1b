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
  /// - Returns: the names (hidden ones included), or `nil` when the folder cannot be opened; `errno`
  ///   then still says why.
  public static func of(_ folder: String) -> [String]? {
    guard let directory = opendir(folder) else { return nil }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = name(of: entry)
      if name != ".", name != ".." { names.append(name) }
    }
    return names
  }

  /// The name of one record, read in place.
  private static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0
    let start = UnsafeRawPointer(entry).advanced(by: offset)
    let length = strlen(start.assumingMemoryBound(to: CChar.self))
    return String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
  }
}
