// SPDX-License-Identifier: Apache-2.0
import AnnotaRaster
import AnnotaTIFF
import AnnotaTestSupport
import Foundation

/// A small generated dataset for the export tests: 64×48 uint16 images with a semantic label image
/// each (classes 1 and 2 as blocks, values from a label table that is not consecutive when asked),
/// splits train/validation/test.
enum TrainingFixture {
  /// Writes the dataset into a new temporary folder.
  /// - Parameters:
  ///   - splits: each image's split.
  ///   - classValues: the label-table values of the two classes (e.g. `[1, 2]` or `[3, 7]`).
  ///   - ignore: also declare a class named `ignore` (value 9) and paint a few of its pixels.
  ///   - extraLabels: more label-table entries, as YAML flow mappings (regions, say).
  ///   - channels: each image's channels, recorded in the manifest (one page per channel in a TIFF).
  ///   - png: write the images as 8-bit PNG (channels interleaved) instead of 16-bit TIFF.
  /// - Returns: the folder.
  static func semantic(
    splits: [String] = ["train", "train", "validation", "test"], classValues: [Int] = [1, 2],
    ignore: Bool = false, extraLabels: [String] = [], channels: [Int]? = nil, png: Bool = false
  ) throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try FileManager.default.createDirectory(atPath: folder.file("images"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: folder.file("labels"), withIntermediateDirectories: true)
    let (width, height) = (64, 48)
    var images = ""
    for (index, split) in splits.enumerated() {
      let name = "img\(index + 1)"
      let channelCount = channels?[index] ?? 1
      let file = "images/\(name)" + (png ? ".png" : ".tif")
      if png {
        // 8-bit, the channels interleaved: channel c of pixel p is (p * 37 + c * 50 + index) % 256.
        let samples = (0..<width * height * channelCount).map {
          UInt8(($0 / channelCount * 37 + $0 % channelCount * 50 + index) % 256)
        }
        try Data(try PNGWriter.encode(samples, width: width, height: height, channels: channelCount))
          .write(to: URL(fileURLWithPath: folder.file(file)))
      } else {
        // One page per channel: channel c is the first channel's pattern plus 1000 c.
        let planes = try (0..<channelCount).map { channel in
          try Plane(
            width: width, height: height,
            uint16: (0..<width * height).map { UInt16(($0 * 37 + index * 101) % 4096 + channel * 1000) })
        }
        try TIFFWriter.write(planes, to: folder.file(file))
      }
      var labels = [UInt8](repeating: 0, count: width * height)
      for y in 4..<20 { for x in (4 + index)..<(24 + index) { labels[y * width + x] = UInt8(classValues[0]) } }
      for y in 26..<40 { for x in 30..<(50 - index) { labels[y * width + x] = UInt8(classValues[1]) } }
      if ignore { for x in 0..<5 { labels[45 * width + x] = 9 } }
      try TIFFWriter.write(
        [try Plane(width: width, height: height, uint8: labels)], to: folder.file("labels/\(name).tif"))
      images += """
          - id: \(name)
            path: \(file)
            dimensions: {x: \(width), y: \(height)\(channels == nil ? "" : ", c: \(channelCount)")}
            physical_size: {x: 0.5, y: 0.5, unit: um}
            split: \(split)

        """
    }
    let ignoreLabel = (ignore ? ["{value: 9, name: ignore}"] : []) + extraLabels

    try folder.write(
      """
      annota: "0.2"
      study:
        title: Generated blocks
        description: Two classes of blocks for the export tests.
        authors: [{name: Test Author}]
        licence: CC-BY-4.0
      images:
      \(images)
      label_tables:
        - id: classes
          labels:
            - {value: 0, name: background}
            - {value: \(classValues[0]), name: cytoplasm, term: "GO:0005737"}
            - {value: \(classValues[1]), name: nucleus, term: "GO:0005634"}\(ignoreLabel.map { "\n      - \($0)" }.joined())
      annotation_sets:
        - id: regions
          name: Regions
          overview: Class label images.
          types: [segmentation_mask]
          encoding: label_image
          kind: semantic
          label_table: classes
          pairing:
            indicator: file_name_pattern
            annotations: labels/{name}.tif
            images: images/{name}\(png ? ".png" : ".tif")
      splits:
        - name: train
        - name: validation
        - name: test

      """, to: "annota.yaml")
    return folder
  }
}
