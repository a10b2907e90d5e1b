// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import AnnotaPackaging

/// BagIt manifest lines parsed on their bytes: what RFC 8493 allows, and what it does not.
@Suite("BagIt manifest lines")
struct BagManifestTests {
  static let digest = String(repeating: "ab12", count: 16)

  @Test func separatorsLineEndsAndCaseAreWhatTheRFCAllows() {
    let upper = Self.digest.uppercased()
    let text = "\(Self.digest)  data/a.tif\n\n\(upper)\tdata/b c.tif\r\n\(Self.digest) \t data/é.tif"
    let manifest = BagManifest(text, digits: 64)
    #expect(manifest.problems.isEmpty)
    #expect(
      manifest.entries == [
        .init(digest: Self.digest, path: "data/a.tif", row: 1),
        .init(digest: Self.digest, path: "data/b c.tif", row: 3),
        .init(digest: Self.digest, path: "data/é.tif", row: 4),
      ])
  }

  @Test func malformedLinesAreProblemsWithTheirRows() {
    let text = [
      "\(Self.digest)",  // no path
      "\(Self.digest.dropLast())  data/short.tif",
      "\(Self.digest.dropLast())g  data/nonhex.tif",
      "   data/indented.tif",
      "\(Self.digest)  data/fine.tif",
    ].joined(separator: "\n")
    let manifest = BagManifest(text, digits: 64)
    #expect(manifest.entries.map(\.row) == [5])
    #expect(manifest.problems.map(\.row) == [1, 2, 3, 4])
    #expect(manifest.problems.map(\.badChecksum) == [false, true, true, true])
    #expect(manifest.problems[2].message(.sha256) == "`\(Self.digest.dropLast())g` is not a sha256 checksum")
    #expect(BagManifest(text, digits: 128).entries.isEmpty, "a SHA-256 checksum in a SHA-512 manifest")
  }

  @Test func pathsArePercentDecodedOnceLeftToRight() {
    let cases: [(written: String, name: String)] = [
      ("data/100%25.txt", "data/100%.txt"),
      ("data/a%0Db%0dc", "data/a\rb\rc"),
      ("data/a%0Ab%0ac", "data/a\nb\nc"),
      ("data/%250A", "data/%0A"),
      ("data/%41%2", "data/%41%2"),
      ("data/%", "data/%"),
    ]
    for (written, name) in cases {
      #expect(BagManifest("\(Self.digest)  \(written)", digits: 64).entries.first?.path == name, "\(written)")
    }
    // What the writer encodes, the parser decodes.
    let hostile = "data/%25 %0A\r\n%.tif"
    #expect(BagManifest("\(Self.digest)  \(BagPaths.encode(hostile))", digits: 64).entries.first?.path == hostile)
  }

  @Test func pathsThatLeaveTheBagAreUnsafe() {
    for path in ["data/a.tif", "data/...", "data/a..b", "bagit.txt"] { #expect(BagPaths.isSafe(path), "\(path)") }
    for path in ["", "/etc/passwd", "~/x", "data/../../x", "data/..", "data//x", "data/", "data/a\0b"] {
      #expect(!BagPaths.isSafe(path), "\(path)")
    }
  }

  @Test func hostileTextEndsWithoutACrash() {
    // One long line without an end, control bytes, and nothing but blanks.
    #expect(BagManifest(String(repeating: "a", count: 1 << 20), digits: 64).problems.count == 1)
    #expect(BagManifest("\u{0}\u{1}\r\r\n \t \n\r", digits: 64).entries.isEmpty)
    #expect(BagManifest("", digits: 64).problems.isEmpty)
  }
}
