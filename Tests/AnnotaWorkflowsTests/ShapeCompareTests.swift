// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

/// Shapes of annotation tools compared as masks: drawn by the pixel-centre rule (SPEC §5.1) into
/// instance label images, so a polygon and the label image of the same pixels agree exactly, and
/// what has no area is said.
@Suite("Compare shapes as masks")
struct ShapeCompareTests {
  @Test func polygonsAgreeWithTheLabelImageOfTheirPixels() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // A 20 × 16 image: a square polygon over pixel centres x 2…7, y 2…5, a box over x 10…14, y 8…12,
    // and a point, which has no area.
    let coco = try folder.write(
      """
      {"images": [{"id": 1, "file_name": "a.png", "width": 20, "height": 16},
                  {"id": 2, "file_name": "b.png", "width": 20, "height": 16},
                  {"id": 3, "file_name": "huge.png", "width": 100000, "height": 100000}],
       "categories": [{"id": 1, "name": "cell"}],
       "annotations": [
         {"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[2, 2, 8, 2, 8, 6, 2, 6]], "bbox": [2, 2, 6, 4],
          "area": 24, "iscrowd": 0},
         {"id": 2, "image_id": 1, "category_id": 1, "bbox": [10, 8, 5, 5], "area": 25, "iscrowd": 0},
         {"id": 3, "image_id": 1, "category_id": 1, "keypoints": [4, 4, 2], "num_keypoints": 1, "iscrowd": 0},
         {"id": 4, "image_id": 2, "category_id": 1, "bbox": [1, 1, 3, 3], "area": 9, "iscrowd": 0},
         {"id": 5, "image_id": 3, "category_id": 1, "bbox": [1, 1, 3, 3], "area": 9, "iscrowd": 0}]}
      """, to: "shapes.json")
    var labels = [UInt16](repeating: 0, count: 20 * 16)
    for y in 2...5 { for x in 2...7 { labels[y * 20 + x] = 7 } }
    for y in 8...12 { for x in 10...14 { labels[y * 20 + x] = 9 } }
    try FileManager.default.createDirectory(atPath: folder.file("masks"), withIntermediateDirectories: true)
    try TIFFWriter.write([try Plane(width: 20, height: 16, uint16: labels)], to: folder.file("masks/a_mask.tif"))
    var options = ComparisonOptions(thresholds: [0.99])
    options.mode = .instance
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(folder.file("masks")), candidate: try ComparisonSource.path(coco),
      options: options)
    let image = try #require(report.images.first, "\(report.findings)")
    #expect(image.name == "a_mask" && image.instance?.first?.tp == 2 && image.instance?.first?.meanMatchedScore == 1)
    #expect(image.foregroundDice == 1)
    #expect(report.findings.contains { $0.rule.rawValue == "COMPARE-005" && $0.message.contains("without an area") })
    // The file's other image has no label image: said, not dropped; a stated size too large to draw is
    // refused before any allocation.
    #expect(report.findings.contains { $0.rule.rawValue == "COMPARE-001" && $0.message.hasPrefix("b ") })
    #expect(report.findings.contains { $0.message.contains("too large to draw") })
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func aCVATFileAgreesWithItself() async throws {
    let path = try #require(Paths.corpus) + "/cvat/catdog_app_cvat_annotations.xml"
    let report = await AnnotationComparer.compare(
      reference: try ComparisonSource.path(path), candidate: try ComparisonSource.path(path))
    #expect(report.images.count == 2 && report.dataset.pooled?.first?.fp == 0 && report.dataset.pooled?.first?.fn == 0)
    #expect(report.dataset.foregroundDice == 1)
  }
}
