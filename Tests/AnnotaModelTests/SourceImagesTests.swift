// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// One annotation file for several images (a CVAT or COCO export of a task): `images`, not `image`.
@Suite("Several source images")
struct SourceImagesTests {
  /// The test manifest with `files` (lines of file entries, six spaces) in its set, and `set` lines after.
  static func manifest(files: String, set: String = "") -> String {
    TestManifest.yaml(set: "    encoding: other\n    files:\n" + files + (set.isEmpty ? "" : "\n" + set))
  }

  func read(_ text: String) -> ManifestReadResult { TestManifest.read(text) }

  @Test func aFileMayNameSeveralSourceImages() throws {
    let result = read(Self.manifest(files: "      - path: task.xml\n        images: [cat, dog]"))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let file = try #require(result.manifest?.annotationSets.first?.files.first)
    #expect(file.image == nil && file.images == ["cat", "dog"] && file.sourceImages == ["cat", "dog"])
    // Written back as it was read.
    let written = try ManifestWriter.text(for: try #require(result.manifest), syntax: .yaml)
    #expect(written.contains("images: [cat, dog]"), "\(written)")
  }

  @Test func imageAndImagesTogetherAreAnError() {
    let result = read(Self.manifest(files: "      - path: task.xml\n        image: cat\n        images: [cat, dog]"))
    #expect(result.diagnostics.contains { $0.rule == "MANIFEST-012" && $0.message.contains("`image` and `images`") })
  }

  @Test func everySourceImageMustBeDeclared() {
    let result = read(Self.manifest(files: "      - path: task.xml\n        images: [cat, bird]"))
    let dangling = result.diagnostics.filter { $0.rule == "MANIFEST-011" }
    #expect(dangling.count == 1 && dangling[0].location.pointer == "/annotation_sets/0/files/0/images/1")
  }

  @Test func anEmptyListIsNoSourceImage() {
    let result = read(Self.manifest(files: "      - path: task.xml\n        images: []"))
    #expect(result.diagnostics.contains { $0.rule == "MANIFEST-014" }, "\(result.diagnostics)")
  }

  /// An independent JSON Schema implementation (Python `jsonschema`) agrees: `images` alone is valid,
  /// with `image` beside it is not.
  @Test(.enabled(if: python(with: ["jsonschema", "yaml"]) != nil)) func theJSONSchemaSaysTheSame() throws {
    let interpreter = try #require(python(with: ["jsonschema", "yaml"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let good = try folder.write(
      Self.manifest(files: "      - path: task.xml\n        images: [cat, dog]"), to: "good.yaml")
    let both = try folder.write(
      Self.manifest(files: "      - path: task.xml\n        image: cat\n        images: [cat, dog]"), to: "both.yaml")
    let script = """
      import json, sys, yaml, jsonschema
      v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))
      for path in sys.argv[2:]:
          print(len(list(v.iter_errors(yaml.safe_load(open(path))))))
      """
    let run = try runProcess(interpreter, ["-c", script, Paths.spec + "/manifest.schema.json", good, both])
    #expect(run.status == 0, "\(run.stderr)")
    let counts = run.stdout.split(separator: "\n").compactMap { Int($0) }
    #expect(counts.count == 2 && counts[0] == 0 && counts[1] > 0, "\(run.stdout)")
  }

  @Test func aSetMayKeepItsOwnVersionHistory() throws {
    let files = "      - path: task.xml\n        images: [cat, dog]"
    let history = "    versions:\n      - version: \"1.0\"\n        timestamp: \"2026-12-01T09:00:00Z\""
    let result = read(Self.manifest(files: files, set: history))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(result.manifest?.annotationSets.first?.versions.map(\.version) == ["1.0"])
    let twice = read(
      Self.manifest(
        files: files, set: history + "\n      - version: \"1.0\"\n        timestamp: \"2026-12-02T09:00:00Z\""))
    #expect(
      twice.diagnostics.contains {
        $0.rule == "MANIFEST-010" && $0.location.pointer == "/annotation_sets/0/versions/1/version"
      })
  }

  /// MIFA records annotation types and spatial information per file: a file may name some of its
  /// set's types, never others.
  @Test func aFileMayNameSomeOfItsSetsTypes() throws {
    let some = read(
      Self.manifest(
        files: "      - path: task.xml\n        images: [cat, dog]\n        types: [bounding_boxes]\n"
          + "        spatial_information: Boxes in pixel corners."))
    #expect(some.diagnostics.isEmpty, "\(some.diagnostics)")
    let file = try #require(some.manifest?.annotationSets.first?.files.first)
    #expect(file.types == [.boundingBoxes] && file.spatialInformation == "Boxes in pixel corners.")
    let other = read(
      Self.manifest(files: "      - path: task.xml\n        images: [cat, dog]\n        types: [tracks]"))
    #expect(
      other.diagnostics.contains {
        $0.rule == "MANIFEST-011" && $0.location.pointer == "/annotation_sets/0/files/0/types/0"
      }, "\(other.diagnostics)")
  }
}
