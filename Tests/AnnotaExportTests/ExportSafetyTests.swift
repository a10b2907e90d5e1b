// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What every layout promises: splits that do not leak, an output that appears whole or not at
/// all, a dataset that is only read; and ImageFolder's hard links.
@Suite struct ExportSafetyTests {
  @Test func identicalImagesInTwoSplitsStopTheExportBeforeAnythingIsWritten() async throws {
    let dataset = try TrainingFixture.semantic()
    defer { dataset.remove() }
    // img4 (test) becomes a byte copy of img1 (train).
    try FileManager.default.removeItem(atPath: dataset.file("images/img4.tif"))
    try FileManager.default.copyItem(atPath: dataset.file("images/img1.tif"), toPath: dataset.file("images/img4.tif"))
    let output = try TemporaryFolder()
    defer { output.remove() }
    for layout in [TrainingLayout.nnunet, .yolo, .coco] {
      let target = output.file(layout == .nnunet ? "Dataset504_Leak" : layout.rawValue)
      await #expect {
        try await TrainingExporter.export(dataset.path, to: target, options: .init(layout: layout))
      } throws: { error in
        let error = try #require(error as? ExportError)
        return error.code == .splitLeak && error.message.contains("img1 (train)")
          && error.message.contains("img4 (test)")
      }
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
  }

  @Test func oneFileUnderTwoImageIDsInTwoSplitsIsALeak() async throws {
    let dataset = try TrainingFixture.semantic()
    defer { dataset.remove() }
    let manifest = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
    try dataset.write(
      manifest.replacingOccurrences(of: "path: images/img4.tif", with: "path: images/img2.tif"), to: "annota.yaml")
    let output = try TemporaryFolder()
    defer { output.remove() }
    await #expect {
      try await TrainingExporter.export(dataset.path, to: output.file("c"), options: .init(layout: .coco))
    } throws: { ($0 as? ExportError)?.code == .splitLeak && "\($0)".contains("the same file") }
  }

  @Test func aFailureLeavesNoOutputAndNoTemporaryFolder() async throws {
    let dataset = try TrainingFixture.semantic()
    defer { dataset.remove() }
    // A label value the label table lacks is found only while writing, after files were copied.
    try FileManager.default.removeItem(atPath: dataset.file("labels/img3.tif"))
    try FileManager.default.copyItem(
      atPath: Paths.project("Fixtures/demo/masks/cells_01_mask.tif"), toPath: dataset.file("labels/img3.tif"))
    let output = try TemporaryFolder()
    defer { output.remove() }
    await #expect {
      try await TrainingExporter.export(dataset.path, to: output.file("c"), options: .init(layout: .coco))
    } throws: { "\($0)".contains("not in set regions's label table") || "\($0)".contains("64×48") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
  }

  @Test func aNonEmptyOutputIsRefused() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    try output.write("keep me", to: "yolo/notes.txt")
    await #expect {
      try await TrainingExporter.export(
        Paths.project("Fixtures/demo"), to: output.file("yolo"), options: .init(layout: .imageFolder))
    } throws: { ($0 as? ExportError)?.code == .conflict }
    #expect(try String(contentsOfFile: output.file("yolo/notes.txt"), encoding: .utf8) == "keep me")
  }

  @Test func theDatasetIsOnlyRead() async throws {
    let demo = Paths.project("Fixtures/demo")
    let files = FileManager.default.enumerator(atPath: demo)!.compactMap { $0 as? String }.sorted()
      .filter { !$0.hasSuffix("/") && FileManager.default.isReadableFile(atPath: demo + "/" + $0) }
    func digests() throws -> [String] {
      try files.map { path in
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: demo + "/" + path, isDirectory: &isFolder)
        return isFolder.boolValue ? path : try FileDigest.sha256(demo + "/" + path)
      }
    }
    let before = try digests()
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .yolo)
    options.sets = ["nuclei", "mitosis-boxes"]
    _ = try await TrainingExporter.export(demo, to: output.file("y"), options: options)
    _ = try await TrainingExporter.export(demo, to: output.file("i"), options: .init(layout: .imageFolder))
    #expect(try digests() == before)
  }

  @Test func imageFolderLinksOnOneFilesystemAndCopiesWhenAsked() async throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let output = try TemporaryFolder()
    defer { output.remove() }
    // Beside the dataset, so on its filesystem.
    let linked = dataset.path + "-if"
    defer { try? FileManager.default.removeItem(atPath: linked) }
    let result = try await TrainingExporter.export(dataset.path, to: linked, options: .init(layout: .imageFolder))
    #expect(result.images == ["train": 4, "val": 1, "test": 2])
    #expect(result.classes == ["high", "low"])
    #expect(result.links == 7)
    var source = stat()
    var target = stat()
    #expect(
      stat(dataset.file("images/cells_01.tif"), &source) == 0 && stat(linked + "/train/high/cells_01.tif", &target) == 0
    )
    #expect(source.st_ino == target.st_ino && source.st_nlink == 2)
    var options = TrainingExportOptions(layout: .imageFolder)
    options.copyOnly = true
    let copied = try await TrainingExporter.export(dataset.path, to: output.file("if"), options: options)
    #expect(copied.links == 0 && copied.files == 7)
    #expect(
      try FileDigest.sha256(output.file("if/test/high/cells_07.png"))
        == FileDigest.sha256(dataset.file("images/cells_07.png")))
  }

  @Test func twoMaskSetsForOneImageAskForAChoice() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    await #expect {
      try await TrainingExporter.export(
        Paths.project("Fixtures/demo"), to: output.file("c"), options: .init(layout: .coco))
    } throws: { ($0 as? ExportError)?.code == .ambiguous && "\($0)".contains("--set") }
    var options = TrainingExportOptions(layout: .coco)
    options.sets = ["nope"]
    await #expect {
      try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("c"), options: options)
    } throws: { ($0 as? ExportError)?.code == .unknownSet }
    options.sets = ["mitotic-index"]
    await #expect {
      try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("c"), options: options)
    } throws: { ($0 as? ExportError)?.code == .unsupported && "\($0)".contains("class_table") }
  }
}
