// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaValidation
import Testing

/// Waivers accept findings without hiding them.
@Suite("Waivers")
struct WaiverTests {
  static let findings = [
    Diagnostic(
      rule: "FILE-002", severity: .warning, message: "unlisted", location: SourceLocation(file: "images/extra.tif")),
    Diagnostic(
      rule: "FILE-002", severity: .warning, message: "unlisted", location: SourceLocation(file: "raw/deep/x.tif")),
    Diagnostic(rule: "MASK-002", severity: .error, message: "size", location: SourceLocation(file: "masks/a.tif")),
  ]

  func report(_ tsv: String, today: String = "2026-11-22") throws -> ValidationReport {
    ValidationReport(dataset: "d", diagnostics: Self.findings, unchecked: [], files: 3, bytes: 0)
      .waiving(try Waivers(tsv: tsv), today: today)
  }

  @Test func waivedFindingsStayListedButStopCounting() throws {
    let waived = try report("rule\ttarget\treason\nMASK-002\tmasks/*.tif\tresampled on purpose\n")
    #expect(waived.diagnostics.count == 3)
    #expect(waived.diagnostics.first { $0.rule == "MASK-002" }?.waived == "resampled on purpose")
    #expect(waived.summary.errors == 0 && waived.summary.warnings == 2 && waived.summary.waived == 1)
    #expect(!waived.fails(at: .error) && waived.fails(at: .warning))
  }

  @Test func globsMatchWithinAndAcrossSegments() throws {
    let single = try report("rule\ttarget\treason\nFILE-002\t*/*.tif\tcontrols\n")
    #expect(single.diagnostics.filter { $0.waived != nil }.map(\.location.file) == ["images/extra.tif"])
    let deep = try report("rule\ttarget\treason\nFILE-002\t**/*.tif\tcontrols\n")
    #expect(deep.diagnostics.filter { $0.waived != nil }.count == 2)
    let exact = try report("rule\ttarget\treason\nFILE-002\timages/extr?.tif\tcontrols\n")
    #expect(exact.summary.waived == 1)
    let otherRule = try report("rule\ttarget\treason\nFILE-001\t**\tnot this rule\n")
    #expect(otherRule.summary.waived == 0)
  }

  @Test func expiredWaiversNoLongerApply() throws {
    let text = "rule\ttarget\treason\texpires\nMASK-002\t**\ttemporary\t2026-11-21\n"
    #expect(try report(text).summary.waived == 0)
    #expect(try report(text, today: "2026-11-21").summary.waived == 1, "the expiry day itself still counts")
  }

  @Test(arguments: [
    ("target\treason\nx\ty\n", 1), ("rule\ttarget\treason\nFILE-2\tx\ty\n", 2),
    ("rule\ttarget\treason\nFILE-002\tx\t\n", 2), ("rule\ttarget\treason\texpires\nFILE-002\tx\ty\tsoon\n", 2),
    ("rule\ttarget\treason\nFILE-002\tx\n", 2),
  ])
  func badWaiverFilesNameTheRow(text: String, row: Int) {
    #expect {
      try Waivers(tsv: text)
    } throws: { error in
      // Row 1 is the header: the code says which kind of mistake it is.
      (error as? Waivers.ParseError).map { $0.row == row && ($0.code == .header) == (row == 1) } == true
    }
  }
}
