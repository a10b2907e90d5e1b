// SPDX-License-Identifier: Apache-2.0
import AnnotaTestSupport
import Foundation
import Testing

/// `annota export --to croissant|bioimageio|zenodo|datacite` and `validate --profile` for them, as a
/// user runs them on the demo: a printed record stays clean JSON (the summary goes to standard
/// error), a gap is exit 2 with the manifest field, bad arguments are exit 64.
@Suite("Export records (CLI)")
struct ExportRecordCommandTests {
  @Test(arguments: ["zenodo", "datacite", "croissant"])
  func aPrintedRecordIsJSONAndTheSummaryGoesToStandardError(_ target: String) throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let run = try annota(["export", demo.path, "--to", target, "--format", "json"])
    #expect(run.status == 0, "\(run.stderr)")
    let record = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    #expect(record is [String: Any])
    let summary = try #require(run.stderr.split(separator: "\n").last)
    let parsed = try #require(try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any])
    #expect(parsed["target"] as? String == target)
  }

  @Test func bioimageioWritesItsFolderAndNamesWhatIsMissing() throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let output = demo.path + "-bioimageio"
    defer { try? FileManager.default.removeItem(atPath: output) }
    let run = try annota(["export", demo.path, "--to", "bioimageio", "-o", output])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains("wrote bioimageio record: \(output)/rdf.yaml, \(output)/README.md, \(output)/cover.png"))
    // The demo's author has no GitHub user: bioimage.io's one warning, said before it is met.
    #expect(run.stdout.contains("recommended: annota.yaml#/study/authors: study.authors[].github_user is missing"))
    #expect(FileManager.default.fileExists(atPath: output + "/cover.png"))
  }

  @Test func aGapIsExitTwoNamingTheManifestField() throws {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    let manifest = demo.file("annota.yaml")
    let text = try String(contentsOfFile: manifest, encoding: .utf8)
    try text.replacingOccurrences(of: "  release_date: \"2026-11-22\"\n", with: "").write(
      toFile: manifest, atomically: true, encoding: .utf8)
    let run = try annota(["export", demo.path, "--to", "datacite", "-o", demo.file("datacite.json")])
    #expect(run.status == 2)
    #expect(
      run.stderr.contains(
        "annota.yaml#/study/release_date: study.release_date is missing or not a date (YYYY-MM-DD) (publicationYear)"))
    #expect(!FileManager.default.fileExists(atPath: demo.file("datacite.json")))
    let validate = try annota(["validate", demo.path, "--profile", "datacite"])
    #expect(validate.status == 1)
    #expect(validate.stdout.contains("error[DATACITE-001]: study.release_date is missing or not a date"))
  }

  @Test(arguments: [
    ["--to", "croissant", "--community", "ai4life"], ["--to", "bioimageio"], ["--to", "yolo"], ["--to", "schema-org"],
    ["--to", "zenodo", "--set", "nuclei"], ["--to", "croissant", "--task", "detect"],
  ])
  func badArgumentsAreExit64(_ arguments: [String]) throws {
    let run = try annota(["export", Paths.project("Fixtures/demo")] + arguments)
    #expect(run.status == 64, "\(arguments): \(run.stderr)")
  }
}
