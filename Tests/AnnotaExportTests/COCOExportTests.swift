// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaTestSupport
import Foundation
import Testing

/// `annota export --to coco`: one file per split that pycocotools loads, with the label table's
/// categories and terms, every object `iscrowd: 0`, and AP = 1 when evaluated against itself.
@Suite struct COCOExportTests {
  /// Loads every split with pycocotools and evaluates each against itself (bbox and segm); prints
  /// per file the image, annotation and category counts and the two APs.
  static let script = """
    import contextlib, io, json, sys, glob, os
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    out = {}
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "annotations", "*.json"))):
        with contextlib.redirect_stdout(io.StringIO()):
            gt = COCO(path)
            results = [dict(a, score=1.0) for a in gt.dataset["annotations"]]
            aps = []
            for kind in ("bbox", "segm"):
                if not results:
                    aps.append(None); continue
                dt = gt.loadRes(results)
                e = COCOeval(gt, dt, kind); e.evaluate(); e.accumulate(); e.summarize()
                aps.append(e.stats[0])
        missing = [i["file_name"] for i in gt.dataset["images"]
                   if not os.path.exists(os.path.join(sys.argv[1], "images", os.path.basename(path)[10:-5], i["file_name"]))]
        out[os.path.basename(path)] = {"images": len(gt.imgs), "annotations": len(gt.anns),
            "categories": [c["name"] for c in gt.dataset["categories"]], "ap": aps, "missing": missing}
    print(json.dumps(out))
    """

  @Test func theDemoExportsToCOCOThatHoldsItsObjects() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .coco)
    options.sets = ["nuclei", "mitosis-boxes"]
    let result = try await TrainingExporter.export(
      Paths.project("Fixtures/demo"), to: output.file("coco"), options: options)
    #expect(result.images == ["train": 4, "validation": 1, "test": 2])
    let data = try Data(contentsOf: URL(fileURLWithPath: output.file("coco/annotations/instances_train.json")))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let categories = try #require(root["categories"] as? [[String: Any]])
    #expect(categories.map { $0["name"] as? String } == ["nucleus", "mitotic cell"])
    #expect(categories.map { $0["ontology_term"] as? String } == ["GO:0005634", "GO:0000278"])
    let annotations = try #require(root["annotations"] as? [[String: Any]])
    #expect(annotations.allSatisfy { $0["iscrowd"] as? Int == 0 })
    // Masks travel as RLE: one per nucleus of the four training masks.
    let masks = annotations.filter { $0["segmentation"] is [String: Any] }
    #expect(masks.count == annotations.filter { $0["category_id"] as? Int == 1 }.count && !masks.isEmpty)
  }

  @Test(.enabled(if: python(with: ["pycocotools", "numpy"]) != nil))
  func pycocotoolsLoadsEverySplitAndScoresItAgainstItselfPerfectly() async throws {
    let interpreter = try #require(python(with: ["pycocotools", "numpy"]))
    let output = try TemporaryFolder()
    defer { output.remove() }
    let dataset = try TrainingFixture.semantic()
    defer { dataset.remove() }
    var options = TrainingExportOptions(layout: .coco)
    options.sets = ["nuclei", "mitosis-boxes"]
    _ = try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("demo"), options: options)
    _ = try await TrainingExporter.export(dataset.path, to: output.file("blocks"), options: .init(layout: .coco))
    for (name, splits) in [("demo", ["train", "validation", "test"]), ("blocks", ["train", "validation", "test"])] {
      let run = try runProcess(interpreter, ["-c", Self.script, output.file(name)])
      #expect(run.status == 0, "\(run.stderr)")
      let parsed = try #require(
        try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
      #expect(Set(parsed.keys) == Set(splits.map { "instances_\($0).json" }))
      for (file, entry) in parsed {
        #expect((entry["missing"] as? [String])?.isEmpty == true, "\(name)/\(file): image files named but absent")
        #expect((entry["annotations"] as? Int ?? 0) > 0, "\(name)/\(file)")
        let aps = try #require(entry["ap"] as? [Double])
        #expect(aps.allSatisfy { abs($0 - 1) < 1e-9 }, "\(name)/\(file): AP \(aps)")
      }
    }
  }
}
