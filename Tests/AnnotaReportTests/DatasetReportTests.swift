// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

@testable import AnnotaReport

/// The page `annota report` writes: what it holds, what it escapes, what it refuses.
@Suite struct DatasetReportTests {
  @Test func holdsEverySectionAndACardPerImage() async throws {
    let folder = try ReportFixture.dataset()
    defer { folder.remove() }
    let document = try await DatasetReport.build(folder.path)
    let html = document.html
    for id in ["summary", "findings", "plots", "gallery"] { expectContains(html, "<section id=\"\(id)\"") }
    expectLacks(html, "id=\"compare\"")
    #expect(document.cards == 8 && document.images == 8 && document.sampling == nil)
    let cards = html.components(separatedBy: "<article class=\"card\"").count - 1
    #expect(cards == 8)
    // Every thumbnail and layer is inline; the shapes are SVG in image coordinates.
    let pictures = html.components(separatedBy: "src=\"data:image/png;base64,").count - 1
    #expect(pictures == 16)
    expectContains(html, "viewBox=\"0 0 64 48\"")
    expectContains(html, "<circle class=\"point\" cx=\"50\" cy=\"40\"")
    // Objects per class: a block region per image (semantic) and two shapes per image.
    expectContains(html, "<tr><td>block</td><td>8</td><td>8</td></tr>")
    expectContains(html, "<tr><td>cell</td><td>16</td><td>8</td></tr>")
    // Nothing is fetched: no URL but data URIs in any src.
    expectLacks(html, "src=\"http")
    expectLacks(html, "<link")
  }

  @Test func escapesMarkupFromTheDatasetEverywhere() async throws {
    let folder = try ReportFixture.dataset(hostile: true)
    defer { folder.remove() }
    let html = try await DatasetReport.build(folder.path).html
    // One script: the page's own. Titles, ids and file names with markup come out as text.
    let scripts = html.components(separatedBy: "<script").count - 1
    #expect(scripts == 1)
    expectLacks(html, "alert(1)</script>")
    expectLacks(html, "<b>1")
    expectContains(html, "&lt;script&gt;alert(1)&lt;/script&gt;")
    expectContains(html, "img&lt;b&gt;1")
    expectContains(html, "<title>Annota report: Blocks &lt;/title&gt;&lt;script&gt;alert(&apos;title&apos;)")
  }

  @Test func anImageThatCannotBeReadIsACardSayingSo() async throws {
    let folder = try ReportFixture.dataset(unreadable: true)
    defer { folder.remove() }
    let document = try await DatasetReport.build(folder.path)
    #expect(document.report.summary.errors > 0)
    // Findings first: the broken image's card leads the gallery, says why, and has no picture.
    let gallery = try #require(document.html.range(of: "<div id=\"cards\">"))
    let rest = document.html[gallery.upperBound...]
    let first = String(rest[..<(rest.range(of: "</article>")?.upperBound ?? rest.endIndex)])
    try? document.html.write(toFile: "/tmp/rep/unreadable.html", atomically: true, encoding: .utf8)
    let leads = first.hasPrefix("<article class=\"card\" id=\"card-0\"")
    let saysSo = first.contains("Could not be drawn.")
    let noPicture = !first.contains("<img class=\"thumb\"")
    #expect(leads && saysSo && noPicture)
    let linked = document.html.contains("<a class=\"finding-link\" href=\"#card-0\">")
    let failed = document.html.contains("Validation failed")
    #expect(linked && failed)
  }

  @Test func batchEffectsArePlottedWithTheRuleThresholds() async throws {
    let folder = try ReportFixture.dataset(images: 12, shifted: true)
    defer { folder.remove() }
    let document = try await DatasetReport.build(folder.path)
    #expect(document.report.diagnostics.contains { $0.rule.rawValue == "ML-006" })
    expectContains(document.html, "Batch effects between splits")
    expectContains(document.html, "Mean intensity per split")
    // The flagged statistic carries the mark in its table: D = 1 between the shifted splits.
    expectContains(document.html, "<td>1 ⚠</td>")
  }

  @Test func theSameDatasetGivesTheSameBytes() async throws {
    let folder = try ReportFixture.dataset()
    defer { folder.remove() }
    let first = try await DatasetReport.build(folder.path).html
    let second = try await DatasetReport.build(folder.path).html
    let same = first == second
    #expect(same)
  }

  @Test func refusesToOverwriteAFileOfTheDataset() async throws {
    let folder = try ReportFixture.dataset(images: 2)
    defer { folder.remove() }
    let document = try await DatasetReport.build(folder.path)
    for target in ["annota.yaml", "images/img0.tif", "labels/img1.tif"] {
      let before = try Data(contentsOf: URL(fileURLWithPath: folder.file(target)))
      #expect(throws: ReportError.self) { try DatasetReport.write(document, to: folder.file(target)) }
      #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file(target))) == before)
    }
    try DatasetReport.write(document, to: folder.file("report.html"))
    let written = try String(contentsOfFile: folder.file("report.html"), encoding: .utf8) == document.html
    #expect(written)
  }

