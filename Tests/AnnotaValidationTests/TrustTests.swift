// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaScan
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// Every file is read in full and checked, or the report says it was not: the observations of the
/// trust issue, each as a regression test (a generated file that always runs; the corpus file where
/// one is named, skipped when the corpus is absent).
@Suite("Trust: nothing passes unread")
struct TrustTests {
  /// A report that would let a dataset through at the default threshold.
  static func passes(_ report: ValidationReport) -> Bool { !report.fails(at: .error) }

  /// A 5-plane uncompressed OME-TIFF (64 × 48 uint16), written by Annota's own writer.
  static func writeOMEStack(_ path: String, planes count: Int = 5) throws {
    let planes = try (0..<count).map { z in
      try Plane(width: 64, height: 48, uint16: (0..<(64 * 48)).map { UInt16(($0 + z * 7) % 4000) })
    }
    try OMETIFFWriter.write(planes, to: path, name: "stack", compression: .none)
  }

  /// The file cut where its second image directory starts: the OME-XML and the first directory
  /// intact, every later directory gone (the chain points past the end).
  static func cutAfterFirstDirectory(_ path: String) throws {
    let bytes = try #require(FileManagerShimData.read(path))
    func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
    let first = u32(4)
    let entries = Int(bytes[first]) | Int(bytes[first + 1]) << 8
    let second = u32(first + 2 + 12 * entries)
    #expect(second > first && second < bytes.count, "the writer puts directory 1 after directory 0")
    try FileManagerShimData.write(Array(bytes.prefix(second)), to: path)
  }

