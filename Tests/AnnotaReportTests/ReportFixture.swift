// SPDX-License-Identifier: Apache-2.0
import AnnotaRaster
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// A generated dataset for the report: 64×48 uint16 images in two splits, a semantic label image per
/// image (class 1, magenta, a block at known pixels), and a GeoJSON file per image with a box and a
/// point.
enum ReportFixture {
  /// The image size.
  static let width = 64, height = 48
  /// The block of class 1 in every label image: x in 8..<40, y in 8..<30.
  static let block = (x: 8..<40, y: 8..<30)
  /// The class colour (magenta: far from any grey).
  static let colour = "#ff00ff"

  /// Writes the dataset.
  /// - Parameters:
  ///   - images: how many (half train, half test).
  ///   - shifted: the test images brighter and noisier than the train images (a batch effect).
  ///   - hostile: markup in the title, an image id and a file name.
  ///   - unreadable: the first image's file is not a TIFF.
  static func dataset(images: Int = 8, shifted: Bool = false, hostile: Bool = false, unreadable: Bool = false)
    throws -> TemporaryFolder
  {
    let folder = try TemporaryFolder()
    for sub in ["images", "labels", "shapes"] {
      try FileManager.default.createDirectory(atPath: folder.file(sub), withIntermediateDirectories: true)
    }
    var generator = SeededGenerator(seed: 7)
    var imageEntries = ""
    var labelEntries = ""
    var shapeEntries = ""
    for index in 0..<images {
      let split = index < images / 2 ? "train" : "test"
      let id = hostile && index == 1 ? "img<script>alert(1)</script>" : "img\(index)"
      let stem = hostile && index == 1 ? "img<b>1" : "img\(index)"
      let brighter = shifted && split == "test"
      let values = (0..<width * height).map { pixel -> UInt16 in
        let (x, y) = (pixel % width, pixel / width)
        let base = (block.x.contains(x) && block.y.contains(y) ? 900 : 300) + (brighter ? 2000 : 0)
        let noise = Int.random(in: 0..<(brighter ? 400 : 40), using: &generator)
        return UInt16(base + noise)
      }
      let path = "images/\(stem).tif"
      if unreadable && index == 0 {
        try Data("not a TIFF at all".utf8).write(to: URL(fileURLWithPath: folder.file(path)))
      } else {
        try TIFFWriter.write([try Plane(width: width, height: height, uint16: values)], to: folder.file(path))
      }
      var labels = [UInt8](repeating: 0, count: width * height)
      for y in block.y { for x in block.x { labels[y * width + x] = 1 } }
      try TIFFWriter.write(
        [try Plane(width: width, height: height, uint8: labels)], to: folder.file("labels/\(stem).tif"))
      let shapes = """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "id": 1, "geometry": {"type": "Polygon", "coordinates": [[[44, 4], [60, 4], [60, 20], [44, 20], [44, 4]]]}, "properties": {"shape": "box", "label": "cell"}},
          {"type": "Feature", "id": 2, "geometry": {"type": "Point", "coordinates": [50, 40]}, "properties": {"shape": "point", "label": "cell"}}
        ]}
        """
      try shapes.write(toFile: folder.file("shapes/\(stem).geojson"), atomically: true, encoding: .utf8)
      imageEntries += """
          - id: "\(id)"
            path: "\(path)"
            dimensions: {x: \(width), y: \(height)}
            physical_size: {x: 0.5, y: 0.5, unit: um}
            split: \(split)

        """
      labelEntries += "      - {path: \"labels/\(stem).tif\", image: \"\(id)\"}\n"
      shapeEntries += "      - {path: \"shapes/\(stem).geojson\", image: \"\(id)\"}\n"
    }
    let title = hostile ? "Blocks </title><script>alert('title')</script> & more" : "Generated blocks for the report"
    _ = try folder.write(
      """
      annota: "0.2"
      study:
        title: "\(title)"
        description: Blocks in noise, for the report tests.
        authors:
          - name: Test Author
        licence: CC0-1.0
      images:
      \(imageEntries)
      label_tables:
        - id: classes
          labels:
            - {value: 0, name: background}
            - {value: 1, name: block, colour: "\(colour)"}
        - id: shape-classes
          labels:
            - {value: 1, name: cell}
      annotation_sets:
        - id: blocks
          name: Block masks
          overview: One class per block.
          types: [segmentation_mask]
          encoding: label_image
          kind: semantic
          label_table: classes
          files:
      \(labelEntries)
        - id: cells
          name: Cell boxes and points
          overview: A box and a point per image.
          types: [bounding_boxes]
          encoding: geojson
          label_table: shape-classes
          files:
      \(shapeEntries)
      splits:
        - name: train
        - name: test
      """, to: "annota.yaml")
    return folder
  }
}
