// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
@_spi(Testing) import AnnotaValidation
import Foundation
import Synchronization
import Testing

/// Each FILE and MASK rule on a small dataset that triggers it, and on one that does not.
@Suite("Validation")
struct ValidationTests {
  /// A valid dataset: two 16 × 12 images, a semantic label set (values 1 and 2) and checksums.
  static func dataset(extraLabels: [Label] = []) throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: folder.file("masks"), withIntermediateDirectories: true)
    for name in ["a", "b"] {
      let samples = (0..<(16 * 12)).map { UInt16($0 * 31 % 3000) }
      try TIFFWriter.write([try Plane(width: 16, height: 12, uint16: samples)], to: folder.file("images/\(name).tif"))
      try writeMask(folder.file("masks/\(name)_mask.tif"), values: [0, 1, 2])
    }
    var study = Study(
      title: "Nuclei and cytoplasm of HeLa cells, semantic masks", description: "Two test images with masks.",
      authors: [Author(name: "Ada Example")], licence: "CC-BY-4.0")
    study.keywords = []
    let images = ["a", "b"].map { AnnotaModel.Image(id: $0, path: "images/\($0).tif") }
    var set = AnnotationSet(
      id: "classes", name: "Nucleus and cytoplasm", overview: "Semantic masks.", types: [.segmentationMask],
      encoding: .labelImage,
      files: try ["a", "b"].map { name in
        var file = AnnotationFile(path: "masks/\(name)_mask.tif", image: name)
        file.checksum = "sha256:" + (try FileDigest.sha256(folder.file("masks/\(name)_mask.tif")))
        return file
      })
    set.kind = .semantic
    set.labelTable = "classes"
    var manifest = Manifest(study: study, images: images, annotationSets: [set])
    manifest.labelTables = [
      LabelTable(
        id: "classes",
        labels: [
          Label(value: 0, name: "background"), Label(value: 1, name: "nucleus"), Label(value: 2, name: "cytoplasm"),
        ] + extraLabels)
    ]
    try ManifestWriter.write(manifest, to: folder.file("annota.yaml"))
    return folder
  }

  /// A 16 × 12 mask cycling through `values` row by row.
  static func writeMask(_ path: String, values: [UInt16], width: Int = 16) throws {
    let samples = (0..<(width * 12)).map { values[($0 / width) % values.count] }
    try TIFFWriter.write([try Plane(width: width, height: 12, uint16: samples)], to: path)
  }

  func rules(_ folder: TemporaryFolder) async -> [String] {
    await DatasetValidator.validate(folder.path).diagnostics.map(\.rule.rawValue)
  }

  @Test func aValidDatasetIsClean() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
    #expect(report.summary.files == 5 && !report.fails(at: .warning))
  }

  @Test func missingAndCaseOnlyFiles() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    try FileManager.default.removeItem(atPath: folder.file("images/a.tif"))
    try FileManager.default.moveItem(atPath: folder.file("images/b.tif"), toPath: folder.file("images/B.tif"))
    let report = await DatasetValidator.validate(folder.path)
    let found = report.diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(found.contains("FILE-001 images/a.tif"))
    #expect(found.contains("FILE-003 images/b.tif"))
    #expect(report.diagnostics.first { $0.rule == "FILE-001" }?.location.pointer == "/images/0/path")
    #expect(report.fails(at: .error))
  }

  @Test func unlistedFilesAndChangedChecksums() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    try FileManager.default.copyItem(atPath: folder.file("images/a.tif"), toPath: folder.file("images/c.tif"))
    try Self.writeMask(folder.file("masks/a_mask.tif"), values: [0, 2, 1])
    let report = await DatasetValidator.validate(folder.path)
    let found = report.diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(found.sorted() == ["FILE-002 images/c.tif", "FILE-004 masks/a_mask.tif"])
    #expect(!report.fails(at: .error) || found.contains("FILE-004 masks/a_mask.tif"))
  }

  @Test func unreadableAndNonIntegerMasks() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    try Data("not a tiff".utf8).write(to: URL(fileURLWithPath: folder.file("masks/a_mask.tif")))
    let floats = [Float](repeating: 1, count: 16 * 12)
    let plane = try Plane(
      width: 16, height: 12, sampleType: .float32, bytes: floats.withUnsafeBytes { Array($0) })
    try TIFFWriter.write([plane], to: folder.file("masks/b_mask.tif"))
    let found = Set(await rules(folder))
    #expect(found.isSuperset(of: ["FILE-005", "MASK-001"]))
  }

  @Test func masksOfTheWrongSize() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    try Self.writeMask(folder.file("masks/a_mask.tif"), values: [0, 1, 2], width: 15)
    let report = await DatasetValidator.validate(folder.path)
    let finding = try #require(report.diagnostics.first { $0.rule == "MASK-002" })
    #expect(finding.message.contains("15×12") && finding.message.contains("16×12"))
    #expect(finding.location.file == "masks/a_mask.tif")
  }

  @Test func labelValuesAgainstTheTable() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    // a: a value the table lacks; b: background only. Cytoplasm (2) then occurs nowhere.
    try Self.writeMask(folder.file("masks/a_mask.tif"), values: [0, 1, 7])
    try Self.writeMask(folder.file("masks/b_mask.tif"), values: [0])
    let report = await DatasetValidator.validate(folder.path)
    let undeclared = try #require(report.diagnostics.first { $0.rule == "MASK-003" })
    #expect(undeclared.location.label == 7)
    let unused = try #require(report.diagnostics.first { $0.rule == "MASK-004" })
    #expect(unused.location.pointer == "/label_tables/0/labels/2")
    #expect(report.diagnostics.contains { $0.rule == "MASK-005" && $0.location.file == "masks/b_mask.tif" })
  }

  /// A region names a union of classes: it is never "unused", its value in a mask is an error, and
  /// it may only unite the table's classes.
  @Test func regionsMarkNoPixelsAndUniteClasses() async throws {
    var cell = Label(value: 3, name: "cell")
    cell.unites = [1, 2]
    var odd = Label(value: 4, name: "odd")
    odd.unites = [1, 9]
    let folder = try Self.dataset(extraLabels: [cell])
    defer { folder.remove() }
    #expect(await rules(folder).isEmpty, "a region over classes the masks use: clean")
    try Self.writeMask(folder.file("masks/a_mask.tif"), values: [0, 1, 2, 3])
    let report = await DatasetValidator.validate(folder.path)
    let painted = try #require(report.diagnostics.first { $0.rule == "MASK-003" })
    #expect(painted.location.label == 3 && painted.message.contains("is a region"), "\(painted.message)")
    let dangling = try Self.dataset(extraLabels: [cell, odd])
    defer { dangling.remove() }
    let found = await DatasetValidator.validate(dangling.path).diagnostics
    #expect(found.map(\.rule.rawValue) == ["MANIFEST-011"])
    #expect(found.first?.location.pointer == "/label_tables/0/labels/4/unites/1")
  }

  @Test func masksWithoutBackground() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    try Self.writeMask(folder.file("masks/a_mask.tif"), values: [1, 2])
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.map(\.rule.rawValue) == ["FILE-004", "MASK-006"])
    #expect(report.diagnostics.last?.severity == .info)
  }

  @Test func pairingRulesAreResolvedOnDisk() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    #expect(await DatasetValidator.validate(demo.path).diagnostics.isEmpty, "the demo validates clean")
    try FileManager.default.moveItem(
      atPath: demo.file("images/cells_03.tif"), toPath: demo.file("images/Cells_03.tif"))
    try FileManager.default.removeItem(atPath: demo.file("images/cells_04.tif"))
    try FileManager.default.copyItem(
      atPath: demo.file("masks/cells_01_mask.tif"), toPath: demo.file("masks/cells_09_mask.tif"))
    let found = await DatasetValidator.validate(demo.path).diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(found.contains("FILE-003 images/cells_03.tif"))
    #expect(found.contains("FILE-001 images/cells_04.tif"))
    #expect(found.contains("FILE-007 masks/cells_09_mask.tif"), "paired with an image the dataset does not have")
  }

  @Test func anEmptyFolderIsAFindingNotACrash() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.map(\.rule.rawValue) == ["FILE-008"])
    #expect(report.diagnostics[0].message.contains("0 image(s)"))
  }

  @Test func jsonReportHasTheDocumentedShape() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    try Self.writeMask(folder.file("masks/a_mask.tif"), values: [0, 1, 7])
    let text = ReportRenderer.render(await DatasetValidator.validate(folder.path), as: .json)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let summary = try #require(json["summary"] as? [String: Int])
    #expect(Set(summary.keys) == ["errors", "warnings", "infos", "could_not_check", "waived", "files", "bytes"])
    let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
    let mask = try #require(diagnostics.first { $0["rule"] as? String == "MASK-003" })
    #expect(Set(mask.keys).isSuperset(of: ["rule", "severity", "message", "hint", "location"]))
    #expect((mask["location"] as? [String: Any])?["label"] as? Int == 7)
  }
}

