// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaScan
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// `annota init` on folders laid out the way labs lay them out.
@Suite("Dataset init")
struct InitTests {
  /// A 16 × 12 uint16 image with a gradient (many values: an image, not labels).
  static func writeImage(_ path: String) throws {
    try FileManager.default.createDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
    let samples = (0..<(16 * 12)).map { UInt16($0 * 37 % 4000) }
    try TIFFWriter.write([try Plane(width: 16, height: 12, uint16: samples)], to: path)
  }

  /// A 16 × 12 label image: `objects` square objects with values 1…objects on background 0.
  static func writeMask(_ path: String, objects: Int = 3) throws {
    try FileManager.default.createDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
    var samples = [UInt16](repeating: 0, count: 16 * 12)
    for object in 0..<objects {
      for y in 1..<3 { for x in (object * 4 + 1)..<(object * 4 + 3) { samples[y * 16 + x] = UInt16(object + 1) } }
    }
    try TIFFWriter.write([try Plane(width: 16, height: 12, uint16: samples)], to: path)
  }

  /// A PNG header of the given size (enough for classification and sizes).
  static func writePNG(_ path: String, width: UInt8, height: UInt8) throws {
    try FileManager.default.createDirectory(
      atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
    let bytes: [UInt8] =
      [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
      + [0, 0, 0, width, 0, 0, 0, height, 8, 0, 0, 0, 0, 0, 0, 0, 0]
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  func pairs(_ scan: DatasetScan) -> [String: (String, SourceIndicator)] {
    Dictionary(uniqueKeysWithValues: scan.pairs.map { ($0.annotation, ($0.image, $0.strategy)) })
  }

  @Test func imagesAndMasksFoldersWithMatchingNames() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for name in ["a", "b", "c"] {
      try Self.writeImage(folder.file("images/\(name).tif"))
      try Self.writeMask(folder.file("masks/\(name).tif"))
    }
    let scan = DatasetScan.scan(folder.path)
    #expect(scan.images.count == 3)
    let found = pairs(scan)
    for name in ["a", "b", "c"] {
      #expect(found["masks/\(name).tif"]?.0 == "images/\(name).tif")
      #expect(found["masks/\(name).tif"]?.1 == .fileNameExactMatch)
    }
    let (manifest, _) = DatasetDraft.manifest(for: scan, name: "lab")
    let set = try #require(manifest.annotationSets.first)
    #expect(set.encoding == .labelImage && set.kind == .instance && set.types == [.segmentationMask])
    #expect(set.files.map(\.image) == ["a", "b", "c"])
    #expect(manifest.images.first?.dimensions == Dimensions(x: 16, y: 12))
    #expect(scan.unpaired.isEmpty && scan.ambiguous.isEmpty)
  }

  @Test func maskAndLabelsSuffixesInOneFolderShowTheirPattern() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("data/img_1.tif"))
    try Self.writeMask(folder.file("data/img_1_mask.tif"))
    try Self.writeImage(folder.file("data/img_2.tif"))
    try Self.writeMask(folder.file("data/img_2_labels.tif"))
    try Self.writeMask(folder.file("data/orphan_mask.tif"))
    let scan = DatasetScan.scan(folder.path)
    #expect(scan.images.map(\.path) == ["data/img_1.tif", "data/img_2.tif"], "masks are not images")
    let mask = try #require(scan.pairs.first { $0.annotation == "data/img_1_mask.tif" })
    #expect(mask.image == "data/img_1.tif" && mask.strategy == .fileNamePattern)
    #expect(mask.rule == "data/{name}_mask.tif ↔ data/{name}.tif")
    let labels = try #require(scan.pairs.first { $0.annotation == "data/img_2_labels.tif" })
    #expect(labels.rule == "data/{name}_labels.tif ↔ data/{name}.tif")
    #expect(scan.unpaired == ["data/orphan_mask.tif"], "reported, not guessed")
  }

