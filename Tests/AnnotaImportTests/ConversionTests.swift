// SPDX-License-Identifier: Apache-2.0

import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Conversions of real tool files: to an Annota dataset, COCO and label masks, and back.
@Suite("Conversions", .enabled(if: Paths.corpus != nil))
struct ConversionTests {
  func corpus(_ relative: String) throws -> String { try #require(Paths.corpus(relative)) }

  /// Everything an Annota dataset carries: every shape, every property, masks pixel for pixel.
  static let everything = AnnotationComparison.Options(
    kinds: ["box", "polygon", "polyline", "line", "point", "ellipse", "label", "mask"], allProperties: true,
    masksInPaintOrder: true)
  /// What COCO carries.
  static let coco = AnnotationComparison.Options(kinds: ["box", "polygon", "mask"], boxesBecomePolygons: true)

  /// Source → Annota → COCO → Annota: every shape COCO can hold survives both hops unchanged.
  @Test(arguments: [
    "cvat/cgras_coral_annotations.xml", "cvat/catdog_app_cvat_annotations.xml",
    "cvat/datumaro_for_images_export_task_train.xml", "cvat/datumaro_for_video_annotations.xml",
    "pascal-voc/thfrag_000001.xml", "pascal-voc/pill_000001.xml", "pascal-voc/datumaro_voc1_2007_000001.xml",
    "labelme/primitives.json",
  ])
  func annotaCOCOAnnotaRoundTrip(file: String) throws {
    let path = try corpus(file)
    let source = try AnnotationFormats.read(path)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    _ = try DatasetExporter.createDataset(from: path, at: folder.file("first"))
    let first = try DatasetAnnotations.read(folder.file("first"))
    let firstProblems = AnnotationComparison.differences(source, first, options: Self.everything)
    #expect(firstProblems.isEmpty, "\(firstProblems.prefix(5))")

    let cocoPath = folder.file("copy.json")
    try Data(COCOWriter.text(first).text.utf8).write(to: URL(fileURLWithPath: cocoPath))
    let viaCOCO = try AnnotationFormats.read(cocoPath, format: .coco)
    #expect(AnnotationComparison.differences(first, viaCOCO, options: Self.coco).isEmpty)

    _ = try DatasetExporter.createDataset(from: cocoPath, at: folder.file("second"))
    let second = try DatasetAnnotations.read(folder.file("second"))
    let secondProblems = AnnotationComparison.differences(viaCOCO, second, options: Self.everything)
    #expect(secondProblems.isEmpty, "\(secondProblems.prefix(5))")
    // And the shapes are still the source's.
    #expect(AnnotationComparison.differences(source, second, options: Self.coco).isEmpty)
    let carried = source.images.flatMap(\.features).filter { ["box", "polygon", "mask"].contains($0.shape) }.count
    #expect(second.images.flatMap(\.features).count == carried)
  }

  @Test func theDatasetIsADraftThatRecordsWhereItCameFrom() throws {
    let path = try corpus("cvat/cgras_coral_annotations.xml")
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = try DatasetExporter.createDataset(from: path, at: folder.file("coral"))
    let manifestPath = folder.file("coral/annota.yaml")
    let strict = ManifestReader.read(contentsOf: manifestPath)
    #expect(strict.manifest == nil, "TODO fields keep it from conforming until a person fills them in")
    #expect(strict.diagnostics.contains { $0.location.pointer == "/study/licence" })
    let draft = try #require(ManifestReader.readDraft(contentsOf: manifestPath).manifest)
    #expect(draft.images.count == 5)
    let masks = try #require(draft.annotationSets.first { $0.encoding == .labelImage })
    #expect(masks.kind == .instance && masks.files.count == 5)
    #expect(masks.provenance?.conversion?.sourceFormat == "cvat-1.1")
    #expect(masks.provenance?.origin != .unknown, "CVAT's source attribute says how the masks were made")
    for file in masks.files {
      let checksum = try #require(file.checksum)
      #expect(checksum == "sha256:" + (try FileDigest.sha256(folder.file("coral/" + file.path))))
      #expect(
        FileManager.default.fileExists(atPath: folder.file("coral/" + InstanceTable.path(forLabelImage: file.path))))
    }
    #expect(draft.labelTables.first?.labels.map(\.name).isEmpty == false)
    #expect(result.files.last == "annota.yaml")
    // Nothing that looks like a dataset is left behind but the dataset.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["coral"])
  }