extension ValidationTests {
  @Test func aBareFolderIsInferredAndItsPixelsStillChecked() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    try FileManager.default.removeItem(atPath: demo.file("annota.yaml"))
    var report = await DatasetValidator.validate(demo.path)
    // FILE-013: the class table is neither an image nor a label image without a manifest to say so.
    #expect(report.diagnostics.map(\.rule.rawValue) == ["FILE-008", "FILE-013"])
    #expect(!report.fails(at: .error) && report.summary.files == 27)
    // A mask of the wrong size is found without any manifest: no image fits it.
    try Self.writeMask(demo.file("masks/cells_02_mask.tif"), values: [0, 1])
    report = await DatasetValidator.validate(demo.path)
    #expect(
      report.diagnostics.contains {
        $0.rule == "FILE-007" && $0.severity == .error && $0.location.file == "masks/cells_02_mask.tif"
          && $0.message.contains("cells_02.tif is 256×256")
      }, "\(report.diagnostics)")
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func singleFilesAreCheckedOnTheirOwn() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeMask(folder.file("a_mask.tif"), values: [0, 3])
    #expect(await DatasetValidator.validate(folder.file("a_mask.tif")).diagnostics.isEmpty)
    try Self.writeMask(folder.file("empty_mask.tif"), values: [0])
    #expect(
      await DatasetValidator.validate(folder.file("empty_mask.tif")).diagnostics.map(\.rule.rawValue) == ["MASK-005"])
    let cvat = String(
      decoding: try #require(Paths.corpusBytes("cvat/catdog_app_cvat_annotations.xml")), as: UTF8.self)
    let cut = try folder.write(String(cvat.prefix(500)), to: "cut.xml")
    let report = await DatasetValidator.validate(cut)
    #expect(report.diagnostics.map(\.rule.rawValue) == ["FILE-005"] && report.fails(at: .error))
    let whole = try folder.write(cvat, to: "whole.xml")
    #expect(await DatasetValidator.validate(whole).diagnostics.isEmpty)
  }
}