  /// Cellpose writes `<base>_cp_masks.png` (or `.tif`) beside the image, its training folders use
  /// `_masks`; StarDist's outputs are `_labels` or the same name in `masks/`.
  @Test func cellposeAndStarDistOutputsArePairedWithTheirImages() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("run/cells_1.tif"))
    try Self.writeMask(folder.file("run/cells_1_cp_masks.tif"))
    try Self.writeImage(folder.file("run/cells_2.tif"))
    try Self.writeMask(folder.file("run/cells_2_cp_masks.tif"))
    try Self.writeImage(folder.file("train/img_1.tif"))
    try Self.writeMask(folder.file("train/img_1_masks.tif"))
    try Self.writeImage(folder.file("stardist/nuc.tif"))
    try Self.writeMask(folder.file("stardist/nuc_labels.tif"))
    let scan = DatasetScan.scan(folder.path)
    let found = pairs(scan)
    #expect(found["run/cells_1_cp_masks.tif"]?.0 == "run/cells_1.tif")
    #expect(found["run/cells_2_cp_masks.tif"]?.0 == "run/cells_2.tif")
    #expect(found["train/img_1_masks.tif"]?.0 == "train/img_1.tif")
    #expect(found["stardist/nuc_labels.tif"]?.0 == "stardist/nuc.tif")
    #expect(
      scan.pairs.first { $0.annotation == "run/cells_1_cp_masks.tif" }?.rule
        == "run/{name}_cp_masks.tif ↔ run/{name}.tif")
    #expect(scan.unpaired.isEmpty && scan.ambiguous.isEmpty)
  }

  @Test func experimentFoldersWithChannelSubfoldersAreOneImagePerName() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for experiment in ["exp1", "exp2"] {
      for channel in ["DAPI", "GFP"] { try Self.writeImage(folder.file("\(experiment)/\(channel)/field_01.tif")) }
      try Self.writeMask(folder.file("\(experiment)/masks/field_01_mask.tif"))
    }
    let scan = DatasetScan.scan(folder.path)
    #expect(scan.images.count == 2, "two channel files make one image")
    #expect(scan.images[0].files == ["exp1/DAPI/field_01.tif", "exp1/GFP/field_01.tif"])
    let found = pairs(scan)
    #expect(found["exp1/masks/field_01_mask.tif"]?.0 == "exp1/DAPI/field_01.tif")
    #expect(found["exp2/masks/field_01_mask.tif"]?.0 == "exp2/DAPI/field_01.tif")
    let (manifest, _) = DatasetDraft.manifest(for: scan, name: "screen")
    #expect(manifest.images.map(\.dimensions?.c) == [2, 2])
    #expect(Set(manifest.images.map(\.id)).count == 2, "same names in two experiments get distinct ids")
    let files = manifest.annotationSets.flatMap(\.files)
    #expect(Set(files.compactMap(\.image)).count == 2)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func aCVATExportBesideItsImages() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let xml = try String(
      contentsOfFile: try #require(Paths.corpus("cvat/datumaro_for_images_export_task_train.xml")), encoding: .utf8)
    _ = try folder.write(xml, to: "task/annotations.xml")
    let names = try AnnotationFormats.read(folder.file("task/annotations.xml")).images.map(\.name)
    for name in names { try Self.writePNG(folder.file("task/" + name), width: 10, height: 10) }
    let scan = DatasetScan.scan(folder.path)
    let cvat = scan.pairs.filter { $0.annotation == "task/annotations.xml" }
    #expect(Set(cvat.map(\.image)) == Set(names.map { "task/" + $0 }))
    #expect(cvat.allSatisfy { $0.strategy == .other })
    let (manifest, _) = DatasetDraft.manifest(for: scan, name: "cvat")
    let set = try #require(manifest.annotationSets.first { $0.files.first?.path == "task/annotations.xml" })
    #expect(set.encoding == .other && set.types.contains(.boundingBoxes))
  }

  @Test func aListingTableWins() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("raw/scan_A.tif"))
    try Self.writeImage(folder.file("raw/scan_B.tif"))
    try Self.writeMask(folder.file("gt/001.tif"))
    try Self.writeMask(folder.file("gt/002.tif"))
    _ = try folder.write("image\tmask\nraw/scan_A.tif\tgt/002.tif\nraw/scan_B.tif\tgt/001.tif\n", to: "pairs.tsv")
    let found = pairs(DatasetScan.scan(folder.path))
    #expect(found["gt/002.tif"]?.0 == "raw/scan_A.tif" && found["gt/002.tif"]?.1 == .metadataFile)
    #expect(found["gt/001.tif"]?.0 == "raw/scan_B.tif")
  }

  @Test func semanticMasksGetALabelTableToName() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("images/a.tif"))
    // Two classes covering most of the image: semantic.
    var samples = [UInt16](repeating: 1, count: 16 * 12)
    for i in 96..<192 { samples[i] = 2 }
    try TIFFWriter.write([try Plane(width: 16, height: 12, uint16: samples)], to: folder.file("images/a_seg.tif"))
    let (manifest, _) = DatasetDraft.manifest(for: DatasetScan.scan(folder.path), name: "sem")
    let set = try #require(manifest.annotationSets.first)
    #expect(set.kind == .semantic)
    let table = try #require(manifest.labelTables.first { $0.id == set.labelTable })
    #expect(table.labels.map(\.value) == [0, 1, 2])
  }

  @Test func theDraftExplainsEveryTodoAndUpdateKeepsEdits() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("images/a.tif"))
    try Self.writeMask(folder.file("masks/a_mask.tif"))
    let (draft, _) = DatasetDraft.manifest(for: DatasetScan.scan(folder.path), name: "lab")
    let text = try DatasetDraft.annotatedYAML(draft)
    let lines = text.split(separator: "\n")
    for (index, line) in lines.enumerated() where line.contains("TODO") && !line.contains("#") {
      #expect(lines[index - 1].contains("# TODO:"), "no explanation above: \(line)")
    }
    #expect(text.contains("MIFA Study.license"))
    let manifestPath = folder.file("annota.yaml")
    try Data(text.utf8).write(to: URL(fileURLWithPath: manifestPath))
    // The person fills in the study and renames the set; then new files arrive.
    var edited = try #require(ManifestReader.readDraft(contentsOf: manifestPath).manifest)
    edited.study.title = "Nuclei of HeLa cells, manually segmented"
    edited.study.licence = "CC-BY-4.0"
    edited.annotationSets[0].name = "Nucleus instance masks"
    edited.images[0].id = "hela_a"
    edited.annotationSets[0].files[0].image = "hela_a"
    try ManifestWriter.write(edited, to: manifestPath)
    try Self.writeImage(folder.file("images/b.tif"))
    try Self.writeMask(folder.file("masks/b_mask.tif"))
    let (next, _) = DatasetDraft.manifest(for: DatasetScan.scan(folder.path), name: "lab")
    let (merged, added) = DatasetDraft.update(edited, with: next)
    #expect(added == ["image images/b.tif", "annotation file masks/b_mask.tif (set masks)"])
    #expect(merged.study.title == "Nuclei of HeLa cells, manually segmented" && merged.study.licence == "CC-BY-4.0")
    #expect(merged.annotationSets.count == 1 && merged.annotationSets[0].name == "Nucleus instance masks")
    #expect(merged.images.map(\.id) == ["hela_a", "b"])
    #expect(merged.annotationSets[0].files.map(\.image) == ["hela_a", "b"])
    // A second update finds nothing new.
    #expect(DatasetDraft.update(merged, with: next).added.isEmpty)
  }

  @Test func statusSeesMissingUnlistedAndChangedFiles() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("images/a.tif"))
    try Self.writeImage(folder.file("images/b.tif"))
    try Self.writeMask(folder.file("masks/a_mask.tif"))
    var (draft, _) = DatasetDraft.manifest(for: DatasetScan.scan(folder.path), name: "lab")
    draft.annotationSets[0].files[0].checksum = "sha256:" + (try FileDigest.sha256(folder.file("masks/a_mask.tif")))
    try ManifestWriter.write(draft, to: folder.file("annota.yaml"))
    var status = try DatasetStatus.of(folder.path)
    #expect(status.described.count == 3 && status.missing.isEmpty && status.unlisted.isEmpty && status.changed.isEmpty)
    #expect(status.todos > 0 && !status.isClean)
    try FileManager.default.removeItem(atPath: folder.file("images/b.tif"))
    try Self.writeImage(folder.file("images/c.tif"))
    try Self.writeMask(folder.file("masks/a_mask.tif"), objects: 2)
    status = try DatasetStatus.of(folder.path)
    #expect(status.missing == ["images/b.tif"])
    #expect(status.unlisted == ["images/c.tif"])
    #expect(status.changed.map(\.path) == ["masks/a_mask.tif"])
  }

  @Test func theScanSkipsHiddenEntriesAndDoesNotFollowLinks() throws {
    let folder = try TemporaryFolder()
    let outside = try TemporaryFolder()
    defer {
      folder.remove()
      outside.remove()
    }
    try Self.writeImage(folder.file("images/a.tif"))
    try Self.writeImage(folder.file(".git/objects/x.tif"))
    try Self.writeImage(outside.file("secret.tif"))
    try FileManager.default.createSymbolicLink(atPath: folder.file("images/link"), withDestinationPath: outside.path)
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("images/b.tif"), withDestinationPath: outside.file("secret.tif"))
    #expect(FolderScanner.files(in: folder.path) == ["images/a.tif"])
  }

  @Test func initNeverOverwritesAManifest() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("images/a.tif"))
    _ = try folder.write("annota: \"0.1\"\n# mine\n", to: "annota.yaml")
    let run = try runProcess(Paths.products + "/annota", ["init", folder.path])
    #expect(run.status == 1 && run.stderr.contains("--update"))
    #expect(try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8) == "annota: \"0.1\"\n# mine\n")
    let dry = try runProcess(Paths.products + "/annota", ["init", "--dry-run", folder.path])
    #expect(dry.status == 0 && dry.stdout.contains("images/a.tif"))
  }
}