  /// A TIFF whose header is damaged past `II` (its version bytes zeroed) is still read as a TIFF,
  /// so the damage is an error (FILE-005), not "could not check".
  @Test func aTIFFWithADamagedHeaderIsAnError() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let image = folder.file("images/cells_01.tif")
    var bytes = try #require(FileManagerShimData.read(image))
    bytes[2] = 0
    bytes[3] = 0
    try FileManagerShimData.write(bytes, to: image)
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == "images/cells_01.tif" })
    #expect(!report.unchecked.contains { $0.location.file == "images/cells_01.tif" }, "\(report.unchecked)")
  }

  // Observation 1: a corrupt TIFF as a dataset image.
  @Test func aCorruptImageInADatasetIsAnError() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let image = folder.file("images/cells_01.tif")
    let bytes = try #require(FileManagerShimData.read(image))
    try FileManagerShimData.write(Array(bytes.prefix(bytes.count / 2)), to: image)
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == "images/cells_01.tif" })
    #expect(!Self.passes(report))
  }

  @Test func statusNamesAnImageWhoseHeaderCannotBeRead() throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let clean = try DatasetStatus.of(folder.path)
    #expect(clean.isClean, "the demo pairs its masks by pattern: they are listed, not unlisted \(clean.unlisted)")
    #expect(clean.described.count == 28)
    // Only the header and the first directory's start: libtiff cannot read the directory.
    let image = folder.file("images/cells_03.tif")
    try FileManagerShimData.write(Array(try #require(FileManagerShimData.read(image)).prefix(12)), to: image)
    let status = try DatasetStatus.of(folder.path)
    #expect(status.unreadable.map(\.path) == ["images/cells_03.tif"] && !status.isClean)
  }

  @Test func theCorpusCorruptTIFFsAreFoundAsDatasetImages() async throws {
    for name in ["seek_too_large.tif", "oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif"] {
      guard let source = Paths.corpus("malformed/tiff/" + name), FileManager.default.fileExists(atPath: source)
      else { return }
      let folder = try TemporaryFolder.demoCopy()
      defer { folder.remove() }
      try FileManager.default.removeItem(atPath: folder.file("images/cells_01.tif"))
      try FileManager.default.copyItem(atPath: source, toPath: folder.file("images/cells_01.tif"))
      let report = await DatasetValidator.validate(folder.path)
      #expect(
        report.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == "images/cells_01.tif" }
          || report.unchecked.contains { $0.location.file == "images/cells_01.tif" }, "\(name)")
      #expect(!Self.passes(report), "\(name)")
    }
  }

  // Observation 2: `validate FILE` on an image decodes its pixels.
  @Test func aSingleImageFileHasItsPixelsDecoded() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("photo.tif")
    try TIFFWriter.write(
      [try Plane(width: 64, height: 64, uint16: (0..<4096).map { UInt16($0) })], to: path, compression: .deflate)
    #expect(Self.passes(await DatasetValidator.validate(path)))
    var bytes = try #require(FileManagerShimData.read(path))
    // Overwrite the middle of the compressed strip: the header still reads, the pixels do not.
    for index in (bytes.count / 3)..<(bytes.count / 3 + 64) { bytes[index] ^= 0xA5 }
    try FileManagerShimData.write(bytes, to: path)
    let report = await DatasetValidator.validate(path)
    #expect(report.diagnostics.contains { $0.rule == "FILE-005" } || report.summary.couldNotCheck > 0)
    #expect(!Self.passes(report))
  }

  @Test func theCorpusCrashTIFFIsAnErrorOnItsOwn() async throws {
    guard let path = Paths.corpus("malformed/tiff/crash-86214e58da443d2b80820cff9677a38a33dcbbca.tif"),
      FileManager.default.fileExists(atPath: path)
    else { return }
    let report = await DatasetValidator.validate(path)
    #expect(report.diagnostics.contains { $0.rule == "FILE-005" })
  }

  // Observation 5: an OME-TIFF cut after its first directory.
  @Test func anOMETIFFMissingPlanesIsAnErrorAndNotAFormatMismatch() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("stack.ome.tif")
    try Self.writeOMEStack(path)
    #expect(Self.passes(await DatasetValidator.validate(path)))
    try Self.cutAfterFirstDirectory(path)
    let report = await DatasetValidator.validate(path)
    let error = try #require(report.diagnostics.first { $0.rule == "FILE-005" }, "\(report.diagnostics)")
    #expect(error.message.contains("plane (z 1, c 0, t 0)") || error.message.contains("IFD"), "\(error.message)")
    #expect(!report.diagnostics.contains { $0.rule == "FILE-009" })
  }

  @Test func anOMETIFFMissingPlanesFailsInsideADataset() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    try Self.writeOMEStack(folder.file("images/stack.ome.tif"))
    try Self.cutAfterFirstDirectory(folder.file("images/stack.ome.tif"))
    let report = await DatasetValidator.validate(folder.path)
    #expect(
      report.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == "images/stack.ome.tif" },
      "\(report.diagnostics)")
    #expect(!report.diagnostics.contains { $0.rule == "FILE-009" })
  }

  @Test func aMissingMemberOfAMultiFileOMETIFFIsAnErrorNamingIt() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // Two planes: Z 0 in a.ome.tif itself, Z 1 in b.ome.tif, which is not there.
    let xml =
      #"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="8" SizeY="8" SizeZ="2" SizeC="1" SizeT="1"><TiffData IFD="0" FirstZ="0" PlaneCount="1"><UUID FileName="a.ome.tif">urn:uuid:a</UUID></TiffData><TiffData IFD="0" FirstZ="1" PlaneCount="1"><UUID FileName="b.ome.tif">urn:uuid:b</UUID></TiffData></Pixels></Image></OME>"#
    let plane = try Plane(width: 8, height: 8, uint8: [UInt8](repeating: 3, count: 64))
    try TIFFWriter.write([plane], to: folder.file("a.ome.tif"), compression: .none, description: xml)
    let report = await DatasetValidator.validate(folder.file("a.ome.tif"))
    let error = try #require(report.diagnostics.first { $0.rule == "FILE-005" }, "\(report.diagnostics)")
    #expect(error.message.contains("b.ome.tif") && error.message.contains("(z 1, c 0, t 0)"), "\(error.message)")
    // With the member there, the set reads.
    try TIFFWriter.write([plane], to: folder.file("b.ome.tif"), compression: .none, description: xml)
    #expect(Self.passes(await DatasetValidator.validate(folder.file("a.ome.tif"))))
  }

  @Test func aMemberMissingFromTheCorpusMultiFileSetIsNamed() async throws {
    guard let source = Paths.corpus("ome-tiff/multifile-master"), FileManager.default.fileExists(atPath: source) else {
      return
    }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for name in ["multifile-Z1.ome.tiff", "multifile-Z2.ome.tiff", "multifile-Z4.ome.tiff", "multifile-Z5.ome.tiff"] {
      try FileManager.default.copyItem(atPath: source + "/" + name, toPath: folder.file(name))
    }
    let report = await DatasetValidator.validate(folder.file("multifile-Z1.ome.tiff"))
    #expect(
      report.diagnostics.contains { $0.rule == "FILE-005" && $0.message.contains("multifile-Z3.ome.tiff") },
      "\(report.diagnostics)")
  }

  @Test func anOMETIFFWithAnExtraDirectoryIsAnError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("stack.ome.tif")
    // The metadata of a 2-plane stack on a file of 3 pages.
    let planes = try (0..<3).map { _ in try Plane(width: 8, height: 8, uint8: [UInt8](repeating: 1, count: 64)) }
    let xml =
      #"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="8" SizeY="8" SizeZ="2" SizeC="1" SizeT="1"><TiffData IFD="0" PlaneCount="2"/></Pixels></Image></OME>"#
    try TIFFWriter.write(planes, to: path, compression: .none, description: xml)
    let inspection = try FileInspector.inspect(path)
    #expect(inspection.damage.contains { $0.contains("IFD 2") }, "\(inspection.damage)")
  }

  // Observation 6: PNG and JPEG are decoded, and PNG masks are label images.
  @Test func pngMasksOfAJPEGImageGetTheMaskRules() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for sub in ["JPEGImages", "SegmentationClass"] {
      try FileManager.default.createDirectory(atPath: folder.file(sub), withIntermediateDirectories: true)
    }
    let jpeg = try JPEGWriter.encode([UInt8](repeating: 90, count: 32 * 24 * 3), width: 32, height: 24, channels: 3)
    try FileManagerShimData.write(jpeg, to: folder.file("JPEGImages/a.jpg"))
    // Classes 0, 1 and an undeclared 7, in a palette-free 8-bit PNG.
    let classes = (0..<(32 * 24)).map { UInt8($0 < 300 ? 0 : $0 < 700 ? 1 : 7) }
    try FileManagerShimData.write(
      try PNGWriter.encode(classes, width: 32, height: 24, channels: 1), to: folder.file("SegmentationClass/a.png"))
    try folder.write(
      """
      annota: "0.1"
      study:
        title: A JPEG image with a PNG class mask
        description: The mask holds a value the label table does not declare.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: a
          path: JPEGImages/a.jpg
      label_tables:
        - id: classes
          labels:
            - value: 0
              name: background
            - value: 1
              name: cell
      annotation_sets:
        - id: classes
          name: Classes
          overview: Semantic classes.
          types: [segmentation_mask]
          encoding: label_image
          kind: semantic
          label_table: classes
          files:
            - path: SegmentationClass/a.png
              image: a

      """, to: "annota.yaml")
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.map(\.rule.rawValue) == ["MASK-003"], "\(report.diagnostics) \(report.unchecked)")
    #expect(report.diagnostics.first?.message.contains("value 7") == true)
    #expect(report.summary.couldNotCheck == 0)
    // The same mask cut short: an error naming it, the image's size check still made.
    let mask = try #require(FileManagerShimData.read(folder.file("SegmentationClass/a.png")))
    try FileManagerShimData.write(Array(mask.prefix(mask.count - 20)), to: folder.file("SegmentationClass/a.png"))
    let cut = await DatasetValidator.validate(folder.path)
    #expect(cut.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == "SegmentationClass/a.png" })
  }

  @Test func aDamagedUnlistedFileInADatasetIsAnError() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    // Unlisted, so not described; but in the folder `pack` bundles, so it is read all the same.
    let cutShapes = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":"#
    try folder.write(cutShapes, to: "shapes/extra.geojson")
    try folder.write(#"{"shapes": [{"label": "cell", "points": [[1, 2]"#, to: "extra_labelme.json")
    let report = await DatasetValidator.validate(folder.path)
    for path in ["shapes/extra.geojson", "extra_labelme.json"] {
      #expect(
        report.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == path && $0.severity == .error },
        "\(path): \(report.diagnostics)")
    }
    // An intact unlisted file is only FILE-002, as before.
    try folder.write(#"{"type":"FeatureCollection","features":[]}"#, to: "shapes/extra.geojson")
    try FileManager.default.removeItem(atPath: folder.file("extra_labelme.json"))
    let intact = await DatasetValidator.validate(folder.path)
    #expect(!intact.fails(at: .error), "\(intact.diagnostics)")
    #expect(intact.diagnostics.contains { $0.rule == "FILE-002" && $0.location.file == "shapes/extra.geojson" })
  }

  @Test func anOMEXMLFileHasItsShapesChecked() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let xml =
      #"<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">"#
      + #"<Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="64" SizeY="48""#
      + #" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels><ROIRef ID="ROI:0"/></Image>"#
      + #"<ROI ID="ROI:0"><Union><Point ID="Shape:0" X="20" Y="20"/>POINT</Union></ROI></OME>"#
    try folder.write(xml.replacingOccurrences(of: "POINT", with: ""), to: "a.ome.xml")
    let inside = await DatasetValidator.validate(folder.file("a.ome.xml"))
    #expect(!inside.fails(at: .error), "\(inside.diagnostics)")
    try folder.write(
      xml.replacingOccurrences(of: "POINT", with: #"<Point ID="Shape:1" X="20" Y="200"/>"#), to: "a.ome.xml")
    let outside = await DatasetValidator.validate(folder.file("a.ome.xml"))
    #expect(outside.diagnostics.map(\.rule) == ["SHAPE-001"], "\(outside.diagnostics)")
    try folder.write(String(xml.prefix(200)), to: "a.ome.xml")
    let cut = await DatasetValidator.validate(folder.file("a.ome.xml"))
    #expect(cut.diagnostics.map(\.rule) == ["FILE-005"], "\(cut.diagnostics)")
  }

  @Test func aBMPImageIsCouldNotCheckNotPassed() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // A 2 × 1 24-bit BMP: its pixels are not decoded, so the report says so.
    var bmp: [UInt8] =
      Array("BM".utf8) + [62, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24]
    bmp += [UInt8](repeating: 0, count: 62 - bmp.count)
    try FileManagerShimData.write(bmp, to: folder.file("x.bmp"))
    let exact = await DatasetValidator.validate(folder.file("x.bmp"))
    #expect(exact.summary.couldNotCheck == 1 && exact.fails(at: .error), "\(exact.diagnostics) \(exact.unchecked)")
    // Unchecked content fails at every threshold, the narrowest one included.
    #expect(FailureThreshold.allCases.allSatisfy { exact.fails(on: $0) })
  }

  @Test func couldNotCheckThresholdFailsOnlyForUncheckedContent() {
    let place = SourceLocation(file: "a.tif")
    let error = Diagnostic(rule: "FILE-005", severity: .error, message: "broken", location: place)
    let warning = Diagnostic(rule: "MASK-007", severity: .warning, message: "split", location: place)
    let errors = ValidationReport(dataset: "d", diagnostics: [error], unchecked: [], files: 1, bytes: 1)
    let warnings = ValidationReport(dataset: "d", diagnostics: [warning], unchecked: [], files: 1, bytes: 1)
    let unchecked = ValidationReport(
      dataset: "d", diagnostics: [], unchecked: [.init(rule: "FILE-005", location: place, reason: "BMP")],
      files: 1, bytes: 1)
    #expect(errors.fails(on: .error) && errors.fails(on: .warning) && !errors.fails(on: .couldNotCheck))
    #expect(!warnings.fails(on: .error) && warnings.fails(on: .warning) && !warnings.fails(on: .couldNotCheck))
    #expect(unchecked.fails(on: .error) && unchecked.fails(on: .warning) && unchecked.fails(on: .couldNotCheck))
    // JUnit at the narrowest threshold: the error is reported, not a failure; the unchecked file is skipped.
    let junit = ReportRenderer.render(errors, as: .junit, failOn: FailureThreshold.couldNotCheck.failingSeverity)
    #expect(!junit.contains("<failure") && junit.contains("FILE-005"))
  }

  // Observation 7: caps say how many more.
  @Test func splitInstancesBeyondTheListedOnesAreCounted() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // 25 ids, each in two parts (columns 0 and 2 of its own row), on a 4 × 25 mask.
    var samples = [UInt16](repeating: 0, count: 4 * 25)
    for id in 0..<25 {
      samples[id * 4] = UInt16(id + 1)
      samples[id * 4 + 2] = UInt16(id + 1)
    }
    let path = folder.file("cells_mask.tif")
    try TIFFWriter.write([try Plane(width: 4, height: 25, uint16: samples)], to: path)
    let report = await DatasetValidator.validate(path)
    #expect(report.diagnostics.filter { $0.rule == "MASK-007" }.count == 20)
    #expect(report.omitted.map(\.count) == [5])
    #expect(report.summary.warnings == 25)
    let text = ReportRenderer.render(report, as: .text)
    #expect(text.contains("… and 5 more warning(s) [MASK-007]"))
    for format in [ReportRenderer.Format.json, .sarif, .junit, .md] {
      let rendered = ReportRenderer.render(report, as: format)
      #expect(rendered.contains("5"), "\(format) names the omitted count")
      #expect(rendered.lowercased().contains("omitted") || rendered.contains("5 more"), "\(format)")
    }
  }

  @Test func theCorpusLabelImageSaysItsTwentyFirstSplit() async throws {
    guard let path = Paths.corpus("label-tiff/LabelImage.tif"), FileManager.default.fileExists(atPath: path) else {
      return
    }
    let report = await DatasetValidator.validate(path)
    #expect(report.summary.warnings == 21)
    #expect(report.omitted.map(\.count) == [1])
  }

  // Observation 8: one policy for links and special files.
  @Test func linksLeavingTheDatasetAndFIFOsAreErrors() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let outside = try TemporaryFolder()
    defer { outside.remove() }
    try outside.write("secret", to: "secret.tif")
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("images/away.tif"), withDestinationPath: outside.file("secret.tif"))
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("images/gone.tif"), withDestinationPath: folder.file("nothing"))
    #expect(mkfifo(folder.file("masks/pipe.tif"), 0o600) == 0)
    // A link to a file inside the dataset is that file.
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("shapes/again.geojson"), withDestinationPath: folder.file("shapes/cells_01.geojson"))
    let report = await DatasetValidator.validate(folder.path)
    let refused = report.diagnostics.filter { $0.rule == "FILE-010" }.map(\.location.file).sorted()
    #expect(refused == ["images/away.tif", "images/gone.tif", "masks/pipe.tif"])
    #expect(FolderScanner.files(in: folder.path).contains("shapes/again.geojson"))
    #expect(!Self.passes(report))
    // `status` applies the same policy and is not clean.
    let status = try DatasetStatus.of(folder.path)
    #expect(status.refused.map(\.path) == refused && !status.isClean)
  }

  @Test func aBrokenYAMLOrJSONFileIsNotTakenForAManifest() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for (name, text) in [
      ("broken.yaml", "annota: [\n"), ("broken.json", "{\"annota\": "), ("empty.json", ""),
      ("list.yaml", "- annota: \"0.1\"\n"),
    ] {
      let report = await DatasetValidator.validate(try folder.write(text, to: name))
      #expect(report.summary.files == 1, "\(name) is checked as one file, not as a dataset")
      #expect(!Self.passes(report), "\(name): \(report.diagnostics)")
    }
  }

  // Observation 9: a manifest file stands for its dataset.
  @Test func validatingAManifestFileValidatesItsDataset() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let byFolder = await DatasetValidator.validate(folder.path)
    let byManifest = await DatasetValidator.validate(folder.file("annota.yaml"))
    #expect(byManifest.summary == byFolder.summary)
    #expect(byManifest.summary.files == 29)
    try FileManager.default.moveItem(atPath: folder.file("annota.yaml"), toPath: folder.file("dataset.yaml"))
    let renamed = await DatasetValidator.validate(folder.file("dataset.yaml"))
    #expect(renamed.diagnostics.allSatisfy { $0.rule != "FILE-005" && $0.rule != "FILE-008" }, "\(renamed.diagnostics)")
    #expect(renamed.summary.files == 29)
  }

  // Observation 10: manifest mistakes do not stop the file and pixel checks.
  @Test func aManifestMistakeDoesNotHideABrokenImage() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let manifest = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    try folder.write(manifest.replacingOccurrences(of: "  licence:", with: "  licnese:"), to: "annota.yaml")
    let image = folder.file("images/cells_02.tif")
    try FileManagerShimData.write(Array(try #require(FileManagerShimData.read(image)).prefix(3000)), to: image)
    let report = await DatasetValidator.validate(folder.path)
    let rules = Set(report.diagnostics.map(\.rule.rawValue))
    #expect(rules.isSuperset(of: ["MANIFEST-002", "MANIFEST-003", "FILE-005"]), "\(rules)")
    #expect(report.summary.files > 1 && report.summary.bytes > 0)
  }

  @Test func anUnparseableManifestStillHasEveryFileChecked() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    try folder.write("annota: \"0.1\"\nstudy: [unclosed\n", to: "annota.yaml")
    let image = folder.file("images/cells_02.tif")
    try FileManagerShimData.write(Array(try #require(FileManagerShimData.read(image)).prefix(3000)), to: image)
    let report = await DatasetValidator.validate(folder.path)
    #expect(report.diagnostics.contains { $0.rule == "MANIFEST-001" })
    #expect(report.diagnostics.contains { $0.rule == "FILE-005" && $0.location.file == "images/cells_02.tif" })
  }

  // Observation 11: a path that is not there fails, in the library too.
  @Test func aMissingRootFails() async throws {
    let report = await DatasetValidator.validate("/nonexistent/annota-\(UUID().uuidString)")
    #expect(report.fails(at: .error))
    #expect(report.diagnostics.map(\.rule) == ["FILE-001"])
  }

  // A box is an axis-aligned rectangle.
  @Test func aBowTieBoxIsInvalidGeometry() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let bowTie =
      #"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]},"properties":{"shape":"box","label":"cell"}}]}"#
    let box =
      #"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]},"properties":{"shape":"box","label":"cell"}}]}"#
    let bad = await DatasetValidator.validate(try folder.write(bowTie, to: "bad.geojson"))
    #expect(bad.diagnostics.contains { $0.rule == "SHAPE-002" && $0.message.contains("axis-aligned") })
    let good = await DatasetValidator.validate(try folder.write(box, to: "good.geojson"))
    #expect(!good.diagnostics.contains { $0.rule == "SHAPE-002" })
  }

  // A TODO left by `init` is a warning naming the field.
  @Test func aTODOLeftInTheManifestIsAWarning() async throws {
    let folder = try TemporaryFolder.demoCopy()
    defer { folder.remove() }
    let manifest = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    try folder.write(
      manifest.replacingOccurrences(
        of: "    parameters: Gaussian noise scaled to the square root of the signal.",
        with: "    parameters: \"TODO: exposure, gain, binning\""), to: "annota.yaml")
    let report = await DatasetValidator.validate(folder.path)
    let todo = try #require(report.diagnostics.first { $0.rule == "MANIFEST-023" })
    #expect(todo.severity == .warning && todo.message.contains("parameters") && todo.location.line != nil)
  }
}
