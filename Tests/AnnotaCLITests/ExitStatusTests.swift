// SPDX-License-Identifier: Apache-2.0
import AnnotaCLI
import AnnotaTestSupport
import ArgumentParser
import Foundation
import Testing

/// One exit-status contract for every command (docs/cli.md): 0 clean, 1 findings, 2 could not run (a
/// missing path, said without the usage text), 64 wrong arguments (with the usage).
@Suite("Exit statuses")
struct ExitStatusTests {
  /// One command's four runs; `nil` where the case does not exist (`schema` reads no path).
  struct Case {
    var missing: [String]?
    var bad: [String]
    var findings: [String]?
    var clean: [String]
  }

  /// The fixtures, in one folder: the demo, a dataset with a missing image, a bad manifest, a
  /// non-canonical one, a corrupt TIFF, an unknown file, a shapes file, a packed and a tampered bag.
  static func cases(in folder: TemporaryFolder) throws -> [String: Case] {
    let demo = folder.file("demo")
    try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo"), toPath: demo)
    let broken = folder.file("broken")
    try FileManager.default.copyItem(atPath: demo, toPath: broken)
    try FileManager.default.removeItem(atPath: broken + "/images/cells_02.tif")
    let invalid = try folder.write(
      String(contentsOfFile: Paths.spec + "/examples/invalid/missing-title.yaml", encoding: .utf8),
      to: "invalid/annota.yaml")
    let untidy = try folder.write(
      "# a comment\n" + String(contentsOfFile: Paths.spec + "/examples/valid/minimal.yaml", encoding: .utf8),
      to: "untidy/annota.yaml")
    let corrupt = try folder.write("II*\u{0}not a TIFF after all", to: "corrupt.tif")
    let unknown = try folder.write("nothing any tool wrote\n", to: "unknown.txt")
    let shapes = demo + "/shapes/cells_01.geojson"
    let bare = folder.file("bare")
    try FileManager.default.createDirectory(atPath: bare, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: demo + "/images/cells_01.tif", toPath: bare + "/cells_01.tif")
    let mask = folder.file("second_mask.tif")
    try FileManager.default.copyItem(atPath: demo + "/masks/cells_01_mask.tif", toPath: mask)
    let bag = folder.file("bag")
    #expect(try annota(["pack", "--target", "bagit", demo, "-o", bag]).status == 0)
    let tampered = folder.file("tampered")
    try FileManager.default.copyItem(atPath: bag, toPath: tampered)
    try Data("changed".utf8).write(to: URL(fileURLWithPath: tampered + "/data/annota.yaml"))
    let nowhere = folder.file("no-such-thing")
    let badOption = "--no-such-option"
    return [
      "summary": Case(
        missing: ["summary", nowhere], bad: ["summary", badOption, demo], findings: ["summary", invalid],
        clean: ["summary", demo]),
      "inspect": Case(
        missing: ["inspect", nowhere], bad: ["inspect", "--jobs", "0", demo], findings: ["inspect", corrupt],
        clean: ["inspect", demo + "/images/cells_01.tif"]),
      "import": Case(
        missing: ["import", nowhere, "--into", demo], bad: ["import", corrupt, "--into", demo, "--kind", "banana"],
        findings: ["import", unknown, "--into", demo, "--dry-run"],
        clean: ["import", mask, "--into", demo, "--image", "cells_01", "--set-id", "review", "--dry-run"]),
      "detect": Case(
        missing: ["detect", nowhere], bad: ["detect", demo], findings: ["detect", unknown],
        clean: ["detect", demo + "/coco/mitosis_review.json"]),
      "convert": Case(
        missing: ["convert", nowhere, "--to", "coco", folder.file("out.json")],
        bad: ["convert", shapes, "--to", "banana", folder.file("out.json")],
        findings: ["convert", unknown, "--to", "coco", folder.file("out2.json")],
        clean: ["convert", demo + "/coco/mitosis_review.json", "--to", "geojson", folder.file("review.geojson")]),
      "init": Case(
        missing: ["init", nowhere], bad: ["init", corrupt], findings: ["init", demo],
        clean: ["init", "--dry-run", bare]),
      "status": Case(
        missing: ["status", nowhere], bad: ["status", badOption, demo], findings: ["status", broken],
        clean: ["status", demo]),
      "validate": Case(
        missing: ["validate", nowhere], bad: ["validate", "--format", "xml", demo], findings: ["validate", broken],
        clean: ["validate", demo]),
      "pack": Case(
        missing: ["pack", nowhere, "-o", folder.file("p1")],
        bad: ["pack", "--target", "tarball", demo, "-o", folder.file("p2")],
        findings: ["pack", broken, "-o", folder.file("p3")],
        clean: ["pack", demo, "-o", folder.file("p4")]),
      "verify": Case(
        missing: ["verify", nowhere], bad: ["verify", "--jobs", "0", bag], findings: ["verify", tampered],
        clean: ["verify", bag]),
      "format": Case(
        missing: ["format", nowhere], bad: ["format", "--to", "xml", demo], findings: ["format", "--check", untidy],
        clean: ["format", "--check", demo]),
      "compare": Case(
        missing: ["compare", nowhere, demo + "/masks"], bad: ["compare", "--thresholds", "2", demo + "/masks", mask],
        findings: [
          "compare", demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--fail-below", "f1=0.99",
        ],
        clean: ["compare", demo, "--reference", "nuclei", "--candidate", "nuclei-review"]),
      "export": Case(
        missing: ["export", nowhere, "--to", "coco", "-o", folder.file("e1")],
        bad: ["export", demo, "--to", "tfrecord", "-o", folder.file("e2")], findings: nil,
        clean: ["export", demo, "--to", "imagefolder", "-o", folder.file("e3"), "--copy"]),
      "schema": Case(missing: nil, bad: ["schema", "--format", "xml"], findings: nil, clean: ["schema"]),
      // A written report is exit 0 whatever it found: `validate` is the gate.
      "report": Case(
        missing: ["report", nowhere, "-o", folder.file("r1.html")],
        bad: ["report", demo, "-o", folder.file("r2.html"), "--projection", "sideways"], findings: nil,
        clean: ["report", demo, "-o", folder.file("r3.html"), "--quiet"]),
    ]
  }

