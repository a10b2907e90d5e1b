// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// The files below a folder, by relative path in byte order, found with `lstat` (links are never
/// followed blindly).
enum PayloadWalk {
  /// One file found, ready to read.
  struct Entry {
    var path: String
    var size: Int
    /// Where to read it: the file itself, or the file a link inside the dataset names.
    var source: String
  }

  /// What `lstat` found at a path.
  enum Kind {
    case regular(size: Int)
    /// A symbolic link, with the real path it resolves to (`nil` when dangling).
    case link(resolved: String?)
    /// A device, FIFO or socket.
    case other
  }

  /// Everything below `root` but folders, hidden entries (`.git`, `.DS_Store`) left out, in byte order.
  /// - Throws: ``PackError`` when a folder cannot be listed.
  static func walk(_ root: String) throws(PackError) -> [(path: String, kind: Kind)] {
    var out: [(path: String, kind: Kind)] = []
    var pending = [""]
    while let relative = pending.popLast() {
      let folder = relative.isEmpty ? root : root + "/" + relative
      guard let names = DirectoryNames.of(folder) else {
        throw PackError(code: .io, message: "cannot be listed", path: folder, cause: FileStreaming.reason())
      }
      for name in names where !name.hasPrefix(".") {
        let path = relative.isEmpty ? name : relative + "/" + name
        var info = stat()
        guard lstat(root + "/" + path, &info) == 0 else {
          throw PackError(code: .io, message: "cannot be examined", path: path, cause: FileStreaming.reason())
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: pending.append(path)
        case S_IFREG: out.append((path, .regular(size: Int(info.st_size))))
        case S_IFLNK: out.append((path, .link(resolved: realPath(root + "/" + path))))
        default: out.append((path, .other))
        }
      }
    }
    return out.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
  }

  /// Every regular file below `root`, to be packed.
  /// - Parameter linksInside: what to do with a symbolic link that stays inside `root`: `true` to
  ///   take the file it names, `false` to refuse every link.
  /// - Throws: ``PackError`` for a link leaving `root`, a device or FIFO, or an unreadable folder.
  static func files(in root: String, linksInside: Bool) throws(PackError) -> [Entry] {
    guard let base = realPath(root) else {
      throw PackError(code: .io, message: "cannot be opened", path: root, cause: FileStreaming.reason())
    }
    var out: [Entry] = []
    for (path, kind) in try walk(root) {
      switch kind {
      case .regular(let size): out.append(Entry(path: path, size: size, source: root + "/" + path))
      case .link(let resolved):
        guard let resolved, resolved.hasPrefix(base + "/") else {
          throw PackError(
            code: .unsafeInput, message: "a symbolic link that leaves the dataset; refusing to follow it", path: path)
        }
        guard linksInside else { throw PackError(code: .unsafeInput, message: "a symbolic link", path: path) }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
          throw PackError(code: .unsafeInput, message: "a symbolic link to something not a regular file", path: path)
        }
        out.append(Entry(path: path, size: Int(info.st_size), source: resolved))
      case .other:
        throw PackError(
          code: .unsafeInput, message: "not a regular file or folder (a device, FIFO or socket)", path: path)
      }
    }
    return out
  }

  static func realPath(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard realpath(path, &buffer) != nil else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
