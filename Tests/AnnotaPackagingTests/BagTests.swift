// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaTestSupport
import Foundation
import Testing

/// BagIt bags of the demo dataset: written, verified, tampered with, and checked by bagit-python.
@Suite("BagIt bags")
struct BagTests {
  static let options = BagWriter.Options(
    info: [.init("Bagging-Date", "2026-11-22"), .init("Contact-Name", "Ada Example")], softwareAgent: "Annota test")

  /// The demo packed into a fresh folder; returns the folder holding `bag`.
  static func packedDemo() async throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    _ = try await BagWriter.write(from: Paths.project("Fixtures/demo"), to: folder.file("bag"), options: options)
    return folder
  }

  static func rules(_ result: BagVerifier.Result) -> [String] {
    result.findings.map { "\($0.rule) \($0.location.file)" }.sorted()
  }

  @Test func theDemoPacksAndVerifiesClean() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let bag = folder.file("bag")
    let result = await BagVerifier.verify(bag)
    #expect(result.findings.isEmpty && result.unchecked.isEmpty)
    #expect(result.files == 29)
    let declaration = try String(contentsOfFile: bag + "/bagit.txt", encoding: .utf8)
    #expect(declaration == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    let info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
    #expect(info.contains("Payload-Oxum: \(result.bytes).29\n"))
    #expect(info.hasPrefix("Bagging-Date: 2026-11-22\nContact-Name: Ada Example\n"))
    // Nothing but the bag beside it: the staging folder is gone.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["bag"])
    // The dataset itself is untouched: same bytes as the payload.
    let manifest = try String(contentsOfFile: bag + "/manifest-sha256.txt", encoding: .utf8)
    let line = try #require(manifest.split(separator: "\n").first { $0.hasSuffix("data/annota.yaml") })
    #expect(String(line.prefix(64)) == (try sha256(Paths.project("Fixtures/demo/annota.yaml"))))
  }

  @Test func twoPacksAreByteIdentical() async throws {
    let first = try await Self.packedDemo()
    let second = try await Self.packedDemo()
    defer {
      first.remove()
      second.remove()
    }
    let files = try FileManager.default.subpathsOfDirectory(atPath: first.file("bag")).sorted()
    #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: second.file("bag")).sorted()))
    for file in files {
      #expect(
        FileManager.default.contents(atPath: first.file("bag/" + file))
          == FileManager.default.contents(atPath: second.file("bag/" + file)), "\(file)")
    }
  }

  @Test func everyTamperingIsFoundAndNamed() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let bag = folder.file("bag")
    // One byte flipped.
    var bytes = try #require(FileManagerShimData.read(bag + "/data/masks/cells_02_mask.tif"))
    bytes[bytes.count / 2] ^= 0x01
    try FileManagerShimData.write(bytes, to: bag + "/data/masks/cells_02_mask.tif")
    // One deleted, one added, one renamed.
    try FileManager.default.removeItem(atPath: bag + "/data/shapes/cells_03.geojson")
    try Data("stray".utf8).write(to: URL(fileURLWithPath: bag + "/data/notes.txt"))
    try FileManager.default.moveItem(
      atPath: bag + "/data/images/cells_04.tif", toPath: bag + "/data/images/cells_4.tif")
    let result = await BagVerifier.verify(bag)
    let found = Self.rules(result)
    #expect(
      found == [
        "BAG-003 data/images/cells_04.tif", "BAG-003 data/shapes/cells_03.geojson", "BAG-004 data/images/cells_4.tif",
        "BAG-004 data/notes.txt", "BAG-005 data/masks/cells_02_mask.tif", "BAG-005 data/masks/cells_02_mask.tif",
        "BAG-006 bag-info.txt",
      ], "\(found)")
    let fixity = try #require(result.findings.first { $0.rule == "BAG-005" })
    #expect(fixity.message.contains("the manifest records"))
  }

  @Test func tagFilesAndManifestsAreCheckedToo() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let bag = folder.file("bag")
    var info = try String(contentsOfFile: bag + "/bag-info.txt", encoding: .utf8)
    info = info.replacing("Ada Example", with: "Eve Example")
    try Data(info.utf8).write(to: URL(fileURLWithPath: bag + "/bag-info.txt"))
    // A manifest line that tries to leave the bag, and one that is not a checksum.
    let escape = String(repeating: "0", count: 64) + "  data/../../../etc/passwd\nnot-a-line\n"
    let handle = try #require(FileHandle(forWritingAtPath: bag + "/manifest-sha256.txt"))
    handle.seekToEndOfFile()
    handle.write(Data(escape.utf8))
    try handle.close()
    let found = Self.rules(await BagVerifier.verify(bag))
    #expect(found.contains("BAG-007 bag-info.txt"))
    #expect(found.contains("BAG-007 manifest-sha256.txt"))
    #expect(found.contains("BAG-008 manifest-sha256.txt"))
    #expect(found.contains("BAG-009 manifest-sha256.txt"))
  }

  @Test func linksAndHostileInputAreRefused() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // A dataset with a link that leaves it: refused, nothing written.
    try FileManager.default.createDirectory(atPath: folder.file("set"), withIntermediateDirectories: true)
    try Data("a".utf8).write(to: URL(fileURLWithPath: folder.file("set/a.txt")))
    try FileManager.default.createSymbolicLink(atPath: folder.file("set/escape"), withDestinationPath: "/etc/hostname")
    let error = await #expect(throws: PackError.self) {
      _ = try await BagWriter.write(from: folder.file("set"), to: folder.file("bag"), options: Self.options)
    }
    #expect(error?.code == .unsafeInput)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["set"], "nothing left behind")
    // A link inside the dataset is packed as the file it names; an existing target is never overwritten.
    try FileManager.default.removeItem(atPath: folder.file("set/escape"))
    try FileManager.default.createSymbolicLink(atPath: folder.file("set/b.txt"), withDestinationPath: "a.txt")
    _ = try await BagWriter.write(from: folder.file("set"), to: folder.file("bag"), options: Self.options)
    #expect(FileManager.default.contents(atPath: folder.file("bag/data/b.txt")) == Data("a".utf8))
    let exists = await #expect(throws: PackError.self) {
      _ = try await BagWriter.write(from: folder.file("set"), to: folder.file("bag"), options: Self.options)
    }
    #expect(exists?.code == .exists)
    // A link planted in a bag's payload is a finding, never followed.
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("bag/data/c.txt"), withDestinationPath: "/etc/hostname")
    #expect(Self.rules(await BagVerifier.verify(folder.file("bag"))).contains("BAG-008 data/c.txt"))
  }

  @Test func aFailedSystemCallIsTheCauseNotText() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("set"), withIntermediateDirectories: true)
    try Data("a".utf8).write(to: URL(fileURLWithPath: folder.file("set/a.txt")))
    // The destination's parent is a file: creating the staging folder fails with ENOTDIR.
    let error = await #expect(throws: PackError.self) {
      _ = try await BagWriter.write(from: folder.file("set"), to: folder.file("set/a.txt/bag"), options: Self.options)
    }
    #expect(error?.code == .io)
    let cause = try #require(error?.cause as? SystemError)
    #expect(cause.errno == ENOTDIR && error?.description.contains(cause.description) == true)
  }

  @Test func namesWithPercentAreEncodedAndRoundTrip() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("set"), withIntermediateDirectories: true)
    try Data("x".utf8).write(to: URL(fileURLWithPath: folder.file("set/100%.txt")))
    _ = try await BagWriter.write(from: folder.file("set"), to: folder.file("bag"), options: Self.options)
    let manifest = try String(contentsOfFile: folder.file("bag/manifest-sha512.txt"), encoding: .utf8)
    #expect(manifest.hasSuffix("  data/100%25.txt\n"))
    #expect(await BagVerifier.verify(folder.file("bag")).findings.isEmpty)
  }

  /// bagit-python, the Library of Congress's reference implementation, accepts our bags.
  @Test(.enabled(if: python(with: ["bagit"]) != nil))
  func bagitPythonValidatesOurBag() async throws {
    let interpreter = try #require(python(with: ["bagit"]))
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let run = try runProcess(interpreter, ["-m", "bagit", "--validate", folder.file("bag")])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("is valid"))
  }

  func sha256(_ path: String) throws -> String {
    let run = try runProcess("/usr/bin/sha256sum", [path])
    return String(run.stdout.prefix(64))
  }
}

extension BagTests {

  @Test func aManifestOfAnotherAlgorithmIsCouldNotCheckAndAMissingDeclarationIsFound() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let bag = folder.file("bag")
    try FileManager.default.copyItem(atPath: bag + "/manifest-sha256.txt", toPath: bag + "/manifest-md5.txt")
    try FileManager.default.removeItem(atPath: bag + "/bagit.txt")
    let result = await BagVerifier.verify(bag)
    #expect(result.unchecked.map(\.location.file) == ["manifest-md5.txt"])
    #expect(Self.rules(result).contains("BAG-001 bagit.txt"))
  }
}
