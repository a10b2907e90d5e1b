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
    let text = """
      annota: "0.1"
      study:
        title: A title long enough for REMBI's minimum
        description: A description long enough for REMBI's minimum.
        authors:
          - name: Ada Example
        licence: CC-BY-4.0
      images:
        - id: img01
          path: images/img01.tif
      annotation_sets:
        - id: boxes
          name: Boxes
          overview: Boxes around cells.
          types: [bounding_boxes]
          encoding: geojson
          files:
            - path: shapes/img01.geojson
              image: img01
      versions:
        - version: "1.0"
          timestamp: "2015-03-22 01:49:21"

      """
    let result = ManifestReader.read(bytes: Array(text.utf8), syntax: .yaml, file: "annota.yaml")
    #expect(result.diagnostics.map(\.rule.rawValue) == ["MANIFEST-024"])
    #expect(result.diagnostics.first?.severity == .warning)
    #expect(result.manifest?.versions.first?.timestamp == "2015-03-22 01:49:21")
  }
}
