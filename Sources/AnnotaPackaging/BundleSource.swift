// SPDX-License-Identifier: Apache-2.0
import Synchronization

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Entries whose data did not have their recorded CRC-32, collected as a zip is read.
final class CRCLog: Sendable {
  private let names = Mutex<[String]>([])
  func add(_ name: String) { names.withLock { $0.append(name) } }
  /// The names, sorted, each once.
  var mismatches: [String] { Array(Set(names.withLock { $0 })).sorted() }
}

/// Where a bundle's files are read from: a folder, or a zip read in place.
///
/// The verifiers see only this, so a zip's fixity is checked by streaming its entries, never by
/// extracting them.
protocol BundleSource: Sendable {
  /// A small text file (tag files, manifests, metadata), or `nil` when missing or not UTF-8.
  func text(_ path: String) -> String?
  /// Whether `path` is a folder of the bundle.
  func isFolder(_ path: String) -> Bool
  /// Everything below `folder` but folders, relative to it, in byte order.
  func walk(_ folder: String) -> [(path: String, kind: PayloadWalk.Kind)]
  /// The names at the bundle's top level.
  func topLevel() -> [String]
  /// The file's digests and size, read once.
  func hash(_ path: String, algorithms: Set<FixityAlgorithm>) throws(PackError) -> ([FixityAlgorithm: String], Int)
}

/// A bundle in a folder.
struct FolderSource: BundleSource {
  let root: String
  /// Drop each file from the page cache before reading it, so it is read from the disk.
  var dropsCache = false

  func text(_ path: String) -> String? { BagVerifier.readText(root + "/" + path) }

  func isFolder(_ path: String) -> Bool {
    var info = stat()
    return lstat(root + "/" + path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  func walk(_ folder: String) -> [(path: String, kind: PayloadWalk.Kind)] {
    (try? PayloadWalk.walk(folder.isEmpty ? root : root + "/" + folder)) ?? []
  }

  func topLevel() -> [String] { BagVerifier.topLevelNames(root) }

  func hash(_ path: String, algorithms: Set<FixityAlgorithm>) throws(PackError) -> ([FixityAlgorithm: String], Int) {
    try FileStreaming.hash(root + "/" + path, algorithms: algorithms, dropCache: dropsCache)
  }
}

/// A bundle in a zip, read in place: entries are located through the central directory and streamed
/// from their offsets; names that would leave the bundle and link entries are never offered.
struct ZipSource: BundleSource {
  let zip: String
  let entries: [String: ZipReader.Entry]
  /// Every entry read has its CRC-32 checked on the way (the same read as its hash).
  let crcLog = CRCLog()

  /// Opens `zip`'s directory; entries with unsafe names or links are left out (ZIP rules report them).
  init(zip: String) throws(PackError) {
    self.zip = zip
    let descriptor = open(zip, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw PackError(code: .io, message: "cannot be opened", path: zip, cause: FileStreaming.reason())
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw PackError(code: .io, message: "cannot be examined", path: zip) }
    var map: [String: ZipReader.Entry] = [:]
    for entry in try ZipReader.directory(descriptor, size: UInt64(info.st_size))
    where !entry.name.hasSuffix("/") && !entry.isLink && entry.hasSafeName && map[entry.name] == nil {
      map[entry.name] = entry
    }
    entries = map
  }

  func text(_ path: String) -> String? {
    guard let entry = entries[path], entry.size <= 256 << 20 else { return nil }
    var bytes: [UInt8] = []
    do { try read(entry) { bytes += $0 } } catch { return nil }
    return String(validating: bytes, as: UTF8.self)
  }

  func isFolder(_ path: String) -> Bool { entries.keys.contains { $0.hasPrefix(path + "/") } }

  func walk(_ folder: String) -> [(path: String, kind: PayloadWalk.Kind)] {
    let prefix = folder.isEmpty ? "" : folder + "/"
    return entries.values.filter {
      $0.name.hasPrefix(prefix) && !$0.name.dropFirst(prefix.count).split(separator: "/").contains { $0.hasPrefix(".") }
    }
    .map { (String($0.name.dropFirst(prefix.count)), PayloadWalk.Kind.regular(size: Int($0.size))) }
    .sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
  }

  func topLevel() -> [String] { Array(Set(entries.keys.map { String($0.split(separator: "/").first ?? "") })) }

  func hash(_ path: String, algorithms: Set<FixityAlgorithm>) throws(PackError) -> ([FixityAlgorithm: String], Int) {
    guard let entry = entries[path] else { throw PackError(code: .io, message: "not in the zip", path: path) }
    var hasher = MultiHasher(algorithms)
    try read(entry) { chunk in chunk.withUnsafeBytes { hasher.update($0) } }
    return (hasher.finalize(), Int(entry.size))
  }

  /// Streams a stored entry's data in 1 MiB chunks (compressed or encrypted entries are refused).
  private func read(_ entry: ZipReader.Entry, _ body: (ArraySlice<UInt8>) -> Void) throws(PackError) {
    guard entry.method == 0, entry.flags & 1 == 0 else {
      throw PackError(code: .io, message: "a compressed or encrypted entry; Annota reads stored zips", path: entry.name)
    }
    let descriptor = open(zip, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw PackError(code: .io, message: "cannot be opened", path: zip, cause: FileStreaming.reason())
    }
    defer { close(descriptor) }
    let start = try ZipReader.dataStart(descriptor, entry)
    var buffer = [UInt8](repeating: 0, count: Int(min(UInt64(FileStreaming.chunk), max(1, entry.size))))
    var done: UInt64 = 0
    var crc = CRC32()
    while done < entry.size {
      let want = Int(min(UInt64(buffer.count), entry.size - done))
      let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, want, off_t(start + done)) }
      guard count > 0 else { throw PackError(code: .io, message: "the entry's data is cut short", path: entry.name) }
      buffer.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
      body(buffer[0..<count])
      done += UInt64(count)
    }
    if crc.value != entry.crc { crcLog.add(entry.name) }
  }
}

/// A folder inside another source (a crate as a bag's `data/`), with paths relative to it.
struct PrefixedSource<Base: BundleSource>: BundleSource {
  let base: Base
  let prefix: String

  private func full(_ path: String) -> String { prefix.isEmpty ? path : path.isEmpty ? prefix : prefix + "/" + path }

  func text(_ path: String) -> String? { base.text(full(path)) }
  func isFolder(_ path: String) -> Bool { base.isFolder(full(path)) }
  func walk(_ folder: String) -> [(path: String, kind: PayloadWalk.Kind)] { base.walk(full(folder)) }

  func topLevel() -> [String] {
    prefix.isEmpty
      ? base.topLevel() : Array(Set(base.walk(prefix).map { String($0.path.split(separator: "/").first ?? "") }))
  }

  func hash(_ path: String, algorithms: Set<FixityAlgorithm>) throws(PackError) -> ([FixityAlgorithm: String], Int) {
    try base.hash(full(path), algorithms: algorithms)
  }
}