extension ValidationTests {
  @Test func anInstanceIdInTwoPlacesIsFoundWithAPixelOfItsSecondPart() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    // Value 1 at both ends of the top row of a 256 × 256 mask (the demo's size).
    var samples = [UInt16](repeating: 0, count: 256 * 256)
    samples[0] = 1
    samples[1] = 1
    samples[250] = 1
    samples[256 * 10 + 10] = 2
    try TIFFWriter.write(
      [try Plane(width: 256, height: 256, uint16: samples)], to: demo.file("masks/cells_01_mask.tif"))
    let report = await DatasetValidator.validate(demo.path)
    let split = try #require(report.diagnostics.first { $0.rule == "MASK-007" })
    #expect(split.location.label == 1 && split.location.pixel == .init(x: 250, y: 0))
    #expect(report.diagnostics.filter { $0.rule == "MASK-007" }.count == 1, "value 2 is one region")
  }

  @Test func connectivityAgreesWithAFloodFill() async throws {
    var state: UInt64 = 5
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    for _ in 0..<100 {
      let (width, height) = (1 + next(12), 1 + next(12))
      let samples = (0..<(width * height)).map { _ in UInt16(next(4)) }
      let plane = try Plane(width: width, height: height, uint16: samples)
      // Reference: a flood fill, counting regions per value (a volume of one plane).
      let parts = Self.floodFillParts(samples, width: width, height: height, depth: 1)
      let expected = parts.filter { $0.value > 1 }.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
      let found = InstanceConnectivityProbe.splits(plane).map { [$0.value, $0.parts] }
      #expect(found == expected)
    }
  }
}

extension ValidationTests {
  @Test func physicalPixelSizesMustAgreeWhereBothAreRecorded() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    let image = try TIFFReader(path: folder.file("images/a.tif")).readPlane(0)
    try OMETIFFWriter.write(
      [image], to: folder.file("images/a.tif"), name: "a", physicalSize: .init(x: 0.5, y: 0.5, z: nil))
    let mask = try TIFFReader(path: folder.file("masks/a_mask.tif")).readPlane(0)
    try OMETIFFWriter.write(
      [mask], to: folder.file("masks/a_mask.tif"), name: "a mask", physicalSize: .init(x: 0.5, y: 0.5, z: nil))
    var rules = await DatasetValidator.validate(folder.path).diagnostics.map(\.rule.rawValue)
    #expect(!rules.contains("MASK-008"), "same sizes agree")
    try OMETIFFWriter.write(
      [mask], to: folder.file("masks/a_mask.tif"), name: "a mask", physicalSize: .init(x: 1.0, y: 0.5, z: nil))
    let report = await DatasetValidator.validate(folder.path)
    rules = report.diagnostics.map(\.rule.rawValue)
    #expect(rules.filter { $0 == "MASK-008" }.count == 1)
    #expect(report.diagnostics.first { $0.rule == "MASK-008" }?.message.contains("x pixel size of 1.0") == true)
  }
}

extension ValidationTests {
  @Test func mlRulesOnlyWithTheirProfile() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    let ruleIDs = await rules(folder)
    #expect(!ruleIDs.contains { $0.hasPrefix("ML-") }, "core only by default")
    let report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    #expect(
      report.diagnostics.filter { $0.severity != .info }.map(\.rule.rawValue) == ["ML-001"], "no splits declared")
  }

  @Test func splitsLeakageAndCoverage() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let clean = await DatasetValidator.validate(demo.path, profiles: [.ml])
    #expect(clean.summary.errors + clean.summary.warnings == 0, "the demo is AI-ready")
    #expect(clean.diagnostics.allSatisfy { $0.rule == "ML-004" }, "only the class balance is reported")
    var manifest = try ManifestReader.load(contentsOf: demo.file("annota.yaml"))
    let splits = manifest.images.map(\.split)
    #expect(Set(splits.compactMap { $0 }).count >= 2, "the demo has at least two splits")
    // An image copied into another split, an image without a split, an image without annotations.
    let first = try #require(manifest.images.first)
    let other = try #require(manifest.images.first { $0.split != first.split })
    try FileManager.default.copyItem(atPath: demo.file(first.path), toPath: demo.file("images/copy.tif"))
    var copy = AnnotaModel.Image(id: "copy", path: "images/copy.tif")
    copy.split = other.split
    manifest.images.append(copy)
    manifest.images[1].split = nil
    try ManifestWriter.write(manifest, to: demo.file("annota.yaml"))
    let report = await DatasetValidator.validate(demo.path, profiles: [.ml])
    let found = report.diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(found.contains("ML-002 images/copy.tif"))
    #expect(found.contains("ML-001 annota.yaml"))
    #expect(report.diagnostics.contains { $0.rule == "ML-003" && $0.message.hasPrefix("7 of 8 image(s)") })
  }
}

extension ValidationTests {
  @Test func classBalanceIsReportedPerSplitAndExtremeImbalanceWarned() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: folder.file("annota.yaml"))
    manifest.splits = [Split(name: "train"), Split(name: "test")]
    manifest.images[0].split = "train"
    manifest.images[1].split = "test"
    try ManifestWriter.write(manifest, to: folder.file("annota.yaml"))
    // Balanced: rows cycle 0, 1, 2 in both masks, so each class has half the labelled pixels.
    var report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    let balance = report.diagnostics.filter { $0.rule == "ML-004" }.map(\.message)
    #expect(balance.count == 2)
    #expect(balance.contains { $0.contains("split train: 128 labelled pixels") && $0.contains("nucleus (1) 50.0%") })
    #expect(!report.diagnostics.contains { $0.rule == "ML-005" })

    // The test mask loses cytoplasm, and one nucleus row of 16 pixels among 2 000 pixels of cytoplasm.
    let width = 200
    try Self.writeMask(folder.file("masks/a_mask.tif"), values: [0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], width: width)
    var samples = [UInt16](repeating: 2, count: width * 12)
    for x in 0..<1 { samples[x] = 1 }
    try TIFFWriter.write([try Plane(width: width, height: 12, uint16: samples)], to: folder.file("masks/b_mask.tif"))
    report = await DatasetValidator.validate(folder.path, profiles: [.ml])
    let warnings = report.diagnostics.filter { $0.rule == "ML-005" }.map(\.message)
    #expect(warnings.contains { $0.contains("split train has no pixel of nucleus (1)") })
    #expect(warnings.contains { $0.contains("nucleus (1) has 1 pixels, under 1/100") })
  }
}

