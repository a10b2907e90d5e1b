// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaTIFF
import AnnotaTestSupport
import AnnotaValidation
import AnnotaWorkflows
import Foundation
import Testing

/// Crates written by the one-pass pack, checked by the BioImage Archive's own validator.
///
/// The demo's, and a generated study of 2 000 images with their instance masks. Skipped only where
/// the validator cannot run (no `../shared`, or its exit status 3: no Python 3.13).
@Suite("One-pass crates and the BIA validator")
struct BIAValidatorPackTests {
  /// `count` 32 × 32 uint16 images with an instance mask each, described by the demo's study.
  static func generated(_ count: Int, in folder: TemporaryFolder) throws -> String {
    let root = folder.file("study")
    for sub in ["images", "masks"] {
      try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
    }
    let demo = try String(contentsOfFile: Paths.project("Fixtures/demo/annota.yaml"), encoding: .utf8)
    let lines = demo.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func section(_ start: String, until end: String) -> [String] {
      let from = lines.firstIndex(of: start)!
      let to = lines[(from + 1)...].firstIndex { $0 == end || ($0.first?.isLetter == true && end.isEmpty) }!
      return Array(lines[from..<to])
    }
    var random = SeededGenerator(seed: 23)
    var images = ["images:"]
    for index in 0..<count {
      let name = String(format: "img%04d", index)
      let samples = (0..<32 * 32).map { _ in UInt16.random(in: 100...4000, using: &random) }
      try TIFFWriter.write([try Plane(width: 32, height: 32, uint16: samples)], to: "\(root)/images/\(name).tif")
      let mask = (0..<32 * 32).map { UInt16(($0 % 32 > 8 && $0 % 32 < 20 && $0 / 32 > 8 && $0 / 32 < 20) ? 1 : 0) }
      try TIFFWriter.write([try Plane(width: 32, height: 32, uint16: mask)], to: "\(root)/masks/\(name)_mask.tif")
      let split = index % 10 < 8 ? "train" : index % 10 == 8 ? "validation" : "test"
      images += [
        "  - id: \(name)", "    path: images/\(name).tif", "    format: tiff",
        "    physical_size: {x: 0.65, y: 0.65, unit: um}", "    split: \(split)", "    biosample: u2os-hoechst",
        "    specimen: fixed-hoechst", "    acquisition: widefield-20x", "    component: tiff-series",
      ]
    }
    // The demo's study without its PNG component and that component's acquisition.
    var head = Array(lines[..<lines.firstIndex(of: "  - id: png-export")!])
      .map { $0 == "    exemplar_image: cells_01" ? "    exemplar_image: img0000" : $0 }
    let png = head.firstIndex(of: "  - id: widefield-20x-png")!
    head.removeSubrange(png..<head[png...].firstIndex(of: "")!)
    let tables = section("label_tables:", until: "annotation_sets:")
    let nuclei = section("annotation_sets:", until: "  - id: mitosis-boxes")
      .map { $0.hasPrefix("    coverage:") ? "    coverage: Every image." : $0 }
    let tail = Array(lines[lines.firstIndex(of: "splits:")!...])
    try (head + images + tables + nuclei + tail).joined(separator: "\n")
      .write(toFile: root + "/annota.yaml", atomically: true, encoding: .utf8)
    return root
  }

  static func packAndCheck(_ dataset: String, into folder: TemporaryFolder) async throws {
    var options = DatasetPacker.Options(target: .bia)
    options.check = .reread
    let outcome = try await DatasetPacker.pack(dataset, to: folder.file("crate"), options: options)
    guard case .written(let written) = outcome else {
      if case .refused(let report, let reason) = outcome {
        Issue.record("not packed: \(reason): \(report.diagnostics.prefix(5).map(\.description))")
      }
      return
    }
    #expect(written.report.summary.errors == 0)
    guard let run = try BIAValidator.run(folder.file("crate")) else { return }
    #expect(run.status == 0, "the BIA validator: \(run.stdout.suffix(2000))\(run.stderr.suffix(2000))")
  }

  @Test func theDemosCratePassesTheBIAValidator() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try await Self.packAndCheck(Paths.project("Fixtures/demo"), into: folder)
  }

  @Test func aStudyOf2000ImagesPassesTheBIAValidator() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let dataset = try Self.generated(2000, in: folder)
    try await Self.packAndCheck(dataset, into: folder)
    let list = try String(contentsOfFile: folder.file("crate/file_list.tsv"), encoding: .utf8)
    #expect(list.split(separator: "\n").count == 1 + 4001, "the header, 2 000 images, 2 000 masks, the manifest")
  }
}
