// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaScan
import AnnotaTIFF
internal import Crypto
import Synchronization

/// Files hashed on the cores a run leaves idle while it reads the manifest and plans its checks,
/// so that a run with a facts cache finds more files in it without reading them again.
///
/// A digest here is of the bytes a file had when it was hashed, earlier in the same run; the facts
/// the cache holds for that digest are those bytes' facts, as if the read pass had read the file
/// then. Nothing is trusted by size, time or inode. A file without a digest here is read as usual,
/// and a cache miss reads and hashes the file again, so the facts decoded are of the bytes hashed.
/// Hashing stops when the read pass starts: on a cold cache its work would be done twice.
struct EarlyHashes: Sendable {
  /// A file's SHA-256 (lowercase hex) and size, from one read.
  struct Digest: Sendable, Equatable {
    var sha256: String
    var size: Int
  }

  private final class State: Sendable {
    let digests = Mutex<[String: Digest]>([:])
    let stopping = Atomic<Bool>(false)
  }

  private let state = State()
  private let listing: Task<FolderScanner.Listing, Never>
  private let task: Task<Void, Never>

  /// Starts hashing the regular files below `root` (as ``FolderScanner/listing(of:)`` lists them)
  /// on `width` threads, until ``finish()``.
  /// - Parameters:
  ///   - root: the dataset folder.
  ///   - width: threads to hash on (at least 1).
  init(root: String, width: Int) {
    let state = state
    let listing = Task { FolderScanner.listing(of: root) }
    self.listing = listing
    task = Task {
      let files = await listing.value.files
      try? await BoundedParallel.forEach(files, width: max(1, width)) { path in
        guard !state.stopping.load(ordering: .relaxed) else { return }
        // The same read as the read pass's: files it would stream are left to it.
        guard let buffer = try? FileBuffer(contentsOf: root + "/" + path, maxBytes: FileReadPass.inMemoryLimit)
        else { return }
        let digest = Digest(sha256: FactsCache.hex(SHA256.hash(data: buffer.bytes)), size: buffer.bytes.count)
        state.digests.withLock { $0[path] = digest }
      } emit: { _, _ in
      }
    }
  }

  /// The folder's listing the hashing works from, so the run walks the folder once.
  func folderListing() async -> FolderScanner.Listing { await listing.value }

  /// Stops hashing, waits for the files being hashed, and returns every digest taken, by path.
  /// - Parameter stopping: `false` to hash every file first.
  func finish(stopping: Bool = true) async -> [String: Digest] {
    if stopping { state.stopping.store(true, ordering: .relaxed) }
    await task.value
    return state.digests.withLock { $0 }
  }
}