extension ValidationTests {
  @Test func imagesAreDecodedSoADamagedStripIsFound() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    #expect(await rules(folder).isEmpty)
    // Keep the tags, break the deflate stream of image a: only decoding finds it.
    var bytes = try #require(FileManagerShimData.read(folder.file("images/a.tif")))
    let start = try #require(
      bytes.indices.dropLast().first { bytes[$0] == 0x78 && [0x9C, 0xDA].contains(bytes[$0 + 1]) })
    for i in start + 2..<start + 12 { bytes[i] = 0xFF }
    try FileManagerShimData.write(bytes, to: folder.file("images/a.tif"))
    let report = await DatasetValidator.validate(folder.path)
    let found = report.diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(found == ["FILE-005 images/a.tif"])
    #expect(report.diagnostics[0].message.contains("cannot be decoded"))
  }

  @Test func oneReadPerFileGivesTheSameReportOnAnyNumberOfCores() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    // Findings of several kinds, so order and content can differ if anything races.
    try FileManager.default.removeItem(atPath: demo.file("masks/cells_02_mask.tif"))
    try Self.writeMask(demo.file("masks/cells_03_mask.tif"), values: [0, 5, 0, 7])
    let one = await DatasetValidator.validate(demo.path, profiles: [.ml], width: 1)
    let four = await DatasetValidator.validate(demo.path, profiles: [.ml], width: 4)
    #expect(!one.diagnostics.isEmpty)
    #expect(one.diagnostics == four.diagnostics)
    #expect(one.summary == four.summary)
  }

  @Test func progressIsReportedForEveryFileUpToTheTotals() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let seen = Mutex<[ValidationProgress]>([])
    let report = await DatasetValidator.validate(demo.path, width: 2) { progress in
      seen.withLock { $0.append(progress) }
    }
    let updates = seen.withLock { $0 }
    let last = try #require(updates.last)
    #expect(last.files == last.totalFiles && last.bytes == last.totalBytes)
    #expect(updates.count == last.totalFiles + 1, "one at the start, one per file")
    #expect(updates.map(\.files) == Array(0...last.totalFiles))
    #expect(report.summary.files == last.totalFiles + 1, "the files read and the manifest")
    #expect(report.summary.bytes == last.totalBytes)
  }

  @Test func aRecordedImageChecksumIsCheckedFromTheSameRead() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: folder.file("annota.yaml"))
    manifest.images[0].checksum = "sha256:" + String(repeating: "0", count: 64)
    manifest.images[1].checksum = "sha256:" + (try FileDigest.sha256(folder.file("images/b.tif")))
    try ManifestWriter.write(manifest, to: folder.file("annota.yaml"))
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.map { "\($0.rule) \($0.location.file)" } == ["FILE-004 images/a.tif"])
  }
}

@Suite("Profiles")
struct ProfileTests {
  @Test func theDemoSatisfiesEveryProfile() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let report = await DatasetValidator.validate(demo.path, profiles: Set(DatasetValidator.Profile.allCases))
    #expect(
      report.profiles.map(\.name) == [
        "core", "mifa", "rembi", "bia", "ml", "croissant", "bioimageio", "zenodo", "datacite",
      ])
    for profile in report.profiles {
      #expect(profile.satisfied, "\(profile.name): \(profile.missingRequired)")
      #expect(profile.required.share == 1)
    }
    #expect(report.summary.errors == 0 && report.summary.warnings == 0)
  }

  @Test func aMinimalDatasetIsCoreButNotMIFAREMBIOrBIA() async throws {
    let folder = try ValidationTests.dataset()
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path, profiles: [.mifa, .rembi, .bia])
    let byName = Dictionary(uniqueKeysWithValues: report.profiles.map { ($0.name, $0) })
    let core = try #require(byName["core"])
    #expect(core.satisfied)
    #expect(core.missingRecommended.contains("biosamples"))
    #expect(core.recommended.share < 1)
    let mifa = try #require(byName["mifa"])
    #expect(!mifa.satisfied)
    #expect(mifa.missingRequired.contains("study.keywords"))
    #expect(mifa.missingRequired.contains("annotation_sets[].method"))
    #expect(mifa.required.present + mifa.missingRequired.count == mifa.required.total)
    let rembi = try #require(byName["rembi"])
    #expect(rembi.missingRequired.contains("biosamples[].organism.ncbi_taxon") == false, "no biosample, no taxon")
    #expect(rembi.missingRequired.contains("biosamples"))
    // Each missing required field is a finding at its pointer, under the profile's rule.
    let findings = report.diagnostics.map { "\($0.rule) \($0.location.pointer ?? "")" }
    #expect(findings.contains("MIFA-001 /study/keywords"))
    #expect(findings.contains("MIFA-001 /annotation_sets/0/method"))
    #expect(findings.contains("MIFA-001 /study/authors/0/given_name"))
    #expect(findings.contains("REMBI-001 /biosamples"))
    #expect(findings.contains("BIA-001 /study/release_date"))
    #expect(!findings.contains { $0.hasPrefix("BIA-002") }, "CC-BY-4.0 is a BIA licence")
    // Profiles not asked for add no finding.
    let coreOnly = await DatasetValidator.validate(folder.path)
    #expect(
      !coreOnly.diagnostics.contains { ["MIFA", "REMBI", "BIA"].contains($0.rule.rawValue.prefix { $0 != "-" }) })
    #expect(coreOnly.profiles.map(\.name) == ["core"])
  }

  @Test func rembiLengthsBIALicencesAndPaths() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    var manifest = try ManifestReader.load(contentsOf: demo.file("annota.yaml"))
    manifest.study.title = "Nuclei"
    manifest.study.licence = "Apache-2.0"
    let image = manifest.images[0]
    for (name, index) in [("cells 01.tif", 0), ("cells?01.tif", 1)] {
      try FileManager.default.moveItem(
        atPath: demo.file(manifest.images[index].path), toPath: demo.file("images/" + name))
      manifest.images[index].path = "images/" + name
    }
    try ManifestWriter.write(manifest, to: demo.file("annota.yaml"))
    let report = await DatasetValidator.validate(demo.path, profiles: [.rembi, .bia])
    let findings = report.diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(findings.contains("REMBI-002 annota.yaml"))
    #expect(findings.contains("BIA-002 annota.yaml"))
    #expect(findings.contains("BIA-004 images/cells 01.tif"))
    #expect(findings.contains("BIA-003 images/cells?01.tif"))
    #expect(!findings.contains("BIA-004 images/cells?01.tif"), "one finding per path: the refused one")
    #expect(report.profiles.first { $0.name == "bia" }?.satisfied == false)
    #expect(report.profiles.first { $0.name == "rembi" }?.satisfied == false)
    _ = image
  }

  @Test func everyRenderingCarriesTheProfiles() async throws {
    let folder = try ValidationTests.dataset()
    defer { folder.remove() }
    let report = await DatasetValidator.validate(folder.path, profiles: [.mifa])
    let text = ReportRenderer.render(report, as: .text)
    #expect(text.contains("profile mifa: not satisfied — required "))
    #expect(text.contains("profile core: satisfied"))
    let markdown = ReportRenderer.render(report, as: .md)
    #expect(markdown.contains("| mifa | no | "))
    let json = ReportRenderer.render(report, as: .json)
    let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let profiles = try #require(decoded?["profiles"] as? [[String: Any]])
    #expect(profiles.map { $0["name"] as? String } == ["core", "mifa"])
    #expect((profiles[1]["required"] as? [String: Any])?["share"] is Double)
  }
}

