// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaScan
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// What an annotator meets on a real lab folder before deposit, as `init`, `status`, `import`,
/// `validate` and `pack` see it: each a regression test with a generated folder.
@Suite("Real folders")
struct RealFoldersTests {
  // Two manifests: each command would read one of them silently.
  @Test func annotaYAMLAndJSONTogetherAreAnErrorNamingBoth() async throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    try folderWithBothManifests(dataset)
    let report = await DatasetValidator.validate(dataset.path)
    let finding = try #require(report.diagnostics.first { $0.rule == "FILE-012" })
    #expect(finding.severity == .error && finding.message.contains("annota.yaml and annota.json"))
    #expect(throws: ImportError.self) { try DatasetStatus.of(dataset.path) }
    for command in [["validate"], ["status"], ["summary"], ["init", "--update"], ["pack", "--target", "bagit"]] {
      var arguments = command + [dataset.path]
      if command[0] == "pack" { arguments += ["-o", dataset.file("bundle")] }
      let run = try annota(arguments)
      #expect(run.status != 0, "\(command): \(run.stdout)")
      #expect((run.stdout + run.stderr).contains("FILE-012"), "\(command): \(run.stdout)\(run.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: dataset.file("bundle")))
  }

  // Every file without its source image is named, the first 20 listed and the rest counted; a
  // profile whose fields are all there but which fails on errors says so.
  @Test func everyMissingSourceImageIsNamed() async throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let manifest = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
    let withoutImages = lines.filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("image: cells_") }
    try #require(lines.count - withoutImages.count >= 2, "the demo pairs files with images")
    try withoutImages.joined(separator: "\n").write(
      toFile: dataset.file("annota.yaml"), atomically: true, encoding: .utf8)
    let report = await DatasetValidator.validate(dataset.path, profiles: [.mifa])
    let missing = report.diagnostics.filter { $0.rule == "MIFA-001" && ($0.location.pointer ?? "").hasSuffix("/image") }
    #expect(missing.count == lines.count - withoutImages.count, "\(report.diagnostics.map(\.description))")
    #expect(Set(missing.compactMap(\.location.pointer)).count == missing.count, "each file named once")
  }

  @Test func aProfileWithEveryFieldButErrorsSaysWhy() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    try FileManager.default.removeItem(atPath: dataset.file("images/cells_02.tif"))
    let text = try annota(["validate", dataset.path]).stdout
    #expect(text.contains("profile core: not satisfied (errors above) — required 6/6"), "\(text)")
  }

  // Wording a user met.
  @Test func messagesSayWhatHappenedInPlainWords() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let waivers = try annota(["validate", "--waivers", dataset.file("nowhere.tsv"), dataset.path])
    #expect(waivers.status == 2 && waivers.stderr.contains("does not exist or cannot be read"), "\(waivers.stderr)")
    #expect(!waivers.stderr.contains("NSCocoaErrorDomain"))
    let detect = try annota(["detect", dataset.path])
    #expect(detect.status == 64 && detect.stderr.contains("a folder"), "\(detect.stdout)\(detect.stderr)")
    let packHelp = try annota(["pack", "--help"])
    #expect(!packHelp.stdout.contains("comes next"))
    for command in ["validate", "pack", "verify", "inspect"] {
      let help = try annota([command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      #expect(help.contains("the number of cores") && !help.contains("(default: 2)"), "\(command): \(help)")
    }
    // Findings about an annota.json manifest are headed annota.json.
    let json = try annota(["format", "--to", "json", dataset.file("annota.yaml")])
    try #require(json.status == 0 && !json.stdout.isEmpty, "\(json.stderr)")
    // An encoding that is not one: "an annotation encoding".
    try json.stdout.replacing(#""encoding": "label_image""#, with: #""encoding": "label-image""#, maxReplacements: 1)
      .write(toFile: dataset.file("annota.json"), atomically: true, encoding: .utf8)
    try FileManager.default.removeItem(atPath: dataset.file("annota.yaml"))
    let report = try annota(["validate", "--profile", "mifa", dataset.path])
    #expect(report.stdout.contains("is not an annotation encoding"), "\(report.stdout)")
    #expect(report.stdout.contains("annota.json\n") && !report.stdout.contains("annota.yaml\n"), "\(report.stdout)")
  }

  // pack --target bia: the bia profile before anything is written; the placeholder accession said.
  @Test func packForTheBIAStopsBeforeWritingWhenAFieldIsMissing() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let out = try TemporaryFolder()
    defer { out.remove() }
    let manifest = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    let withoutDate = manifest.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.contains("release_date:") }.joined(separator: "\n")
    try withoutDate.write(toFile: dataset.file("annota.yaml"), atomically: true, encoding: .utf8)
    let refused = try annota(["pack", "--target", "bia", dataset.path, "-o", out.file("crate")])
    #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
    #expect(refused.stderr.contains("study.release_date") && refused.stderr.contains("nothing was written"))
    #expect(!FileManager.default.fileExists(atPath: out.file("crate")))
    // --force does not make a crate that cannot verify.
    let forced = try annota(["pack", "--target", "bia", "--force", dataset.path, "-o", out.file("forced")])
    #expect(forced.status != 0 && !FileManager.default.fileExists(atPath: out.file("forced")))
    try manifest.write(toFile: dataset.file("annota.yaml"), atomically: true, encoding: .utf8)
    let packed = try annota(["pack", "--target", "bia", dataset.path, "-o", out.file("crate")])
    #expect(packed.status == 0, "\(packed.stdout)\(packed.stderr)")
    #expect(packed.stdout.contains("placeholder S-BIAD0"), "\(packed.stdout)")
  }

  // init --update keeps the person's file byte for byte outside what it adds.
  @Test func initUpdateKeepsCommentsAndAddsOnlyWhatIsNew() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let original = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    let commented =
      "# Our lab's nuclei — keep this comment!\n"
      + original.replacing("licence: CC0-1.0", with: "licence: CC0-1.0   # agreed with the PI", maxReplacements: 1)
    try commented.write(toFile: dataset.file("annota.yaml"), atomically: true, encoding: .utf8)
    // Nothing new: the file is not touched.
    let unchanged = try annota(["init", "--update", dataset.path])
    #expect(unchanged.status == 0 && unchanged.stdout.contains("is unchanged"), "\(unchanged.stdout)")
    #expect(try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8) == commented)
    // A new image and its boxes: added, in the person's own set for boxes, and nothing else changes.
    try FileManager.default.copyItem(
      atPath: dataset.file("images/cells_01.tif"), toPath: dataset.file("images/cells_08.tif"))
    try FileManager.default.copyItem(
      atPath: dataset.file("shapes/cells_01.geojson"), toPath: dataset.file("shapes/cells_08.geojson"))
    let updated = try annota(["init", "--update", dataset.path])
    #expect(updated.status == 0, "\(updated.stdout)\(updated.stderr)")
    #expect(updated.stdout.contains("shapes/cells_08.geojson (set mitosis-boxes)"), "\(updated.stdout)")
    let text = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    var rest = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
    for line in commented.split(separator: "\n", omittingEmptySubsequences: false) {
      let found = try #require(rest.firstIndex(of: line), "kept: \(line)")
      rest = rest[(found + 1)...]
    }
    let added = text.split(separator: "\n").count - commented.split(separator: "\n").count
    #expect(added == 10, "8 lines for the image (its component that of the TIFFs beside it), 2 for the file: \(text)")
    #expect(text.contains("  - id: cells_08\n    path: images/cells_08.tif\n"))
    // The masks the pairing rule matches are not re-added as a set of their own.
    #expect(!text.contains("- id: masks"))
    let validate = try annota(["validate", dataset.path])
    #expect(validate.status == 0, "\(validate.stdout)")
  }

  @Test func initUpdateRefusesToRewriteAFlowListUnlessAskedTo() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let plane = try Plane(width: 8, height: 8, uint8: [UInt8](repeating: 9, count: 64))
    try TIFFWriter.write([plane], to: folder.file("a.tif"))
    let manifest = """
      annota: "0.1"  # flow lists below
      study:
        title: Two images
        description: One listed, one new.
        authors: [{name: Ada Example}]
        licence: CC0-1.0
      images: [{id: a, path: a.tif}]
      annotation_sets: []

      """
    try folder.write(manifest, to: "annota.yaml")
    try TIFFWriter.write([plane], to: folder.file("b.tif"))
    let refused = try annota(["init", "--update", folder.path])
    #expect(refused.status == 1 && refused.stderr.contains("--reformat"), "\(refused.stdout)\(refused.stderr)")
    #expect(try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8) == manifest)
    let rewritten = try annota(["init", "--update", "--reformat", folder.path])
    #expect(rewritten.status == 0, "\(rewritten.stderr)")
    let text = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    #expect(text.contains("path: b.tif") && text.contains("path: a.tif"))
  }

  /// A two-file OME-TIFF set: `a.ome.tif` holds the metadata and Z 0, `b.ome.tif` (BinaryOnly) Z 1.
  static func writeTwoFileSet(in folder: TemporaryFolder) throws {
    let master =
      #"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="urn:uuid:a"><Image ID="Image:0">"#
      + #"<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="8" SizeY="8" SizeZ="2" SizeC="1" SizeT="1">"#
      + #"<TiffData IFD="0" FirstZ="0" PlaneCount="1"><UUID FileName="a.ome.tif">urn:uuid:a</UUID></TiffData>"#
      + #"<TiffData IFD="0" FirstZ="1" PlaneCount="1"><UUID FileName="b.ome.tif">urn:uuid:b</UUID></TiffData>"#
      + #"</Pixels></Image></OME>"#
    let member =
      #"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="urn:uuid:b">"#
      + #"<BinaryOnly MetadataFile="a.ome.tif" UUID="urn:uuid:a"/></OME>"#
    let plane = try Plane(width: 8, height: 8, uint8: (0..<64).map { UInt8($0) })
    try TIFFWriter.write([plane], to: folder.file("a.ome.tif"), compression: .none, description: master)
    try TIFFWriter.write([plane], to: folder.file("b.ome.tif"), compression: .none, description: member)
  }

  // The members of a multi-file OME-TIFF set that init groups are described by their head.
  @Test func membersOfAMultiFileOMETIFFAreNotUnlisted() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeTwoFileSet(in: folder)
    try checkMembersAreDescribed(folder.path, head: "a.ome.tif", members: ["b.ome.tif"])
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func membersOfTheCorpusMultiFileSetAreNotUnlisted() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try #require(Paths.corpus("ome-tiff/multifile-master"))
    for name in try FileManager.default.contentsOfDirectory(atPath: source) {
      try FileManager.default.copyItem(atPath: source + "/" + name, toPath: folder.file(name))
    }
    try checkMembersAreDescribed(
      folder.path, head: "multifile-Z1.ome.tiff", members: (2...5).map { "multifile-Z\($0).ome.tiff" })
  }

  // In the BIA file list, the members of a multi-file OME-TIFF set hold pixels: image data.
  @Test func multiFileMembersAreImagesInTheBIAFileList() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    try Self.writeTwoFileSet(in: dataset)
    let manifest = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    try manifest.replacing(
      "images:\n", with: "images:\n  - id: stack\n    path: a.ome.tif\n    component: png-export\n", maxReplacements: 1
    )
    .write(toFile: dataset.file("annota.yaml"), atomically: true, encoding: .utf8)
    let out = try TemporaryFolder()
    defer { out.remove() }
    let packed = try annota(["pack", "--target", "bia", dataset.path, "-o", out.file("crate")])
    try #require(packed.status == 0, "\(packed.stdout)\(packed.stderr)")
    let list = try String(contentsOfFile: out.file("crate/file_list.tsv"), encoding: .utf8)
    let member = try #require(list.split(separator: "\n").first { $0.hasPrefix("b.ome.tif\t") })
    // In the dataset of the image whose pixels it holds (its study component).
    #expect(member.contains("http://bia/Image") && member.contains("\t#component-png-export\t"), "\(member)")
  }

  func checkMembersAreDescribed(_ root: String, head: String, members: [String]) throws {
    #expect(try annota(["init", root]).status == 0)
    let manifest = try String(contentsOfFile: root + "/annota.yaml", encoding: .utf8)
    #expect(manifest.contains("path: \(head)") && !members.contains { manifest.contains("path: \($0)") })
    let status = try DatasetStatus.of(root)
    #expect(status.unlisted.isEmpty, "\(status.unlisted)")
    let validate = try annota(["validate", "--format", "json", root])
    #expect(!validate.stdout.contains("FILE-002"), "\(validate.stdout)")
  }

  // Files whose spatial sizes disagree are never paired; the reason is said.
  @Test func aLabelImageIsNotPairedWithAnImageOfAnotherSize() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let image = try Plane(width: 20, height: 20, uint16: (0..<400).map { UInt16($0 * 7 % 3000) })
    let mask = try Plane(width: 16, height: 12, uint16: (0..<192).map { $0 < 40 ? 1 : 0 })
    try TIFFWriter.write([image], to: folder.file("a.tif"))
    try TIFFWriter.write([mask], to: folder.file("a_mask.tif"))
    try TIFFWriter.write([mask], to: folder.file("other_mask.tif"))
    let scan = DatasetScan.scan(folder.path)
    #expect(scan.pairs.isEmpty, "\(scan.pairs)")
    #expect(Set(scan.unpaired) == ["a_mask.tif", "other_mask.tif"])
    #expect(scan.unpairedReasons["a_mask.tif"]?.contains("a.tif is 20×20") == true, "\(scan.unpairedReasons)")
    let run = try annota(["init", "--dry-run", folder.path])
    #expect(
      run.stdout.contains("unpaired a_mask.tif: its size is 16×12 (X×Y), but a.tif is 20×20 (X×Y)"), "\(run.stdout)")
    // The same mask at the image's size pairs as before.
    try TIFFWriter.write(
      [try Plane(width: 20, height: 20, uint16: [UInt16](repeating: 1, count: 400))], to: folder.file("a_mask.tif"))
    #expect(DatasetScan.scan(folder.path).pairs.map(\.annotation) == ["a_mask.tif"])
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func unrelatedCorpusHDF5FilesAreNotPaired() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for name in ["hdf5/ilastik/2d3c_Binary_Segmentation.h5", "hdf5/plantseg/sample_ovule.h5"] {
      let source = try #require(Paths.corpus(name))
      try FileManager.default.copyItem(atPath: source, toPath: folder.file(String(name.split(separator: "/").last!)))
    }
    let scan = DatasetScan.scan(folder.path)
    #expect(!scan.pairs.contains { $0.annotation == "2d3c_Binary_Segmentation.h5" }, "\(scan.pairs)")
    #expect(scan.unpairedReasons["2d3c_Binary_Segmentation.h5"] != nil)
  }

  // Inferred validation agrees with what init inferred: a companion-file set's head is XML by
  // design, and an HDF5 file without an image is not taken for one.
  @Test func aCompanionSetAndAnImagelessHDF5FilePassInferredValidation() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let companion =
      #"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="urn:uuid:c"><Image ID="Image:0">"#
      + #"<Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="8" SizeY="8" SizeZ="2" SizeC="1" SizeT="1">"#
      + #"<TiffData IFD="0" FirstZ="0" PlaneCount="1"><UUID FileName="a.ome.tif">urn:uuid:a</UUID></TiffData>"#
      + #"<TiffData IFD="0" FirstZ="1" PlaneCount="1"><UUID FileName="b.ome.tif">urn:uuid:b</UUID></TiffData>"#
      + #"</Pixels></Image></OME>"#
    try folder.write(companion, to: "x.companion.ome")
    let plane = try Plane(width: 8, height: 8, uint8: (0..<64).map { UInt8($0) })
    for (name, uuid) in [("a", "a"), ("b", "b")] {
      let member =
        #"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="urn:uuid:\#(uuid)">"#
        + #"<BinaryOnly MetadataFile="x.companion.ome" UUID="urn:uuid:c"/></OME>"#
      try TIFFWriter.write([plane], to: folder.file("\(name).ome.tif"), compression: .none, description: member)
    }
    if let interpreter = python(with: ["h5py", "numpy"]) {
      let script = "import sys, h5py\nwith h5py.File(sys.argv[1], 'w') as f: f['names'] = [b'a', b'b']"
      #expect(try runProcess(interpreter, ["-c", script, folder.file("table.h5")]).status == 0)
    }
    let report = try annota(["validate", "--format", "json", folder.path])
    #expect(report.status == 0, "\(report.stdout)")
    #expect(!report.stdout.contains("FILE-009") && !report.stdout.contains("holds no image"))
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func theCorpusOMETIFFAndH5pyFoldersPassInferredValidation() throws {
    for name in ["ome-tiff", "hdf5/h5py"] {
      let folder = try TemporaryFolder()
      defer { folder.remove() }
      let source = try #require(Paths.corpus(name))
      for entry in try FileManager.default.contentsOfDirectory(atPath: source) {
        try FileManager.default.copyItem(atPath: source + "/" + entry, toPath: folder.file(entry))
      }
      let report = try annota(["validate", "--format", "json", folder.path])
      #expect(report.status == 0, "\(name): \(report.stdout)")
    }
  }

  // import refuses a label image of another size than its image, naming both sizes.
  @Test(.enabled(if: Paths.corpus != nil))
  func importRefusesTheCorpusMaskForAnImageOfAnotherSize() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let samples = (0..<(439 * 167)).map { UInt16($0 % 3000) }
    try TIFFWriter.write([try Plane(width: 439, height: 167, uint16: samples)], to: folder.file("field.tif"))
    try folder.write(
      """
      annota: "0.1"
      study:
        title: One field of view
        description: A 439 by 167 image.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: field
          path: field.tif
          dimensions:
            x: 439
            y: 167
      annotation_sets:
        - id: boxes
          name: Boxes
          overview: One box.
          types: [bounding_boxes]
          encoding: geojson
          files:
            - path: boxes.geojson
              image: field

      """, to: "annota.yaml")
    try folder.write(#"{"type":"FeatureCollection","features":[]}"#, to: "boxes.geojson")
    let mask = try #require(Paths.corpus("label-tiff/stardist_tests_mask2d.tif"))
    let refused = try annota(["import", mask, "--into", folder.path, "--reformat"])
    #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
    #expect(refused.stderr.contains("256×256 (X×Y)") && refused.stderr.contains("439×167 (X×Y)"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder.file("annotations")))
  }

  // import --dry-run prints the plan and writes nothing.
  @Test func importDryRunPrintsThePlanAndWritesNothing() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let before = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    let source = dataset.file("masks/cells_01_mask.tif")
    let planned = try annota(["import", source, "--into", dataset.path, "--set-id", "copy", "--dry-run"])
    #expect(planned.status == 0, "\(planned.stderr)")
    #expect(planned.stdout.contains("would add annotation set copy"), "\(planned.stdout)")
    #expect(planned.stdout.contains("would write annotations/copy/cells_01_labels.tif"))
    #expect(try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8) == before)
    #expect(!FileManager.default.fileExists(atPath: dataset.file("annotations")))
    // A dry run refuses what the import would refuse.
    let clash = try annota(["import", source, "--into", dataset.path, "--set-id", "nuclei", "--dry-run"])
    #expect(clash.status == 1 && clash.stderr.contains("--replace"), "\(clash.stderr)")
    // And the real import writes what the plan said.
    let done = try annota(["import", source, "--into", dataset.path, "--set-id", "copy"])
    #expect(
      done.status == 0 && FileManager.default.fileExists(atPath: dataset.file("annotations/copy/cells_01_labels.tif")))
  }

  // Ids made from file and folder names stay readable, whatever the script.
  @Test(arguments: [
    ("Zelle 1 ä", "Zelle-1-a"), ("Masken (neu)", "Masken-neu"), ("Straße_2", "Strasse_2"), ("cells_01", "cells_01"),
    ("Œuvre", "OEuvre"), ("细胞", "u7ec6u80de"), ("  --", "imported"),
  ])
  func identifiersFromNamesAreReadable(name: String, id: String) {
    #expect(DatasetImporter.identifier(from: name) == id)
  }

  // A listing table wins over what names suggest, and a folder named for images holds images.
  @Test func aListingTableAndAnImagesFolderWinOverNames() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    let gradient = try Plane(width: 16, height: 12, uint16: (0..<192).map { UInt16($0 % 7) })
    let mask = try Plane(width: 16, height: 12, uint16: (0..<192).map { $0 < 30 ? 1 : 0 })
    // Named like a label image, listed as the image.
    try TIFFWriter.write([gradient], to: folder.file("LabelImage.tif"))
    try TIFFWriter.write([mask], to: folder.file("objects.tif"))
    try folder.write("image\tmask\nLabelImage.tif\tobjects.tif\n", to: "pairs.tsv")
    // Named like a segmentation, in images/.
    try TIFFWriter.write([gradient], to: folder.file("images/learningSeg.tif"))
    let scan = DatasetScan.scan(folder.path)
    let roles = Dictionary(scan.files.map { ($0.path, $0.role) }, uniquingKeysWith: { first, _ in first })
    #expect(roles["LabelImage.tif"] == .image && roles["objects.tif"] == .labelImage, "\(roles)")
    #expect(roles["images/learningSeg.tif"] == .image)
    #expect(scan.pairs.contains { $0.annotation == "objects.tif" && $0.image == "LabelImage.tif" })
    let draft = DatasetDraft.manifest(for: scan, name: "x").manifest
    #expect(Set(draft.images.map(\.path)) == ["LabelImage.tif", "images/learningSeg.tif"])
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func theCorpusLabelImageListedAsAnImageIsOne() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.copyItem(
      atPath: try #require(Paths.corpus("label-tiff/LabelImage.tif")), toPath: folder.file("LabelImage.tif"))
    let mask = try Plane(width: 8, height: 8, uint16: [UInt16](repeating: 1, count: 64))
    try TIFFWriter.write([mask], to: folder.file("objects.tif"))
    try folder.write("image\tmask\nLabelImage.tif\tobjects.tif\n", to: "pairs.tsv")
    let roles = Dictionary(
      DatasetScan.scan(folder.path).files.map { ($0.path, $0.role) }, uniquingKeysWith: { a, _ in a })
    #expect(roles["LabelImage.tif"] == .image, "\(roles)")
  }

  // An images-only folder: the draft validates once its TODOs are filled, and the first import
  // creates the first annotation set, keeping the draft's comments.
  @Test func anImagesOnlyFolderCanBeCompletedAndImportedInto() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    for name in ["cells_01", "cells_02"] {
      try FileManager.default.copyItem(
        atPath: Paths.project("Fixtures/demo/images/\(name).tif"), toPath: folder.file("images/\(name).tif"))
    }
    #expect(try annota(["init", folder.path]).status == 0)
    var draft = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    for (todo, value) in [
      (#""TODO: a title for"#, #""Nuclei, not yet annotated — "#),
      (#""TODO: what was imaged and annotated, and why""#, "Widefield images."),
      (#""TODO: the annotators and authors""#, "Ada Example"), ("licence: TODO", "licence: CC0-1.0"),
    ] {
      draft = draft.replacing(todo, with: value)
    }
    try draft.write(toFile: folder.file("annota.yaml"), atomically: true, encoding: .utf8)
    let validated = try annota(["validate", folder.path])
    #expect(validated.status == 0, "\(validated.stdout)")
    let imported = try annota(["import", Paths.project("Fixtures/demo/masks/cells_01_mask.tif"), "--into", folder.path])
    #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
    let text = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    #expect(text.hasPrefix(draft.trimmingCharacters(in: .newlines)), "the draft, comments and all, then the new set")
    #expect(text.contains("annotation_sets:\n  - id: cells_01_mask"), "\(text)")
    #expect(try annota(["validate", folder.path]).status == 0)
  }

  // An ImageJ TYX hyperstack keeps its time points in the draft, and a plain multi-page mask of as
  // many pages is not a false MASK-002.
  @Test func anImageJTimeSeriesKeepsItsTimePoints() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for sub in ["images", "masks"] {
      try FileManager.default.createDirectory(atPath: folder.file(sub), withIntermediateDirectories: true)
    }
    let frames = try (0..<3).map { t in
      try Plane(width: 30, height: 20, uint16: (0..<600).map { UInt16(($0 + t) % 4000) })
    }
    try TIFFWriter.write(
      frames, to: folder.file("images/t.tif"), description: "ImageJ=1.11a\nimages=3\nframes=3\nhyperstack=true\n")
    let masks = try (0..<3).map { _ in
      try Plane(width: 30, height: 20, uint16: (0..<600).map { $0 % 30 < 8 && $0 / 30 < 6 ? 1 : 0 })
    }
    try TIFFWriter.write(masks, to: folder.file("masks/t_mask.tif"))
    let draft = DatasetDraft.manifest(for: DatasetScan.scan(folder.path), name: "t").manifest
    #expect(
      draft.images.first?.dimensions == Dimensions(x: 30, y: 20, t: 3),
      "\(String(describing: draft.images.first?.dimensions))")
    #expect(try annota(["init", folder.path]).status == 0)
    let report = try annota(["validate", "--format", "json", folder.path])
    #expect(!report.stdout.contains("MASK-002") && !report.stdout.contains("FILE-011"), "\(report.stdout)")
    // A mask with a different page count is still MASK-002.
    try TIFFWriter.write(Array(masks.prefix(2)), to: folder.file("masks/t_mask.tif"))
    #expect(try annota(["validate", "--format", "json", folder.path]).stdout.contains("MASK-002"))
  }

  // OME ROIs go to the image that references them; ROIs of images the dataset lacks are reported.
  @Test func omeROIsFollowTheirImagesAndAreNeverRetargeted() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let xml =
      #"<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">"#
      + #"<Image ID="Image:0" Name="cells_02"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="256" SizeY="256" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels><ROIRef ID="ROI:0"/></Image>"#
      + #"<Image ID="Image:1" Name="elsewhere"><Pixels ID="Pixels:1" DimensionOrder="XYZCT" Type="uint8" SizeX="64" SizeY="64" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels><ROIRef ID="ROI:1"/></Image>"#
      + #"<ROI ID="ROI:0"><Union><Point ID="Shape:0" X="10" Y="10"/></Union></ROI>"#
      + #"<ROI ID="ROI:1"><Union><Point ID="Shape:1" X="20" Y="20"/></Union></ROI></OME>"#
    let source = try dataset.write(xml, to: "../rois-\(UUID().uuidString).ome.xml")
    defer { try? FileManager.default.removeItem(atPath: source) }
    let forced = try annota(["import", source, "--into", dataset.path, "--image", "cells_01"])
    #expect(forced.status == 1 && forced.stderr.contains("ROIs for 2 images"), "\(forced.stderr)")
    let imported = try annota(["import", source, "--into", dataset.path, "--set-id", "rois"])
    #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
    #expect(imported.stdout.contains("annotations/rois/cells_02.geojson"))
    #expect(
      imported.stdout.contains("ROIs of OME image Image:1 (elsewhere, 1 ROI(s)): no dataset image"),
      "\(imported.stdout)")
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func theCorpusShapeUnionROIsAreNotPutOnTheOnlyImage() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try TIFFWriter.write(
      [try Plane(width: 8, height: 8, uint8: [UInt8](repeating: 1, count: 64))], to: folder.file("only.tif"))
    try folder.write(
      "annota: \"0.1\"\nstudy:\n  title: One image\n  description: One.\n  authors:\n    - name: Ada Example\n  licence: CC0-1.0\nimages:\n  - id: only\n    path: only.tif\n",
      to: "annota.yaml")
    let refused = try annota([
      "import", try #require(Paths.corpus("ome-xml/shape-union.ome.xml")), "--into", folder.path,
    ])
    #expect(
      refused.status == 1 && refused.stderr.contains("C4_drawing.tif") && refused.stderr.contains("--image"),
      "\(refused.stdout)\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder.file("annotations")))
  }

  // OME-XML ROI files are counted as what they are, and a folder of them has each one checked.
  @Test func omeXMLFilesAreNotTablesAndAreChecked() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let xml =
      #"<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">"#
      + #"<Image ID="Image:0" Name="a"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="16" SizeY="16" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels><ROIRef ID="ROI:0"/></Image>"#
      + #"<ROI ID="ROI:0"><Union><Point ID="Shape:0" X="40" Y="4"/></Union></ROI></OME>"#
    try folder.write(xml, to: "a.ome.xml")
    try folder.write("path\tnote\na.ome.xml\tROIs\n", to: "notes.tsv")
    let summary = try annota(["init", "--dry-run", folder.path]).stdout
    // With ROIs, the OME-XML file is annotations for image `a` (a tool's file), not metadata.
    #expect(summary.contains("1 annotation-tool file(s), 0 OME-XML metadata file(s), 1 table(s)"), "\(summary)")
    let report = try Self.json(try annota(["validate", "--format", "json", folder.path]))
    #expect((report["summary"] as? [String: Any])?["files"] as? Int == 1, "the OME-XML file was read")
    #expect("\(report["diagnostics"] ?? "")".contains("SHAPE-001"), "its point is outside its 16 × 16 image")
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func theCorpusOMEXMLFolderHasEveryFileChecked() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try #require(Paths.corpus("ome-xml"))
    let names = try FileManager.default.contentsOfDirectory(atPath: source)
    for name in names { try FileManager.default.copyItem(atPath: source + "/" + name, toPath: folder.file(name)) }
    let report = try Self.json(try annota(["validate", "--format", "json", folder.path]))
    #expect((report["summary"] as? [String: Any])?["files"] as? Int == names.count, "\(report["summary"] ?? "")")
  }

  static func json(_ output: ProcessOutput) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stdout)")
  }

  // Time points survive import: an ImageJ TYX label stack, and a plain one against a TYX image.
  @Test func importKeepsTimePoints() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for sub in ["images", "masks"] {
      try FileManager.default.createDirectory(atPath: folder.file(sub), withIntermediateDirectories: true)
    }
    let hyperstack = "ImageJ=1.11a\nimages=3\nframes=3\nhyperstack=true\n"
    let frames = try (0..<3).map { t in
      try Plane(width: 30, height: 20, uint16: (0..<600).map { UInt16(($0 + t) % 4000) })
    }
    let masks = try (0..<3).map { t in
      try Plane(width: 30, height: 20, uint16: (0..<600).map { $0 % 30 < 8 + t && $0 / 30 < 6 ? 1 : 0 })
    }
    try TIFFWriter.write(frames, to: folder.file("images/t.tif"), description: hyperstack)
    try TIFFWriter.write(masks, to: folder.file("masks/t_mask.tif"), description: hyperstack)
    try TIFFWriter.write(masks, to: folder.file("plain_mask.tif"))
    #expect(try annota(["init", folder.path]).status == 0)
    try Self.fillTODOs(in: folder)
    for (source, set) in [(folder.file("masks/t_mask.tif"), "imagej"), (folder.file("plain_mask.tif"), "plain")] {
      let run = try annota(["import", source, "--into", folder.path, "--image", "t", "--set-id", set])
      #expect(run.status == 0, "\(set): \(run.stdout)\(run.stderr)")
      let written = try FileInspector.inspect(folder.file("annotations/\(set)/t_labels.ome.tif"))
      #expect(written.images.first?.axes == "TYX" && written.images.first?.shape == [3, 20, 30], "\(set)")
    }
  }

  // convert --to annota describes every image's shapes, not the first image's.
  @Test func convertToAnnotaCountsEveryImagesShapes() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let cvat =
      #"<?xml version="1.0" encoding="utf-8"?><annotations><version>1.1</version>"#
      + #"<image id="0" name="cat.jpg" width="100" height="80"><polyline label="cat" occluded="0" points="1,1;20,20;30,5"></polyline></image>"#
      + #"<image id="1" name="dog.jpg" width="100" height="80"><box label="dog" occluded="0" xtl="2" ytl="3" xbr="40" ybr="50"></box></image>"#
      + "</annotations>"
    let source = try folder.write(cvat, to: "two.xml")
    try checkConvertedOverview(source, out: folder.file("out"), counts: "1 box, 1 polyline")
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func convertToAnnotaKeepsTheCorpusCatDogBox() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let source = try #require(Paths.corpus("cvat/catdog_app_cvat_annotations.xml"))
    try checkConvertedOverview(source, out: folder.file("out"), counts: "1 box, 1 polyline")
  }

  func checkConvertedOverview(_ source: String, out: String, counts: String) throws {
    let run = try annota(["convert", source, "--to", "annota", out])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    let manifest = try String(contentsOfFile: out + "/annota.yaml", encoding: .utf8)
    #expect(manifest.contains("overview: \"Converted from cvat-1.1: \(counts).\""), "\(manifest)")
    #expect(manifest.contains("bounding_boxes") && manifest.contains("geometrical_annotations"))
  }

  /// The draft's study TODOs filled in as a person would.
  static func fillTODOs(in folder: TemporaryFolder) throws {
    var text = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      let content = line.drop { $0 == " " }
      let indent = String(line.prefix { $0 == " " })
      if content.hasPrefix("title: \"TODO") { return indent + "title: A study filled in by the test" }
      if content.hasPrefix("description: \"TODO") { return indent + "description: What was imaged." }
      if content.hasPrefix("- name: \"TODO") { return indent + "- name: Ada Example" }
      if content.hasPrefix("licence: TODO") { return indent + "licence: CC0-1.0" }
      return String(line)
    }
    text = lines.joined(separator: "\n")
    try text.write(toFile: folder.file("annota.yaml"), atomically: true, encoding: .utf8)
  }

  func folderWithBothManifests(_ dataset: TemporaryFolder) throws {
    let format = try annota(["format", "--to", "json", dataset.file("annota.yaml")])
    if format.status == 0, !format.stdout.isEmpty {
      try dataset.write(format.stdout, to: "annota.json")
    } else {
      try dataset.write(#"{"annota": "0.1"}"#, to: "annota.json")
    }
  }
}
