// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaImport
import AnnotaModel
import AnnotaScan
import AnnotaTestSupport
import CAnnotaHDF5
import Foundation
import Testing

@Suite("HDF5 reading", .serialized)
struct HDF5ReaderTests {
  /// A corpus file linked (not copied) into `folder`, so that HDF5 names it by a path of this test's.
  static func link(_ relative: String, into folder: TemporaryFolder) throws -> String {
    let target = try #require(Paths.corpus(relative))
    let path = folder.file(relative.replacingOccurrences(of: "/", with: "_"))
    if !FileManager.default.fileExists(atPath: path) {
      try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }
    return path
  }

  @Test func labelVolumeWithIdsAbove2To53IsExact() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("big-ids.h5")
    let big: UInt64 = (1 << 60) + 3
    var values = [UInt64](repeating: 0, count: 4 * 8 * 8)
    for index in 0..<16 { values[index] = big }
    values[100] = big - 2
    try HDF5TestWriter.write(
      values, shape: [4, 8, 8], type: cannotahdf5_std_u64le(), to: path, name: "segmentation",
      attributes: ["element_size_um": [2, 0.5, 0.5]])
    let inspection = try FileInspector.inspect(path)
    #expect(inspection.format.rawValue == "hdf5" && inspection.layout?.rawValue == "element-size-um")
    #expect(inspection.images.first?.axes == "ZYX" && inspection.images.first?.dtype == "uint64")
    #expect(inspection.images.first?.physicalSize?.z == 2)
    let labels = try #require(inspection.labels)
    #expect(labels.labels.map(\.value) == [Int128(big - 2), Int128(big)])
    #expect(labels.labels.last?.bbox == [0, 0, 8, 2] && labels.labels.last?.pixels == 16)
  }

  @Test func unavailableCompressionFilterIsNamedNotMisread() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("unknown-filter.h5")
    // 511 is in the range HDF5 sets aside for testing: no plugin provides it.
    try HDF5TestWriter.write(
      [UInt16](repeating: 7, count: 64), shape: [8, 8], type: cannotahdf5_std_u16le(),
      to: path, name: "labels", gzip: false, unavailableFilter: 511)
    let file = try HDF5File(path: path)
    let info = try file.dataset("/labels")
    #expect(info.filters.contains { $0.id == 511 && !$0.isAvailable })
    let error = try #require(throws: HDF5Error.self) { _ = try file.read("/labels", start: [0, 0], count: [8, 8]) }
    #expect(error.code == .unsupported)
    #expect(error.message.contains("needs compression filter 511 (unknown)"))
    #expect(error.message.contains("h5repack -f GZIP=4"))
    let inspect = try #require(throws: InspectError.self) { try FileInspector.inspect(path) }
    #expect(inspect.message.contains("511") && inspect.isUnsupported)
  }

  @Test func stringDatasetWhereLabelsAreExpected() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("strings.h5")
    try HDF5TestWriter.writeStrings(["cell", "nucleus", "background", "x", "y"], length: 12, to: path, name: "labels")
    let file = try HDF5File(path: path)
    #expect(try file.dataset("/labels").type == .string(length: 12))
    let error = try #require(throws: HDF5Error.self) { _ = try file.read("/labels", start: [0, 0], count: [5, 1]) }
    #expect(error.code == .unsupported && error.message.contains("numeric dataset was expected"))
    let inspection = try FileInspector.inspect(path)
    #expect(inspection.images.isEmpty && inspection.labels == nil)
    #expect(throws: InspectError.self) { try FileInspector.inspect(path, dataset: "/labels") }
  }

  @Test func truncatedAndCorruptedFilesFailCleanly() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("good.h5")
    try HDF5TestWriter.write(
      (0..<4096).map { UInt16($0 % 50) }, shape: [4, 32, 32], type: cannotahdf5_std_u16le(), to: path, name: "labels")
    let bytes = try #require(FileManagerShimData.read(path))
    var generator = SeededGenerator(seed: 11)
    var outcomes: [String] = []
    let printed = try capturingStandardError {
      for cut in [8, 100, 512, bytes.count / 2, bytes.count - 100] {
        let truncated = folder.file("cut-\(cut).h5")
        try FileManagerShimData.write(Array(bytes.prefix(cut)), to: truncated)
        do { _ = try FileInspector.inspect(truncated); outcomes.append("read") } catch { outcomes.append("error") }
      }
      for trial in 0..<20 {
        var damaged = bytes
        for _ in 0..<8 {
          damaged[Int.random(in: 0..<damaged.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
        }
        let corrupted = folder.file("flip-\(trial).h5")
        try FileManagerShimData.write(damaged, to: corrupted)
        do { _ = try FileInspector.inspect(corrupted); outcomes.append("read") } catch { outcomes.append("error") }
      }
    }
    #expect(outcomes.count == 25)
    #expect(outcomes.prefix(5).allSatisfy { $0 == "error" }, "truncated files are refused: \(outcomes)")
    #expect(printed.isEmpty, "HDF5 printed: \(printed)")
    #expect(
      HDF5Library.openObjectCount(inFilesUnder: folder.path) == 0, "every handle is closed, also on error paths")
  }

  /// FuzzHDF5's finding, refused rather than hung.
  ///
  /// A global heap collection whose free-space object has size 0 makes libhdf5
  /// 1.10 loop forever when it loads the heap for a variable-length string. Nothing in this process
  /// could stop that loop; the metadata preflight reads it in a child, which is killed.
  @Test func aGlobalHeapThatLoopsLibhdf5IsRefusedNotHung() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("heap.h5")
    let file = try HDF5TestFile(path)
    try file.add([UInt8](repeating: 1, count: 16), shape: [4, 4], type: cannotahdf5_native_uint8(), at: "/labels")
    try file.variableStringAttribute("axistags", #"{"axes": [{"key": "y"}, {"key": "x"}]}"#, on: "/labels")
    file.close()
    #expect(throws: Never.self) { _ = try HDF5File(path: path).dataset("/labels").attributes }
    var bytes = try #require(FileManagerShimData.read(path))
    // GCOL, version, 3 reserved, collection size (8); then objects: index (2), refcount (2), 4 reserved,
    // size (8), data padded to 8 — until index 0, the free space, whose size is zeroed here.
    let signature: [UInt8] = Array("GCOL".utf8)
    let heap = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == signature })
    var object = heap + 16
    func le(_ at: Int, _ count: Int) -> Int {
      var value = 0
      for k in 0..<count { value |= Int(bytes[at + k]) << (8 * k) }
      return value
    }
    while le(object, 2) != 0 {
      let size: Int = le(object + 8, 8)
      object += 16 + (size + 7) / 8 * 8
    }
    #expect(le(object + 8, 8) > 0, "the collection has free space")
    for k in 0..<8 { bytes[object + 8 + k] = 0 }
    try FileManagerShimData.write(bytes, to: path)
    let error = try #require(throws: HDF5Error.self) {
      _ = try HDF5File(path: path, limits: HDF5Limits(metadataMilliseconds: 1_000)).dataset("/labels")
    }
    #expect(error.code == .limitExceeded && error.message.contains("metadata"), "\(error)")
    #expect(HDF5Library.openObjectCount(inFilesUnder: folder.path) == 0)
    // The killed worker is replaced: the next file is preflighted and opens.
    let good = folder.file("good.h5")
    try HDF5TestWriter.write(
      [UInt16](repeating: 3, count: 16), shape: [4, 4], type: cannotahdf5_std_u16le(), to: good, name: "x")
    #expect(throws: Never.self) { _ = try HDF5File(path: good, limits: HDF5Limits(metadataMilliseconds: 1_000)) }
  }

  /// FuzzValidate's finding, refused rather than crashing.
  ///
  /// A variable-length string whose global-heap object index is out of range
  /// makes libhdf5 1.10's `H5HG_read` index past its table (SIGSEGV). The preflight child dies of it;
  /// this process refuses the file, naming the signal.
  @Test func aHeapIndexThatCrashesLibhdf5IsRefused() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("index.h5")
    let file = try HDF5TestFile(path)
    try file.add([UInt8](repeating: 1, count: 16), shape: [4, 4], type: cannotahdf5_native_uint8(), at: "/labels")
    let text = #"{"axes": [{"key": "y"}, {"key": "x"}]}"#
    try file.variableStringAttribute("axistags", text, on: "/labels")
    file.close()
    var bytes = try #require(FileManagerShimData.read(path))
    try Self.pointPastTheHeap(stringOf: text.utf8.count, in: &bytes)
    try FileManagerShimData.write(bytes, to: path)
    let error = try #require(throws: HDF5Error.self) { try HDF5File(path: path) }
    #expect(error.code == .malformed && error.message.contains("signal 11"), "\(error)")
    // The worker that died is replaced, and the same file is refused again: nothing is remembered.
    let again = try #require(throws: HDF5Error.self) { try HDF5File(path: path) }
    #expect(again.message.contains("signal 11"))
    let good = folder.file("good.h5")
    try HDF5TestWriter.write(
      [UInt16](repeating: 3, count: 16), shape: [4, 4], type: cannotahdf5_std_u16le(), to: good, name: "x")
    #expect(throws: Never.self) { _ = try HDF5File(path: good) }
  }

  /// A damaged object does not hide the crashing one after it.
  ///
  /// `H5Ovisit` stops at the first object it cannot open, so a damaged dataset early in name order
  /// once kept the preflight from ever reading a later one (a fuzzed DeepLabCut file crashed this
  /// process that way). The preflight walks each group's links itself and goes on past a failure.
  @Test func aDamagedObjectDoesNotHideACrashingSibling() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("siblings.h5")
    let file = try HDF5TestFile(path)
    try file.add([UInt8](repeating: 1, count: 16), shape: [4, 4], type: cannotahdf5_native_uint8(), at: "/a")
    try file.add([UInt8](repeating: 2, count: 16), shape: [4, 4], type: cannotahdf5_native_uint8(), at: "/b")
    let text = #"{"axes": [{"key": "y"}, {"key": "x"}]}"#
    try file.variableStringAttribute("axistags", text, on: "/b")
    var info = H5O_info_t()
    let found = HDF5Library.serially {
      H5Oget_info_by_name2(file.id, "/a", &info, UInt32(H5O_INFO_BASIC), cannotahdf5_p_default())
    }
    file.close()
    try #require(found >= 0)
    var bytes = try #require(FileManagerShimData.read(path))
    let header = Int(info.addr)
    try #require(bytes.indices.contains(header) && bytes[header] == 1, "a version-1 object header at /a's address")
    bytes[header] = 9  // no such header version: /a cannot be opened
    try Self.pointPastTheHeap(stringOf: text.utf8.count, in: &bytes)
    try FileManagerShimData.write(bytes, to: path)
    let error = try #require(throws: HDF5Error.self) { try HDF5File(path: path) }
    #expect(error.code == .malformed && error.message.contains("signal 11"), "\(error)")
  }

  /// Makes the one variable-length string in `bytes` name an object index past its global heap's table.
  ///
  /// The string's reference holds its length (4 bytes), the heap's address (8) and the object's index (4).
  private static func pointPastTheHeap(stringOf length: Int, in bytes: inout [UInt8]) throws {
    let signature: [UInt8] = Array("GCOL".utf8)
    let heap = try #require((0..<(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == signature })
    var reference: [UInt8] = []
    for k in 0..<4 { reference.append(UInt8((length >> (8 * k)) & 0xFF)) }
    for k in 0..<8 { reference.append(UInt8((heap >> (8 * k)) & 0xFF)) }
    let at = try #require((0..<(bytes.count - 16)).first { Array(bytes[$0..<$0 + 12]) == reference })
    bytes.replaceSubrange((at + 12)..<(at + 16), with: [0x01, 0xFF, 0xFF, 0xFF])
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func corpusLayoutsAndFacts() throws {
    // The corpus files are linked into a folder of this test's own, so that the open-handle count
    // at the end is this test's, whatever other suites have open.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    func inspect(_ relative: String, dataset: String? = nil) throws -> FileInspection {
      try FileInspector.inspect(try Self.link(relative, into: folder), dataset: dataset)
    }
    let labels = try inspect("hdf5/ilastik/smallVideo_labels.h5")
    #expect(
      labels.layout?.rawValue == "ilastik-labels" && labels.images.first?.shape == [7, 408, 408, 1]
        && labels.images.first?.axes == "TYXC")
    let simple = try inspect("hdf5/ilastik/smallVideoSimpleSegmentation.h5")
    #expect(simple.layout?.rawValue == "ilastik-export" && simple.labelDataset == "/exported_data")
    #expect(try inspect("hdf5/ilastik/2d3c_Binary_Segmentation.h5").images.first?.shape == [73, 187, 1])
    #expect(try inspect("hdf5/ilastik/5t2d1c_Binary_Segmentation.h5").images.first?.shape == [5, 33, 77, 1])
    // ilastik stored this one x before y: boxes come back in x, y order all the same.
    let transposed = try inspect("hdf5/ilastik/learningSeg-2017-01-17.h5")
    #expect(transposed.images.first?.axes == "TXYC" && transposed.images.first?.dtype == "uint32")
    let stats = try #require(transposed.labels)
    // Axes T, X, Y, C with shape 10, 495, 534, 1: the image is 495 wide and 534 high.
    #expect(stats.width == 495 && stats.height == 534 && stats.planeCount == 10)
    #expect(stats.labels.allSatisfy { $0.bbox[2] <= 495 && $0.bbox[3] <= 534 })
    let cremi = try inspect("hdf5/cremi/example.h5")
    #expect(
      cremi.layout?.rawValue == "cremi" && cremi.images.first?.dtype == "uint64"
        && cremi.images.first?.shape == [1, 164, 251])
    #expect(cremi.images.first?.physicalSize?.z == 0.04 && cremi.images.first?.physicalSize?.x == 0.004)
    let plantseg = try inspect("hdf5/plantseg/sample_ovule.h5")
    #expect(plantseg.layout?.rawValue == "element-size-um" && plantseg.labelDataset == "/label")
    #expect(plantseg.images.map(\.name) == ["/label", "/raw"])
    #expect(plantseg.images.first?.physicalSize?.z == 0.235 && plantseg.images.first?.physicalSize?.x == 0.15)
    let bdv = try inspect("hdf5/ilastik/smallVideoBdv.h5")
    #expect(bdv.layout?.rawValue == "bigdataviewer")
    #expect(bdv.warnings.contains { $0.hasPrefix("BigDataViewer: 1 setup(s), 7 time point(s), 2 resolution level(s)") })
    // 7 time points × 2 resolution levels; BigDataViewer's int16 cells are uint16 pixels.
    #expect(
      bdv.images.filter { $0.name.hasSuffix("/cells") }.count == 14 && bdv.images.allSatisfy { $0.dtype == "uint16" })
    let project = try inspect("hdf5/ilastik/pc-oc-133.ilp")
    #expect(project.layout?.rawValue == "ilastik-project")
    for strange in ["hdf5/h5py/vlen_string_dset.h5", "hdf5/h5py/compound-dtype-complex.h5"] {
      #expect(try inspect(strange).images.isEmpty, "\(strange): no image-like datasets, no crash")
    }
    #expect(throws: InspectError.self) { try inspect("hdf5/plantseg/sample_ovule.h5", dataset: "/nothing") }
    #expect(try inspect("hdf5/plantseg/sample_ovule.h5", dataset: "/raw").labelDataset == "/raw")
    #expect(HDF5Library.openObjectCount(inFilesUnder: folder.path) == 0)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func attributesOfEveryKind() throws {
    let file = try HDF5File(path: try #require(Paths.corpus("hdf5/cremi/example.h5")))
    #expect(try file.attributes(of: "/")["file_format"]?.string == "0.2")
    #expect(try file.dataset("/volumes/labels/neuron_ids").attributes["resolution"]?.doubles == [40, 4, 4])
    let ilastik = try HDF5File(path: try #require(Paths.corpus("hdf5/ilastik/smallVideoSimpleSegmentation.h5")))
    let info = try ilastik.dataset("/exported_data")
    #expect(info.attributes["axistags"]?.string?.contains("\"key\"") == true)
    #expect(info.chunks == [1, 408, 408, 1] && info.filters.first?.name == "deflate")
  }
}