  @Test func theDemoListsClassTableLabelsAndKeepsTwoAnnotatorsApart() async throws {
    let html = try await DatasetReport.build(Paths.project("Fixtures/demo")).html
    expectContains(html, "<dt>Labels</dt><dd>mitotic-index: high</dd>")
    expectContains(html, "<tr><td>nucleus (nuclei)</td><td>100</td><td>6</td></tr>")
    expectContains(html, "<tr><td>nucleus (nuclei-review)</td>")
    // Label-table coverage counts the class table's labelled images.
    expectContains(html, "<tr><td>1</td><td>high</td><td>")
    expectLacks(html, "Never counted: high")
  }

  @Test func aComparisonShowsEveryImageWorstFirstWithBothOutlines() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let demo = Paths.project("Fixtures/demo")
    let result = try annota([
      "compare", demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--format", "json",
    ])
    var options = DatasetReport.Options()
    options.comparison = try folder.write(result.stdout, to: "compare.json")
    let html = try await DatasetReport.build(demo, options: options).html
    expectContains(html, "<section id=\"compare\"")
    expectContains(html, "worst F1 at IoU 0.5 first")
    let drawn = html.components(separatedBy: "<article class=\"compare-card\"").count - 1
    #expect(drawn == 6)
    let reference = html.components(separatedBy: "alt=\"reference outlines\"").count - 1
    let candidate = html.components(separatedBy: "alt=\"candidate outlines\"").count - 1
    #expect(reference == 6 && candidate == 6)
    // Worst first: the scores in the table never fall.
    let table = try #require(html.range(of: "<th scope=\"col\">Candidate</th></tr></thead><tbody>"))
    let scores = html[table.upperBound...].split(separator: "<tr><td>").prefix(6).compactMap { row in
      row.split(separator: "<td>").dropFirst().first.flatMap { Double($0.prefix { $0 != "<" }) }
    }
    #expect(scores.count == 6 && scores == scores.sorted())
  }

  @Test func aHundredThousandImagesGiveAPageWithinTheCaps() async throws {
    // 100 000 listed images none of which is on disk: 100 000 errors, every image a candidate card.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = "annota: \"0.2\"\nstudy:\n  title: A hundred thousand missing images\n"
    manifest +=
      "  description: Listed, never written.\n  authors:\n    - name: Test Author\n  licence: CC0-1.0\nimages:\n"
    for index in 0..<100_000 {
      manifest += "  - {id: i\(index), path: images/i\(index).tif, split: \(index % 10 < 8 ? "train" : "test")}\n"
    }
    manifest += "splits:\n  - name: train\n  - name: test\n"
    _ = try folder.write(manifest, to: "annota.yaml")
    var options = DatasetReport.Options()
    options.profiles = []
    let document = try await DatasetReport.build(folder.path, options: options)
    #expect(document.images == 100_000 && document.cards == 200)
    #expect(document.report.summary.errors >= 100_000)
    #expect(document.sampling?.hasPrefix("200 of 100000 images have a card") == true)
    let html = document.html
    #expect(html.utf8.count < 2_000_000)
    let cards = html.components(separatedBy: "<article class=\"card\"").count - 1
    let unreadable = html.components(separatedBy: "<strong>Could not be drawn.</strong>").count - 1
    #expect(cards == 200 && unreadable == 200)
    expectContains(html, "<p class=\"sampling\">200 of 100000 images have a card")
    expectContains(html, "… and 99800 more (all are in <code>annota validate --format json</code>)")
  }

  @Test func floatImagesAndChannelsAreDrawnAsFijiWould() async throws {
    let folder = try ReportFixture.dataset(images: 2)
    defer { folder.remove() }
    let (width, height) = (ReportFixture.width, ReportFixture.height)
    // img0: float32 with negative values; img1: two pages the manifest declares as channels.
    let floats = (0..<width * height).map { Float($0 % width) - 20.5 }
    let bytes = floats.withUnsafeBytes { Array($0) }
    try TIFFWriter.write(
      [try Plane(width: width, height: height, sampleType: .float32, bytes: bytes)], to: folder.file("images/img0.tif"))
    let channel = { (offset: Int) in
      try Plane(width: width, height: height, uint16: (0..<width * height).map { UInt16(($0 + offset) % 4096) })
    }
    try TIFFWriter.write([try channel(0), try channel(999)], to: folder.file("images/img1.tif"))
    let manifestPath = folder.file("annota.yaml")
    var manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
    let second = try #require(manifest.range(of: "path: \"images/img1.tif\"\n    dimensions: {x: 64, y: 48}"))
    manifest.replaceSubrange(second, with: "path: \"images/img1.tif\"\n    dimensions: {x: 64, y: 48, c: 2}")
    try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
    let html = try await DatasetReport.build(folder.path).html
    expectLacks(html, "Could not be drawn.")
    // PNG colour type (IHDR byte 25): grey for the float image, RGB for the composite.
    func colourType(card: Int) throws -> UInt8 {
      let start = try #require(html.range(of: "id=\"card-\(card)\""))
      let src = try #require(html[start.upperBound...].range(of: "<img class=\"thumb\" src=\"data:image/png;base64,"))
      let base64 = html[src.upperBound...].prefix { $0 != "\"" }
      return try #require(Data(base64Encoded: String(base64))).dropFirst(25).first ?? 255
    }
    #expect(try colourType(card: 0) == 0)
    #expect(try colourType(card: 1) == 2)
  }

  @Test func findingsTheValidatorCountedWithoutListingAreCounted() async throws {
    // One instance mask in which each of 30 instances lies in two separate pieces: MASK-007 thirty
    // times, of which the validator lists 20 and counts the rest.
    let folder = try ReportFixture.dataset(images: 2)
    defer { folder.remove() }
    var labels = [UInt8](repeating: 0, count: ReportFixture.width * ReportFixture.height)
    for value in 1...30 {
      labels[2 * ReportFixture.width + 2 * value] = UInt8(value)
      labels[10 * ReportFixture.width + 2 * value] = UInt8(value)
    }
    try TIFFWriter.write(
      [try Plane(width: ReportFixture.width, height: ReportFixture.height, uint8: labels)],
      to: folder.file("labels/img0.tif"))
    let manifestPath = folder.file("annota.yaml")
    let manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
      .replacingOccurrences(of: "kind: semantic", with: "kind: instance")
    try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
    let document = try await DatasetReport.build(folder.path)
    #expect(document.report.omitted.contains { $0.rule.rawValue == "MASK-007" })
    let html = document.html
    expectContains(html, "<code>MASK-007</code> Instance id split into disconnected parts — 30</summary>")
    expectContains(html, "<summary><code>labels/img0.tif</code> — 30</summary>")
    expectContains(html, "<dt>Findings</dt><dd>30</dd>")
  }

  @Test func neverOverwritesTheComparisonItShows() async throws {
    let folder = try ReportFixture.dataset(images: 2)
    defer { folder.remove() }
    let demo = Paths.project("Fixtures/demo")
    let result = try annota([
      "compare", demo, "--reference", "nuclei", "--candidate", "nuclei-review", "--format", "json",
    ])
    var options = DatasetReport.Options()
    let comparison = try folder.write(result.stdout, to: "compare.json")
    options.comparison = comparison
    let document = try await DatasetReport.build(demo, options: options)
    #expect(throws: ReportError.self) { try DatasetReport.write(document, to: comparison) }
    #expect(try String(contentsOfFile: comparison, encoding: .utf8) == result.stdout)
  }

  @Test func aFileIsNoDataset() async throws {
    let folder = try ReportFixture.dataset(images: 2)
    defer { folder.remove() }
    do {
      _ = try await DatasetReport.build(folder.file("labels/img0.tif"))
      Issue.record("one file must not give a report")
    } catch {
      #expect(error.code == .noDataset && error.message.contains("it is a file, not a dataset folder"))
    }
  }

  @Test func aMalformedShapesFileIsANoteOnItsCardNotABrokenPage() async throws {
    let folder = try ReportFixture.dataset(images: 2)
    defer { folder.remove() }
    let shapes = try String(contentsOfFile: folder.file("shapes/img0.geojson"), encoding: .utf8)
    try String(shapes.prefix(60)).write(toFile: folder.file("shapes/img0.geojson"), atomically: true, encoding: .utf8)
    let html = try await DatasetReport.build(folder.path).html
    expectContains(html, "shapes/img0.geojson could not be drawn:")
    let cards = html.components(separatedBy: "<img class=\"thumb\"").count - 1
    #expect(cards == 2)
  }

  @Test func noDatasetIsAClearError() async throws {
    do {
      _ = try await DatasetReport.build("/nonexistent/dataset")
      Issue.record("a missing dataset must not give a report")
    } catch {
      #expect(error.code == .noDataset)
      #expect(error.message.contains("no such dataset folder"))
    }
  }

  @Test func aComparisonFileThatIsNoResultIsRefused() async throws {
    let folder = try ReportFixture.dataset(images: 2)
    defer { folder.remove() }
    let bogus = try folder.write("{\"schema\": \"something-else/1\"}", to: "bogus.json")
    var options = DatasetReport.Options()
    options.comparison = bogus
    await #expect(throws: ReportError.self) { try await DatasetReport.build(folder.path, options: options) }
  }
}

/// Records an issue naming `piece` when `html` lacks it (without printing the whole page).
func expectContains(_ html: String, _ piece: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
  if !html.contains(piece) { Issue.record("the page lacks \(piece)", sourceLocation: sourceLocation) }
}

/// Records an issue naming `piece` when `html` holds it.
func expectLacks(_ html: String, _ piece: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
  if html.contains(piece) { Issue.record("the page holds \(piece)", sourceLocation: sourceLocation) }
}
