// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Hand-made TIFFs that lie: headers written byte by byte, as a fuzzer or an attacker would.
@Suite("Hostile TIFFs")
struct TIFFHostileTests {
  /// A classic little-endian TIFF with one IFD whose tags say what we want, and `data` after it.
  static func handMade(width: UInt32, height: UInt32, bits: UInt16 = 8, compression: UInt16 = 1, data: [UInt8] = [0])
    -> [UInt8]
  {
    var bytes: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]
    let entries: [(UInt16, UInt16, UInt32)] = [  // tag, type (3 SHORT, 4 LONG), value
      (256, 4, width), (257, 4, height), (258, 3, UInt32(bits)), (259, 3, UInt32(compression)),
      (262, 3, 1), (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, UInt32(data.count)),
    ]
    let dataOffset = UInt32(8 + 2 + entries.count * 12 + 4)
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    bytes += le16(UInt16(entries.count))
    for (tag, type, value) in entries {
      bytes += le16(tag) + le16(type) + le32(1)
      let stored = tag == 273 ? dataOffset : value
      bytes += type == 3 ? le16(UInt16(stored)) + [0, 0] : le32(stored)
    }
    bytes += le32(0)
    return bytes + data
  }

  func write(_ bytes: [UInt8]) throws -> (TemporaryFolder, String) {
    let folder = try TemporaryFolder()
    let path = folder.file("hostile.tif")
    try FileManagerShimData.write(bytes, to: path)
    return (folder, path)
  }

  @Test func aDirectoryChainPointingPastTheEndIsRecordedAsDamage() throws {
    var bytes = Self.handMade(width: 2, height: 2, data: [1, 2, 3, 4])
    let (intact, intactPath) = try write(bytes)
    defer { intact.remove() }
    #expect(try TIFFReader(path: intactPath).chainDamage.isEmpty)
    // The next-directory offset (the 4 bytes after the entries) now points far past the end: the
    // first page still reads, and the reader says the chain is cut.
    let next = 8 + 2 + 9 * 12
    bytes.replaceSubrange(next..<(next + 4), with: [0x00, 0x00, 0x10, 0x00])
    let (cut, cutPath) = try write(bytes)
    defer { cut.remove() }
    let reader = try TIFFReader(path: cutPath)
    #expect(reader.directoryCount == 1)
    #expect(!reader.chainDamage.isEmpty, "libtiff's complaint about directory 2 is kept")
  }

  @Test func handMadeHonestFileReads() throws {
    let (folder, path) = try write(Self.handMade(width: 2, height: 2, data: [1, 2, 3, 4]))
    defer { folder.remove() }
    let plane = try TIFFReader(path: path).readPlane(0)
    #expect(plane.bytes == [1, 2, 3, 4])
  }

  @Test func lyingDimensionsAreRefusedBeforeAllocating() throws {
    let (folder, path) = try write(
      Self.handMade(width: 100_000, height: 100_000, compression: 8, data: Array(repeating: 0, count: 64)))
    defer { folder.remove() }
    let reader = try TIFFReader(path: path)
    let error = try #require(throws: TIFFError.self) { try reader.readPlane(0) }
    #expect(error.code == .limitExceeded)
    #expect(error.message.contains("expansion") || error.message.contains("limit"))
  }

  @Test func uncompressedStripsShorterThanTheImageAreMalformed() throws {
    let (folder, path) = try write(Self.handMade(width: 64, height: 64, data: Array(repeating: 7, count: 100)))
    defer { folder.remove() }
    let error = try #require(throws: TIFFError.self) { try TIFFReader(path: path).readPlane(0) }
    #expect(error.code == .malformed)
  }

  @Test func deflateBombIsDecodedInBoundedBands() throws {
    // 8192 × 8192 zeros deflate to a few kilobytes: a 64 MiB plane from a tiny file.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("bomb.tif")
    let zeros = try Plane(
      width: 8192, height: 8192, sampleType: .uint8, bytes: [UInt8](repeating: 0, count: 8192 * 8192))
    try TIFFWriter.write([zeros], to: path)
    let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    #expect(size < 200_000)
    let strict = TIFFReadLimits(maxExpansion: 100)
    #expect(throws: TIFFError.self) { try TIFFReader(path: path, limits: strict).readPlane(0) }
    let reader = try TIFFReader(path: path)
    var largestBand = 0
    var rows = 0
    try reader.forEachBand(try reader.directory(0)) { _, count, samples in
      largestBand = max(largestBand, samples.count)
      rows += count
    }
    #expect(rows == 8192)
    #expect(largestBand <= 64 * 1024)
  }

  @Test func truncatedFilesFailWithAnError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("full.tif")
    try TIFFWriter.write(
      [try Plane(width: 300, height: 300, uint16: (0..<90_000).map { UInt16($0 % 65_000) })], to: path)
    let bytes = try #require(FileManagerShimData.read(path))
    for cut in [4, 8, 100, bytes.count / 2, bytes.count - 10] {
      let truncated = folder.file("cut-\(cut).tif")
      try FileManagerShimData.write(Array(bytes.prefix(cut)), to: truncated)
      #expect(throws: TIFFError.self, "cut at \(cut)") {
        let reader = try TIFFReader(path: truncated)
        _ = try reader.readPlane(0)
      }
    }
  }

  /// A 2×2 image with two SubIFD offsets: a directory with a width but no length and no strips,
  /// which libtiff fails to read but keeps half of (width 10, length 0), then offset 0, after which
  /// libtiff reports itself on directory 0 again — with the half-read state (as in FuzzTIFF's input).
  static func halfReadSubDirectories() -> [UInt8] {
    func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    // tag, type (3 SHORT, 4 LONG), count, value (or offset of the values).
    func ifd(_ entries: [(UInt16, UInt16, UInt32, UInt32)]) -> [UInt8] {
      var bytes = le16(UInt16(entries.count))
      for (tag, type, count, value) in entries {
        bytes += le16(tag) + le16(type) + le32(count) + (type == 3 ? le16(UInt16(value)) + [0, 0] : le32(value))
      }
      return bytes + le32(0)
    }
    let mainEntries = 11, brokenEntries = 5
    let broken = UInt32(8 + 2 + mainEntries * 12 + 4)
    let subOffsets = broken + UInt32(2 + brokenEntries * 12 + 4)
    let pixels = subOffsets + 8
    let main = ifd([
      (256, 4, 1, 2), (257, 4, 1, 2), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, pixels),
      (277, 3, 1, 1), (278, 4, 1, 2), (279, 4, 1, 4), (284, 3, 1, 1), (330, 4, 2, subOffsets),
    ])
    let half = ifd([(256, 4, 1, 10), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1), (277, 3, 1, 1)])
    return [0x49, 0x49, 42, 0, 8, 0, 0, 0] + main + half + le32(broken) + le32(0) + [1, 2, 3, 4]
  }

  /// FuzzTIFF's first finding: a half-read directory must not reach libtiff's decoder.
  ///
  /// After a failed read of a sub-directory, the reader trusted that
  /// libtiff was still on directory 0 and decoded with the half-read state — libtiff divided by the
  /// zero image length (SIGFPE). The directory is now checked against libtiff's state before decoding.
  @Test func halfReadDirectoryDoesNotReachTheDecoder() throws {
    let (folder, path) = try write(Self.halfReadSubDirectories())
    defer { folder.remove() }
    let reader = try TIFFReader(path: path)
    #expect(reader.directories.map(\.location) == [.main(index: 0)])
    #expect(try reader.readPlane(0).bytes == [1, 2, 3, 4])
    try reader.decodeAll(reader.directories[0])
    #expect(try reader.readPlane(0).bytes == [1, 2, 3, 4])
  }

  /// Random bytes flipped anywhere in a TIFF: every outcome is a plane or a `TIFFError`, and libtiff
  /// prints nothing.
  @Test func bitFlippedFilesReadOrFailCleanly() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("full.tif")
    try TIFFWriter.write(
      [try Plane(width: 96, height: 80, uint16: (0..<7680).map { UInt16($0 % 5000) })], to: path)
    let original = try #require(FileManagerShimData.read(path))
    var generator = SeededGenerator(seed: 9)
    var outcomes: [String: Int] = [:]
    let printed = try capturingStandardError {
      try flipAndRead(original, in: folder, using: &generator, into: &outcomes)
    }
    #expect(outcomes.values.reduce(0, +) == 200)
    #expect(outcomes["error", default: 0] > 0, "some flips must be caught: \(outcomes)")
    #expect(printed.isEmpty, "libtiff printed: \(printed)")
  }

  func flipAndRead(
    _ original: [UInt8], in folder: TemporaryFolder, using generator: inout SeededGenerator,
    into outcomes: inout [String: Int]
  ) throws {
    for trial in 0..<200 {
      var damaged = original
      for _ in 0..<(1 + trial % 8) {
        damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
      }
      let flipped = folder.file("flip-\(trial).tif")
      try FileManagerShimData.write(damaged, to: flipped)
      do {
        let reader = try TIFFReader(path: flipped)
        for directory in reader.directories { try reader.decodeAll(directory) }
        _ = try reader.readPlane(0)
        outcomes["read", default: 0] += 1
      } catch is TIFFError {
        outcomes["error", default: 0] += 1
      }
    }
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func corpusEdgeCases() throws {
    let corpus = try #require(Paths.corpus("malformed/tiff"))
    // IFD loops: libtiff stops the chain; what was read is kept, nothing hangs.
    #expect(try TIFFReader(path: corpus + "/multipage_single_frame_loop.tiff").directoryCount == 1)
    #expect(try TIFFReader(path: corpus + "/multipage_multiple_frame_loop.tiff").directoryCount == 2)
    #expect(try TIFFReader(path: corpus + "/multipage_out_of_order.tiff").directoryCount == 3)
    // 1-bit pages unpack to 0/1 bytes.
    let bilevel = try TIFFReader(path: corpus + "/multipage_out_of_order.tiff").readPlane(0)
    #expect(bilevel.width == 10 && bilevel.height == 10 && bilevel.bytes.allSatisfy { $0 <= 1 })
    // SubIFDs are listed after their parent.
    let child = try TIFFReader(path: corpus + "/child_ifd.tiff")
    #expect(child.directories.count == 3)
    #expect(child.directories.filter { if case .sub(parent: 0, _) = $0.location { true } else { false } }.count == 2)
    // BigTIFF and big-endian headers.
    #expect(try TIFFReader(path: corpus + "/hopper_bigtiff.tif").isBigTIFF)
    #expect(try TIFFReader(path: corpus + "/nonometif.tif").isBigEndian)
    // 900 samples per pixel at 65535 × 65535: refused, not allocated.
    let huge = try #require(throws: TIFFError.self) {
      try TIFFReader(path: corpus + "/libtiff_segfault.tif").readPlane(0)
    }
    #expect(huge.code == .unsupported || huge.code == .limitExceeded || huge.code == .malformed)
    // 16 bytes with the first IFD past the end of the file.
    #expect(throws: TIFFError.self) { try TIFFReader(path: corpus + "/seek_too_large.tif") }
  }

  @Test(arguments: [SampleType.uint64, .int64, .int32, .float64])
  func wideTypesRoundTrip(type: SampleType) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let bytes = (0..<(16 * 9 * type.byteWidth)).map { UInt8(truncatingIfNeeded: $0 &* 37) }
    let plane = try Plane(width: 16, height: 9, sampleType: type, bytes: bytes)
    try TIFFWriter.write([plane], to: folder.file("w.tif"))
    #expect(try TIFFReader(path: folder.file("w.tif")).readPlane(0) == plane)
  }
}