  @Test func aDatasetIsNeverWrittenIntoAFolderThatHoldsSomething() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    _ = try folder.write("keep me", to: "out/notes.txt")
    #expect(throws: ImportError.self) {
      try DatasetExporter.createDataset(from: try corpus("labelme/primitives.json"), at: folder.file("out"))
    }
    #expect(try String(contentsOfFile: folder.file("out/notes.txt"), encoding: .utf8) == "keep me")
  }

  @Test func labelMeMasksDecodeToTheirPixels() throws {
    let annotations = try AnnotationFormats.read(try corpus("labelme/primitives.json"))
    let mask = try #require(annotations.images[0].features.first { $0.shape == "mask" }?.mask)
    // 7275 foreground pixels in a 100 × 100 PNG, counted by an independent decoder (Python zlib).
    #expect((mask.left, mask.top, mask.width, mask.height) == (417, 305, 100, 100))
    #expect(mask.pixelCount == 7275)
  }

  @Test func cocoResultsTakeTheImageSizeFromTheRLE() throws {
    let annotations = try AnnotationFormats.read(try corpus("coco/cocoapi_instances_val2014_fakesegm100_results.json"))
    let image = try #require(annotations.images.first)
    #expect(image.width != nil && image.height != nil)
    let masks = annotations.images.flatMap(\.features).compactMap(\.mask)
    #expect(masks.count == 734)
    #expect(masks.allSatisfy { $0.pixelCount > 0 })
  }

  @Test func cvatVideoFramesGetTheVideoSize() throws {
    let annotations = try AnnotationFormats.read(try corpus("cvat/field_segmentation_video_annotations.xml"))
    #expect(annotations.images.allSatisfy { $0.width == 1280 && $0.height == 960 })
  }

  @Test func trackMateKeepsFilteredTracksAndHiddenSpotsMarked() throws {
    let annotations = try AnnotationFormats.read(try corpus("trackmate/pytrackmate_FakeTracks.xml"))
    let features = annotations.images.flatMap(\.features)
    #expect(features.count == 68)
    #expect(features.filter { $0.properties.contains { $0.0 == "visible" && $0.1 == .bool(false) } }.count == 56)
    #expect(annotations.images[0].name == "FakeTracks.tif")
    #expect(annotations.images[0].width == 43 && annotations.images[0].height == 33)
    // Every edge of the file is a `next` link.
    #expect(features.flatMap { $0.properties.filter { $0.0 == "next" } }.count == 10)
  }

  @Test(arguments: [
    "trackmate/pytrackmate_FakeTracks.xml", "trackmate/biotracks_FakeTracks_example2.xml",
    "cellcounter/CellCounter_51715_glom6.xml",
  ])
  func pointsAndTracksSurviveTheAnnotaDataset(file: String) throws {
    let path = try corpus(file)
    let source = try AnnotationFormats.read(path)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    _ = try DatasetExporter.createDataset(from: path, at: folder.file("tracks"))
    let copy = try DatasetAnnotations.read(folder.file("tracks"))
    let problems = AnnotationComparison.differences(source, copy, options: Self.everything)
    #expect(problems.isEmpty, "\(problems.prefix(5))")
  }

  @Test func trackMateTracksOutsideTheFilterAreMarked() throws {
    let original = String(
      decoding: try #require(Paths.corpusBytes("trackmate/pytrackmate_FakeTracks.xml")), as: UTF8.self)
    // Keep only track 0 in TrackMate's filtered list.
    let edited = original.replacingOccurrences(of: "<TrackID TRACK_ID=\"1\" />", with: "")
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(edited, to: "tracks.xml")
    let annotations = try AnnotationFormats.read(path)
    let marked = annotations.images.flatMap(\.features).filter { $0.properties.contains { $0.0 == "filtered_out" } }
    #expect(!marked.isEmpty)
    #expect(marked.allSatisfy { $0.properties.contains { $0.0 == "track" && $0.1 == .string("1") } })
    #expect(annotations.notes.contains { $0.contains("1 of 2 track(s)") })
  }

  @Test func labelMasksHoldEveryAreaShapeAndCountOverlaps() throws {
    let source = try AnnotationFormats.read(try corpus("pascal-voc/pill_000001.xml"))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = try LabelMaskExport.write(source, to: folder.path)
    #expect(result.files.count == 2)
    #expect(result.notes.contains { $0.contains("792 pixel(s)") }, "two pills overlap by 792 pixels")
    let copy = try LabelMaskExport.read(folder.path, for: source)
    let problems = AnnotationComparison.differences(
      LabelMaskExport.rasterised(source), copy, options: .init(kinds: ["mask"], masksInPaintOrder: true))
    // Against the source as drawn, exactly the overlapped shape differs, by exactly the hidden pixels;
    // against what a label image can hold (occluded pixels removed), nothing does.
    #expect(problems.count == 1 && problems[0].contains("792 pixel(s)"), "\(problems)")
    let expected = LabelMaskExport.expected(source)
    #expect(
      AnnotationComparison.differences(
        expected.annotations, copy, options: .init(kinds: ["mask"], masksInPaintOrder: true)
      ).isEmpty)
    #expect(
      expected.notes == [
        "000001.jpg: 1 shape(s) partly hidden under shapes drawn on top (792 pixel(s)): compared by their visible pixels"
      ])
    let plane = try TIFFReader(path: folder.file(result.files[0])).readPlane(0)
    #expect(plane.sampleType == .uint16 && plane.width == source.images[0].width)
  }

  @Test func comparisonSeesASingleChangedMaskPixel() throws {
    let source = try AnnotationFormats.read(try corpus("cvat/cgras_coral_annotations.xml"))
    var changed = source
    let index = try #require(changed.images[0].features.firstIndex { $0.mask != nil })
    let mask = try #require(changed.images[0].features[index].mask)
    var bits = mask.bits
    bits[bits.count / 2] ^= 1
    changed.images[0].features[index].mask = MaskRegion(
      left: mask.left, top: mask.top, width: mask.width, height: mask.height, bits: bits)
    let problems = AnnotationComparison.differences(source, changed, options: Self.everything)
    #expect(problems.count == 1 && problems[0].contains("1 pixel(s)"), "\(problems)")
  }

  @Test func convertVerifiesEveryTarget() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let input = try corpus("labelme/primitives.json")
    for (target, output) in [("coco", "c.json"), ("geojson", "g.geojson"), ("masks", "m"), ("annota", "a")] {
      let run = try runProcess(
        Paths.products + "/annota", ["convert", input, "--to", target, folder.file(output), "--verify"])
      #expect(run.status == 0, "\(target): \(run.stderr)")
      #expect(run.stdout.contains("verified: all"), "\(target): \(run.stdout)")
    }
  }
}

