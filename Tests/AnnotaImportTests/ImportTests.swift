// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

@Suite("Import")
struct ImportTests {

  @Test func labelTIFFBecomesAnInstanceSetWithProvenance() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let source = Paths.project("Fixtures/demo/masks/cells_03_mask.tif")
    let before = try FileDigest.sha256(source)
    let result = try DatasetImporter.importFile(source, into: dataset.path, options: ImportOptions(setID: "copy"))
    #expect(try FileDigest.sha256(source) == before, "the source is never modified")
    #expect(result.files == ["annotations/copy/cells_03_labels.tif"])
    let manifest = try ManifestReader.load(contentsOf: dataset.file("annota.yaml"))
    let set = try #require(manifest.annotationSets.first { $0.id == "copy" })
    #expect(set.kind == .instance && set.encoding == .labelImage && set.types == [.segmentationMask])
    #expect(set.files.first?.image == "cells_03")
    let conversion = try #require(set.provenance?.conversion)
    #expect(conversion.sourceSHA256 == before && conversion.sourceFormat == "tiff" && conversion.converter == "annota")
    let written = dataset.file("annotations/copy/cells_03_labels.tif")
    #expect(set.files.first?.checksum == "sha256:" + (try FileDigest.sha256(written)))
    // The written label image holds the same labels (narrowed to uint8: values ≤ 255).
    let original = try LabelImageStatistics.compute(path: source)
    let copy = try LabelImageStatistics.compute(path: written)
    #expect(original.labels == copy.labels)
    #expect(try TIFFReader(path: written).directory(0).sampleType == .uint8)
  }

  @Test func nothingIsReplacedSilently() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let source = Paths.project("Fixtures/demo/masks/cells_03_mask.tif")
    let manifestBefore = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    let clash = try #require(throws: ImportError.self) {
      try DatasetImporter.importFile(source, into: dataset.path, options: ImportOptions(setID: "nuclei"))
    }
    #expect(clash.code == .conflict)
    #expect(try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8) == manifestBefore)
    #expect(!FileManager.default.fileExists(atPath: dataset.file("annotations")))
    _ = try DatasetImporter.importFile(
      source, into: dataset.path, options: ImportOptions(setID: "nuclei", replace: true))
    let manifest = try ManifestReader.load(contentsOf: dataset.file("annota.yaml"))
    #expect(manifest.annotationSets.filter { $0.id == "nuclei" }.count == 1)
  }

  @Test func aCommentedManifestIsExtendedInPlaceAndNeverRewrittenWithoutConsent() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let path = dataset.file("annota.yaml")
    let text = "# curated by hand\n" + (try String(contentsOfFile: path, encoding: .utf8))
    try dataset.write(text, to: "annota.yaml")
    let source = Paths.project("Fixtures/demo/masks/cells_02_mask.tif")
    // Adding a set keeps the file as it was, comment included, and appends the set.
    _ = try DatasetImporter.importFile(source, into: dataset.path, options: ImportOptions(setID: "x"))
    let extended = try String(contentsOfFile: path, encoding: .utf8)
    var rest = extended.split(separator: "\n", omittingEmptySubsequences: false)[...]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let found = try #require(rest.firstIndex(of: line), "kept: \(line)")
      rest = rest[(found + 1)...]
    }
    #expect(try ManifestReader.load(contentsOf: path).annotationSets.contains { $0.id == "x" })
    // Replacing a set is not adding: refused without --reformat, the file untouched.
    let error = try #require(throws: ImportError.self) {
      try DatasetImporter.importFile(source, into: dataset.path, options: ImportOptions(setID: "x", replace: true))
    }
    #expect(error.code == .conflict && error.message.contains("--reformat"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == extended)
    _ = try DatasetImporter.importFile(
      source, into: dataset.path, options: ImportOptions(setID: "x", replace: true, reformat: true))
    #expect(try ManifestReader.load(contentsOf: path).annotationSets.filter { $0.id == "x" }.count == 1)
  }

  @Test func imagesAreMatchedByNameOrRefused() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let elsewhere = try TemporaryFolder()
    defer { elsewhere.remove() }
    let stray = elsewhere.file("unknown_labels.tif")
    try TIFFWriter.write([try Plane(width: 4, height: 4, uint8: [UInt8](repeating: 1, count: 16))], to: stray)
    let error = try #require(throws: ImportError.self) { try DatasetImporter.importFile(stray, into: dataset.path) }
    #expect(error.code == .ambiguous && error.message.contains("--image"))
    // Named, but 4 × 4 against a 256 × 256 image: refused with both sizes unless allowed.
    let mismatch = try #require(throws: ImportError.self) {
      try DatasetImporter.importFile(stray, into: dataset.path, options: ImportOptions(imageID: "cells_05"))
    }
    #expect(mismatch.message.contains("4×4 (X×Y)") && mismatch.message.contains("256×256 (X×Y)"), "\(mismatch)")
    var allowed = ImportOptions(imageID: "cells_05", kind: .semantic)
    allowed.allowSizeMismatch = true
    let result = try DatasetImporter.importFile(stray, into: dataset.path, options: allowed)
    #expect(result.notes.contains { $0.contains("--allow-size-mismatch") })
    #expect(result.sets.first?.files.first?.image == "cells_05")
    #expect(result.sets.first?.labelTable == "unknown_labels-labels")
  }

  @Test func floatImagesAreNotLabelImagesAndADatasetNeedsAManifest() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let elsewhere = try TemporaryFolder()
    defer { elsewhere.remove() }
    let float = elsewhere.file("cells_01_probabilities.tif")
    try TIFFWriter.write(
      [try Plane(width: 2, height: 2, sampleType: .float32, bytes: [UInt8](repeating: 0, count: 16))], to: float)
    let error = try #require(throws: ImportError.self) { try DatasetImporter.importFile(float, into: dataset.path) }
    #expect(error.code == .unsupported && error.message.contains("integer"))
    let empty = try TemporaryFolder()
    defer { empty.remove() }
    let missing = try #require(throws: ImportError.self) {
      try DatasetImporter.importFile(Paths.project("Fixtures/demo/masks/cells_01_mask.tif"), into: empty.path)
    }
    #expect(missing.code == .invalidManifest)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func omeROIsBecomeGeoJSONAndMasks() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let source = try #require(Paths.corpus("ome-xml/ROI.ome.xml"))
    let result = try DatasetImporter.importFile(
      source, into: dataset.path, options: ImportOptions(setID: "roi", imageID: "cells_01"))
    #expect(result.sets.map(\.id) == ["roi", "roi-masks"])
    #expect(result.sets[0].encoding == .geojson && result.sets[1].encoding == .labelImage)
    let geojson = try String(contentsOfFile: dataset.file("annotations/roi/cells_01.geojson"), encoding: .utf8)
    #expect(geojson.components(separatedBy: "\"type\": \"Feature\"").count - 1 == 6)
    let document = try OMEXMLParser.parse(try #require(Paths.corpusBytes("ome-xml/ROI.ome.xml")))
    let maskBits = document.rois.flatMap(\.shapes).compactMap { shape -> Int? in
      if case .mask(_, _, _, _, let bits) = shape.geometry { return bits.reduce(0) { $0 + Int($1) } }
      return nil
    }.reduce(0, +)
    let stats = try LabelImageStatistics.compute(path: dataset.file("annotations/roi-masks/cells_01_masks.tif"))
    #expect(stats.width == 6 && stats.height == 4)
    #expect(stats.labels.reduce(0) { $0 + $1.pixels } <= maskBits)
    #expect(stats.labels.count == 1)
  }
}
