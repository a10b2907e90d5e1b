// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import CAnnotaHDF5
import Foundation
import Testing

/// HDF5 pixels are decoded chunk by chunk by `validate`: a damaged chunk is an error that names it,
/// a filter that is not installed is *could not check* naming the filter, and the filters of the
/// field (LZF, h5py's fast default) are found through libhdf5's plugin folder.
@Suite("HDF5 pixels")
struct HDF5PixelTests {
  /// 256 × 256 uint16 values that gzip cannot shrink much, so chunk data fills most of the file.
  static let noisy: [UInt16] = {
    var generator = SeededGenerator(seed: 42)
    return (0..<(256 * 256)).map { _ in UInt16.random(in: 0...4095, using: &generator) }
  }()

  /// A gzip file of 16 chunks of 64 × 64, and the same bytes with 256 of them overwritten at 70 %
  /// (inside chunk data, past the metadata at the front).
  static func damagedPair(in folder: TemporaryFolder, name: String) throws -> (good: String, bad: String) {
    let good = folder.file("good-" + name)
    try HDF5TestWriter.write(
      Self.noisy, shape: [256, 256], type: cannotahdf5_std_u16le(), to: good, name: "data", chunk: 64)
    var bytes = try #require(FileManagerShimData.read(good))
    let start = bytes.count * 7 / 10
    for index in start..<(start + 256) { bytes[index] = 0x55 }
    let bad = folder.file(name)
    try FileManagerShimData.write(bytes, to: bad)
    return (good, bad)
  }