extension InitTests {
  @Test(.enabled(if: Paths.corpus != nil))
  func multiFileOMETIFFSetsAreOneImageEach() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for set in ["multifile-companion", "multifile-master", "prairie-tseries"] {
      try FileManager.default.copyItem(
        atPath: try #require(Paths.corpus("ome-tiff/" + set)), toPath: folder.file(set))
    }
    let scan = DatasetScan.scan(folder.path)
    #expect(
      scan.images.map(\.path).sorted() == [
        "multifile-companion/multifile.companion.ome", "multifile-master/multifile-Z1.ome.tiff",
        "prairie-tseries/TSeries-camp-005_Cycle00001_Ch1_000001.ome.tif",
      ])
    #expect(scan.images.map(\.files.count).sorted() == [5, 6, 24])
    let (manifest, _) = DatasetDraft.manifest(for: scan, name: "ome")
    let companion = try #require(manifest.images.first { $0.path.hasSuffix(".companion.ome") })
    #expect(companion.dimensions?.z == 5 && companion.dimensions?.x == 18 && companion.dimensions?.y == 24)
  }

  @Test func equallyGoodCandidatesAreReportedAsAmbiguous() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeImage(folder.file("run1/a.tif"))
    try Self.writeImage(folder.file("run2/a.tif"))
    try Self.writeMask(folder.file("masks/a_mask.tif"))
    let scan = DatasetScan.scan(folder.path)
    #expect(scan.pairs.isEmpty)
    #expect(scan.ambiguous.map(\.annotation) == ["masks/a_mask.tif"])
    #expect(scan.ambiguous.first?.candidates.sorted() == ["run1/a.tif", "run2/a.tif"])
  }
}