@Suite("Shape rules")
struct ShapeRuleTests {
  static func feature(_ id: Int, _ geometry: String, _ properties: String) -> String {
    #"{"type": "Feature", "id": \#(id), "geometry": \#(geometry), "properties": {\#(properties)}}"#
  }

  static func collection(_ features: [String], edges: String? = nil) -> String {
    #"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ", "))]\#(edges.map { ", \"edges\": " + $0 } ?? "")}"#
  }

  static func box(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> String {
    #"{"type": "Polygon", "coordinates": [[[\#(x0), \#(y0)], [\#(x1), \#(y0)], [\#(x1), \#(y1)], [\#(x0), \#(y1)], [\#(x0), \#(y0)]]]}"#
  }

  @Test func eachShapeRuleOnTheDemo() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    // The demo is 256×256, one plane; its boxes' label table has `nucleus` and `mitotic cell`.
    let label = #""shape": "box", "label": "mitotic cell", "label_value": 2"#
    let shapes = [
      Self.feature(1, Self.box(10, 10, 20, 20), label),  // fine
      Self.feature(2, Self.box(250, 10, 300, 20), label),  // SHAPE-001
      // SHAPE-002: two distinct vertices.
      Self.feature(
        3, #"{"type": "Polygon", "coordinates": [[[1, 1], [5, 5], [1, 1], [5, 5]]]}"#, #""shape": "polygon""#),
      // SHAPE-003: a bow tie.
      Self.feature(
        4, #"{"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}"#,
        #""shape": "polygon""#),
      Self.feature(5, Self.box(30, 30, 30, 40), label),  // SHAPE-004
      Self.feature(6, Self.box(40, 40, 50, 50), label + #", "z": 5"#),  // SHAPE-005
      Self.feature(7, Self.box(60, 60, 70, 70), #""shape": "box", "label": "golgi""#),  // SHAPE-007
      // SHAPE-004: an ellipse without width.
      Self.feature(8, #"{"type": "Point", "coordinates": [5, 5]}"#, #""shape": "ellipse", "rx": 0, "ry": 3"#),
    ]
    try Data(Self.collection(shapes).utf8).write(to: URL(fileURLWithPath: demo.file("shapes/cells_01.geojson")))
    let report = await DatasetValidator.validate(demo.path)
    let found = report.diagnostics.map { "\($0.rule) \($0.location.annotation ?? "")" }
    #expect(
      Set(found)
        == [
          "SHAPE-001 2", "SHAPE-002 3", "SHAPE-003 4", "SHAPE-004 5", "SHAPE-005 6", "SHAPE-007 7", "SHAPE-004 8",
        ], "\(found)")
    #expect(report.diagnostics.allSatisfy { $0.location.file == "shapes/cells_01.geojson" })
    #expect(report.diagnostics.first { $0.rule == "SHAPE-001" }?.message.contains("(300.0, 10.0)") == true)
  }

  @Test func tracksNeedExistingFeaturesAndIncreasingTime() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let point = { (id: Int, t: Int) in
      Self.feature(id, #"{"type": "Point", "coordinates": [10, 10]}"#, #""shape": "point", "track": 1, "t": \#(t)"#)
    }
    let good = Self.collection([point(1, 0), point(2, 1), point(3, 2)], edges: "[[1, 2], [2, 3]]")
    let bad = Self.collection([point(1, 0), point(2, 1), point(3, 1)], edges: "[[1, 2], [2, 3], [3, 9]]")
    try Data(good.utf8).write(to: URL(fileURLWithPath: demo.file("shapes/track_good.geojson")))
    try Data(bad.utf8).write(to: URL(fileURLWithPath: demo.file("shapes/track_bad.geojson")))
    var manifest = try ManifestReader.load(contentsOf: demo.file("annota.yaml"))
    var set = AnnotationSet(
      id: "tracks", name: "Tracks", overview: "Two tracks for the test.", types: [.tracks], encoding: .tracks,
      files: [
        AnnotationFile(path: "shapes/track_good.geojson", image: "cells_01"),
        AnnotationFile(path: "shapes/track_bad.geojson", image: "cells_01"),
      ])
    set.method = "By hand."
    manifest.annotationSets.append(set)
    try ManifestWriter.write(manifest, to: demo.file("annota.yaml"))
    let report = await DatasetValidator.validate(demo.path)
    let found = report.diagnostics.map { "\($0.rule) \($0.location.file) \($0.location.annotation ?? "")" }
    #expect(
      found.filter { $0.hasPrefix("SHAPE-006") }.sorted() == [
        "SHAPE-006 shapes/track_bad.geojson 2→3", "SHAPE-006 shapes/track_bad.geojson 3→9",
      ])
    // The demo's images have one time point: t = 1 and 2 are outside them.
    #expect(found.contains("SHAPE-005 shapes/track_good.geojson 2"))
    #expect(!found.contains("SHAPE-005 shapes/track_good.geojson 1"))
  }

  @Test func selfIntersectionIsExact() {
    #expect(ShapeCheckProbe.crosses([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]) == false, "a square")
    #expect(ShapeCheckProbe.crosses([[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]), "a bow tie")
    #expect(
      ShapeCheckProbe.crosses([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]]), "a vertex touching an edge")
    #expect(ShapeCheckProbe.crosses([[0, 0], [4, 0], [4, 0], [4, 4], [0, 4]]) == false, "a repeated vertex")
    #expect(ShapeCheckProbe.crosses([[0, 0], [6, 0], [6, 6], [3, 2], [0, 6]]) == false, "concave, not crossing")
  }

  @Test func aBrokenGeoJSONFileIsAFindingWithItsLine() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    try Data("{\"type\": \"FeatureCollection\",\n \"features\": [}".utf8).write(
      to: URL(fileURLWithPath: demo.file("shapes/cells_02.geojson")))
    let report = await DatasetValidator.validate(demo.path)
    let finding = try #require(report.diagnostics.first)
    #expect(report.diagnostics.count == 1)
    #expect(finding.rule == "FILE-005" && finding.location.file == "shapes/cells_02.geojson")
    #expect(finding.message.contains("line 2"))
  }

}

