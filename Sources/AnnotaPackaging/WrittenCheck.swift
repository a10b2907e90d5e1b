// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// How a writer checks the bundle it has just written, after flushing it to disk and before
/// reporting it.
public enum WrittenCheck: Sendable, Hashable {
  /// The bundle's verifier on everything but the payload's bytes: declaration, tag files and their
  /// checksums, manifests against the files on disk both ways, every file's size on disk, with the
  /// payload's checksums as they were computed from the bytes written. The payload is not read back:
  /// right after writing it would come from the page cache, which proves nothing about the disk.
  case recorded
  /// The bundle's verifier in full, every file read back from the disk after dropping it from the
  /// page cache (`posix_fadvise(DONTNEED)` once the flush has made its pages clean).
  case reread
}

/// The bundle just written, as its verifier reads it under a ``WrittenCheck``.
struct WrittenSource: BundleSource {
  let folder: FolderSource
  let check: WrittenCheck
  /// Sizes and checksums of the files written, by path in the bundle.
  let written: [String: (size: Int, digests: [FixityAlgorithm: String])]

  /// - Parameters:
  ///   - root: the bundle.
  ///   - check: what to read back.
  ///   - payload: the files copied, with paths relative to the payload folder.
  ///   - prefix: the payload folder's path in the bundle with its slash (`data/`), or empty.
  init(root: String, check: WrittenCheck, payload: [PayloadCopy.Copied], prefix: String) {
    folder = FolderSource(root: root, dropsCache: check == .reread)
    self.check = check
    var written: [String: (size: Int, digests: [FixityAlgorithm: String])] = [:]
    for file in payload { written[prefix + file.path] = (file.size, file.digests) }
    self.written = written
  }

  func text(_ path: String) -> String? { folder.text(path) }
  func isFolder(_ path: String) -> Bool { folder.isFolder(path) }
  func walk(_ path: String) -> [(path: String, kind: PayloadWalk.Kind)] { folder.walk(path) }
  func topLevel() -> [String] { folder.topLevel() }

  func hash(_ path: String, algorithms: Set<FixityAlgorithm>) throws(PackError) -> ([FixityAlgorithm: String], Int) {
    guard check == .recorded, let file = written[path], algorithms.isSubset(of: file.digests.keys) else {
      return try folder.hash(path, algorithms: algorithms)
    }
    var info = stat()
    guard lstat(folder.root + "/" + path, &info) == 0 else {
      throw PackError(code: .io, message: "cannot be examined", path: path, cause: FileStreaming.reason())
    }
    guard Int(info.st_size) == file.size else {
      throw PackError(code: .io, message: "\(info.st_size) bytes on disk, \(file.size) were written", path: path)
    }
    return (file.digests.filter { algorithms.contains($0.key) }, file.size)
  }
}