extension HDF5ReaderTests {

  @Test(.enabled(if: Paths.corpus != nil))
  func hdf5LabelVolumesImportWithTheirPixelSizeAndOrientation() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let links = try TemporaryFolder()
    defer { links.remove() }
    let ovule = try Self.link("hdf5/plantseg/sample_ovule.h5", into: links)
    // The demo's images are not the ovule's: the import is asked to accept the size difference.
    var options = ImportOptions(setID: "ovule", imageID: "cells_01")
    options.allowSizeMismatch = true
    let result = try DatasetImporter.importFile(ovule, into: dataset.path, options: options)
    #expect(result.files == ["annotations/ovule/cells_01_labels.ome.tif"])
    let written = try FileInspector.inspect(dataset.file(result.files[0]))
    #expect(written.images.first?.shape == [32, 128, 128] && written.images.first?.physicalSize?.z == 0.235)
    let source = try FileInspector.inspect(ovule)
    #expect(written.labels?.labels == source.labels?.labels, "the same labels, pixel for pixel")
    let set = try #require(result.sets.first)
    #expect(set.provenance?.conversion?.convention == "hdf5-element-size-um:/label")

    // Stored x before y: the written label image is upright (rows are y) and agrees with inspect.
    let transposed = try Self.link("hdf5/ilastik/learningSeg-2017-01-17.h5", into: links)
    var secondOptions = ImportOptions(setID: "seg", imageID: "cells_02")
    secondOptions.allowSizeMismatch = true
    let second = try DatasetImporter.importFile(transposed, into: dataset.path, options: secondOptions)
    let upright = try FileInspector.inspect(dataset.file(second.files[0]))
    #expect(upright.images.first?.shape == [10, 534, 495])
    // Its T axis survives the import: an OME-TIFF of 10 time points, not 10 Z planes.
    #expect(second.files[0].hasSuffix(".ome.tif") && upright.images.first?.axes == "TYX")
    #expect(upright.labels?.labels == (try FileInspector.inspect(transposed)).labels?.labels)
    #expect(HDF5Library.openObjectCount(inFilesUnder: links.path) == 0)
  }

  @Test func aFileWithSeveralLabelVolumesNeedsADatasetChoice() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("cells_03.h5")
    try HDF5TestWriter.write(
      [UInt8](repeating: 1, count: 64), shape: [8, 8], type: cannotahdf5_std_u8le(), to: path, name: "labels")
    // A second label volume in the same file.
    HDF5Library.serially {
      let file = H5Fopen(path, cannotahdf5_acc_rdwr(), cannotahdf5_p_default())
      var dims: [hsize_t] = [8, 8]
      let space = H5Screate_simple(2, &dims, nil)
      let second = H5Dcreate2(
        file, "mask", cannotahdf5_std_u8le(), space, cannotahdf5_p_default(), cannotahdf5_p_default(),
        cannotahdf5_p_default())
      let ones = [UInt8](repeating: 2, count: 64)
      _ = ones.withUnsafeBytes {
        H5Dwrite(
          second, cannotahdf5_native_uint8(), cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(),
          $0.baseAddress)
      }
      H5Dclose(second)
      H5Sclose(space)
      H5Fclose(file)
    }
    let error = try #require(throws: ImportError.self) { try DatasetImporter.importFile(path, into: dataset.path) }
    #expect(error.message.contains("--hdf5-path"))
    // An 8 × 8 fixture against a 256 × 256 demo image: named, and the size difference allowed.
    var chosen = ImportOptions(setID: "chosen", imageID: "cells_03", dataset: "/mask")
    chosen.allowSizeMismatch = true
    let result = try DatasetImporter.importFile(path, into: dataset.path, options: chosen)
    #expect(result.sets.first?.files.first?.image == "cells_03")
    #expect(HDF5Library.openObjectCount(inFilesUnder: folder.path) == 0)
  }
}

