// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

@testable import AnnotaValidation

/// The content-addressed facts cache: a warm run reports what a cold one does; cached facts are
/// what it reports (so decoding is skipped); damaged entries are ignored and rebuilt; a changed file
/// is one new entry; other limits are other entries; concurrent runs share a cache safely.
@Suite("Facts cache")
struct FactsCacheTests {
  static func json(_ report: ValidationReport) -> String { ReportRenderer.render(report, as: .json, version: "test") }

  static func entries(_ cache: String) -> [String] {
    let root = cache + "/facts-v1"
    return ((try? FileManager.default.subpathsOfDirectory(atPath: root)) ?? [])
      .filter { $0.split(separator: "/").count == 2 }.map { root + "/" + $0 }.sorted()
  }

  static func validate(_ folder: TemporaryFolder, cache: String) async throws -> ValidationReport {
    await DatasetValidator.run(folder.path, profiles: [.ml], cache: try FactsCache(directory: cache)).report
  }

  @Test func aWarmRunReportsWhatAColdOneDoes() async throws {
    let folder = try ShardTests.dataset()
    defer { folder.remove() }
    let plain = await DatasetValidator.validate(folder.path, profiles: [.ml])
    let cold = try await Self.validate(folder, cache: folder.file(".cache"))
    let files = Self.entries(folder.file(".cache")).count
    #expect(files >= 20)
    let warm = try await Self.validate(folder, cache: folder.file(".cache"))
    #expect(Self.json(cold) == Self.json(plain))
    #expect(Self.json(warm) == Self.json(plain))
    #expect(Self.entries(folder.file(".cache")).count == files, "nothing new to store")
  }

  /// The entry of the file with SHA-256 `digest`, and its facts.
  static func entry(in cache: String, forDigest digest: String) throws -> (path: String, facts: FileFacts)? {
    for path in entries(cache) {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      let body = data[(data.firstIndex(of: 0x0A)! + 1)...]
      guard let facts = FactsCodec.decode(Data(body)) else { continue }
      if facts.sha256 == digest, facts.shape != nil { return (path, facts) }
    }
    return nil
  }

