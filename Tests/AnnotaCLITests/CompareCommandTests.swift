// SPDX-License-Identifier: Apache-2.0

import AnnotaTestSupport
import Foundation
import Testing

/// `annota compare` end to end on the demo dataset: two annotators' nucleus masks, every output
/// format, the gate, agreement with `--record`, and arguments it refuses.
@Suite("annota compare")
struct CompareCommandTests {
  static let demo = Paths.project("Fixtures/demo")

  @Test func twoSetsOfTheDemo() throws {
    let run = try annota(["compare", Self.demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--quiet"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("images compared: 6") && run.stdout.contains("Dataset, pooled"))
    #expect(run.stdout.contains("cells_06") && run.stdout.contains("conventions:"))
  }

  @Test func jsonCarriesEveryImageAndBothDatasetWays() throws {
    let run = try annota([
      "compare", Self.demo + "/masks", Self.demo + "/masks-review", "--format", "json", "--thresholds", "0.5:0.9:0.1",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["schema"] as? String == "annota-compare/1")
    #expect((object["images"] as? [Any])?.count == 6)
    let dataset = try #require(object["dataset"] as? [String: Any])
    let pooled = try #require(dataset["pooled"] as? [[String: Any]])
    #expect(pooled.map { $0["threshold"] as? Double } == [0.5, 0.6, 0.7, 0.8, 0.9])
    #expect((dataset["by_image"] as? [[String: Any]])?.first?["by_image"] as? Bool == true)
  }

  @Test func csvHasOneRowPerImage() throws {
    let run = try annota(["compare", Self.demo + "/masks", Self.demo + "/masks-review", "--format", "csv"])
    #expect(run.status == 0)
    let rows = run.stdout.split(separator: "\n")
    #expect(rows.count == 7 && rows[1].hasPrefix("cells_01_mask,"))
  }

  @Test func theGateFailsTheRunAndSaysWhy() throws {
    let run = try annota([
      "compare", Self.demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--fail-below", "f1=0.99",
    ])
    #expect(run.status == 1)
    #expect(run.stderr.contains("f1") && run.stderr.contains("below 0.99"))
    let passing = try annota([
      "compare", Self.demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--fail-below", "f1=0.5",
    ])
    #expect(passing.status == 0, "\(passing.stderr)")
  }

  @Test func agreementIsRecordedInACopyOnly() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let copy = folder.file("demo")
    try FileManager.default.copyItem(atPath: Self.demo, toPath: copy)
    let run = try annota(["compare", copy, "--sets", "nuclei,nuclei-review", "--record"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Pairwise f1@0.5") && run.stdout.contains("re-annotate these first"))
    let manifest = try String(contentsOfFile: copy + "/annota.yaml", encoding: .utf8)
    #expect(manifest.contains("agreement:") && manifest.contains("method:"))
    // The recorded manifest is still valid and canonical.
    #expect(try annota(["validate", copy]).status == 0)
    #expect(try annota(["format", "--check", copy]).status == 0)
  }

  @Test func refusedArguments() throws {
    for arguments in [
      ["compare", Self.demo],
      ["compare", Self.demo, "--reference", "nuclei"],
      ["compare", Self.demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--criterion", "dice"],
      ["compare", Self.demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--fail-below", "f1"],
      ["compare", Self.demo + "/masks", Self.demo + "/masks-review", "--thresholds", "0.9:0.5:0.1"],
    ] {
      let run = try annota(arguments)
      #expect(run.status == 64, "\(arguments): \(run.status) \(run.stderr)")
    }
    let unknown = try annota(["compare", Self.demo, "--reference", "nuclei", "--candidate", "no-such-set"])
    #expect(unknown.status == 2 && unknown.stderr.contains("no-such-set"), "\(unknown.stderr)")
  }

  @Test func agreementGatesReadTheirThresholdAndAFailedRunRecordsNothing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let copy = folder.file("demo")
    try FileManager.default.copyItem(atPath: Self.demo, toPath: copy)
    let before = try String(contentsOfFile: copy + "/annota.yaml", encoding: .utf8)
    let failing = try annota(["compare", copy, "--sets", "nuclei,nuclei-review", "--record", "--fail-below", "f1=0.99"])
    #expect(failing.status == 1)
    #expect(failing.stderr.contains("below 0.99") && failing.stderr.contains("not recorded"), "\(failing.stderr)")
    #expect(try String(contentsOfFile: copy + "/annota.yaml", encoding: .utf8) == before)
    let elsewhere = try annota(["compare", copy, "--sets", "nuclei,nuclei-review", "--fail-below", "f1@0.9=0.5"])
    #expect(elsewhere.status == 1 && elsewhere.stderr.contains("τ = 0.5"), "\(elsewhere.stderr)")
    let dice = try annota(["compare", copy, "--sets", "nuclei,nuclei-review", "--fail-below", "dice=0.5"])
    #expect(dice.status == 1 && dice.stderr.contains("measured as f1"), "\(dice.stderr)")
  }

  @Test func agreementArgumentsItRefuses() throws {
    let one = try annota(["compare", Self.demo, "--sets", "nuclei"])
    #expect(one.status == 64 && one.stderr.contains("two or more"), "\(one.stderr)")
    let asymmetric = try annota(["compare", Self.demo, "--sets", "nuclei,nuclei-review", "--criterion", "iot"])
    #expect(asymmetric.status == 64 && asymmetric.stderr.contains("symmetric"), "\(asymmetric.stderr)")
  }

  @Test func boxesAgainstMasksIsAFindingNotAMeasurement() throws {
    let run = try annota(["compare", Self.demo, "--reference", "nuclei", "--candidate", "mitosis-boxes"])
    #expect(run.status == 1)
    #expect(run.stdout.contains("COMPARE-005") && run.stdout.contains("images compared: 0"), "\(run.stdout)")
  }

  /// Every JSON report validates against `Specs/annota/0.2/compare.schema.json` with Python's
  /// `jsonschema`, findings and could-not-check entries included; a NaN would not.
  @Test(.enabled(if: python(with: ["jsonschema"]) != nil))
  func jsonReportsValidateAgainstTheCompareSchema() throws {
    let interpreter = try #require(python(with: ["jsonschema"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let broken = folder.file("broken")
    try FileManager.default.copyItem(atPath: Self.demo + "/masks-review", toPath: broken)
    try Data("II*\u{0}not a TIFF".utf8).write(to: URL(fileURLWithPath: broken + "/cells_03_mask.tif"))
    try FileManager.default.removeItem(atPath: broken + "/cells_04_mask.tif")
    let markers = try folder.write(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <CellCounter_Marker_File><Image_Properties><Image_Filename>a.tif</Image_Filename></Image_Properties>
      <Marker_Data><Marker_Type><Type>1</Type><Marker><MarkerX>3</MarkerX><MarkerY>4</MarkerY><MarkerZ>1</MarkerZ>
      </Marker></Marker_Type></Marker_Data></CellCounter_Marker_File>
      """, to: "markers.xml")
    let tableA = try folder.write("image\tlabel\na\tx\nb\ty\nc\tx\n", to: "a.tsv")
    let tableB = try folder.write("image\tlabel\na\tx\nb\tx\nc\tx\n", to: "b.tsv")
    let runs = [
      ["compare", Self.demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--thresholds", "0.1:0.9:0.2"],
      ["compare", Self.demo, "--sets", "nuclei,nuclei-review"],
      ["compare", Self.demo + "/masks", Self.demo + "/masks-review", "--mode", "semantic", "--classes", "1,2,99"],
      [
        "compare", Self.demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--mode", "semantic",
        "--classes", "1,2,99", "--tolerance", "1.3", "--boundary-empty", "worst-case",
      ],
      ["compare", Self.demo + "/coco/mitosis_review.json", Self.demo + "/coco/mitosis_review.json"],
      ["compare", markers, markers, "--tolerance", "2"],
      ["compare", tableA, tableB],
      ["compare", tableA, tableB, tableA, "--agreement"],
      ["compare", Self.demo + "/masks", broken],
    ]
    for (index, arguments) in runs.enumerated() {
      let run = try annota(arguments + ["--format", "json"])
      let path = try folder.write(run.stdout, to: "report-\(index).json")
      let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
        """
      let check = try runProcess(interpreter, ["-c", script, Paths.spec + "/compare.schema.json", path])
      #expect(check.status == 0, "\(arguments): \(check.stderr.suffix(600))")
    }
    let report = try String(contentsOfFile: folder.file("report-\(runs.count - 1).json"), encoding: .utf8)
    #expect(report.contains("COMPARE-006") && report.contains("COMPARE-001"))
  }

  @Test func detectionAndPointsAreChosenByTheFiles() throws {
    let coco = Self.demo + "/coco/mitosis_review.json"
    let boxes = try annota(["compare", coco, coco, "--fail-below", "ap50=0.99"])
    #expect(boxes.status == 0, "\(boxes.stdout) \(boxes.stderr)")
    #expect(boxes.stdout.contains("COCO bbox") && boxes.stdout.contains("1.0000"))
    let masks = try annota(["compare", coco, coco, "--iou-type", "segm", "--quiet"])
    #expect(masks.status == 1, "the review has boxes only: nothing to evaluate as masks")
    #expect(try annota(["compare", coco, coco, "--iou-type", "polygon"]).status == 64)
  }
}