extension HDF5ReaderTests {
  /// The painted strokes of an ilastik project: checked against h5py on the same block
  /// (13 pixels of label 1 in rows 15–19 and columns 15–24, 11 of label 2).
  @Test(.enabled(if: Paths.corpus != nil))
  func ilastikProjectLabelsBecomeASemanticSet() throws {
    let links = try TemporaryFolder()
    defer { links.remove() }
    let project = try Self.link("hdf5/ilastik/pc-oc-133.ilp", into: links)
    let inspection = try FileInspector.inspect(project)
    #expect(inspection.layout?.rawValue == "ilastik-project")
    let labels = try #require(inspection.labels)
    #expect(labels.labels.map(\.pixels) == [13, 11])
    #expect(labels.labels.first?.bbox == [15, 15, 25, 20])
    #expect(labels.width == 77 && labels.height == 33 && labels.planeCount == 5)
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let result = try DatasetImporter.importFile(
      project, into: dataset.path, options: ImportOptions(setID: "ilastik", imageID: "cells_01"))
    let set = try #require(result.sets.first)
    #expect(set.types == [.weakAnnotations] && set.kind == .semantic)
    let manifest = try ManifestReader.load(contentsOf: dataset.file("annota.yaml"))
    let table = try #require(manifest.labelTables.first { $0.id == set.labelTable })
    #expect(table.labels.map(\.name) == ["background", "Label 1", "Label 2"])
    #expect(table.labels.dropFirst().map(\.colour) == ["#ffe119", "#0082c8"])
    #expect(HDF5Library.openObjectCount(inFilesUnder: links.path) == 0)
  }
}

