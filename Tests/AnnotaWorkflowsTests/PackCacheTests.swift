// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

@testable import AnnotaValidation

/// `annota pack --cache`: files validated before with the same bytes are hashed and copied but not
/// decoded again, and the bundle is the one a pack without a cache writes.
@Suite("Pack with a facts cache")
struct PackCacheTests {
  /// The payload and its manifests, by path (the tag files name the day).
  static func payload(_ bag: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: bag)
    where path.hasPrefix("data/") || path.hasPrefix("manifest-") {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: bag + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
        files[path] = try Data(contentsOf: URL(fileURLWithPath: bag + "/" + path))
      }
    }
    return files
  }

  static func report(_ outcome: DatasetPacker.Outcome) -> ValidationReport {
    switch outcome {
    case .written(let written): written.report
    case .refused(let report, _): report
    }
  }

  @Test func aColdAndAWarmCacheWriteTheBundleAPlainPackWrites() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let demo = Paths.project("Fixtures/demo")
    var options = DatasetPacker.Options(target: .bagit)
    _ = try await DatasetPacker.pack(demo, to: folder.file("plain"), options: options)
    options.cache = try FactsCache(directory: folder.file("cache"))
    _ = try await DatasetPacker.pack(demo, to: folder.file("cold"), options: options)
    let entries = try FileManager.default.subpathsOfDirectory(atPath: folder.file("cache")).count
    _ = try await DatasetPacker.pack(demo, to: folder.file("warm"), options: options)
    let plain = try Self.payload(folder.file("plain"))
    #expect(plain.count == 29 + 2, "the payload and two manifests")
    #expect(try Self.payload(folder.file("cold")) == plain)
    #expect(try Self.payload(folder.file("warm")) == plain)
    #expect(entries > 20)
    #expect(try FileManager.default.subpathsOfDirectory(atPath: folder.file("cache")).count == entries)
  }

  @Test func aWarmPackTakesTheFactsFromTheCache() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let cacheFolder = folder.file(".cache")
    let cache = try FactsCache(directory: cacheFolder)
    _ = await DatasetValidator.run(folder.path, cache: cache)
    // Forge the entry of one image (a valid checksum): a pack that believes it did not decode the image.
    let digest = try #require(
      FileReadPass.read(FileTask(path: "images/cells_03.tif", role: .other), root: folder.path).sha256)
    var forged = 0
    for path in try FileManager.default.subpathsOfDirectory(atPath: cacheFolder) {
      let full = cacheFolder + "/" + path
      guard let data = FileManager.default.contents(atPath: full), let newline = data.firstIndex(of: 0x0A),
        var facts = FactsCodec.decode(Data(data[(newline + 1)...])), facts.sha256 == digest, facts.shape != nil
      else { continue }
      facts.failure = "forged by the test"
      let body = try #require(FactsCodec.encode(facts))
      try (Data((FactsCache.checksum(body) + "\n").utf8) + body).write(to: URL(fileURLWithPath: full))
      forged += 1
    }
    #expect(forged == 1)
    var options = DatasetPacker.Options(target: .bagit)
    options.cache = cache
    let output = try TemporaryFolder()
    defer { output.remove() }
    let outcome = try await DatasetPacker.pack(folder.path, to: output.file("bag"), options: options)
    #expect(Self.report(outcome).diagnostics.contains { $0.message.contains("forged by the test") })
  }
}
