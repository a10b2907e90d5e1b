// SPDX-License-Identifier: Apache-2.0

import AnnotaExport
import AnnotaImport
import AnnotaModel
import Foundation

/// An annotation tool's shapes made into instance label images, so they compare as masks do.
///
/// Boxes, polygons, ellipses and masks are rasterised as `annota convert --to masks` rasterises them
/// (the pixel-centre rule, SPEC §5.1), each shape its own label `1, 2, …` in the file's order, a later
/// shape covering an earlier one where they overlap. Points and lines have no area and are left out.
enum ShapeLabels {
  /// One image's shapes, kept as compact masks until the image is compared.
  struct Image: Sendable, Hashable {
    var width: Int
    var height: Int
    var masks: [MaskRegion]

    /// The instance label image.
    var volume: LabelVolume {
      var labels = [UInt32](repeating: 0, count: width * height)
      for (index, mask) in masks.enumerated() {
        let bits = mask.bits
        for row in 0..<mask.height where mask.top + row >= 0 && mask.top + row < height {
          for column in 0..<mask.width where bits[row * mask.width + column] != 0 {
            let x = mask.left + column
            guard x >= 0, x < width else { continue }
            labels[(mask.top + row) * width + x] = UInt32(index + 1)
          }
        }
      }
      return LabelVolume(labels: labels, width: width, height: height)
    }
  }

  /// What a file gives: its images' shapes, and what could not be drawn.
  struct Loaded {
    var images: [(name: String, image: Image)]
    var notes: [String]
  }

  /// Whether Annota reads `path` as an annotation-tool file rather than as a label image.
  static func isShapeFile(_ path: String) -> Bool {
    let lower = path.lowercased()
    let pixels = [".tif", ".tiff", ".png", ".h5", ".hdf5", ".he5"]
    return !pixels.contains { lower.hasSuffix($0) }
      && (AnnotationFormats.detected(path) != nil || lower.hasSuffix(".geojson"))
  }

  /// Reads and rasterises a file's shapes.
  /// - Parameter path: an annotation-tool file (CVAT, COCO, LabelMe, Pascal VOC, GeoJSON…).
  /// - Returns: each image with a known size and its shapes.
  /// - Throws: ``CompareError`` when the file does not read.
  static func load(_ path: String) throws(CompareError) -> Loaded {
    let annotations = try ToolFiles.annotations(ToolFiles.Input(path: path))
    var loaded = Loaded(images: [], notes: [])
    let drawn = LabelMaskExport.rasterised(annotations)
    for (image, original) in zip(drawn.images, annotations.images) {
      guard let width = image.width, let height = image.height, width > 0, height > 0 else {
        loaded.notes.append("\(image.name) states no size, so its shapes cannot be drawn")
        continue
      }
      // A stated size is the file's word; drawing allocates it, so it is bounded (2²⁸ pixels, 1 GiB).
      guard width.multipliedReportingOverflow(by: height).overflow == false, width * height <= 1 << 28 else {
        loaded.notes.append("\(image.name) states a size of \(width)×\(height), too large to draw")
        continue
      }
      let masks = image.features.compactMap(\.mask)
      if masks.count < original.features.count {
        loaded.notes.append(
          "\(image.name): \(original.features.count - masks.count) shape(s) without an area (points, lines) left out")
      }
      loaded.images.append((image.name, Image(width: width, height: height, masks: masks)))
    }
    return loaded
  }
}
