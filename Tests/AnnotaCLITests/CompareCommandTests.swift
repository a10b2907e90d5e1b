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
}
