// SPDX-License-Identifier: Apache-2.0
import AnnotaTestSupport
import Foundation
import Testing

@testable import AnnotaReport

/// `--compare` files: a real result reads; malformed, truncated and hostile ones are clear errors.
@Suite struct ComparisonResultsTests {
  @Test func aRealResultReads() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let result = try annota([
      "compare", Paths.project("Fixtures/demo"), "--reference", "nuclei", "--candidate", "nuclei-review",
      "--format", "json",
    ])
    let read = try ComparisonResults.read(try folder.write(result.stdout, to: "compare.json"))
    #expect(read.images.count == 6 && read.images.allSatisfy { $0.score != nil })
    #expect(read.scoreName == "F1 at IoU 0.5")
  }

  @Test(arguments: [
    ("truncated", "{\"schema\": \"annota-compare/1\", \"reference\": \"a\", \"images\": ["),
    ("empty", ""),
    ("not JSON", "\u{0}\u{1}binary\u{FF}"),
    ("wrong types", "{\"schema\": 1, \"reference\": \"a\", \"candidate\": \"b\", \"mode\": \"x\", \"images\": {}}"),
    (
      "another schema",
      "{\"schema\": \"coco/1\", \"reference\": \"a\", \"candidate\": \"b\", \"mode\": \"x\", \"images\": []}"
    ),
    ("deep", String(repeating: "[", count: 100_000)),
  ])
  func malformedResultsAreClearErrors(name: String, text: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(text, to: "\(name).json")
    do {
      _ = try ComparisonResults.read(path)
      Issue.record("\(name) must not read")
    } catch {
      #expect(error.code == .badComparison)
      #expect(error.message.contains("annota compare"), "says how to make one: \(error.message)")
    }
  }

  @Test func aMissingFileIsAClearError() {
    #expect(throws: ReportError.self) { try ComparisonResults.read("/nonexistent/compare.json") }
  }
}
