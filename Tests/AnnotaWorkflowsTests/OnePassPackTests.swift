// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import AnnotaWorkflows
import Foundation
import Testing

@testable import AnnotaPackaging

/// Packing in one read per file: validation's read feeds the copy and the checksums; what it does not
/// read whole is copied after it; the bundle is the same bytes as a pack that reads twice; a refused
/// pack leaves nothing behind; the check after writing either trusts the bytes it wrote (and says so)
/// or reads every file back from the disk.
@Suite("One-pass pack")
struct OnePassPackTests {
  static let options = BagWriter.Options(
    info: [.init("Bagging-Date", "2026-11-22")], softwareAgent: "Annota test")
  static let sha256Only = BagWriter.Options(algorithms: [.sha256], softwareAgent: "Annota test")

  static func files(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for path in try FileManager.default.subpathsOfDirectory(atPath: folder) {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
        files[path] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path))
      }
    }
    return files
  }

  @Test func validationsReadFeedsTheCopyAndTheChecksums() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let demo = Paths.project("Fixtures/demo")
    let sink = try PayloadSink(
      dataset: demo, destination: folder.file("one-pass"), payloadFolder: "data", algorithms: [.sha256, .sha512])
    let report = await DatasetValidator.run(
      demo, observer: FileReadObserver { sink.take($0.path, bytes: $0.bytes, sha256: $0.sha256, identity: $0.identity) }
    ).report
    #expect(report.summary.errors == 0)
    // Every listed file the validator reads whole came from its read; the manifest and the class
    // table, which it parses rather than reads through the pass, are copied after it.
    #expect(sink.taken >= 24, "taken: \(sink.taken) of \(sink.entries.count)")
    _ = try await BagWriter.write(sink, options: Self.options, check: .reread)
    _ = try await BagWriter.write(from: demo, to: folder.file("two-pass"), options: Self.options)
    let onePass = try Self.files(folder.file("one-pass"))
    #expect(onePass.count == 29 + 6, "the payload and six tag files")
    #expect(onePass == (try Self.files(folder.file("two-pass"))))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["one-pass", "two-pass"])
  }

  /// A dataset of one file, `notes.txt` holding `text`, and a sink for its bag `folder/bag`.
  static func notes(_ text: String, in folder: TemporaryFolder) throws -> PayloadSink {
    try folder.write(text, to: "dataset/notes.txt")
    return try PayloadSink(
      dataset: folder.file("dataset"), destination: folder.file("bag"), payloadFolder: "data",
      algorithms: [.sha256])
  }

  @Test func theBytesValidatedAreTheBytesPacked() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let sink = try Self.notes("on disk\n", in: folder)
    // A reader that saw other bytes of the same length (the file changed after it read them): the
    // bag holds what was read and checked, with its checksum, not a second read's bytes.
    let seen = Array("as read\n".utf8)
    seen.withUnsafeBytes {
      sink.take("notes.txt", bytes: $0, sha256: "0000000000000000000000000000000000000000000000000000000000000000")
    }
    _ = try await BagWriter.write(sink, options: Self.sha256Only)
    #expect(try String(contentsOfFile: folder.file("bag/data/notes.txt"), encoding: .utf8) == "as read\n")
    let manifest = try String(contentsOfFile: folder.file("bag/manifest-sha256.txt"), encoding: .utf8)
    #expect(manifest.hasPrefix("0000000000000000000000000000000000000000000000000000000000000000  data/notes.txt"))
    // Read back from the disk, the forged checksum is found.
    let reread = await BagVerifier.verify(folder.file("bag"))
    #expect(reread.findings.map(\.rule) == ["BAG-005"])
  }

  @Test func aFileChangedSinceItWasReadIsPackedAsRead() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try folder.write("version 1\n", to: "dataset/notes.txt")
    let read = try #require(FileIdentity(path: file))
    // Replaced after the read, same size: a clone (on btrfs or XFS) would copy the new bytes, so
    // the changed identity sends the bytes read to the copy instead, on every file system.
    try Data("version 2\n".utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    #expect(FileIdentity(path: file) != read)
    let sink = try PayloadSink(
      dataset: folder.file("dataset"), destination: folder.file("bag"), payloadFolder: "data",
      algorithms: [.sha256])
    let digest = "a0f37bfd0e8ad78b21c23ac2b5fe0a5f8ac6e35e5e2f4bf1e6bc6d9b11d7e4e3"
    Array("version 1\n".utf8).withUnsafeBytes { sink.take("notes.txt", bytes: $0, sha256: digest, identity: read) }
    _ = try await BagWriter.write(sink, options: Self.sha256Only)
    #expect(try String(contentsOfFile: folder.file("bag/data/notes.txt"), encoding: .utf8) == "version 1\n")
  }

  @Test func bytesOfAnotherSizeThanListedAreCopiedAgain() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let sink = try Self.notes("on disk\n", in: folder)
    Array("longer than listed\n".utf8).withUnsafeBytes { sink.take("notes.txt", bytes: $0, sha256: "x") }
    #expect(sink.taken == 0)
    _ = try await BagWriter.write(sink, options: Self.sha256Only)
    #expect(try String(contentsOfFile: folder.file("bag/data/notes.txt"), encoding: .utf8) == "on disk\n")
    #expect(await BagVerifier.verify(folder.file("bag")).findings.isEmpty)
  }

  @Test func aRefusedPackLeavesNothingBehind() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo"), toPath: folder.file("demo"))
    let image = folder.file("demo/images/cells_02.tif")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: image))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: image))
    for target in DatasetPacker.Target.allCases {
      let outcome = try await DatasetPacker.pack(
        folder.file("demo"), to: folder.file("out"), options: .init(target: target))
      guard case .refused = outcome else {
        Issue.record("a damaged image was packed")
        return
      }
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["demo"], "no staging left")
    }
  }

  @Test func theRecordedCheckTrustsWhatWasWrittenAndSaysSo() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    _ = try folder.write("twelve bytes", to: "bundle/data/a.txt")
    let forged = [FixityAlgorithm.sha256: String(repeating: "ab", count: 32)]
    let record = [PayloadCopy.Copied(path: "a.txt", size: 12, digests: forged)]
    let recorded = WrittenSource(root: folder.file("bundle"), check: .recorded, payload: record, prefix: "data/")
    // Not read: the checksums are those computed from the bytes as they were written.
    #expect(try recorded.hash("data/a.txt", algorithms: [.sha256]).0 == forged)
    // Read back from the disk: the real checksum.
    let reread = WrittenSource(root: folder.file("bundle"), check: .reread, payload: record, prefix: "data/")
    #expect(try reread.hash("data/a.txt", algorithms: [.sha256]).0 != forged)
    // A size on disk other than the size written is an error even unread.
    let short = [PayloadCopy.Copied(path: "a.txt", size: 13, digests: forged)]
    let mismatch = WrittenSource(root: folder.file("bundle"), check: .recorded, payload: short, prefix: "data/")
    #expect(throws: PackError.self) { _ = try mismatch.hash("data/a.txt", algorithms: [.sha256]) }
  }
}