  @Test func cachedFactsAreWhatIsReported() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let cache = folder.file(".cache")
    _ = try await Self.validate(folder, cache: cache)
    let digest = FileReadPass.read(FileTask(path: "images/cells_03.tif", role: .other), root: folder.path).sha256!
    var (path, facts) = try #require(try Self.entry(in: cache, forDigest: digest))
    // A forged entry with a valid checksum: the run believes it, so it did not decode the image.
    facts.failure = "forged by the test"
    let body = try #require(FactsCodec.encode(facts))
    let forged = Data((FactsCache.checksum(body) + "\n").utf8) + body
    try forged.write(to: URL(fileURLWithPath: path))
    let warm = try await Self.validate(folder, cache: cache)
    #expect(warm.diagnostics.contains { $0.message.contains("forged by the test") })
  }

  @Test func damagedEntriesAreIgnoredAndRebuilt() async throws {
    let folder = try ShardTests.dataset()
    defer { folder.remove() }
    let cache = folder.file(".cache")
    let plain = Self.json(await DatasetValidator.validate(folder.path, profiles: [.ml]))
    _ = try await Self.validate(folder, cache: cache)
    let entries = Self.entries(cache)
    for (index, path) in entries.enumerated() {
      var data = try Data(contentsOf: URL(fileURLWithPath: path))
      switch index % 3 {
      case 0: data[data.count - 2] ^= 0x20  // a flipped bit in the facts
      case 1: data = data.prefix(data.count / 2)  // cut short
      default: data = Data("not an entry".utf8)
      }
      try data.write(to: URL(fileURLWithPath: path))
    }
    #expect(Self.json(try await Self.validate(folder, cache: cache)) == plain)
    // Rebuilt: every entry verifies again, and a third run still agrees.
    for path in Self.entries(cache) {
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      let newline = try #require(data.firstIndex(of: 0x0A))
      #expect(String(decoding: data[..<newline], as: UTF8.self) == FactsCache.checksum(data[(newline + 1)...]))
    }
    #expect(Self.json(try await Self.validate(folder, cache: cache)) == plain)
  }

  @Test func oneChangedFileIsOneNewEntry() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let cache = folder.file(".cache")
    _ = try await Self.validate(folder, cache: cache)
    let before = Self.entries(cache).count
    // The mask of cells_01 gains a second region of instance 1: a split instance.
    let mask = folder.file("masks/cells_01_mask.tif")
    var plane = try TIFFReader(path: mask).readPlane(0)
    plane.bytes[0] = 1  // the first sample's low byte (uint16)
    plane.bytes[1] = 0
    try TIFFWriter.write([plane], to: mask)
    let report = try await Self.validate(folder, cache: cache)
    #expect(Self.entries(cache).count == before + 1)
    #expect(Self.json(report) == Self.json(await DatasetValidator.validate(folder.path, profiles: [.ml])))
  }

  @Test func otherLimitsAreOtherEntries() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let cache = folder.file(".cache")
    _ = try await Self.validate(folder, cache: cache)
    let before = Self.entries(cache).count
    var limits = TIFFReadLimits()
    limits.maxDirectories -= 1
    _ = try await TIFFReadLimits.$defaults.withValue(limits) { try await Self.validate(folder, cache: cache) }
    #expect(Self.entries(cache).count == 2 * before)
  }

  @Test func concurrentRunsShareOneCache() async throws {
    let folder = try ShardTests.dataset()
    defer { folder.remove() }
    let cache = folder.file(".cache")
    let plain = Self.json(await DatasetValidator.validate(folder.path, profiles: [.ml]))
    async let first = Self.validate(folder, cache: cache)
    async let second = Self.validate(folder, cache: cache)
    async let third = Self.validate(folder, cache: cache)
    let reports = try await [first, second, third]
    #expect(reports.allSatisfy { Self.json($0) == plain })
    let names = try FileManager.default.subpathsOfDirectory(atPath: cache)
    #expect(!names.contains { $0.split(separator: "/").last!.hasPrefix(".") }, "no temporary file left")
    #expect(Self.json(try await Self.validate(folder, cache: cache)) == plain)
  }

  /// Facts as JSON with sorted keys: equal facts, equal text.
  static func canonical(_ facts: FileFacts) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(facts), as: UTF8.self)
  }

  @Test func entriesRoundTripInBothForms() throws {
    var image = FileFacts()
    image.size = 524_288
    image.sha256 = String(repeating: "ab", count: 32)
    image.format = .omeTIFF
    image.dtype = "uint16"
    image.shape = [512, 512, 3]
    image.pixelSize = [0.65, nil, 2]
    image.sizeC = 2
    image.pagesAxisGuessed = true
    image.imageStatistics = ImageStatistics(
      mean: 1000.25, standardDeviation: 12.5, p1: 1, p50: 999, p99: 1e5, noise: 0.1, signalToNoise: nil,
      focus: .infinity)
    var mask = FileFacts()
    mask.size = 1
    mask.isLabelImage = true
    mask.labelCount = 3
    mask.foregroundPixels = 40
    mask.backgroundPixels = 60
    mask.planeCount = 2
    mask.labels = [0: 60, -5: 10, Int128(1) << 100: 30]
    mask.splitInstanceCount = 25
    mask.splitInstances = [
      SplitInstance(value: 7, parts: 2, x: 3, y: 4, plane: nil),
      SplitInstance(value: 9, parts: 3, x: 0, y: 1, plane: (2, 0, 1), volume: true),
    ]
    var empty = FileFacts()
    empty.labels = [:]
    var damaged = FileFacts()
    damaged.failure = "cut short\tat byte 12"
    damaged.findings = [Diagnostic(rule: "SHAPE-001", severity: .error, message: "m", location: .init(file: "a"))]
    damaged.labelCounts = ["nucleus": 2]
    for (facts, kind) in [(image, "T"), (mask, "T"), (empty, "T"), (FileFacts(), "T"), (damaged, "J")] {
      let body = try #require(FactsCodec.encode(facts))
      #expect(body.first == kind.utf8.first, "\(kind) form")
      let decoded = try #require(FactsCodec.decode(body))
      #expect(try Self.canonical(decoded) == (try Self.canonical(facts)))
    }
  }

  @Test(arguments: ["", "X", "T", "T\t12", "J{", "Tx\t-\t-\t-\t-\t-\t0\t0\t0\t0\t0\t0\t-\t1\t1\t1\t0\t-\t-"])
  func entriesThatAreNotFactsAreMisses(text: String) {
    #expect(FactsCodec.decode(Data(text.utf8)) == nil)
  }

  @Test func aCacheThatCannotBeWrittenIsAClearError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try folder.write("not a folder", to: "file")
    #expect {
      _ = try FactsCache(directory: file)
    } throws: { error in
      (error as? ValidationRunError).map { $0.code == .cache && $0.path.hasPrefix(file) } == true
    }
  }
}
