// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaModel
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

/// Detection metrics on other tools' boxes (Pascal VOC folders here): read with Annota's importers
/// (VOC's 1-based inclusive corners become pixel corners), then evaluated as pycocotools evaluates the
/// same boxes written as COCO.
@Suite("Compare boxes of annotation tools")
struct BoxCompareTests {
  /// Seeded boxes: (image, label, xmin, ymin, xmax, ymax) in VOC's 1-based inclusive pixels.
  static func boxes(seed: UInt64, images: Int, jitter: Bool) -> [(String, String, Int, Int, Int, Int)] {
    var generator = SeededGenerator(seed: seed)
    var truth = SeededGenerator(seed: 0xB0C5)
    var out: [(String, String, Int, Int, Int, Int)] = []
    for image in 0..<images {
      for _ in 0..<Int.random(in: 1...6, using: &truth) {
        let x = Int.random(in: 1...60, using: &truth)
        let y = Int.random(in: 1...40, using: &truth)
        let w = Int.random(in: 4...30, using: &truth)
        let h = Int.random(in: 4...30, using: &truth)
        let label = ["cell", "debris"].randomElement(using: &truth)!
        guard !jitter || Double.random(in: 0..<1, using: &generator) < 0.85 else { continue }
        let d = jitter ? Int.random(in: -2...2, using: &generator) : 0
        out.append(("img\(image).png", label, max(x + d, 1), y, x + w + d, y + h))
      }
    }
    return out
  }

  static func voc(_ boxes: [(String, String, Int, Int, Int, Int)], into folder: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (image, items) in Dictionary(grouping: boxes, by: \.0) {
      let objects = items.map {
        "<object><name>\($0.1)</name><bndbox><xmin>\($0.2)</xmin><ymin>\($0.3)</ymin><xmax>\($0.4)</xmax>"
          + "<ymax>\($0.5)</ymax></bndbox></object>"
      }
      let xml =
        "<annotation><filename>\(image)</filename><size><width>128</width><height>96</height><depth>1</depth>"
        + "</size>\(objects.joined())</annotation>"
      try Data(xml.utf8).write(to: URL(fileURLWithPath: folder + "/" + image + ".xml"))
    }
  }

  @Test(.enabled(if: python(with: ["pycocotools"]) != nil))
  func vocFoldersEqualPycocotoolsOnTheSameBoxes() throws {
    let interpreter = try #require(python(with: ["pycocotools"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let truth = Self.boxes(seed: 1, images: 12, jitter: false)
    let found = Self.boxes(seed: 2, images: 12, jitter: true)
    try Self.voc(truth, into: folder.file("truth"))
    try Self.voc(found, into: folder.file("found"))
    var options = ComparisonOptions()
    options.mode = .detection
    let report = AnnotationComparer.compareDetections(
      reference: folder.file("truth"), candidate: folder.file("found"), options: options)
    #expect(report.couldNotCheck.isEmpty)
    #expect(report.findings.map(\.rule.rawValue) == ["COMPARE-007"], "VOC has no scores: \(report.findings)")
    // The same boxes as COCO (x = xmin − 1, width = xmax − xmin + 1), every detection scoring 1.
    let labels = ["cell": 1, "debris": 2]
    let images = Array(Set(truth.map(\.0))).sorted()
    func coco(_ item: (String, String, Int, Int, Int, Int)) -> [String: Any] {
      [
        "image_id": images.firstIndex(of: item.0)! + 1, "category_id": labels[item.1]!,
        "bbox": [item.2 - 1, item.3 - 1, item.4 - item.2 + 1, item.5 - item.3 + 1],
      ]
    }
    var annotations = truth.map(coco)
    for index in annotations.indices {
      let box = annotations[index]["bbox"] as! [Int]
      annotations[index]["id"] = index + 1
      annotations[index]["area"] = box[2] * box[3]
      annotations[index]["iscrowd"] = 0
    }
    let gt: [String: Any] = [
      "images": images.indices.map { ["id": $0 + 1] }, "categories": [["id": 1], ["id": 2]],
      "annotations": annotations,
    ]
    let dt = found.map { item -> [String: Any] in
      var result = coco(item)
      result["score"] = 1
      return result
    }
    try JSONSerialization.data(withJSONObject: gt).write(to: URL(fileURLWithPath: folder.file("gt.json")))
    try JSONSerialization.data(withJSONObject: dt).write(to: URL(fileURLWithPath: folder.file("dt.json")))
    let script = """
      import contextlib, io, json, sys
      from pycocotools.coco import COCO
      from pycocotools.cocoeval import COCOeval
      with contextlib.redirect_stdout(io.StringIO()):
          truth = COCO(sys.argv[1]); e = COCOeval(truth, truth.loadRes(sys.argv[2]), "bbox")
          e.evaluate(); e.accumulate(); e.summarize()
      print(json.dumps([float(v) for v in e.stats]))
      """
    let run = try runProcess(interpreter, ["-c", script, folder.file("gt.json"), folder.file("dt.json")])
    #expect(run.status == 0, "\(run.stderr)")
    let expected = try JSONDecoder().decode([Double].self, from: Data(run.stdout.utf8))
    let scores = try #require(report.dataset.detection)
    let mine = scores.summary.stats
    #expect(zip(mine, expected).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(mine) \(expected)")
    #expect(scores.summary.ap < 1 && scores.summary.ap50 > 0.5)
  }

  /// Two annotation sets of the demo, compared over the images both cover.
  ///
  /// The first annotator's GeoJSON boxes are one file per image, the second's a COCO file of two
  /// images; on those two the boxes are the same, so every number is 1.
  @Test func twoSetsOfBoxesOverTheImagesBothCover() throws {
    let demo = Paths.project("Fixtures/demo")
    var options = ComparisonOptions()
    options.mode = .detection
    let report = AnnotationComparer.compareDetections(
      reference: try ComparisonSource.annotationSet("mitosis-boxes", in: demo),
      candidate: try ComparisonSource.annotationSet("mitosis-review", in: demo), options: options)
    let scores = try #require(report.dataset.detection, "\(report.couldNotCheck)")
    #expect(scores.images == 2 && scores.summary.ap == 1 && scores.summary.ar100 == 1)
    #expect(report.findings.contains { $0.rule.rawValue == "COMPARE-001" && $0.message.contains("5 image(s)") })
    // A GeoJSON file read on its own groups its features by their image.
    let file = demo + "/shapes/cells_01.geojson"
    let alone = AnnotationComparer.compareDetections(reference: file, candidate: file, options: options)
    #expect(alone.dataset.detection?.summary.ap == 1 && alone.couldNotCheck.isEmpty)
    // Masks are evaluated from COCO RLE files only: sets are refused with a reason, never scored 0.
    options.iouType = .segm
    let masks = AnnotationComparer.compareDetections(
      reference: try ComparisonSource.annotationSet("mitosis-boxes", in: demo),
      candidate: try ComparisonSource.annotationSet("mitosis-review", in: demo), options: options)
    #expect(masks.dataset.detection == nil && masks.findings.contains { $0.rule.rawValue == "COMPARE-005" })
  }
}
