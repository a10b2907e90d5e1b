// SPDX-License-Identifier: Apache-2.0

/// One of `count` shares of a dataset's files, for validating a large dataset as an array of jobs
/// whose parts ``DatasetValidator/merge(_:width:)`` joins.
///
/// The shares are deterministic: every job computes the same assignment from the same folder, so
/// each file is read by exactly one shard. Files are taken largest first (ties by a stable hash of
/// the path) and each goes to the shard with the least work so far, work being a file's bytes plus
/// 64 KiB for its fixed cost, so shards of many small files balance by count and shards of a few
/// large ones by bytes.
public struct ValidationShard: Sendable, Hashable, CustomStringConvertible {
  /// This shard's index, from 0.
  public var index: Int
  /// How many shards there are.
  public var count: Int

  /// Creates a shard.
  /// - Parameters:
  ///   - index: from 0 to `count - 1`.
  ///   - count: at least 1.
  /// - Throws: ``ValidationRunError`` with code `shard` when the index is outside `0..<count`.
  public init(index: Int, count: Int) throws(ValidationRunError) {
    guard count >= 1, (0..<count).contains(index) else {
      throw ValidationRunError(
        code: .shard, message: "a shard is I/N with N ≥ 1 and 0 ≤ I < N (the first of 4 is 0/4)",
        path: "\(index)/\(count)")
    }
    self.index = index
    self.count = count
  }

  /// Parses `I/N`, as `--shard` takes it (Slurm's `$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`).
  /// - Parameter text: for example `3/64`.
  /// - Throws: ``ValidationRunError`` with code `shard` for anything else.
  public init(parsing text: String) throws(ValidationRunError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      throw ValidationRunError(
        code: .shard, message: "a shard is I/N with N ≥ 1 and 0 ≤ I < N (the first of 4 is 0/4)", path: text)
    }
    try self.init(index: index, count: count)
  }

  /// `I/N`.
  public var description: String { "\(index)/\(count)" }

  /// The paths of `files` (path and size in bytes) this shard reads.
  func share(of files: [(path: String, bytes: Int)]) -> Set<String> {
    struct Entry {
      var path: String
      var bytes: Int
      var hash: UInt64
    }
    let order = files.map { Entry(path: $0.path, bytes: $0.bytes, hash: Self.stableHash($0.path)) }.sorted {
      (a: Entry, b: Entry) -> Bool in
      if a.bytes != b.bytes { return a.bytes > b.bytes }
      if a.hash != b.hash { return a.hash < b.hash }
      return a.path < b.path
    }
    var load = [Int](repeating: 0, count: count)
    var mine: Set<String> = []
    for file in order {
      var least = 0
      for shard in 1..<count where load[shard] < load[least] { least = shard }
      load[least] += file.bytes + 64 << 10
      if least == index { mine.insert(file.path) }
    }
    return mine
  }

  /// FNV-1a over the path's UTF-8: the same in every process (Swift's `Hasher` is seeded per run).
  private static func stableHash(_ path: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }
}
