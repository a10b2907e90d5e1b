// SPDX-License-Identifier: Apache-2.0
import AnnotaTestSupport
import Foundation
import Testing

@testable import AnnotaReport

/// The report opened in a real browser: Debian's Chromium, driven by Selenium from the test venv
/// (`Tests/Peers/report_browser.py` measures; these tests judge).
@Suite(.enabled(if: Browser.available)) struct BrowserTests {
  @Test func theDemoReportOpensCleanOfflineWithEveryPictureDecoded() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let demo = Paths.project("Fixtures/demo")
    let comparison = try annota([
      "compare", demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--format", "json",
    ])
    let compareFile = try folder.write(comparison.stdout, to: "compare.json")
    let report = folder.file("report.html")
    let written = try annota(["report", demo, "-o", report, "--compare", compareFile, "--quiet"])
    #expect(written.status == 0, "\(written.stderr)")
    let page = try Browser.measure(report, ["--filter-checks", "--toggle-checks"])
    #expect(page.strings("console_errors") == [])
    #expect(page.strings("network_requests") == [])
    #expect(page.int("images") > 14 && page.int("images_decoded") == page.int("images"))
    #expect(page.int("missing_alt") == 0)
    #expect(page.int("cards") == 7 && page.int("visible_cards") == 7)
    #expect(page.strings("unlabelled_controls") == [])
    let filters = try #require(page["filters"] as? [String: Any])
    #expect((filters["split"] as? [String: Int]) == ["": 7, "train": 4, "validation": 1, "test": 2])
    #expect((filters["reset"] as? Int) == 7)
    // Each set's switch hides its masks or shapes on every card and shows them again; the second
    // annotator's masks start hidden.
    let toggles = try #require(page["toggles"] as? [String: [Int]])
    #expect(toggles["nuclei"] == [6, 0, 6])
    #expect(toggles["mitosis-boxes"] == [7, 0, 7])
    #expect(toggles["nuclei-review"] == [0, 6, 0])
  }

  @Test func masksShowTheirColourBackgroundStaysGreyFiltersAndLinksWork() async throws {
    let folder = try ReportFixture.dataset(unreadable: true)
    defer { folder.remove() }
    let report = folder.file("report.html")
    try DatasetReport.write(try await DatasetReport.build(folder.path), to: report)
    let screenshot = folder.file("shot.png")
    let page = try Browser.measure(
      report,
      [
        "--pixel", "card-1:20:15", "--pixel", "card-1:2:44", "--filter-checks", "--link-checks", "3", "--screenshot",
        screenshot,
      ])
    #expect(page.strings("console_errors") == [])
    #expect(page.strings("network_requests") == [])
    #expect(page.int("images_decoded") == page.int("images"))
    // The unreadable image is a card that says so, not a broken picture.
    #expect(page.int("cards") == 8 && page.int("images") == 14)
    let pixels = try #require(page["pixels"] as? [[String: Any]])
    let inside = try #require(pixels.first?["rgb"] as? [Int])
    let outside = try #require(pixels.last?["rgb"] as? [Int])
    // Magenta laid over grey: red and blue well above green inside the block; grey outside.
    #expect(inside[0] - inside[1] > 60 && inside[2] - inside[1] > 60, "\(inside)")
    #expect(abs(outside[0] - outside[1]) < 12 && abs(outside[2] - outside[1]) < 12, "\(outside)")
    let filters = try #require(page["filters"] as? [String: Any])
    #expect((filters["split"] as? [String: Int]) == ["": 8, "train": 4, "test": 4])
    #expect((filters["class"] as? [String: Int])?["block"] == 8)
    #expect((filters["findings"] as? Int) == 1)
    let links = try #require(page["links"] as? [[String: Any]])
    #expect(!links.isEmpty)
    for link in links { #expect(link["in_view"] as? Bool == true && link["hash_matches"] as? Bool == true, "\(link)") }
    let png = try Data(contentsOf: URL(fileURLWithPath: screenshot))
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
  }
}

/// Chromium and chromedriver from Debian, Selenium and Pillow from the test venv.
enum Browser {
  static let python = AnnotaTestSupport.python(with: ["selenium", "PIL"])
  static var available: Bool {
    python != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
  }

  /// Opens `report` and returns what the script measured.
  static func measure(_ report: String, _ arguments: [String]) throws -> [String: Any] {
    let python = try #require(python)
    let result = try runProcess(python, [Paths.project("Tests/Peers/report_browser.py"), report] + arguments)
    try #require(result.status == 0, "report_browser.py: \(result.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    return try #require(object as? [String: Any])
  }
}

extension [String: Any] {
  fileprivate func int(_ key: String) -> Int { self[key] as? Int ?? -1 }
  fileprivate func strings(_ key: String) -> [String] { (self[key] as? [Any])?.map { "\($0)" } ?? ["<missing \(key)>"] }
}
