// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
import AnnotaMetrics
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

/// `annota compare`'s workflow on generated label images: pairing, every kind of bad input as a
/// located finding (never a crash or a silent NaN), the numbers against the metrics called
/// directly, the renderers, the gate and inter-annotator agreement with `--record`.
@Suite("Compare")
struct CompareTests {
  /// A 16 × 12 label image with objects 1, 2 and 3; `shift` moves them right.
  static func objects(shift: Int = 0, drop: Int? = nil) -> [UInt16] {
    var labels = [UInt16](repeating: 0, count: 16 * 12)
    let boxes: [(UInt16, Int, Int)] = [(1, 1, 1), (2, 8, 1), (3, 2, 7)]
    for (label, x0, y0) in boxes where label != drop.map(UInt16.init) {
      for y in y0..<y0 + 4 { for x in x0 + shift..<x0 + shift + 5 { labels[y * 16 + x] = label } }
    }
    return labels
  }

  static func writeMask(_ labels: [UInt16], to path: String, width: Int = 16) throws {
    try TIFFWriter.write([try Plane(width: width, height: labels.count / width, uint16: labels)], to: path)
  }

  /// A reference folder and a candidate folder of label TIFFs named as tools name them.
  static func folders() throws -> (TemporaryFolder, String, String) {
    let folder = try TemporaryFolder()
    let reference = folder.file("truth")
    let candidate = folder.file("pred")
    for path in [reference, candidate] {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    try writeMask(objects(), to: reference + "/a.tif")
    try writeMask(objects(shift: 1, drop: 3), to: candidate + "/a_cp_masks.tif")
    try writeMask(objects(), to: reference + "/b.tif")
    try writeMask(objects(), to: candidate + "/b.tif")
    return (folder, reference, candidate)
  }

  @Test func foldersPairByBaseNameAndEqualTheMetricsCalledDirectly() async throws {
    let (folder, reference, candidate) = try Self.folders()
    defer { folder.remove() }
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(reference), candidate: try ComparisonSource.path(candidate),
      options: ComparisonOptions(thresholds: [0.3, 0.5, 0.9]))
    #expect(report.images.map(\.name) == ["a", "b"] && report.couldNotCheck.isEmpty)
    #expect(report.findings.allSatisfy { $0.severity != .error })
    let direct = InstanceMatching.match(
      LabelOverlap(
        reference: Self.objects().map(UInt32.init), candidate: Self.objects(shift: 1, drop: 3).map(UInt32.init)),
      thresholds: [0.3, 0.5, 0.9])
    #expect(report.images[0].instance == direct.map(InstanceMatching.Summary.init))
    // a: 1 and 2 overlap 16 of 24 pixels (IoU 2/3), 3 is missed; b is identical.
    #expect(report.images[0].instance?[1].tp == 2 && report.images[0].instance?[1].fn == 1)
    #expect(report.images[1].instance?.allSatisfy { $0.f1 == 1 } == true)
    let same = InstanceMatching.match(
      LabelOverlap(reference: Self.objects().map(UInt32.init), candidate: Self.objects().map(UInt32.init)),
      thresholds: [0.3, 0.5, 0.9])
    #expect(report.dataset.pooled == InstanceMatching.summarize([direct, same], byImage: false))
    #expect(report.dataset.byImage == InstanceMatching.summarize([direct, same], byImage: true))
    // At 0.9 the shifted pair no longer matches: pooled tp 3 of 6 reference objects.
    #expect(report.dataset.pooled?[2].tp == 3 && report.dataset.pooled?[2].nTrue == 6)
  }