extension ConversionTests {
  @Test(arguments: [
    "cvat/cgras_coral_annotations.xml", "cvat/datumaro_for_video_annotations.xml",
    "cvat/datumaro_for_images_export_project_annotations.xml", "pascal-voc/pill_000001.xml",
  ])
  func streamingHandsOverWhatReadingReturns(file: String) throws {
    let path = try corpus(file)
    let whole = try AnnotationFormats.read(path)
    var images: [ForeignAnnotations.AnnotatedImage] = []
    let header = try AnnotationFormats.stream(path) { images.append($0) }
    #expect(header.images.isEmpty && header.labels.map(\.name) == whole.labels.map(\.name))
    #expect(images.map(\.name) == whole.images.map(\.name))
    #expect(images.map(\.features) == whole.images.map(\.features))
  }

  @Test func streamedCOCOAndGeoJSONMatchTheWholeFileWriters() throws {
    let path = try corpus("cvat/cgras_coral_annotations.xml")
    let source = try AnnotationFormats.read(path)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let summary = try StreamingConversion.coco(from: path, to: folder.file("c.json"))
    #expect(summary.shapes == 273 && summary.images == source.images.count)
    let copy = try AnnotationFormats.read(folder.file("c.json"), format: .coco)
    #expect(AnnotationComparison.differences(source, copy, options: Self.coco).isEmpty)
    _ = try StreamingConversion.geoJSON(from: path, to: folder.file("g.geojson"))
    let features = try GeoJSONExport.read(folder.file("g.geojson"), images: source.images)
    #expect(features.images.flatMap(\.features).count == 273)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["c.json", "g.geojson"])
  }

  @Test func aBrokenSourceLeavesNoOutputBehind() throws {
    let text = String(decoding: try #require(Paths.corpusBytes("cvat/catdog_app_cvat_annotations.xml")), as: UTF8.self)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let cut = try folder.write(String(text.prefix(text.count * 2 / 3)), to: "cut.xml")
    #expect(throws: ForeignFormatError.self) { try StreamingConversion.coco(from: cut, to: folder.file("c.json")) }
    #expect(throws: ForeignFormatError.self) {
      try StreamingConversion.geoJSON(from: cut, to: folder.file("g.geojson"))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["cut.xml"], "no partial files")
  }
}
