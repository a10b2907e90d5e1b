// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Testing

/// Date-times without a time zone, as the BIA's own MIFA example writes version timestamps, are
/// read (as UTC) with a warning; anything else that is not a date-time stays an error.
@Suite("Date-times without a time zone")
struct TimeZoneTests {
  @Test(arguments: [
    ("2015-03-22 01:49:21", "MANIFEST-024"), ("2015-03-22T01:49:21", "MANIFEST-024"),
    ("2015-03-22T01:49:21.5", "MANIFEST-024"), ("2015-03-22T01:49:21Z", nil), ("2015-03-22T01:49:21+02:00", nil),
    ("2015-13-22 01:49:21", "MANIFEST-008"), ("2015-03-22 25:49:21", "MANIFEST-008"), ("2015-03-22", "MANIFEST-008"),
    ("2015-03-22 01:49", "MANIFEST-008"),
  ])
  func dateTimes(text: String, rule: String?) {
    #expect(StringFormat.dateTime.problem(with: text)?.rule.rawValue == rule, "\(text)")
  }

  @Test func theValueIsKeptAndTheManifestRead() throws {
    let text = TestManifest.yaml(
      set: TestManifest.geojsonSet(), tail: "versions:\n  - version: \"1.0\"\n    timestamp: \"2015-03-22 01:49:21\"")
    let result = TestManifest.read(text)
    #expect(result.diagnostics.map(\.rule.rawValue) == ["MANIFEST-024"])
    #expect(result.diagnostics.first?.severity == .warning)
    #expect(result.manifest?.versions.first?.timestamp == "2015-03-22 01:49:21")
  }
}