extension ValidationTests {
  @Test func contentMustMatchTheDeclaredFormatOrTheName() async throws {
    let folder = try Self.dataset()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: folder.file("annota.yaml"))
    manifest.images[0].format = "png"  // it is a TIFF
    manifest.images[1].format = "ome-tiff"  // a plain TIFF
    try ManifestWriter.write(manifest, to: folder.file("annota.yaml"))
    // A PNG named .tif: the mask's content (the mask rules then say it cannot be read as TIFF).
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 40)
    try FileManagerShimData.write(png, to: folder.file("masks/b_mask.tif"))
    let report = await DatasetValidator.validate(folder.path)
    let found = report.diagnostics.filter { $0.rule == "FILE-009" }.map {
      "\($0.location.file) \($0.location.pointer ?? "")"
    }
    #expect(
      found.sorted() == [
        "images/a.tif /images/0/format", "images/b.tif /images/1/format",
        "masks/b_mask.tif /annotation_sets/0/files/1/path",
      ])
    #expect(
      report.diagnostics.contains {
        $0.rule == "FILE-009" && $0.message == "the content is png, but the name says tiff"
      })
    // Declared tiff for a TIFF, and a format Annota does not know with unknown content: no finding;
    // the unknown one could not be checked.
    manifest.images[0].format = "tiff"
    manifest.images[1].format = "czi"
    try ManifestWriter.write(manifest, to: folder.file("annota.yaml"))
    try Self.writeMask(folder.file("masks/b_mask.tif"), values: [0, 1, 2])
    let clean = await DatasetValidator.validate(folder.path)
    #expect(
      clean.diagnostics.filter { $0.rule == "FILE-009" }.map(\.location.file) == ["images/b.tif"], "a TIFF is not CZI")
    #expect(clean.unchecked.isEmpty)
    // Content Annota does not recognise: could not check, never passed.
    try FileManagerShimData.write(Array("garbage, not an image".utf8), to: folder.file("images/a.tif"))
    let unknown = await DatasetValidator.validate(folder.path)
    #expect(unknown.unchecked.contains { $0.rule == "FILE-009" && $0.location.file == "images/a.tif" })
    #expect(unknown.fails(at: .error))
  }
}

extension ValidationTests {
  @Test func instanceTablesMustMatchTheirMasksAndOneSpellingOfEachClass() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    func values(_ mask: String) throws -> [Int] {
      try LabelImageStatistics.compute(path: demo.file(mask)).labels.map { Int($0.value) }
    }
    func write(_ rows: [(Int, String)], beside mask: String) throws {
      let text = "value\tlabel\tsource_id\n" + rows.map { "\($0.0)\t\($0.1)\t\n" }.joined()
      try Data(text.utf8).write(to: URL(fileURLWithPath: demo.file(InstanceTable.path(forLabelImage: mask))))
    }
    // First without a label table on the set: the tables are checked against each other only.
    var plain = try ManifestReader.load(contentsOf: demo.file("annota.yaml"))
    plain.annotationSets[0].labelTable = nil
    try ManifestWriter.write(plain, to: demo.file("annota.yaml"))
    let first = try values("masks/cells_01_mask.tif")
    try write(first.map { ($0, "nucleus") }, beside: "masks/cells_01_mask.tif")
    #expect(await DatasetValidator.validate(demo.path).diagnostics.isEmpty, "a matching table is clean")

    let second = try values("masks/cells_02_mask.tif")
    try write(second.dropFirst().map { ($0, "Nucleus") } + [(9999, "Nucleus")], beside: "masks/cells_02_mask.tif")
    try Data("id\tclass\n1\tnucleus\n".utf8).write(
      to: URL(fileURLWithPath: demo.file("masks/cells_03_mask.instances.tsv")))
    var report = await DatasetValidator.validate(demo.path)
    var found = report.diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(
      found.filter { $0 == "MASK-009 masks/cells_02_mask.instances.tsv" }.count == 2,
      "a value without a row, a row without a value")
    #expect(report.diagnostics.contains { $0.message.contains("values \(second[0]))") })
    #expect(found.contains("MASK-009 masks/cells_03_mask.instances.tsv"))
    #expect(report.diagnostics.first { $0.location.file == "masks/cells_03_mask.instances.tsv" }?.location.row == 1)
    #expect(found.contains("MASK-010 masks/cells_02_mask.instances.tsv"), "Nucleus against nucleus")

