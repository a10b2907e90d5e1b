// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// Dataset → COCO → COCO reader: every nucleus mask pixel for pixel, every box exactly, the classes
/// and the images of each split.
@Suite struct COCORoundTripTests {
  @Test func masksAndBoxesComeBackExactly() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .coco)
    options.sets = ["nuclei", "mitosis-boxes"]
    _ = try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("coco"), options: options)
    var seen: [String] = []
    for split in ["train", "validation", "test"] {
      let read = try AnnotationFormats.read(output.file("coco/annotations/instances_\(split).json"))
      #expect(read.labels.map(\.name) == ["nucleus", "mitotic cell"])
      for image in read.images {
        let id = String(image.name.split(separator: ".").first!)
        seen.append(id)
        // Masks: painted back by object, equal to the instance mask's objects (ids aside).
        let masks = image.features.filter { $0.shape == "mask" }
        if FileManager.default.fileExists(atPath: Paths.project("Fixtures/demo/masks/\(id)_mask.tif")) {
          let volume = try LabelVolume.read(path: Paths.project("Fixtures/demo/masks/\(id)_mask.tif"))
          let labels = volume.labels
          var painted = [Int](repeating: 0, count: labels.count)
          for feature in masks {
            let mask = try #require(feature.mask)
            for (index, bit) in mask.bits.enumerated() where bit == 1 {
              painted[(index / mask.width + mask.top) * volume.width + index % mask.width + mask.left] += 1
            }
          }
          #expect(masks.count == Set(labels).subtracting([0]).count, "\(id)")
          #expect(labels.indices.allSatisfy { (labels[$0] == 0 ? 0 : 1) == painted[$0] }, "\(id)")
        } else {
          #expect(masks.isEmpty, "\(id) has no mask")
        }
        // Boxes: the GeoJSON's, coordinate for coordinate.
        let source = try GeoJSONReader.read(
          Array(try Data(contentsOf: URL(fileURLWithPath: Paths.project("Fixtures/demo/shapes/\(id).geojson")))),
          path: id
        ).features
        let boxes = image.features.filter { $0.shape != "mask" }
        #expect(boxes.count == source.count, "\(id)")
        for (back, original) in zip(boxes, source) {
          #expect(back.label == original.label && back.outerRing == original.outerRing, "\(id)")
        }
      }
    }
    #expect(seen.sorted() == (1...7).map { "cells_0\($0)" })
  }
}
