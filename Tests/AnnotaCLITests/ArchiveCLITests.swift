// SPDX-License-Identifier: Apache-2.0
import AnnotaTestSupport
import Foundation
import Testing

/// The archive-scale commands as a user runs them: shards written by `validate --shard` and joined by
/// `report merge` into the single run's JSON, byte for byte; the cache from `--cache` or
/// `ANNOTA_CACHE`; `pack --reread`; and the exit-status contract of each.
@Suite("Archive-scale commands")
struct ArchiveCLITests {
  static func data(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  /// A fresh folder holding a copy of the demo as `demo`.
  static func workspace() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo"), toPath: folder.file("demo"))
    return folder
  }

  @Test(arguments: [1, 2, 7])
  func mergedShardsAreTheSingleRunByteForByte(shards: Int) throws {
    let folder = try Self.workspace()
    defer { folder.remove() }
    // Relative paths, as a job array run from the submit folder gives them.
    let profiles = ["--profile", "ml", "--profile", "bia"]
    #expect(
      try annota(["validate", "demo", "--format", "json", "-o", "single.json"] + profiles, in: folder.path).status == 0)
    var parts: [String] = []
    for index in 0..<shards {
      let run = try annota(
        [
          "validate", "demo", "--shard", "\(index)/\(shards)", "--format", "json", "-o", "part-\(index).json",
          "--quiet",
        ]
          + profiles, in: folder.path)
      #expect(run.status == 0, "\(run.stderr)")
      parts.append("part-\(index).json")
    }
    let merge = try annota(
      ["report", "merge", "--format", "json", "-o", "merged.json"] + parts.reversed(), in: folder.path)
    #expect(merge.status == 0, "\(merge.stderr)")
    #expect(try Self.data(folder.file("merged.json")) == (try Self.data(folder.file("single.json"))))
  }

  @Test func reportMergeKeepsTheExitStatusContract() throws {
    let folder = try Self.workspace()
    defer { folder.remove() }
    try FileManager.default.copyItem(atPath: folder.file("demo"), toPath: folder.file("broken"))
    try FileManager.default.removeItem(atPath: folder.file("broken/images/cells_02.tif"))
    for dataset in ["demo", "broken"] {
      for index in 0..<2 {
        let run = try annota(
          ["validate", dataset, "--shard", "\(index)/2", "--format", "json", "-o", "\(dataset)-\(index).json"],
          in: folder.path)
        #expect(run.status == 0, "a shard's exit says the part was written, whatever it holds: \(run.stderr)")
      }
    }
    #expect(try annota(["report", "merge", "demo-0.json", "demo-1.json"], in: folder.path).status == 0)
    let findings = try annota(["report", "merge", "broken-0.json", "broken-1.json"], in: folder.path)
    #expect(findings.status == 1 && findings.stdout.contains("FILE-001"))
    let missing = try annota(["report", "merge", "demo-0.json"], in: folder.path)
    #expect(missing.status == 2 && missing.stderr.contains("shard 1/2 is missing") && !missing.stderr.contains("Usage"))
    let nowhere = try annota(["report", "merge", "no-such-part.json"], in: folder.path)
    #expect(nowhere.status == 2 && nowhere.stderr.contains("no such"))
    let mixed = try annota(["report", "merge", "demo-0.json", "broken-1.json"], in: folder.path)
    #expect(mixed.status == 2 && mixed.stderr.contains("dataset"))
    try Data("{\"format\": \"annota-validation-part\"".utf8).write(to: URL(fileURLWithPath: folder.file("cut.json")))
    let cut = try annota(["report", "merge", "cut.json"], in: folder.path)
    #expect(cut.status == 2 && cut.stderr.contains("not a validation part"))
    #expect(try annota(["report", "merge"], in: folder.path).status == 64)
    for bad in [
      ["--shard", "2/2", "--format", "json"], ["--shard", "0/2"],
      ["--shard", "0/2", "--format", "json", "--waivers", "w.tsv"],
    ] {
      #expect(try annota(["validate", "demo"] + bad, in: folder.path).status == 64, "\(bad)")
    }
    // The HTML report stays the default of `annota report`.
    #expect(try annota(["report", "demo", "-o", "r.html", "--quiet"], in: folder.path).status == 0)
  }

  @Test func theCacheComesFromTheOptionOrTheEnvironment() throws {
    let folder = try Self.workspace()
    defer { folder.remove() }
    let plain = try annota(["validate", folder.file("demo"), "--format", "json"])
    let option = try annota(["validate", folder.file("demo"), "--format", "json", "--cache", folder.file("c1")])
    #expect(option.stdout == plain.stdout)
    #expect(FileManager.default.fileExists(atPath: folder.file("c1/facts-v1")))
    let environment = try runProcess(
      AnnotaBinary.path, ["validate", folder.file("demo"), "--format", "json"],
      environment: ["ANNOTA_CACHE": folder.file("c2")])
    #expect(environment.stdout == plain.stdout)
    #expect(FileManager.default.fileExists(atPath: folder.file("c2/facts-v1")))
    let unusable = try annota(["validate", folder.file("demo"), "--cache", folder.file("demo/annota.yaml")])
    #expect(unusable.status == 2 && unusable.stderr.contains("cache"))
    // pack takes the same cache: the validated files' facts are found, nothing new is stored.
    let entries = try FileManager.default.subpathsOfDirectory(atPath: folder.file("c1")).count
    let pack = try annota([
      "pack", "--target", "bagit", folder.file("demo"), "-o", folder.file("bag"), "--cache", folder.file("c1"),
    ])
    #expect(pack.status == 0, "\(pack.stderr)")
    #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.file("c1")).count == entries)
    let packEnvironment = try runProcess(
      AnnotaBinary.path, ["pack", "--target", "bagit", folder.file("demo"), "-o", folder.file("bag2")],
      environment: ["ANNOTA_CACHE": folder.file("c3")])
    #expect(packEnvironment.status == 0 && FileManager.default.fileExists(atPath: folder.file("c3/facts-v1")))
    let packUnusable = try annota([
      "pack", folder.file("demo"), "-o", folder.file("bag3"), "--cache", folder.file("demo/annota.yaml"),
    ])
    #expect(packUnusable.status == 2 && packUnusable.stderr.contains("cache"))
    #expect(!FileManager.default.fileExists(atPath: folder.file("bag3")))
  }

  @Test func packRereadsTheBundleFromTheDiskWhenAsked() throws {
    let folder = try Self.workspace()
    defer { folder.remove() }
    let quick = try annota(["pack", "--target", "bagit", folder.file("demo"), "-o", folder.file("bag1")])
    #expect(quick.status == 0)
    #expect(quick.stdout.contains("--reread reads every file back"))
    let reread = try annota(["pack", "--target", "bagit", "--reread", folder.file("demo"), "-o", folder.file("bag2")])
    #expect(reread.status == 0 && reread.stdout.contains("every file read back from the disk"))
    #expect(try annota(["verify", folder.file("bag1")]).status == 0)
  }
}