extension HDF5ReaderTests {
  /// A CREMI 0.2 file as cremi_python writes it: raw volume, clefts with "no cleft" = 2^64 − 1,
  /// synaptic sites in nanometres relative to an offset, and pre → post partners.
  func writeCREMI(_ path: String) throws {
    let file = try HDF5TestFile(path)
    defer { file.close() }
    try file.add(
      [UInt8](repeating: 50, count: 2 * 10 * 12), shape: [2, 10, 12], type: cannotahdf5_std_u8le(), at: "/volumes/raw",
      attributes: ["resolution": [40, 4, 4], "offset": [40, 8, 8]])
    var clefts = [UInt64](repeating: .max, count: 2 * 10 * 12)
    for index in 30..<36 { clefts[index] = 7 }
    try file.add(
      clefts, shape: [2, 10, 12], type: cannotahdf5_std_u64le(), at: "/volumes/labels/clefts",
      attributes: ["resolution": [40, 4, 4]])
    try file.add([UInt64]([1, 2]), shape: [2], type: cannotahdf5_std_u64le(), at: "/annotations/ids")
    try file.addStrings(["presynaptic_site", "postsynaptic_site"], at: "/annotations/types")
    // z, y, x in nm relative to the annotations' offset (40, 8, 8): the raw volume's offset too.
    try file.add([0.0, 20, 40, 40, 4, 0], shape: [2, 3], type: cannotahdf5_ieee_f64le(), at: "/annotations/locations")
    try file.add(
      [UInt64]([1, 2]), shape: [1, 2], type: cannotahdf5_std_u64le(), at: "/annotations/presynaptic_site/partners")
    try file.groupAttribute("offset", [40, 8, 8], on: "/annotations")
    try file.characterArrayAttribute("comment", "synapses", on: "/volumes/raw")
    try file.stringAttribute("file_format", "0.2", on: "/")
  }

