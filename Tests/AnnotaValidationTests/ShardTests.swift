// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

@testable import AnnotaValidation

/// Sharded validation: each shard reads a deterministic share of the files, and the merge of every
/// shard's part writes the report one run writes, byte for byte; parts that are missing, doubled,
/// of another dataset or stale are refused with an error that names them.
@Suite("Sharded validation")
struct ShardTests {
  static let profiles: Set<DatasetValidator.Profile> = [.mifa, .rembi, .bia, .ml]

  /// The demo with a damaged image, a mask cut short and an unlisted image: findings of every kind.
  static func dataset() throws -> TemporaryFolder {
    let folder = try TemporaryFolder.demoCopy()
    let image = try Data(contentsOf: URL(fileURLWithPath: folder.file("images/cells_02.tif")))
    try image.prefix(image.count / 2).write(to: URL(fileURLWithPath: folder.file("images/cells_02.tif")))
    let mask = try Data(contentsOf: URL(fileURLWithPath: folder.file("masks/cells_04_mask.tif")))
    try mask.prefix(mask.count - 100).write(to: URL(fileURLWithPath: folder.file("masks/cells_04_mask.tif")))
    try FileManager.default.copyItem(
      atPath: folder.file("images/cells_01.tif"), toPath: folder.file("images/extra.tif"))
    return folder
  }

  static func json(_ report: ValidationReport) -> String {
    ReportRenderer.render(report, as: .json, version: "test")
  }

  /// Every shard's part, through its bytes as `--shard … -o part.json` writes them.
  static func parts(_ root: String, count: Int) async throws -> [(path: String, part: ValidationPart)] {
    var parts: [(path: String, part: ValidationPart)] = []
    for index in 0..<count {
      let part = await DatasetValidator.part(
        root, profiles: profiles, shard: try ValidationShard(index: index, count: count))
      parts.append(("part-\(index).json", try ValidationPart(decoding: try part.encoded(), path: "part-\(index).json")))
    }
    return parts
  }

  @Test(arguments: [1, 2, 7])
  func theMergedReportIsTheSingleRunsReport(shards: Int) async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    let single = await DatasetValidator.validate(folder.path, profiles: Self.profiles)
    #expect(single.summary.errors > 0 && single.summary.warnings > 0, "the dataset has findings to merge")
    let parts = try await Self.parts(folder.path, count: shards)
    // Each file is read by exactly one shard.
    let paths = parts.flatMap { $0.part.facts.keys }
    #expect(Set(paths).count == paths.count)
    #expect(paths.count >= 20)
    let merged = try await DatasetValidator.merge(parts.reversed())
    #expect(Self.json(merged) == Self.json(single))
  }

  @Test func aMissingShardIsNamed() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    let parts = try await Self.parts(folder.path, count: 3)
    await #expect {
      _ = try await DatasetValidator.merge([parts[0], parts[2]])
    } throws: { error in
      guard let error = error as? ValidationRunError else { return false }
      return error.code == .missingPart && error.message.contains("shard 1/3 is missing")
        && error.message.contains("--shard 1/3")
    }
  }

  @Test func partsThatDoNotBelongTogetherAreRefused() async throws {
    let folder = try Self.dataset()
    let other = try TemporaryFolder.demoCopy()
    defer {
      folder.remove()
      other.remove()
    }
    let three = try await Self.parts(folder.path, count: 3)
    let two = try await Self.parts(folder.path, count: 2)
    let foreign = try await Self.parts(other.path, count: 3)
    for (parts, expected) in [
      ([three[0], three[1], three[1]], "also in part-1.json"), ([three[0], two[1], three[2]], "shard count"),
      ([three[0], foreign[1], three[2]], "dataset"),
    ] {
      await #expect {
        _ = try await DatasetValidator.merge(parts)
      } throws: { error in
        (error as? ValidationRunError).map { $0.code == .mismatch && $0.message.contains(expected) } == true
      }
    }
  }

  @Test func aDatasetChangedAfterTheShardsIsRefused() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    let parts = try await Self.parts(folder.path, count: 2)
    try FileManager.default.removeItem(atPath: folder.file("masks/cells_01_mask.tif"))
    await #expect {
      _ = try await DatasetValidator.merge(parts)
    } throws: { error in
      (error as? ValidationRunError).map { $0.code == .mismatch && $0.message.contains("changed after") } == true
    }
  }

  @Test(arguments: [
    Data(), Data("{".utf8), Data("[1, 2]".utf8), Data([0xFF, 0x00, 0x13, 0x37]),
    Data(#"{"format": "something-else"}"#.utf8),
  ])
  func malformedPartsAreAClearError(bytes: Data) {
    #expect {
      _ = try ValidationPart(decoding: bytes, path: "part-0.json")
    } throws: { error in
      (error as? ValidationRunError).map { $0.code == .part && $0.path == "part-0.json" } == true
    }
  }

  @Test func aPartTooLargeIsRefusedUnread() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("", to: "part-0.json")
    // Sparse: no disk used, and the refusal comes before any read.
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: UInt64(ValidationPart.maxBytes) + 1)
    try handle.close()
    #expect {
      _ = try ValidationPart(contentsOf: path)
    } throws: { error in
      (error as? ValidationRunError).map { $0.code == .part && $0.message.contains("limit") } == true
    }
    #expect(throws: ValidationRunError.self) { _ = try ValidationPart(contentsOf: folder.file("no-such-part.json")) }
  }

  @Test func aTruncatedPartIsAClearError() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    let bytes = try await DatasetValidator.part(folder.path, shard: try ValidationShard(index: 0, count: 1)).encoded()
    #expect(throws: ValidationRunError.self) {
      _ = try ValidationPart(decoding: bytes.prefix(bytes.count / 2), path: "p")
    }
  }

  @Test(arguments: ["3/2", "a/b", "-1/4", "0/0", "1", "1/2/3", ""])
  func shardsOutsideTheirCountAreRefused(text: String) {
    #expect(throws: ValidationRunError.self) { _ = try ValidationShard(parsing: text) }
  }

  @Test func sharesAreDisjointBalancedAndDeterministic() throws {
    let files = (0..<100).map { (path: "images/img\($0).tif", bytes: 10_000) } + [("big.tif", 5_000_000)]
    let shares = try (0..<4).map { try ValidationShard(index: $0, count: 4).share(of: files) }
    #expect(shares.reduce(0) { $0 + $1.count } == files.count)
    #expect(Set(shares.flatMap { $0 }).count == files.count)
    // The large file is a shard's main work; the small ones spread over the other three.
    let small = shares.map { $0.filter { $0 != "big.tif" }.count }
    #expect(small.filter { $0 == 0 }.count == 1)
    #expect(Set(small.filter { $0 > 0 }).isSubset(of: [33, 34]))
    #expect(try ValidationShard(index: 2, count: 4).share(of: files.reversed()) == shares[2])
  }
}
