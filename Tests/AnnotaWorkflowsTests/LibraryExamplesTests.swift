// SPDX-License-Identifier: Apache-2.0
import AnnotaExamples
import AnnotaImport
import AnnotaModel
import AnnotaPackaging
import AnnotaTestSupport
import AnnotaValidation
import AnnotaWorkflows
import Foundation
import Testing

/// docs/library.md's five tasks run on the demo (their code is the guide's), and the library packs
/// the bytes the CLI packs.
@Suite("Library examples")
struct LibraryExamplesTests {
  @Test func theGuidesCodeIsTheCompiledExamples() throws {
    let guide = try String(contentsOfFile: Paths.project("docs/library.md"), encoding: .utf8)
    let source = try String(contentsOfFile: Paths.project("Examples/LibraryTasks.swift"), encoding: .utf8)
    let tasks = try #require(guide.components(separatedBy: "## Five tasks").last)
    let blocks = tasks.components(separatedBy: "```swift\n").dropFirst().compactMap {
      $0.components(separatedBy: "```").first
    }
    #expect(blocks.count == 5)
    for block in blocks { #expect(source.contains(block), "not in Examples/LibraryTasks.swift:\n\(block)") }
  }

  @Test func theFiveTasksRunOnTheDemo() async throws {
    let demo = Paths.project("Fixtures/demo")
    let manifest = try LibraryTasks.readManifest(demo)
    #expect(manifest.images.count == 7 && manifest.studyComponents.count == 2)
    let report = await LibraryTasks.validate(demo)
    #expect(report.summary.errors == 0 && report.summary.couldNotCheck == 0)
    #expect(report.profiles.first { $0.name == "mifa" }?.satisfied == true)
    let review = try LibraryTasks.readToolFile(demo + "/coco/mitosis_review.json")
    #expect(review.images.map(\.name) == ["cells_05.tif", "cells_06.tif"])
    let labels = try LibraryTasks.labelObjects(demo + "/masks/cells_01_mask.tif")
    #expect(labels.width == 256 && !labels.labels.isEmpty)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    guard case .written(let written) = try await LibraryTasks.packForTheArchive(demo, to: folder.file("crate")) else {
      Issue.record("the demo was not packed")
      return
    }
    #expect(written.files > 20 && written.validation.hasPrefix("passed"))
    #expect(await CrateVerifier.verify(folder.file("crate")).findings.isEmpty)
  }

  /// A bag through the library and one through `annota pack` are the same files with the same bytes,
  /// `bag-info.txt` included.
  @Test func theLibraryPacksWhatTheCLIPacks() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let demo = Paths.project("Fixtures/demo")
    var options = DatasetPacker.Options(target: .bagit)
    options.width = 2
    guard case .written = try await DatasetPacker.pack(demo, to: folder.file("library"), options: options) else {
      Issue.record("the demo was not packed")
      return
    }
    let cli = try annota(["pack", "--target", "bagit", demo, "-o", folder.file("cli")])
    #expect(cli.status == 0, "\(cli.stderr)")
    let listing = { (root: String) throws -> [String] in
      try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
    }
    let files = try listing(folder.file("library"))
    #expect(files == (try listing(folder.file("cli"))))
    #expect(files.contains("bag-info.txt"))
    for file in files {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder.file("library/" + file), isDirectory: &isDirectory),
        !isDirectory.boolValue
      else { continue }
      #expect(
        FileManager.default.contents(atPath: folder.file("library/" + file))
          == FileManager.default.contents(atPath: folder.file("cli/" + file)), "\(file)")
    }
  }
}