    // With a label table, classes are checked against it, and unused classes come from the tables.
    var manifest = try ManifestReader.load(contentsOf: demo.file("annota.yaml"))
    manifest.annotationSets[0].labelTable = "cell-classes"
    try ManifestWriter.write(manifest, to: demo.file("annota.yaml"))
    report = await DatasetValidator.validate(demo.path)
    found = report.diagnostics.map { "\($0.rule) \($0.location.file)" }
    #expect(
      report.diagnostics.contains {
        $0.rule == "MASK-009" && $0.message.contains("`Nucleus` are not in the set's label table")
      })
    #expect(report.diagnostics.contains { $0.rule == "MASK-004" && $0.message.contains("mitotic cell") })
    #expect(!report.diagnostics.contains { $0.rule == "MASK-004" && $0.message.contains("(nucleus)") })
  }
}

@Suite("BIA file lists")
struct FileListTests {
  func validate(_ text: String, name: String = "file_list.tsv", files: [String] = []) async throws -> ValidationReport {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for file in files {
      let path = folder.file(file)
      try FileManager.default.createDirectory(
        atPath: String(path[..<path.lastIndex(of: "/")!]), withIntermediateDirectories: true)
      try Data("x".utf8).write(to: URL(fileURLWithPath: path))
    }
    return await DatasetValidator.validate(try folder.write(text, to: name))
  }

  @Test func aCleanListBesideItsFilesPasses() async throws {
    let text = """
      file_path\tsize_in_bytes\tdataset\ttype\tsource_image\r
      images/a.tif\t1\t#images\thttp://bia/Image\t\r
      masks/a.tif\t1\t#masks\thttp://bia/AnnotationData\t"images/a.tif"\r

      """
    let report = try await validate(text, files: ["images/a.tif", "masks/a.tif"])
    #expect(report.diagnostics.isEmpty && report.unchecked.isEmpty, "\(report.diagnostics)")
    #expect(!report.fails(at: .warning))
  }

  @Test func everyRowProblemIsFoundWithItsRow() async throws {
    let rows = [
      "file_path\tsize_in_bytes\ttype\tsource_image",  // no dataset column (BIA-005)
      "images/a.tif\t10\timage\t",
      "images/a.tif\t10\timage\t",  // row 3: duplicate (BIA-007)
      "",  // row 4: blank (BIA-006)
      "images/b.tif\t10",  // row 5: two cells (BIA-006)
      "../up.tif\t1\timage\t",  // row 6: BIA-003
      "images/a?b.tif\t1\timage\t",  // row 7: BIA-003
      "images/with space.tif\t1\timage\t",  // row 8: BIA-004
      "images/c.tif\tbig\timage\t",  // row 9: BIA-006 (size)
      "masks/m1.tif\t1\tannotation\tnowhere.tif",  // row 10: BIA-008 (no such row)
      "masks/m2.tif\t1\tannotation\tmasks/m1.tif",  // row 11: BIA-008 (not an image)
    ]
    let report = try await validate(rows.joined(separator: "\n") + "\n")
    let found = Set(report.diagnostics.map { "\($0.rule) \($0.location.row.map(String.init) ?? "-")" })
    #expect(
      found == [
        "BIA-005 1", "BIA-007 3", "BIA-006 4", "BIA-006 5", "BIA-003 6", "BIA-003 7", "BIA-004 8", "BIA-006 9",
        "BIA-008 10", "BIA-008 11",
      ], "\(found.sorted())")
    #expect(report.diagnostics.first { $0.rule == "BIA-007" }?.message.contains("first in row 2") == true)
    #expect(report.unchecked.map(\.rule.rawValue) == ["FILE-001"], "no listed file is beside the list")
  }

  @Test func bioStudiesListsAndMissingFiles() async throws {
    let text = "Files\tsource_image\nimages/a.tif\t\nimages/gone.tif\t\n"
    let report = try await validate(text, files: ["images/a.tif"])
    #expect(
      report.diagnostics.map { "\($0.rule) \($0.message)" } == ["FILE-001 images/gone.tif is listed but not found"])
  }

  @Test func findingsAreCappedPerRuleWithACount() async throws {
    var text = "file_path\tdataset\n"
    for _ in 0..<150 { text += "same.tif\td\n" }
    let report = try await validate(text)
    let duplicates = report.diagnostics.filter { $0.rule == "BIA-007" }
    #expect(duplicates.count == 100)
    #expect(report.omitted.map { "\($0.rule) \($0.count)" } == ["BIA-007 49"])
    #expect(report.summary.errors == 149, "the summary counts the findings not listed")
  }

  @Test func aHugeLineIsRefusedNotBuffered() async throws {
    let text = "file_path\tdataset\n" + String(repeating: "a", count: 3 << 20)
    let report = try await validate(text)
    #expect(report.diagnostics.contains { $0.rule == "BIA-006" && $0.message.contains("over 1 MiB") })
  }
}