  @Test func aDamagedGzipChunkIsNamedWithItsCoordinates() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let (good, bad) = try Self.damagedPair(in: folder, name: "raw.h5")
    var blocks = 0
    try HDF5File(path: good).decodeEveryChunk("/data") { _, count, bytes in
      blocks += 1
      #expect(bytes.count == count.reduce(2, *))
    }
    #expect(blocks == 16, "one read per chunk")
    let error = try #require(throws: HDF5Error.self) { try HDF5File(path: bad).decodeEveryChunk("/data") }
    #expect(error.code == .malformed)
    #expect(error.message.contains("chunk [") && error.message.contains("of /data"), "\(error.message)")
  }

  @Test(arguments: [10, 50, 90])
  func aTruncatedHDF5FileFailsAsAFileAndAsADatasetImage(percent: Int) async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let (good, _) = try Self.damagedPair(in: folder, name: "unused.h5")
    let bytes = try #require(FileManagerShimData.read(good))
    let path = folder.file("cut.h5")
    try FileManagerShimData.write(Array(bytes.prefix(bytes.count * percent / 100)), to: path)
    let report = await DatasetValidator.validate(path)
    #expect(report.fails(at: .error), "\(percent) %: \(report.diagnostics)")
    #expect(report.diagnostics.contains { $0.rule == "FILE-005" } || !report.unchecked.isEmpty)
    try folder.write(
      """
      annota: "0.1"
      study:
        title: A truncated HDF5 image
        description: Cut short after it was written.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: cut
          path: cut.h5
      annotation_sets:
        - id: points
          name: Points
          overview: None yet.
          types: [point_annotations]
          encoding: geojson
          files:
            - path: cut.geojson
              image: cut

      """, to: "annota.yaml")
    try folder.write(#"{"type":"FeatureCollection","features":[]}"#, to: "cut.geojson")
    try FileManager.default.removeItem(atPath: good)
    try FileManager.default.removeItem(atPath: folder.file("unused.h5"))
    let dataset = await DatasetValidator.validate(folder.path)
    #expect(
      dataset.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == "cut.h5" }, "\(dataset.diagnostics)")
  }

  @Test func aDamagedChunkFailsValidateAsAFile() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let (good, bad) = try Self.damagedPair(in: folder, name: "raw.h5")
    #expect(!(await DatasetValidator.validate(good)).fails(at: .error))
    let report = await DatasetValidator.validate(bad)
    let finding = try #require(report.diagnostics.first { $0.rule == "FILE-005" }, "\(report.diagnostics)")
    #expect(finding.message.contains("chunk"), "\(finding.message)")
  }

  @Test func aDamagedChunkFailsValidateAsADatasetImageAndLabelVolume() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let (_, image) = try Self.damagedPair(in: folder, name: "image.h5")
    // A label volume: the same layout, values 0…4095 are instance ids.
    let (_, labels) = try Self.damagedPair(in: folder, name: "image_labels.h5")
    try FileManager.default.removeItem(atPath: folder.file("good-image.h5"))
    try FileManager.default.removeItem(atPath: folder.file("good-image_labels.h5"))
    let manifest = """
      annota: "0.1"
      study:
        title: Damaged HDF5 chunks in an image and its label volume
        description: A regression dataset for the trust issue.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: image
          path: image.h5
      annotation_sets:
        - id: cells
          name: Cells
          overview: Instance labels.
          types: [segmentation_mask]
          encoding: label_image
          kind: instance
          files:
            - path: image_labels.h5
              image: image

      """
    try folder.write(manifest, to: "annota.yaml")
    let report = await DatasetValidator.validate(folder.path)
    let broken = Set(report.diagnostics.filter { $0.rule == "FILE-005" }.map(\.location.file))
    #expect(broken == ["image.h5", "image_labels.h5"], "\(report.diagnostics) \(report.unchecked)")
    _ = (image, labels)
  }

  @Test(
    "A file compressed with a filter from Debian's plugin packages is decoded", arguments: [307, 32004] as [UInt32])
  func aPluginFilterIsDecoded(filter: UInt32) async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("plugin-\(filter).h5")
    try HDF5TestWriter.write(
      Self.noisy, shape: [256, 256], type: cannotahdf5_std_u16le(), to: path, name: "data", gzip: false,
      filter: filter, chunk: 64)
    let info = try HDF5File(path: path).dataset("/data")
    #expect(info.filters.map(\.id) == [Int(filter)] && info.filters.allSatisfy(\.isAvailable))
    let report = await DatasetValidator.validate(path)
    #expect(
      report.summary.couldNotCheck == 0 && report.summary.errors == 0, "\(report.diagnostics) \(report.unchecked)")
    var read: [UInt16] = []
    try HDF5File(path: path).decodeEveryChunk("/data") { start, count, bytes in
      if start == [0, 0] { read = bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self).prefix(count[1])) } }
    }
    #expect(read == Array(Self.noisy.prefix(64)), "the first row of the first chunk reads back")
  }

  /// A chunk whose filter mask says "deflate skipped" but whose stored bytes are short is damage.
  ///
  /// libhdf5 1.10 would copy a whole chunk from it, past its end (FuzzValidate found it). It is a
  /// damaged chunk, named, and libhdf5 is never asked to read it.
  @Test(.enabled(if: python(with: ["h5py", "numpy"]) != nil))
  func aChunkStoredShortWithItsFiltersSkippedIsDamage() async throws {
    let interpreter = try #require(python(with: ["h5py", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("skipped.h5")
    let script = """
      import sys, h5py, numpy as np
      with h5py.File(sys.argv[1], "w") as f:
          d = f.create_dataset("data", shape=(64, 64), dtype=np.uint16, chunks=(32, 64), compression="gzip")
          d[32:] = 7
          d.id.write_direct_chunk((0, 0), b"\\x01" * 100, filter_mask=1)
      """
    let run = try runProcess(interpreter, ["-c", script, path])
    try #require(run.status == 0, "\(run.stderr)")
    await Self.expectDamaged(path, saying: "chunk [0, 0]")
  }

  /// A chunk whose index claims more stored bytes than the whole file is damage.
  ///
  /// libhdf5 allocates a chunk's stored size before reading it, so a damaged index ran the fuzzer out
  /// of memory (FuzzHDF5: 4 GiB for a 24 KB file). The size is patched in the chunk's B-tree key here.
  @Test(.enabled(if: python(with: ["h5py", "numpy"]) != nil))
  func aChunkClaimingMoreThanTheFileIsDamage() async throws {
    let interpreter = try #require(python(with: ["h5py", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let good = folder.file("chunked.h5")
    let script = """
      import sys, struct, h5py, numpy as np
      with h5py.File(sys.argv[1], "w", libver="earliest") as f:
          d = f.create_dataset("data", shape=(64, 64), dtype=np.uint8, chunks=(64, 64), compression="gzip")
          d[...] = np.arange(64 * 64, dtype=np.uint32).reshape(64, 64) % 251
          info = d.id.get_chunk_info(0)
      print(info.size, info.byte_offset)
      """
    let run = try runProcess(interpreter, ["-c", script, good])
    try #require(run.status == 0, "\(run.stderr)")
    let numbers = run.stdout.split(whereSeparator: \.isWhitespace).compactMap { UInt64($0) }
    try #require(numbers.count == 2)
    #expect(!(await DatasetValidator.validate(good)).fails(at: .error), "the intact file reads")
    // The v1 B-tree key: size (4 bytes), filter mask (4), offsets (3 × 8), then the chunk's address.
    let key =
      withUnsafeBytes(of: UInt32(numbers[0]).littleEndian, Array.init) + [UInt8](repeating: 0, count: 28)
      + withUnsafeBytes(of: numbers[1].littleEndian, Array.init)
    var bytes = try #require(FileManagerShimData.read(good))
    let start = try #require((0...(bytes.count - key.count)).first { Array(bytes[$0..<($0 + key.count)]) == key })
    bytes.replaceSubrange(start..<(start + 4), with: withUnsafeBytes(of: UInt32(0xFFFA_F752).littleEndian, Array.init))
    let bad = folder.file("claims.h5")
    try FileManagerShimData.write(bytes, to: bad)
    await Self.expectDamaged(bad, saying: "claims 4294637394 stored bytes")
  }

  /// A compact dataset whose stored buffer is shorter than its elements is damage.
  ///
  /// libhdf5 1.10 reads it from outside the buffer (FuzzValidate found it); the layout message's
  /// size, patched here from 64 to 16 bytes, is compared with the elements before any read.
  @Test(.enabled(if: python(with: ["h5py", "numpy"]) != nil))
  func aCompactDatasetShorterThanItsElementsIsDamage() async throws {
    let interpreter = try #require(python(with: ["h5py", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let good = folder.file("compact.h5")
    let script = """
      import sys, h5py, numpy as np
      with h5py.File(sys.argv[1], "w") as f:
          plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
          plist.set_layout(h5py.h5d.COMPACT)
          space = h5py.h5s.create_simple((8, 8))
          d = h5py.h5d.create(f.id, b"data", h5py.h5t.STD_U8LE, space, dcpl=plist)
          d.write(h5py.h5s.ALL, h5py.h5s.ALL, np.full((8, 8), 0xAB, np.uint8))
      """
    let run = try runProcess(interpreter, ["-c", script, good])
    try #require(run.status == 0, "\(run.stderr)")
    #expect(!(await DatasetValidator.validate(good)).fails(at: .error), "an intact compact dataset reads")
    var bytes = try #require(FileManagerShimData.read(good))
    let data = [UInt8](repeating: 0xAB, count: 64)
    let start = try #require((0...(bytes.count - 64)).first { Array(bytes[$0..<($0 + 64)]) == data })
    #expect(bytes[start - 2] == 64 && bytes[start - 1] == 0, "the compact layout's size precedes its data")
    bytes[start - 2] = 16
    let bad = folder.file("short.h5")
    try FileManagerShimData.write(bytes, to: bad)
    await Self.expectDamaged(bad, saying: "16 bytes for 64 elements")
  }

  /// `/data` of `path` is a malformed-data error saying `text`, and `validate` reports FILE-005.
  static func expectDamaged(_ path: String, saying text: String) async {
    let error = #expect(throws: HDF5Error.self) { try HDF5File(path: path).decodeEveryChunk("/data") }
    #expect(error?.code == .malformed && error?.message.contains(text) == true, "\(String(describing: error))")
    let report = await DatasetValidator.validate(path)
    #expect(report.diagnostics.contains { $0.rule == "FILE-005" }, "\(report.diagnostics)")
  }

  /// h5py writes LZF with its own encoder (filter 32000); Annota decodes it through Debian's plugin
  /// and must read the same values h5py wrote, chunk by chunk — and fail on a damaged chunk.
  @Test(.enabled(if: python(with: ["h5py", "numpy"]) != nil))
  func anH5pyLZFFileDecodesToTheValuesH5pyWrote() async throws {
    let interpreter = try #require(python(with: ["h5py", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("lzf.h5")
    let script = """
      import sys, h5py, numpy as np
      a = np.random.default_rng(1).integers(0, 4096, (256, 256), dtype=np.uint16)
      with h5py.File(sys.argv[1], "w") as f:
          f.create_dataset("data", data=a, chunks=(64, 64), compression="lzf")
      print(",".join(str(v) for v in a[0, :64]), int(a.sum()))
      """
    let run = try runProcess(interpreter, ["-c", script, path])
    #expect(run.status == 0, "\(run.stderr)")
    let parts = run.stdout.split(separator: " ")
    let firstRow = parts[0].split(separator: ",").compactMap { UInt16($0) }
    let sum = Int(parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
    let info = try HDF5File(path: path).dataset("/data")
    #expect(info.filters.map(\.id) == [32000] && info.filters.allSatisfy(\.isAvailable))
    var read: [UInt16] = []
    var total = 0
    try HDF5File(path: path).decodeEveryChunk("/data") { start, count, bytes in
      let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
      total += values.reduce(0) { $0 + Int($1) }
      if start == [0, 0] { read = Array(values.prefix(count[1])) }
    }
    #expect(read == firstRow && total == sum, "the values h5py wrote")
    let report = await DatasetValidator.validate(path)
    #expect(
      report.summary.errors == 0 && report.summary.couldNotCheck == 0, "\(report.diagnostics) \(report.unchecked)")
    // LZF has no checksum: 256 bytes overwritten inside a chunk can still decode (h5py reads such a
    // file without an error, to different values). Only a recorded checksum finds it: FILE-004.
    let good = try FileDigest.sha256(path)
    var bytes = try #require(FileManagerShimData.read(path))
    let start = bytes.count * 7 / 10
    for index in start..<(start + 256) { bytes[index] = 0x55 }
    try FileManagerShimData.write(bytes, to: path)
    try folder.write(
      """
      annota: "0.1"
      study:
        title: An h5py LZF volume with a recorded checksum
        description: The volume was damaged after its checksum was recorded.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: lzf
          path: lzf.h5
          checksum: "sha256:\(good)"
      annotation_sets:
        - id: points
          name: Points
          overview: None yet.
          types: [point_annotations]
          encoding: geojson
          files:
            - path: lzf.geojson
              image: lzf

      """, to: "annota.yaml")
    try folder.write(#"{"type":"FeatureCollection","features":[]}"#, to: "lzf.geojson")
    let damaged = await DatasetValidator.validate(folder.path)
    #expect(
      damaged.diagnostics.contains { $0.rule == "FILE-004" && $0.location.file == "lzf.h5" }, "\(damaged.diagnostics)")
  }

  /// Chunks this process inflates itself (deflate, with and without shuffle; edge chunks padded)
  /// give exactly what h5py wrote, through both readers.
  @Test(.enabled(if: python(with: ["h5py", "numpy"]) != nil))
  func directlyDecodedChunksEqualH5py() throws {
    let interpreter = try #require(python(with: ["h5py", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("direct.h5")
    let script = """
      import sys, h5py, numpy as np
      rng = np.random.default_rng(3)
      a = rng.integers(0, 2**32 - 1, (3, 101, 157), dtype=np.uint32)
      b = rng.integers(0, 60000, (257, 131), dtype=np.uint16)
      with h5py.File(sys.argv[1], "w") as f:
          f.create_dataset("shuffled", data=a, chunks=(2, 50, 70), compression="gzip", shuffle=True)
          f.create_dataset("plain", data=b, chunks=(64, 64), compression="gzip", compression_opts=1)
      print(int(a.astype(np.uint64).sum()), int(a[2, 100, 156]), int(b.astype(np.uint64).sum()), int(b[256, 130]))
      """
    let run = try runProcess(interpreter, ["-c", script, path])
    #expect(run.status == 0, "\(run.stderr)")
    let expected = run.stdout.split(separator: " ").compactMap {
      UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    try #require(expected.count == 4)
    let file = try HDF5File(path: path)
    for (name, width, sum, last) in [
      ("/shuffled", 4, expected[0], expected[1]), ("/plain", 2, expected[2], expected[3]),
    ] {
      let reader = try file.openDataset(name)
      #expect(reader.decodesChunksHere, "\(name) is decoded here, not by libhdf5")
      let whole = try reader.readAll().bytes
      func value(_ bytes: [UInt8], _ index: Int) -> UInt64 {
        (0..<width).reduce(0) { $0 | UInt64(bytes[index * width + $1]) << (8 * UInt64($1)) }
      }
      let count = whole.count / width
      #expect((0..<count).reduce(0) { $0 + value(whole, $1) } == sum, "\(name) readAll")
      #expect(value(whole, count - 1) == last, "\(name): the last element, in an edge chunk")
      var chunked: UInt64 = 0
      try file.decodeEveryChunk(name) { _, count, bytes in
        chunked += (0..<count.reduce(1, *)).reduce(0) { $0 + value(bytes, $1) }
      }
      #expect(chunked == sum, "\(name) chunk by chunk")
    }
  }

  @Test func theLZFPluginIsFound() {
    // h5py's default fast filter; Debian's plugin loads only once liblzf is open (HDF5Library).
    #expect(HDF5Library.serially { H5Zfilter_avail(32000) } > 0)
  }

  @Test func aMissingFilterIsCouldNotCheckNamingItAndTheFix() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("raw.h5")
    try HDF5TestWriter.write(
      [UInt16](repeating: 7, count: 64), shape: [8, 8], type: cannotahdf5_std_u16le(), to: path, name: "data",
      gzip: false, unavailableFilter: 511)
    let report = await DatasetValidator.validate(path)
    let unchecked = try #require(report.unchecked.first, "\(report.diagnostics)")
    #expect(unchecked.reason.contains("511") && unchecked.reason.contains("h5repack"))
    #expect(report.fails(at: .error), "could not check never passes")
  }

  /// Tiny chunks are read in batches of at most 4 096, made as they are needed.
  ///
  /// A damaged file that claimed millions of them ran the fuzzer out of memory (FuzzHDF5,
  /// oom-a00c1e13…) when every chunk's offset was listed at once. 20 000 one-row chunks here: every
  /// pixel is still counted.
  @Test(.enabled(if: python(with: ["h5py", "numpy"]) != nil))
  func manyTinyChunksAreReadBatchByBatch() throws {
    let interpreter = try #require(python(with: ["h5py", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("labels.h5")
    let script = """
      import sys, h5py, numpy as np
      labels = np.zeros((20000, 8), np.uint16); labels[::2, :] = 1; labels[5000:5004, :] = 2
      with h5py.File(sys.argv[1], "w") as f:
          f.create_dataset("labels", data=labels, chunks=(1, 8), compression="gzip")
      """
    let run = try runProcess(interpreter, ["-c", script, path])
    try #require(run.status == 0, "\(run.stderr)")
    let inspection = try FileInspector.inspectDecoding(path, labelStatistics: true)
    let labels = try #require(inspection.labels)
    #expect(labels.labels.map(\.value) == [1, 2])
    #expect(labels.labels.map(\.pixels) == [10000 * 8 - 2 * 8, 4 * 8])
    #expect(labels.backgroundPixels == 20000 * 8 - 10000 * 8 - 2 * 8)
  }
}