  @Test func cremiSitesAndCleftsFollowTheConventions() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("cells_04.h5")
    try writeCREMI(path)
    do {
      let hdf5 = try HDF5File(path: path)
      #expect(
        try hdf5.dataset("/volumes/raw").attributes["comment"]?.string == "synapses",
        "arrays of 1-character strings are joined")
    }
    let inspection = try FileInspector.inspect(path, dataset: "/volumes/labels/clefts")
    #expect(inspection.layout?.rawValue == "cremi")
    #expect(inspection.labels?.labels.map(\.value) == [7] && inspection.labels?.backgroundPixels == 240 - 6)
    #expect(inspection.shapeCounts == ["point": 2])
    let first = inspection.shapes[0].json.text
    // x = 40 nm / 4 + 0.5, y = 20 / 4 + 0.5, z = plane 0; partners listed on the presynaptic site.
    #expect(
      first.contains("\"coordinates\": [10.5, 5.5]") && first.contains("\"label\": \"presynaptic_site\"")
        && first.contains("\"partners\": [2]"), "\(first)")
    #expect(inspection.shapes[1].json.text.contains("\"z\": 1"))

    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let sites = try DatasetImporter.importFile(path, into: dataset.path, options: ImportOptions(setID: "synapses"))
    #expect(
      sites.sets.first?.types == [.pointAnnotations, .graphs] && sites.sets.first?.files.first?.image == "cells_04")
    var cleftOptions = ImportOptions(setID: "clefts", imageID: "cells_04", dataset: "/volumes/labels/clefts")
    cleftOptions.allowSizeMismatch = true
    let clefts = try DatasetImporter.importFile(path, into: dataset.path, options: cleftOptions)
    let written = try FileInspector.inspect(dataset.file(clefts.files[0]))
    #expect(written.labels?.labels.map(\.value) == [7] && written.labels?.backgroundPixels == 234, "no-cleft became 0")
    #expect(written.images.first?.dtype == "uint8")
    #expect(HDF5Library.openObjectCount(inFilesUnder: folder.path) == 0)
  }
}

