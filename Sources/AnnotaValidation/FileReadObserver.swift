// SPDX-License-Identifier: Apache-2.0

/// Sees each file's bytes in validation's one read, so other work on the same files (a pack's copy
/// and its manifests' hashes) needs no second read.
///
/// It is called from the reading tasks, concurrently, once per file read whole into memory (files up
/// to 256 MiB); larger files are hashed and decoded in streams and are not offered, so whoever
/// observes must read those itself.
public struct FileReadObserver: Sendable {
  let body: @Sendable (_ path: String, _ bytes: UnsafeRawBufferPointer, _ sha256: String) -> Void

  /// Creates an observer.
  /// - Parameter body: called with the file's path relative to the dataset, its bytes (valid only
  ///   during the call) and their SHA-256 in lowercase hex.
  public init(_ body: @escaping @Sendable (_ path: String, _ bytes: UnsafeRawBufferPointer, _ sha256: String) -> Void) {
    self.body = body
  }
}