  @Test func everyCommandKeepsTheContract() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let cases = try Self.cases(in: folder)
    let commands = AnnotaCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
    #expect(Set(cases.keys) == Set(commands), "every command has its cases")
    for command in commands.sorted() {
      guard let runs = cases[command] else { continue }
      if let missing = runs.missing {
        let run = try annota(missing)
        #expect(run.status == 2, "\(command), missing path: \(run.status) \(run.stderr)")
        #expect(
          run.stderr.contains("no-such-thing") && run.stderr.contains("no such") && !run.stderr.contains("Usage:"),
          "\(command): \(run.stderr)")
      }
      let bad = try annota(runs.bad)
      #expect(bad.status == 64, "\(command), bad argument: \(bad.status) \(bad.stderr)")
      #expect(bad.stderr.contains("Usage:") || bad.stderr.contains("See 'annota"), "\(command): \(bad.stderr)")
      if let findings = runs.findings {
        let run = try annota(findings)
        #expect(run.status == 1, "\(command), findings: \(run.status) \(run.stdout) \(run.stderr)")
      }
      let clean = try annota(runs.clean)
      #expect(clean.status == 0, "\(command), clean: \(clean.status) \(clean.stdout.suffix(400)) \(clean.stderr)")
    }
  }

  @Test func theStatusesAreTheDocumentedOnes() throws {
    #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 64])
    let reference = try String(contentsOfFile: Paths.project("docs/cli.md"), encoding: .utf8)
    for status in ExitStatus.allCases { #expect(reference.contains("**\(status.rawValue)**"), "\(status)") }
  }
}
