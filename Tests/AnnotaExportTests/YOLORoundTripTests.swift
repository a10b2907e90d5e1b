// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Dataset → YOLO → import: the same images, splits, classes, boxes and mask pixels come back.
@Suite struct YOLORoundTripTests {
  @Test func boxesComeBackWithinTheSixDecimalsOfTheLabelFiles() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .yolo)
    options.sets = ["mitosis-boxes"]
    options.yoloTask = .detect
    _ = try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("y"), options: options)
    let read = try AnnotationFormats.read(output.file("y/data.yaml"))
    #expect(read.format == .yolo)
    #expect(read.labels.map(\.name) == ["nucleus", "mitotic cell"])
    #expect(read.images.count == 7)
    let splits = Dictionary(read.images.map { ($0.name, $0.split ?? "") }, uniquingKeysWith: { a, _ in a })
    #expect(splits["images/train/cells_01.tif"] == "train" && splits["images/val/cells_05.tif"] == "val")
    #expect(splits["images/test/cells_07.png"] == "test")
    for image in read.images {
      let id = String(image.name.split(separator: "/").last!.split(separator: ".").first!)
      let original = try GeoJSONReader.read(
        Array(try Data(contentsOf: URL(fileURLWithPath: Paths.project("Fixtures/demo/shapes/\(id).geojson")))),
        path: id
      ).features
      #expect(image.features.count == original.count, "\(id)")
      for (back, source) in zip(image.features, original) {
        let (a, b) = (try #require(back.outerRing), try #require(source.outerRing))
        #expect(back.shape == "box" && back.label == source.label)
        // Six decimals of a 256-pixel side: within 0.0002 px.
        #expect(zip(a, b).allSatisfy { abs($0[0] - $1[0]) < 2e-4 && abs($0[1] - $1[1]) < 2e-4 }, "\(id)")
      }
    }
  }

  @Test func maskPolygonsComeBackAsTheSamePixels() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .yolo)
    options.sets = ["nuclei"]
    _ = try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("y"), options: options)
    let read = try AnnotationFormats.read(output.file("y/data.yaml"))
    let image = try #require(read.images.first { $0.name == "images/train/cells_02.tif" })
    let volume = try LabelVolume.read(path: Paths.project("Fixtures/demo/masks/cells_02_mask.tif"))
    let labels = volume.labels
    #expect(image.features.count == Set(labels).subtracting([0]).count)
    var drawn = [Int](repeating: 0, count: labels.count)
    for feature in image.features {
      #expect(feature.shape == "polygon" && feature.label == "nucleus")
      // Coordinates were rounded to six decimals of the side: snap back to pixel corners.
      let ring = try #require(feature.outerRing).map { [$0[0].rounded(), $0[1].rounded()] }
      let mask = try #require(ShapeRaster.polygon(ring))
      for (index, bit) in mask.bits.enumerated() where bit == 1 {
        drawn[(index / mask.width + mask.top) * volume.width + index % mask.width + mask.left] += 1
      }
    }
    #expect(labels.indices.allSatisfy { (labels[$0] == 0 ? 0 : 1) == drawn[$0] })
  }

  @Test func convertingToAnAnnotaDatasetKeepsTheSplits() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .yolo)
    options.sets = ["mitosis-boxes"]
    _ = try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("y"), options: options)
    _ = try DatasetExporter.createDataset(from: output.file("y/data.yaml"), at: output.file("back"))
    let manifest = try #require(ManifestReader.readDraft(contentsOf: output.file("back/annota.yaml")).manifest)
    #expect(manifest.splits.map(\.name) == ["train", "validation", "test"])
    #expect(manifest.images.first { $0.id == "cells_05" }?.split == "validation")
    #expect(manifest.labelTables.first?.labels.map(\.name) == ["nucleus", "mitotic cell"])
    // Streamed image by image, the set still describes the whole file.
    let read = try AnnotationFormats.read(output.file("y/data.yaml"))
    #expect(manifest.images.count == read.images.count, "images without labels stay in their split")
    let set = try #require(manifest.annotationSets.first { $0.encoding == .geojson })
    #expect(set.files.count == read.images.filter { !$0.features.isEmpty }.count)
    #expect(set.overview.hasSuffix(": \(read.images.flatMap(\.features).count) box."), "\(set.overview)")
    #expect(set.spatialInformation?.hasSuffix("(from yolo-normalised-centre).") == true)
  }

  /// A dataset of several batches (labels read 64 images at a time, COCO items written as text a
  /// batch at a time on every core) converts to COCO in file order, every box once, as valid JSON.
  @Test func manyImagesConvertInFileOrder() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("images/train"), withIntermediateDirectories: true)
    let count = 150
    for index in 0..<count {
      let name = String(format: "im%03d", index)
      try TIFFWriter.write(
        [try Plane(width: 10, height: 10, uint8: [UInt8](repeating: 1, count: 100))],
        to: folder.file("images/train/\(name).tif"))
      // Image 7 has no labels and image 9 an empty file; the others one box each, or two (rows that
      // repeat are dropped, as Ultralytics drops them).
      guard index != 7 else { continue }
      let rows = index == 9 ? "" : "\(index % 2) 0.5 0.5 0.2 0.4\n" + (index % 2 == 1 ? "1 0.3 0.3 0.1 0.1\n" : "")
      try folder.write(rows, to: "labels/train/\(name).txt")
    }
    try folder.write("train: images/train\nval: images/train\nnames: [a, b]\n", to: "data.yaml")
    let summary = try StreamingConversion.coco(from: folder.file("data.yaml"), to: folder.file("out.json"))
    let boxes = (0..<count).filter { $0 != 7 && $0 != 9 }.map { 1 + $0 % 2 }.reduce(0, +) * 2
    #expect(summary.images == count * 2 && summary.shapes == boxes)
    let back = try AnnotationFormats.read(folder.file("out.json"), format: .coco)
    #expect(back.images.count == count * 2)
    #expect(
      back.images.map { $0.features.count }
        == (0..<count * 2).map { ($0 % count == 7 || $0 % count == 9) ? 0 : 1 + $0 % count % 2 })
    #expect(
      back.images.prefix(3).map(\.name) == [
        "images/train/im000.tif", "images/train/im001.tif", "images/train/im002.tif",
      ])
  }
}
