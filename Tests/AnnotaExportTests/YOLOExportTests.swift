// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// `annota export --to yolo`: the layout, `data.yaml`, and label files that pass the per-image
/// checks Ultralytics' `verify_image_label` performs (wave2-formats §5.3), reproduced here; masks
/// traced to polygons that draw back to their pixels.
@Suite struct YOLOExportTests {
  /// What Ultralytics' `verify_image_label` would reject in a label file (its rules, in its order).
  static func ultralyticsProblems(_ text: String, classes: Int) -> [String] {
    let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: " ").map(String.init) }
      .filter { !$0.isEmpty }
    let segments = rows.contains { $0.count > 6 }
    var problems: [String] = []
    for row in rows {
      let values = row.compactMap(Double.init)
      guard values.count == row.count else {
        problems.append("not numbers: \(row)")
        continue
      }
      if segments {
        if row.count == 5 { problems.append("labels mix segment and detection rows") }
        if row.count < 7 || row.count % 2 == 0 { problems.append("a polygon needs class + ≥ 3 points: \(row.count)") }
      } else if row.count != 5 {
        problems.append("labels require 5 columns, \(row.count) columns detected")
      }
      guard let first = values.first, first == first.rounded(), first >= 0, Int(first) < classes else {
        problems.append("class \(row[0]) exceeds dataset class count \(classes)")
        continue
      }
      if values.dropFirst().contains(where: { $0 > 1.01 }) { problems.append("non-normalized or out of bounds") }
      if values.dropFirst().contains(where: { $0 < -0.01 }) { problems.append("negative label values") }
    }
    if Set(rows).count != rows.count { problems.append("duplicate labels removed") }
    return problems
  }

  @Test func theDemoExportsToAYOLOFolderUltralyticsAccepts() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .yolo)
    options.sets = ["nuclei", "mitosis-boxes"]
    let target = output.file("yolo")
    let result = try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: target, options: options)
    #expect(result.images == ["train": 4, "val": 1, "test": 2])
    #expect(result.classes == ["nucleus", "mitotic cell"])
    let yaml = try String(contentsOfFile: target + "/data.yaml", encoding: .utf8)
    #expect(!yaml.contains("download"), "Ultralytics executes a download: key")
    #expect(yaml.contains("nc: 2\n") && yaml.contains("  0: \"nucleus\"\n  1: \"mitotic cell\"\n"))
    #expect(yaml.contains("train: images/train\nval: images/val\ntest: images/test\n"))
    var rows = 0
    for split in ["train", "val", "test"] {
      for image in try FileManager.default.contentsOfDirectory(atPath: target + "/images/" + split) {
        let size = try #require(ImageSize.of(target + "/images/\(split)/\(image)"))
        #expect(size.width >= 10 && size.height >= 10)
        let stem = String(image[..<image.lastIndex(of: ".")!])
        let text = try String(contentsOfFile: target + "/labels/\(split)/\(stem).txt", encoding: .utf8)
        #expect(Self.ultralyticsProblems(text, classes: 2).isEmpty, "\(split)/\(stem)")
        rows += text.split(separator: "\n").count
      }
    }
    #expect(rows == result.objects && rows > 100)
  }

  @Test func polygonsDrawBackToTheMaskPixels() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .yolo)
    options.sets = ["nuclei"]
    _ = try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("yolo"), options: options)
    let volume = try LabelVolume.read(path: Paths.project("Fixtures/demo/masks/cells_01_mask.tif"))
    let text = try String(contentsOfFile: output.file("yolo/labels/train/cells_01.txt"), encoding: .utf8)
    var drawn = [UInt32](repeating: 0, count: volume.width * volume.height)
    for line in text.split(separator: "\n") {
      let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
      let ring = stride(from: 0, to: values.count, by: 2).map {
        [(values[$0] * Double(volume.width)).rounded(), (values[$0 + 1] * Double(volume.height)).rounded()]
      }
      let mask = try #require(ShapeRaster.polygon(ring))
      let bits = mask.bits
      for y in 0..<mask.height {
        for x in 0..<mask.width where bits[y * mask.width + x] == 1 {
          drawn[(y + mask.top) * volume.width + x + mask.left] += 1
        }
      }
    }
    // Every nucleus pixel is covered once, and nothing else (the demo's nuclei are solid, one part).
    let labels = volume.labels
    let mismatched = labels.indices.filter { (labels[$0] != 0 ? 1 : 0) != drawn[$0] }
    #expect(mismatched.isEmpty, "\(mismatched.count) pixel(s) differ")
  }

  @Test func detectRowsAreBoxesAroundEachObject() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .yolo)
    options.yoloTask = .detect
    let dataset = try TrainingFixture.semantic()
    defer { dataset.remove() }
    let result = try await TrainingExporter.export(dataset.path, to: output.file("y"), options: options)
    let text = try String(contentsOfFile: output.file("y/labels/train/img1.txt"), encoding: .utf8)
    // cytoplasm block x 4..<24, y 4..<20 of 64×48: centre (14, 12), size 20×16.
    #expect(text == "0 0.21875 0.25 0.3125 0.333333\n1 0.625 0.6875 0.3125 0.291667\n")
    #expect(Self.ultralyticsProblems(text, classes: 2).isEmpty)
    #expect(result.classes == ["cytoplasm", "nucleus"])
  }

  @Test func theIgnoreLabelIsLeftOutOfYOLOAndCOCO() async throws {
    let dataset = try TrainingFixture.semantic(ignore: true)
    defer { dataset.remove() }
    let output = try TemporaryFolder()
    defer { output.remove() }
    for layout in [TrainingLayout.yolo, .coco] {
      let result = try await TrainingExporter.export(
        dataset.path, to: output.file(layout.rawValue), options: .init(layout: layout))
      #expect(result.classes == ["cytoplasm", "nucleus"], "\(layout)")
      #expect(result.notes.contains { $0.contains("4 ignore region(s) left out") }, "\(layout): \(result.notes)")
    }
    let text = try String(contentsOfFile: output.file("yolo/labels/train/img1.txt"), encoding: .utf8)
    #expect(Self.ultralyticsProblems(text, classes: 2).isEmpty)
  }

  @Test func theCheckerCatchesWhatUltralyticsRejects() {
    #expect(!Self.ultralyticsProblems("0 0.5 0.5 0.2 0.2 0.1\n", classes: 1).isEmpty)
    #expect(!Self.ultralyticsProblems("0 1.2 0.5 0.2 0.2\n", classes: 1).isEmpty)
    #expect(!Self.ultralyticsProblems("3 0.5 0.5 0.2 0.2\n", classes: 2).isEmpty)
    #expect(!Self.ultralyticsProblems("0 0.1 0.1 0.2 0.1 0.2 0.2 0.1 0.2\n0 0.5 0.5 0.1 0.1\n", classes: 1).isEmpty)
  }

  @Test func aSplitYOLOHasNoPlaceForIsAnError() async throws {
    let dataset = try TrainingFixture.semantic(splits: ["train", "holdout"])
    defer { dataset.remove() }
    try dataset.write(
      try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "- name: test", with: "- name: holdout"), to: "annota.yaml")
    let output = try TemporaryFolder()
    defer { output.remove() }
    await #expect {
      try await TrainingExporter.export(dataset.path, to: output.file("y"), options: .init(layout: .yolo))
    } throws: { ($0 as? ExportError)?.code == .unsupported && "\($0)".contains("holdout") }
    #expect(!FileManager.default.fileExists(atPath: output.file("y")))
    #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty, "no temporary folder is left")
  }
}
