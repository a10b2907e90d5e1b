// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// Sees each file's bytes in validation's one read, so other work on the same files (a pack's copy
/// and its manifests' hashes) needs no second read.
///
/// It is called from the reading tasks, concurrently, once per file read whole into memory (files up
/// to 256 MiB); larger files are hashed and decoded in streams and are not offered, so whoever
/// observes must read those itself.
public struct FileReadObserver: Sendable {
  /// One file as it was read.
  public struct File {
    /// The path relative to the dataset.
    public var path: String
    /// All of its bytes (valid only during the call).
    public var bytes: UnsafeRawBufferPointer
    /// Their SHA-256, in lowercase hex.
    public var sha256: String
    /// The file's identity, the same just before and just after the read (so the bytes are the
    /// file's at that state); `nil` when it changed meanwhile.
    public var identity: FileIdentity?
  }

  let body: @Sendable (File) -> Void

  /// Creates an observer.
  /// - Parameter body: called once for each file read whole.
  public init(_ body: @escaping @Sendable (File) -> Void) { self.body = body }
}
