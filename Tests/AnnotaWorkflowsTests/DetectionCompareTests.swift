// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaModel
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

/// `annota compare GT.json DETECTIONS.json`: COCO files read as pycocotools reads them (compressed
/// RLE strings, results arrays, crowd regions) and evaluated to its twelve numbers, against
/// pycocotools itself on files it wrote; and what cannot be evaluated is said.
@Suite("Compare COCO detections")
struct DetectionCompareTests {
  /// Writes a seeded ground truth and detections with pycocotools (boxes and RLE masks, crowd
  /// regions, misses and false positives) into `folder`, then prints COCOeval's stats for both
  /// iou types.
  static let script = """
    import contextlib, io, json, sys
    import numpy as np
    from pycocotools import mask as M
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    folder = sys.argv[1]
    rng = np.random.default_rng(20261203)
    def rle(y, x, h, w):
        m = np.zeros((48, 64), np.uint8)
        m[max(y, 0):max(y + h, 0), max(x, 0):max(x + w, 0)] = 1
        r = M.encode(np.asfortranarray(m)); r["counts"] = r["counts"].decode()
        return r
    images = [{"id": 3 * i + 1, "width": 64, "height": 48, "file_name": f"{i}.png"} for i in range(40)]
    gt, dt = [], []
    for image in images:
        for _ in range(int(rng.integers(0, 7))):
            x, y = int(rng.integers(0, 52)), int(rng.integers(0, 38))
            w, h = int(rng.integers(2, 14)), int(rng.integers(2, 12))
            c = int(rng.choice([1, 2, 5]))
            gt.append({"id": len(gt) + 10, "image_id": image["id"], "category_id": c, "bbox": [x, y, w, h],
                       "area": w * h, "iscrowd": int(rng.random() < 0.08), "segmentation": rle(y, x, h, w)})
            if rng.random() < 0.85:
                dx, dy = (int(v) for v in rng.integers(-2, 3, size=2))
                dt.append({"image_id": image["id"], "category_id": c, "bbox": [x + dx, y + dy, w, h],
                           "score": float(rng.random()), "segmentation": rle(y + dy, x + dx, h, w)})
        for _ in range(int(rng.integers(0, 3))):
            x, y = int(rng.integers(0, 52)), int(rng.integers(0, 38))
            dt.append({"image_id": image["id"], "category_id": int(rng.choice([1, 2, 5])), "bbox": [x, y, 6, 5],
                       "score": float(rng.random()), "segmentation": rle(y, x, 5, 6)})
    categories = [{"id": c, "name": f"class {c}"} for c in (1, 2, 5)]
    json.dump({"images": images, "categories": categories, "annotations": gt}, open(folder + "/gt.json", "w"))
    json.dump(dt, open(folder + "/dt.json", "w"))
    out = {}
    for kind in ("bbox", "segm"):
        with contextlib.redirect_stdout(io.StringIO()):
            truth = COCO(folder + "/gt.json")
            evaluation = COCOeval(truth, truth.loadRes(folder + "/dt.json"), kind)
            evaluation.evaluate(); evaluation.accumulate(); evaluation.summarize()
        out[kind] = [float(v) for v in evaluation.stats]
    print(json.dumps(out))
    """

  static func stats(_ report: ComparisonReport) -> [Double] {
    guard let scores = report.dataset.detection else { return [] }
    return scores.summary.stats
  }

  @Test(.enabled(if: python(with: ["pycocotools", "numpy"]) != nil))
  func equalsPycocotoolsOnItsOwnFiles() throws {
    let interpreter = try #require(python(with: ["pycocotools", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let run = try runProcess(interpreter, ["-c", Self.script, folder.path])
    #expect(run.status == 0, "\(run.stderr)")
    let expected = try JSONDecoder().decode([String: [Double]].self, from: Data(run.stdout.utf8))
    for kind in COCOEvaluation.IoUType.allCases {
      var options = ComparisonOptions()
      options.iouType = kind
      let report = AnnotationComparer.compareDetections(
        reference: folder.file("gt.json"), candidate: folder.file("dt.json"), options: options)
      #expect(report.couldNotCheck.isEmpty && report.findings.isEmpty, "\(report.findings)")
      let mine = Self.stats(report)
      let theirs = try #require(expected[kind.rawValue])
      #expect(mine.count == 12 && zip(mine, theirs).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(kind): \(mine) \(theirs)")
      #expect(report.dataset.detection?.images == 40 && report.dataset.detection?.categories == 3)
    }
  }

  @Test func aDatasetAsDetectionsScoresOneAndGapsAreSaid() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let truth = try folder.write(
      """
      {"images": [{"id": 1}, {"id": 2}], "categories": [{"id": 7}],
       "annotations": [
         {"id": 1, "image_id": 1, "category_id": 7, "bbox": [10, 10, 40, 40], "iscrowd": 0},
         {"id": 2, "image_id": 2, "category_id": 7, "bbox": [0, 0, 50, 60], "area": 3000, "iscrowd": 0,
          "segmentation": [[0, 0, 50, 0, 50, 60]]}]}
      """, to: "truth.json")
    let boxes = AnnotationComparer.compareDetections(reference: truth, candidate: truth, options: ComparisonOptions())
    #expect(boxes.dataset.detection?.summary.ap == 1 && boxes.dataset.detection?.summary.ar100 == 1)
    let said = boxes.findings.map(\.rule.rawValue)
    #expect(said.filter { $0 == "COMPARE-007" }.count == 2, "no area, no score: \(boxes.findings)")
    var masks = ComparisonOptions()
    masks.iouType = .segm
    let polygons = AnnotationComparer.compareDetections(reference: truth, candidate: truth, options: masks)
    #expect(polygons.findings.contains { $0.rule.rawValue == "COMPARE-005" && $0.message.contains("polygons") })
  }

  @Test func filesThatAreNotCOCOAreCouldNotCheck() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let truth = try folder.write(#"{"images": [{"id": 1}], "categories": [], "annotations": []}"#, to: "t.json")
    for bad in ["{", "[1, 2]", #"{"images": 3}"#, ""] {
      let path = try folder.write(bad, to: "bad.json")
      for (reference, candidate) in [(path, truth), (truth, path)] {
        let report = AnnotationComparer.compareDetections(
          reference: reference, candidate: candidate, options: ComparisonOptions())
        #expect(report.couldNotCheck.count == 1 && report.dataset.detection == nil, "\(bad)")
      }
    }
    let missing = AnnotationComparer.compareDetections(
      reference: folder.file("nothing.json"), candidate: truth, options: ComparisonOptions())
    #expect(missing.couldNotCheck.first?.reason.contains("cannot read") == true)
  }
}
