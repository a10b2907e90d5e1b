// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation
import Testing

/// Items added to a YAML manifest's text in place: the rest of the file byte for byte.
@Suite("Manifest text splice")
struct ManifestTextSpliceTests {
  static let commented = """
    # A person's comment, kept.
    annota: "0.1"
    study:
      title: 'Quoted the person''s way'   # and an inline comment
      description: Something.
      authors:
        - name: Ada Example
      licence: CC0-1.0
    images:
    - id: a      # the first image
      path: images/a.tif

    # The sets.
    annotation_sets:
    - id: boxes
      name: Boxes
      overview: Boxes.
      types: [bounding_boxes]
      encoding: geojson
      files:
      - path: shapes/a.geojson
        image: a
    """

  static func manifest(_ text: String) throws -> Manifest {
    try #require(ManifestReader.read(bytes: Array(text.utf8), syntax: .yaml, file: "annota.yaml").manifest)
  }

  /// Whether `original`'s lines appear in `result` in order (nothing removed or changed).
  static func keepsEveryLine(_ original: String, in result: String) -> Bool {
    var remaining = result.split(separator: "\n", omittingEmptySubsequences: false)[...]
    for line in original.split(separator: "\n", omittingEmptySubsequences: false) {
      guard let found = remaining.firstIndex(of: line) else { return false }
      remaining = remaining[(found + 1)...]
    }
    return true
  }

  @Test func imagesFilesAndSetsAreAddedAndNothingElseChanges() throws {
    let existing = try Self.manifest(Self.commented)
    var merged = existing
    merged.images.append(Image(id: "b", path: "images/b.tif"))
    merged.annotationSets[0].files.append(AnnotationFile(path: "shapes/b.geojson", image: "b"))
    var masks = AnnotationSet(
      id: "masks", name: "Masks", overview: "Masks.", types: [.segmentationMask], encoding: .labelImage,
      files: [AnnotationFile(path: "masks/b_mask.tif", image: "b")])
    masks.kind = .instance
    merged.annotationSets.append(masks)
    let text = try ManifestTextSplice.append(to: Self.commented, existing: existing, merged: merged)
    #expect(Self.keepsEveryLine(Self.commented, in: text), "\(text)")
    // The additions follow each list's own indentation (items at the key's column here).
    #expect(text.contains("\n- id: b\n  path: images/b.tif\n"), "\(text)")
    #expect(
      text.contains("  - path: shapes/a.geojson\n    image: a\n  - path: shapes/b.geojson\n    image: b\n"), "\(text)")
    #expect(try Self.manifest(text) == merged)
  }

  @Test func aListThatIsMissingIsAppendedAsABlock() throws {
    let existing = try Self.manifest(Self.commented)
    var merged = existing
    merged.labelTables = [LabelTable(id: "classes", labels: [Label(value: 1, name: "cell")])]
    let text = try ManifestTextSplice.append(to: Self.commented, existing: existing, merged: merged)
    #expect(text.hasPrefix(Self.commented), "appended after everything")
    #expect(try Self.manifest(text) == merged)
  }

  @Test func aFlowListIsRefusedNotRewritten() throws {
    let flow = Self.commented.replacingOccurrences(
      of: "images:\n- id: a      # the first image\n  path: images/a.tif", with: "images: [{id: a, path: images/a.tif}]"
    )
    let existing = try Self.manifest(flow)
    var merged = existing
    merged.images.append(Image(id: "b", path: "images/b.tif"))
    #expect(throws: ManifestTextSplice.Refusal.self) {
      try ManifestTextSplice.append(to: flow, existing: existing, merged: merged)
    }
  }
}