  @Test func badInputIsALocatedFindingAndNeverScored() async throws {
    let (folder, reference, candidate) = try Self.folders()
    defer { folder.remove() }
    // c: different sizes; d: float pixels; e: not a TIFF at all; f: on one side only.
    try Self.writeMask(Self.objects(), to: reference + "/c.tif")
    try Self.writeMask([UInt16](repeating: 0, count: 8 * 12), to: candidate + "/c.tif", width: 8)
    try Self.writeMask(Self.objects(), to: reference + "/d.tif")
    let floats = Self.objects().flatMap { withUnsafeBytes(of: Float($0).bitPattern.littleEndian, Array.init) }
    try TIFFWriter.write(
      [try Plane(width: 16, height: 12, sampleType: .float32, bytes: floats)], to: candidate + "/d.tif")
    try Self.writeMask(Self.objects(), to: reference + "/e.tif")
    try Data("II*\0 this is not a TIFF".utf8).write(to: URL(fileURLWithPath: candidate + "/e.tif"))
    try Self.writeMask(Self.objects(), to: reference + "/f.tif")
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(reference), candidate: try ComparisonSource.path(candidate))
    #expect(report.images.map(\.name) == ["a", "b"])
    // Files read in full but refused are findings; a file that could not be read is *could not check*.
    let rules = Set(report.findings.map(\.rule.rawValue))
    #expect(rules.isSuperset(of: ["COMPARE-001", "COMPARE-002", "COMPARE-003"]), "\(rules)")
    let unchecked = report.couldNotCheck.map { ($0.location.file as NSString).lastPathComponent }
    #expect(unchecked == ["e.tif"] && report.couldNotCheck.first?.rule.rawValue == "COMPARE-006")
    #expect(report.findings.first { $0.rule.rawValue == "COMPARE-002" }?.message.contains("16×12") == true)
    // The two measured images alone make the dataset numbers: nothing unread counts.
    #expect(report.dataset.pooled?[0].nTrue == 6)
    let json = ComparisonRenderer.render(report, as: .json)
    #expect(!json.contains("NaN"))
  }

  @Test func emptySidesAreScoredAndSaySo() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for side in ["r", "c"] {
      try FileManager.default.createDirectory(atPath: folder.file(side), withIntermediateDirectories: true)
    }
    let empty = [UInt16](repeating: 0, count: 16 * 12)
    try Self.writeMask(empty, to: folder.file("r/x.tif"))
    try Self.writeMask(Self.objects(), to: folder.file("c/x.tif"))
    try Self.writeMask(empty, to: folder.file("r/y.tif"))
    try Self.writeMask(empty, to: folder.file("c/y.tif"))
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(folder.file("r")), candidate: try ComparisonSource.path(folder.file("c")))
    #expect(report.findings.filter { $0.rule.rawValue == "COMPARE-004" }.count == 2)
    let x = try #require(report.images.first { $0.name == "x" }?.instance?.first)
    #expect(x.nTrue == 0 && x.fp == 3 && x.precision == 0 && x.f1 == 0)
    #expect(report.images.first { $0.name == "y" }?.foregroundDice == 1)
    #expect(report.conventions.contains { $0.contains("1 when both sides are empty") })
  }

  @Test func semanticModeScoresEachClass() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeMask(Self.objects(), to: folder.file("truth.tif"))
    try Self.writeMask(Self.objects(shift: 1), to: folder.file("pred.tif"))
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(folder.file("truth.tif")),
      candidate: try ComparisonSource.path(folder.file("pred.tif")), options: ComparisonOptions(mode: .semantic))
    let classes = try #require(report.images.first?.classes)
    #expect(classes.map(\.value) == [1, 2, 3])
    // Each box of 20 pixels shifted by one column keeps 16: Dice 32/40, IoU 16/24.
    #expect(classes.allSatisfy { abs(($0.dice ?? -1) - 0.8) < 1e-12 && abs(($0.iou ?? -1) - 2.0 / 3) < 1e-12 })
  }

  @Test func thresholdListsAndRanges() {
    let range = ComparisonOptions.thresholds("0.5:0.95:0.05")
    #expect(range == [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95])
    #expect(ComparisonOptions.thresholds("0.5, 0.75") == [0.5, 0.75])
    for bad in ["", "0.5:0.4:0.1", "1.5", "0.5:0.9", "a", "0.5:0.9:0", "-0.1"] {
      #expect(ComparisonOptions.thresholds(bad) == nil, "\(bad)")
    }
  }

  @Test func gatesReadTheDatasetNumbers() async throws {
    let (folder, reference, candidate) = try Self.folders()
    defer { folder.remove() }
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(reference), candidate: try ComparisonSource.path(candidate),
      options: ComparisonOptions(thresholds: [0.5, 0.9]))
    let f1 = try #require(report.dataset.pooled?[0].f1)
    #expect(MetricGate("f1=\(f1)")?.failure(in: report) == nil)
    #expect(MetricGate("f1=\(f1 + 0.01)")?.failure(in: report) != nil)
    #expect(MetricGate("f1@0.9=0.9")?.failure(in: report)?.contains("below") == true)
    #expect(MetricGate("f1@0.7=0.1")?.failure(in: report)?.contains("no f1") == true)
    for bad in ["f1", "f1=x", "bogus=0.5", "f1@x=0.5", "=0.5", "ap@0.75=0.5", "dice@0.5=0.9"] {
      #expect(MetricGate(bad) == nil, "\(bad)")
    }
    // A detection number has no value in an instance report, rather than another metric's.
    #expect(MetricGate("ap=0.5")?.value(in: report) == nil)
    #expect(MetricGate("ap=0.5")?.failure(in: report)?.contains("no ap") == true)
  }

  @Test func everyRendererCarriesTheNumbers() async throws {
    let (folder, reference, candidate) = try Self.folders()
    defer { folder.remove() }
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(reference), candidate: try ComparisonSource.path(candidate))
    let json = ComparisonRenderer.render(report, as: .json)
    let decoded = try JSONDecoder().decode(ComparisonReport.self, from: Data(json.utf8))
    #expect(decoded.images == report.images && decoded.dataset.pooled == report.dataset.pooled)
    let csv = ComparisonRenderer.render(report, as: .csv).split(separator: "\n")
    #expect(csv.count == 3 && csv[0].hasPrefix("image,") && csv[1].hasPrefix("a,"))
    let markdown = ComparisonRenderer.render(report, as: .md)
    #expect(markdown.contains("| a |") && markdown.contains("### Conventions"))
    let text = ComparisonRenderer.render(report, as: .text)
    #expect(text.contains("Dataset, pooled") && text.contains("0.8000"))
  }

  /// A copy of the demo dataset (never the original: `--record` rewrites the manifest).
  static func demoCopy() throws -> (TemporaryFolder, String) {
    let folder = try TemporaryFolder()
    let copy = folder.file("demo")
    try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo"), toPath: copy)
    return (folder, copy)
  }

  @Test func annotationSetsPairThroughTheDatasetsImages() async throws {
    let demo = Paths.project("Fixtures/demo")
    let reference = try ComparisonSource.annotationSet("nuclei", in: demo)
    let candidate = try ComparisonSource.annotationSet("nuclei-review", in: demo)
    #expect(reference.entries.map(\.key) == (1...6).map { "cells_0\($0)" })
    let report = await AnnotationComparer.compare(reference: reference, candidate: candidate)
    #expect(report.images.count == 6 && report.couldNotCheck.isEmpty)
    #expect(report.findings.allSatisfy { $0.severity == .info })
    #expect(throws: CompareError.self) { try ComparisonSource.annotationSet("no-such-set", in: demo) }
  }

  @Test func agreementRanksImagesAndRecordsIntoTheManifest() async throws {
    let (folder, copy) = try Self.demoCopy()
    defer { folder.remove() }
    let sources = try ["nuclei", "nuclei-review"].map { try ComparisonSource.annotationSet($0, in: copy) }
    let report = await AgreementAnalysis.run(sources, options: ComparisonOptions())
    #expect(report.sets == ["nuclei", "nuclei-review"] && report.matrix.count == 2)
    let value = try #require(report.mean)
    #expect(report.matrix[0][1] == value && report.matrix[1][0] == value && value > 0.5 && value < 1)
    let ranked = report.images.compactMap(\.mean)
    #expect(ranked == ranked.sorted() && report.images.count == 6)
    let pooled = try #require(report.comparisons.first?.dataset.pooled?.first)
    #expect(value == pooled.f1)

    let before = try String(contentsOfFile: Paths.project("Fixtures/demo/annota.yaml"), encoding: .utf8)
    try AgreementAnalysis.record(report, in: copy)
    try AgreementAnalysis.record(report, in: copy)
    let manifest = try #require(ManifestReader.read(contentsOf: copy + "/annota.yaml").manifest)
    for id in ["nuclei", "nuclei-review"] {
      let entries = try #require(manifest.annotationSets.first { $0.id == id }?.provenance?.agreement)
      #expect(entries.count == 1, "recording twice replaces, never duplicates")
      #expect(entries.first?.value == value && entries.first?.threshold == 0.5)
      #expect(entries.first?.method?.contains("StarDist") == true)
    }
    #expect(try String(contentsOfFile: Paths.project("Fixtures/demo/annota.yaml"), encoding: .utf8) == before)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func corpusLabelImagesFromOtherTools() async throws {
    let corpus = try #require(Paths.corpus)
    let mask3d = corpus + "/label-tiff/stardist_mask3d.tif"
    let volume = try LabelVolume.read(path: mask3d)
    #expect(volume.width == 57 && volume.height == 61 && volume.depth == 31)
    #expect(Set(volume.labels).count - 1 == 51)
    let imageJ = try LabelVolume.read(path: corpus + "/label-tiff/LabelImage.tif")
    #expect(imageJ.labels.contains(65_535) && Set(imageJ.labels).count - 1 == 469)
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(mask3d), candidate: try ComparisonSource.path(mask3d))
    #expect(report.dataset.pooled?.first?.tp == 51 && report.dataset.pooled?.first?.f1 == 1)
    // StarDist's two 2-D masks differ in size: a finding, not a crash.
    let sizes = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(corpus + "/label-tiff/stardist_mask2d.tif"),
      candidate: try ComparisonSource.path(corpus + "/label-tiff/stardist_tests_mask2d.tif"))
    #expect(sizes.images.isEmpty && sizes.findings.contains { $0.rule.rawValue == "COMPARE-002" })
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func malformedTIFFsAreErrorsNotCrashes() throws {
    let folder = try #require(Paths.corpus) + "/malformed/tiff"
    for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
      do {
        let volume = try LabelVolume.read(path: folder + "/" + name)
        #expect(volume.labels.count == volume.width * volume.height * volume.depth, "\(name)")
      } catch {
        #expect(!error.message.isEmpty && error.path.hasSuffix(name), "\(name)")
      }
    }
  }

  @Test func generatedLabelFilesOfEachFormat() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // Three pages are three planes of a volume.
    let pages = try (0..<3).map { z in try Plane(width: 4, height: 2, uint8: (0..<8).map { UInt8($0 + z) }) }
    try TIFFWriter.write(pages, to: folder.file("stack.tif"))
    let stack = try LabelVolume.read(path: folder.file("stack.tif"))
    #expect(stack.depth == 3 && stack.labels[8] == 1 && stack.labels.count == 24)
    // 8- and 16-bit files are kept at 16 bits; 32-bit ones at 32.
    #expect(stack.narrowLabels?.count == 24)
    try TIFFWriter.write([try Plane(width: 2, height: 1, uint32: [70_000, 3])], to: folder.file("wide.tif"))
    let wide = try LabelVolume.read(path: folder.file("wide.tif"))
    #expect(wide.narrowLabels == nil && wide.labels == [70_000, 3])
    let png = try PNGWriter.encode([0, 1, 2, 3, 4, 5], width: 3, height: 2, channels: 1)
    try Data(png).write(to: URL(fileURLWithPath: folder.file("labels.png")))
    #expect(try LabelVolume.read(path: folder.file("labels.png")).labels == [0, 1, 2, 3, 4, 5])
    let rgb = try PNGWriter.encode([UInt8](repeating: 1, count: 18), width: 3, height: 2, channels: 3)
    try Data(rgb).write(to: URL(fileURLWithPath: folder.file("rgb.png")))
    #expect(throws: LabelImageError.self) { try LabelVolume.read(path: folder.file("rgb.png")) }
    let signed = try Plane(width: 2, height: 1, sampleType: .int16, bytes: [0xFF, 0xFF, 1, 0])
    try TIFFWriter.write([signed], to: folder.file("negative.tif"))
    let negative = #expect(throws: LabelImageError.self) { try LabelVolume.read(path: folder.file("negative.tif")) }
    #expect(negative?.code == .notLabels)
    try Data().write(to: URL(fileURLWithPath: folder.file("empty.tif")))
    #expect(throws: LabelImageError.self) { try LabelVolume.read(path: folder.file("empty.tif")) }
  }

  /// Boundary metrics in semantic mode are Metrics Reloaded's (``BoundaryDistances``, checked
  /// against it in AnnotaMetricsTests) on each class of each image, in the manifest's pixel size.
  @Test func boundaryMetricsUseTheManifestsPixelSize() async throws {
    let demo = Paths.project("Fixtures/demo")
    var options = ComparisonOptions(mode: .semantic, classes: [1, 2])
    options.tolerance = 1.3
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.annotationSet("nuclei", in: demo),
      candidate: try ComparisonSource.annotationSet("nuclei-review", in: demo), options: options)
    let image = try #require(report.images.first)
    let reference = try LabelVolume.read(path: image.referenceFile)
    let candidate = try LabelVolume.read(path: image.candidateFile)
    for value in [1, 2] {
      let direct = try BoundaryDistances(
        reference: reference.labels.map { $0 == UInt32(value) },
        candidate: candidate.labels.map { $0 == UInt32(value) },
        shape: [reference.height, reference.width], spacing: [0.65, 0.65])
      let scores = try #require(image.classes?.first { $0.value == value }?.boundary)
      #expect(scores.hd95 == direct.hausdorff95 && scores.assd == direct.averageSymmetricSurfaceDistance)
      #expect(scores.nsd == (try direct.normalisedSurfaceDistance(tolerance: 1.3)) && scores.unit == "um")
    }
    let dataset = try #require(report.dataset.classes?.first { $0.value == 1 }?.boundary)
    let hd95 = report.images.compactMap { $0.classes?.first { $0.value == 1 }?.boundary?.hd95 }
    #expect(dataset.images == 6 && abs((dataset.hd95 ?? 0) - hd95.reduce(0, +) / Double(hd95.count)) < 1e-12)
    #expect(report.conventions.contains { $0.contains("--boundary-empty metrics-reloaded") })
    // Without --tolerance (or --boundary) nothing is computed.
    let plain = await AnnotationComparer.compare(
      reference: try ComparisonSource.annotationSet("nuclei", in: demo),
      candidate: try ComparisonSource.annotationSet("nuclei-review", in: demo),
      options: ComparisonOptions(mode: .semantic, classes: [1]))
    #expect(plain.images.allSatisfy { $0.classes?.allSatisfy { $0.boundary == nil } == true })
  }

  /// HDF5 label volumes (axes named in capitals by their layouts) are read, with `element_size_um`
  /// as the voxel size of the boundary metrics when the manifest gives none.
  @Test(.enabled(if: python(with: ["h5py", "numpy"]) != nil))
  func hdf5VolumesWithTheirVoxelSize() async throws {
    let interpreter = try #require(python(with: ["h5py", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let script = """
      import sys, h5py, numpy as np
      truth = np.zeros((4, 12, 10), np.uint16); truth[1:3, 2:8, 2:6] = 1
      pred = np.zeros_like(truth); pred[1:4, 3:9, 2:7] = 1
      for name, data in (("truth", truth), ("pred", pred)):
          with h5py.File(sys.argv[1] + "/" + name + ".h5", "w") as f:
              f.create_dataset("segmentation", data=data).attrs["element_size_um"] = [2.0, 0.5, 0.25]
      """
    let run = try runProcess(interpreter, ["-c", script, folder.path])
    #expect(run.status == 0, "\(run.stderr)")
    var options = ComparisonOptions(mode: .semantic)
    options.tolerance = 0.5
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(folder.file("truth.h5")),
      candidate: try ComparisonSource.path(folder.file("pred.h5")), options: options)
    let scores = try #require(report.images.first?.classes?.first?.boundary, "\(report.findings)")
    #expect(report.images.first?.shape == "4×12×10" && scores.unit == "um")
    let reference = try LabelVolume.read(path: folder.file("truth.h5"))
    let candidate = try LabelVolume.read(path: folder.file("pred.h5"))
    #expect(reference.pixelSize == [0.25, 0.5, 2.0])
    let direct = try BoundaryDistances(
      reference: reference.labels.map { $0 == 1 }, candidate: candidate.labels.map { $0 == 1 }, shape: [4, 12, 10],
      spacing: [2.0, 0.5, 0.25])
    let nsd = try direct.normalisedSurfaceDistance(tolerance: 0.5)
    #expect(scores.hd95 == direct.hausdorff95 && scores.nsd == nsd)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func corpusHDF5LabelVolumes() async throws {
    let path = try #require(Paths.corpus) + "/hdf5/plantseg/sample_ovule.h5"
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(path), candidate: try ComparisonSource.path(path))
    #expect(report.images.first?.shape == "32×128×128" && report.dataset.pooled?.first?.tp == 50)
  }
}