/// `annota init` beside an ilastik project: the project's lanes name their input files.
@Suite("Dataset init with ilastik", .enabled(if: Paths.corpus != nil))
struct IlastikInitTests {
  @Test func anIlastikProjectPairsWithTheInputItNames() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let project = try #require(Paths.corpus("hdf5/ilastik/pc-oc-133.ilp"))
    try FileManager.default.copyItem(atPath: project, toPath: folder.file("pc-oc-133.ilp"))
    // The project's lane 0 reads `5t2d1c.h5/data`: a float image beside it.
    let values = [Float](repeating: 0.5, count: 5 * 33 * 77)
    try HDF5TestWriter.write(
      values, shape: [5, 33, 77, 1], type: cannotahdf5_native_float(), to: folder.file("5t2d1c.h5"), name: "data")
    let scan = DatasetScan.scan(folder.path)
    let roles = Dictionary(uniqueKeysWithValues: scan.files.map { ($0.path, $0.role) })
    #expect(roles["pc-oc-133.ilp"] == .toolAnnotations && roles["5t2d1c.h5"] == .image)
    let pair = try #require(scan.pairs.first { $0.annotation == "pc-oc-133.ilp" })
    #expect(pair.image == "5t2d1c.h5" && pair.strategy == .other)
  }
}

