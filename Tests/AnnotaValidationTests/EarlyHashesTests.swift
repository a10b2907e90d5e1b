// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaScan
import AnnotaTestSupport
import Foundation
import Testing

@testable import AnnotaValidation

/// Files hashed while a cached run reads its manifest: the digests are the files', a cached file
/// hashed early is not read again, one not cached is read, and the report does not change.
@Suite("Early hashes")
struct EarlyHashesTests {
  @Test func theDigestsAreTheFilesDigests() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let files = FolderScanner.files(in: folder.path)
    let digests = await EarlyHashes(root: folder.path, width: 2).finish(stopping: false)
    #expect(digests.keys.sorted() == files)
    for path in files {
      let read = FileReadPass.read(FileTask(path: path, role: .other), root: folder.path)
      #expect(digests[path] == EarlyHashes.Digest(sha256: read.sha256 ?? "", size: read.size), "\(path)")
    }
    // Stopped at once: whatever was taken is right, and nothing is taken after.
    let early = EarlyHashes(root: folder.path, width: 1)
    let taken = await early.finish()
    #expect(taken.allSatisfy { digests[$0.key] == $0.value })
    #expect(await early.finish(stopping: false) == taken)
  }

  @Test func aFileHashedEarlyIsReadAgainOnlyWithoutCachedFacts() throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let task = FileTask(path: "images/cells_03.tif", role: .image)
    var options = FileReadPass.Options(cache: try FactsCache(directory: folder.file(".cache")))
    options.scope = FactsCache.scope()
    let cold = FileReadPass.read(task, root: folder.path, options: options)
    let digest = EarlyHashes.Digest(sha256: try #require(cold.sha256), size: cold.size)
    #expect(cold.failure == nil && cold.shape != nil)
    // The file is gone after it was hashed: its cached facts are the facts of the bytes hashed.
    try FileManager.default.removeItem(atPath: folder.file(task.path))
    options.early = [task.path: digest]
    let warm = FileReadPass.read(task, root: folder.path, options: options)
    #expect(warm.failure == nil && warm.sha256 == cold.sha256 && warm.shape == cold.shape)
    // A digest the cache does not know, or another size: the file is read (and now cannot be).
    for stale in [
      EarlyHashes.Digest(sha256: String(repeating: "0", count: 64), size: cold.size),
      EarlyHashes.Digest(sha256: digest.sha256, size: cold.size + 1),
    ] {
      options.early = [task.path: stale]
      #expect(FileReadPass.read(task, root: folder.path, options: options).failure != nil)
    }
  }

  @Test(arguments: [1, 2, 4])
  func aWarmRunReportsWhatAPlainOneDoes(width: Int) async throws {
    let folder = try ShardTests.dataset()
    defer { folder.remove() }
    let plain = await DatasetValidator.validate(folder.path, profiles: [.ml], width: width)
    let cache = try FactsCache(directory: folder.file(".cache"))
    _ = await DatasetValidator.run(folder.path, profiles: [.ml], width: width, cache: cache)
    let warm = await DatasetValidator.run(folder.path, profiles: [.ml], width: width, cache: cache).report
    #expect(ShardTests.json(warm) == ShardTests.json(plain))
  }
}
