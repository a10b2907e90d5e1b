// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaTestSupport
import Foundation
import Testing

/// Zip bundles: deterministic, read by other tools, and hostile zips refused without writing outside
/// the private folder.
@Suite("Zip bundles")
struct ZipTests {
  /// The demo bagged and zipped in `folder` as `bag.zip`.
  static func zippedDemo(_ folder: TemporaryFolder) async throws -> String {
    let zip = folder.file("bag.zip")
    let build = ZipBundle.buildFolder(for: zip)
    _ = try await BagWriter.write(from: Paths.project("Fixtures/demo"), to: build, options: BagTests.options)
    try ZipBundle.zip(folder: build, to: zip)
    return zip
  }

  /// The zip's directory checks, then the bag in it verified in place (nothing extracted).
  static func verify(_ zip: String) async -> (ZipReader.Extraction, BagVerifier.Result?) {
    let inspection = ZipReader.inspect(zip)
    guard inspection.unsupported == nil else { return (inspection, nil) }
    return (inspection, await BagVerifier.verify(zip: zip))
  }

  @Test func aZippedBagIsDeterministicAndVerifies() async throws {
    let first = try TemporaryFolder()
    let second = try TemporaryFolder()
    defer {
      first.remove()
      second.remove()
    }
    let zip = try await Self.zippedDemo(first)
    #expect(try FileManager.default.contentsOfDirectory(atPath: first.path) == ["bag.zip"], "the build folder is gone")
    #expect(
      FileManager.default.contents(atPath: zip)
        == FileManager.default.contents(atPath: try await Self.zippedDemo(second)))
    let (extraction, result) = await Self.verify(zip)
    #expect(extraction.findings.isEmpty && extraction.unsupported == nil)
    #expect(result?.findings.isEmpty == true)
    #expect(result?.files == 29)
    // Python's zipfile reads it and finds every CRC right.
    if let interpreter = python(with: ["zipfile"]) {
      let run = try runProcess(
        interpreter,
        ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip(), len(z.namelist()))", zip])
      #expect(run.stdout == "None 35\n", "\(run.stderr)")
    }
  }

  /// Replaces `old` with `new` (same length) everywhere in the zip's bytes.
  static func patch(_ zip: String, _ old: String, _ new: String) throws {
    try patch(zip, Array(old.utf8), Array(new.utf8))
  }

  /// Replaces every occurrence of `from` by `to` (of the same length, so the records stay valid).
  static func patch(_ zip: String, _ from: [UInt8], _ to: [UInt8]) throws {
    var bytes = try #require(FileManagerShimData.read(zip))
    var index = 0
    while index + from.count <= bytes.count {
      if Array(bytes[index..<index + from.count]) == from {
        bytes.replaceSubrange(index..<index + from.count, with: to)
        index += to.count
      } else {
        index += 1
      }
    }
    try FileManagerShimData.write(bytes, to: zip)
  }

  @Test func hostileZipsAreRefusedAndNothingLeavesThePrivateFolder() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // Zip slip: a name that climbs out, written by patching a real entry's name.
    let zip = try await Self.zippedDemo(folder)
    try Self.patch(zip, "data/shapes/cells_01.geojson", "../../../../../tmp/evil.json")
    let (slip, bag) = await Self.verify(zip)
    #expect(slip.findings.map(\.rule.rawValue).contains("ZIP-002"))
    // The patch renamed the path in the manifests too: the bag's own rule refuses it there.
    #expect(bag?.findings.map(\.rule.rawValue).contains("BAG-008") == true, "never followed")
    // Extraction (for the dataset's validation) refuses it too; nothing is written outside.
    let target = folder.file("private")
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    #expect(ZipReader.extract(zip, into: target).findings.map(\.rule.rawValue).contains("ZIP-002"))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/evil.json"))
    #expect(!FileManager.default.fileExists(atPath: folder.file("evil.json")))
  }

  @Test func absoluteAndNonUTF8NamesAreRefused() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let zip = try await Self.zippedDemo(folder)
    let original = try #require(FileManagerShimData.read(zip))
    // An absolute name, of the same length as the entry it replaces.
    try Self.patch(zip, "data/shapes/cells_01.geojson", "/tmp/annota-evil-absolute.js")
    #expect((await Self.verify(zip)).0.findings.map(\.rule.rawValue).contains("ZIP-002"))
    let target = folder.file("private")
    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
    #expect(ZipReader.extract(zip, into: target).findings.map(\.rule.rawValue).contains("ZIP-002"))
    #expect(!FileManager.default.fileExists(atPath: "/tmp/annota-evil-absolute.js"))
    // A name that is not UTF-8 (the zip says UTF-8 in its flags): refused, not mangled into another path.
    try FileManagerShimData.write(original, to: zip)
    try Self.patch(
      zip, Array("cells_01.geojson".utf8), [0xFF, 0xFE, 0xC0, 0xAF] + Array("ls_01.geojson".utf8.dropFirst(1)))
    let (names, _) = await Self.verify(zip)
    #expect(names.findings.map(\.rule.rawValue).contains("ZIP-002"), "\(names.findings.map(\.message))")
  }

  @Test func damagedZipsAreFindings() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let zip = try await Self.zippedDemo(folder)
    let original = try #require(FileManagerShimData.read(zip))
    // A flipped data byte: the CRC says which entry.
    var flipped = original
    let name = Array("data/images/cells_02.tif".utf8)
    let at = try #require(
      (0..<(flipped.count - name.count)).first { Array(flipped[$0..<$0 + name.count]) == name })
    flipped[at + name.count + 100] ^= 0xFF
    try FileManagerShimData.write(flipped, to: zip)
    let (crc, bag) = await Self.verify(zip)
    #expect(crc.findings.isEmpty, "the directory is intact")
    let found = bag?.findings.map { "\($0.rule) \($0.location.file)" } ?? []
    #expect(found.contains("ZIP-004 data/images/cells_02.tif"), "checked in place, in the same read as the hash")
    #expect(found.contains("BAG-005 data/images/cells_02.tif"))
    // Truncated: no end record.
    try FileManagerShimData.write(Array(original.prefix(original.count - 30)), to: zip)
    #expect((await Self.verify(zip)).0.findings.map(\.rule.rawValue) == ["ZIP-001"])
    // Not a zip at all, and an empty file.
    try FileManagerShimData.write(Array("just text".utf8), to: zip)
    #expect((await Self.verify(zip)).0.findings.map(\.rule.rawValue) == ["ZIP-001"])
  }

  @Test func linksAndCompressedEntriesAreNotExtracted() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let zip = try await Self.zippedDemo(folder)
    var bytes = try #require(FileManagerShimData.read(zip))
    // Central records: mark the first entry a symbolic link (mode 0o120777 in the external attributes).
    let central = try #require((0..<(bytes.count - 4)).first { bytes[$0..<$0 + 4] == [0x50, 0x4B, 0x01, 0x02] })
    let link = UInt32(0o120777) << 16
    for k in 0..<4 { bytes[central + 38 + k] = UInt8((link >> (8 * UInt32(k))) & 0xFF) }
    try FileManagerShimData.write(bytes, to: zip)
    let (extraction, _) = await Self.verify(zip)
    #expect(extraction.findings.map(\.rule.rawValue).contains("ZIP-003"))
    // A compressed (deflate) entry: could not check, never passed.
    bytes[central + 10] = 8
    for k in 0..<4 { bytes[central + 38 + k] = 0 }
    try FileManagerShimData.write(bytes, to: zip)
    let (compressed, result) = await Self.verify(zip)
    #expect(compressed.unsupported?.contains("compressed") == true)
    #expect(result == nil)
  }

}

extension ZipTests {
  /// The Zip64 path (files over 4 GiB, over 65 535 entries), forced on a small zip: our reader and
  /// Python's both follow its records.
  @Test func zip64FieldsAndRecordsAreFollowed() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let zip = folder.file("bag.zip")
    let build = ZipBundle.buildFolder(for: zip)
    _ = try await BagWriter.write(from: Paths.project("Fixtures/demo"), to: build, options: BagTests.options)
    try ZipBundle.zip(folder: build, to: zip, forceZip64: true)
    let bytes = try #require(FileManagerShimData.read(zip))
    let end = Array(bytes.suffix(22))
    #expect(Array(end.prefix(4)) == [0x50, 0x4B, 0x05, 0x06])
    #expect(end[10] == 0xFF && end[11] == 0xFF, "the count defers to the Zip64 end record")
    let (extraction, result) = await Self.verify(zip)
    #expect(extraction.findings.isEmpty && extraction.unsupported == nil)
    #expect(result?.findings.isEmpty == true && result?.files == 29)
    if let interpreter = python(with: ["zipfile"]) {
      let run = try runProcess(
        interpreter,
        ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip(), len(z.namelist()))", zip])
      #expect(run.stdout == "None 35\n", "\(run.stderr)")
    }
  }
}