extension IlastikInitTests {
  /// A lane's file path that climbs out of the folder or is absolute: only the input's name is used,
  /// to pair with the image beside the project; nothing outside is looked at.
  @Test(.enabled(if: Paths.corpus != nil), arguments: ["../../elsewhere/5t2d1c.h5/data", "/abs/in/5t2d1c.h5/data"])
  func laneFilePathsOnlyNameTheInput(filePath: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let project = folder.file("pc-oc-133.ilp")
    try FileManager.default.copyItem(atPath: try #require(Paths.corpus("hdf5/ilastik/pc-oc-133.ilp")), toPath: project)
    _ = try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: project)
    let written = HDF5Library.serially { () -> Bool in
      let file = H5Fopen(project, cannotahdf5_acc_rdwr(), cannotahdf5_p_default())
      defer { H5Fclose(file) }
      let dataset = H5Dopen2(file, "/Input Data/infos/lane0000/Raw Data/filePath", cannotahdf5_p_default())
      defer { H5Dclose(dataset) }
      let type = H5Dget_type(dataset)
      defer { H5Tclose(type) }
      // h5py writes the path as a variable-length string.
      guard file >= 0, dataset >= 0, H5Tis_variable_str(type) > 0 else { return false }
      var text: UnsafeMutablePointer<CChar>? = strdup(filePath)
      defer { free(text) }
      return H5Dwrite(dataset, type, cannotahdf5_s_all(), cannotahdf5_s_all(), cannotahdf5_p_default(), &text) >= 0
    }
    try #require(written)
    try HDF5TestWriter.write(
      [Float](repeating: 0.5, count: 5 * 33 * 77), shape: [5, 33, 77, 1], type: cannotahdf5_native_float(),
      to: folder.file("5t2d1c.h5"), name: "data")
    let pair = try #require(DatasetScan.scan(folder.path).pairs.first { $0.annotation == "pc-oc-133.ilp" })
    #expect(pair.image == "5t2d1c.h5")
  }
}

extension IlastikInitTests {
  @Test func hdf5LabelVolumesPairWithTheirImagesAndAwaitImport() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try HDF5TestWriter.write(
      [Float](repeating: 0.25, count: 4 * 16 * 16), shape: [4, 16, 16], type: cannotahdf5_native_float(),
      to: folder.file("cells.h5"), name: "raw")
    var labels = [UInt16](repeating: 0, count: 4 * 16 * 16)
    for i in 0..<40 { labels[i * 7] = UInt16(i % 5 + 1) }
    try HDF5TestWriter.write(
      labels, shape: [4, 16, 16], type: cannotahdf5_native_uint16(), to: folder.file("cells_labels.h5"), name: "labels")
    let scan = DatasetScan.scan(folder.path)
    let pair = try #require(scan.pairs.first)
    #expect(pair.annotation == "cells_labels.h5" && pair.image == "cells.h5" && pair.strategy == .fileNamePattern)
    let (manifest, _) = DatasetDraft.manifest(for: scan, name: "volumes")
    #expect(manifest.annotationSets.first?.encoding == .other, "HDF5 is not a label_image encoding until imported")
    #expect(manifest.images.first?.dimensions?.z == 4)
  }
}