extension ValidationTests {
  @Test func volumeConnectivityAgreesWithA3DFloodFill() throws {
    var state: UInt64 = 11
    func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(n))
    }
    for _ in 0..<60 {
      let (width, height, depth) = (1 + next(7), 1 + next(7), 1 + next(5))
      let samples = (0..<(width * height * depth)).map { _ in UInt16(next(3)) }
      let planes = try (0..<depth).map { z in
        try Plane(
          width: width, height: height, uint16: Array(samples[(z * width * height)..<((z + 1) * width * height)]))
      }
      let parts = Self.floodFillParts(samples, width: width, height: height, depth: depth)
      let expected = parts.filter { $0.value > 1 }.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
      #expect(InstanceConnectivityProbe.volumeSplits(planes).map { [$0.value, $0.parts] } == expected)
    }
  }

  @Test func anInstanceSplitAcrossZIsFoundWithItsPlane() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    // Replace image and mask 01 with 3-plane stacks: 5 at z = 0 and z = 2 only (two parts in 3-D, one
    // per plane); 7 through z = 0…1 (one part); 9 in two pieces of plane 1 joined through plane 0.
    let (width, height) = (8, 6)
    func plane(_ pixels: [(Int, Int, UInt16)]) throws -> Plane {
      var samples = [UInt16](repeating: 0, count: width * height)
      for (x, y, v) in pixels { samples[y * width + x] = v }
      return try Plane(width: width, height: height, uint16: samples)
    }
    let planes = [
      try plane([(1, 1, 5), (4, 4, 7), (6, 1, 9), (6, 2, 9), (6, 3, 9)]),
      try plane([(4, 4, 7), (6, 1, 9), (6, 3, 9)]),
      try plane([(1, 1, 5)]),
    ]
    try TIFFWriter.write(planes, to: demo.file("masks/cells_01_mask.tif"))
    let image = try Plane(width: width, height: height, uint16: [UInt16](repeating: 100, count: width * height))
    try TIFFWriter.write([image, image, image], to: demo.file("images/cells_01.tif"))
    let report = await DatasetValidator.validate(demo.path)
    let splits = report.diagnostics.filter { $0.rule == "MASK-007" }
    #expect(splits.count == 1, "\(report.diagnostics.map(\.message))")
    let split = try #require(splits.first)
    #expect(split.location.label == 5)
    #expect(split.location.plane == .init(z: 2, c: 0, t: 0) && split.location.pixel == .init(x: 1, y: 1))
    #expect(split.message.contains("6-connected"))
  }
}

extension ShapeRuleTests {
  @Test func toolFilesAreCheckedWithTheirOwnSizesAndLabels() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let coco = """
      {"images": [{"id": 1, "file_name": "a.png", "width": 20, "height": 10}],
       "categories": [{"id": 1, "name": "cell"}],
       "annotations": [
        {"id": 1, "image_id": 1, "category_id": 1, "bbox": [2, 2, 4, 4],
         "segmentation": [[2, 2, 6, 2, 6, 6, 2, 6]]},
        {"id": 2, "image_id": 1, "category_id": 1, "bbox": [0, 0, 9, 9],
         "segmentation": [[2, 2, 6, 2, 6, 6, 2, 6]]},
        {"id": 3, "image_id": 1, "category_id": 1, "bbox": [15, 5, 10, 2]},
        {"id": 4, "image_id": 1, "category_id": 1, "bbox": [1, 1, 2, 2],
         "segmentation": {"size": [10, 20], "counts": [11, 2, 8, 2, 177]}},
        {"id": 5, "image_id": 1, "category_id": 1, "bbox": [1, 1, 5, 5],
         "segmentation": {"size": [10, 20], "counts": [11, 2, 8, 2, 177]}}
       ]}
      """
    let path = try folder.write(coco, to: "instances.json")
    let report = await DatasetValidator.validate(path)
    let found = Set(report.diagnostics.map { "\($0.rule) \($0.location.annotation ?? "")" })
    #expect(found == ["SHAPE-008 a.png/2", "SHAPE-001 a.png/3", "SHAPE-008 a.png/5"], "\(found.sorted())")
    #expect(report.unchecked.isEmpty)

    // A results file records no image sizes: one could-not-check for the file, not one per image.
    let results = try folder.write(
      #"[{"image_id": 1, "category_id": 1, "bbox": [1, 1, 2, 2], "score": 0.9}, {"image_id": 2, "category_id": 1, "bbox": [1, 1, 2, 2], "score": 0.5}]"#,
      to: "results.json")
    let unsized = await DatasetValidator.validate(results)
    #expect(unsized.unchecked.count == 1)
    #expect(unsized.unchecked.first?.reason.hasPrefix("2 image(s)") == true)
  }

  @Test func hostileNumbersInShapesAreFindingsNotTraps() async throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let shapes = [
      Self.feature(1, Self.box(10, 10, 20, 20), #""shape": "box", "label": "mitotic cell", "z": 1e300, "t": -1e300"#),
      Self.feature(2, Self.box(10, 10, 20, 20), #""shape": "box", "label_value": 1e300"#),
      Self.feature(3, #"{"type": "Point", "coordinates": [1e308, -1e308]}"#, #""shape": "point""#),
    ]
    try Data(Self.collection(shapes).utf8).write(to: URL(fileURLWithPath: demo.file("shapes/cells_01.geojson")))
    let report = await DatasetValidator.validate(demo.path)
    let found = report.diagnostics.map { "\($0.rule) \($0.location.annotation ?? "")" }
    #expect(found.filter { $0 == "SHAPE-005 1" }.count == 2)
    #expect(found.contains("SHAPE-007 2"))
    #expect(found.contains("SHAPE-001 3"))
  }
}

extension ValidationTests {
  /// The reference for the connectivity tests: a flood fill (4-connected in a plane, 6 across planes)
  /// from every unvisited non-zero pixel, counting the regions of each value.
  static func floodFillParts(_ samples: [UInt16], width: Int, height: Int, depth: Int) -> [Int: Int] {
    var seen = [Bool](repeating: false, count: samples.count)
    var parts: [Int: Int] = [:]
    for start in samples.indices where samples[start] != 0 && !seen[start] {
      parts[Int(samples[start]), default: 0] += 1
      var stack = [start]
      seen[start] = true
      while let i = stack.popLast() {
        let (x, y, z) = (i % width, (i / width) % height, i / (width * height))
        for (nx, ny, nz) in [(x - 1, y, z), (x + 1, y, z), (x, y - 1, z), (x, y + 1, z), (x, y, z - 1), (x, y, z + 1)]
        where nx >= 0 && nx < width && ny >= 0 && ny < height && nz >= 0 && nz < depth {
          let j = (nz * height + ny) * width + nx
          if !seen[j], samples[j] == samples[i] {
            seen[j] = true
            stack.append(j)
          }
        }
      }
    }
    return parts
  }
}
