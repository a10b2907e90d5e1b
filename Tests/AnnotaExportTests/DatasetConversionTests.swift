// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// `convert --to annota` builds the dataset image by image; what it says covers the whole file.
@Suite("Dataset conversion")
struct DatasetConversionTests {
  /// A COCO file with masks (RLE) on three images: one label image each, and the set's overview
  /// counts the masks of every image, not of the first.
  @Test func theMaskSetCountsEveryImagesMasks() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    // 4 × 4 images; column-major RLE as COCO writes it: 4 background pixels, 8 object, 4 background.
    let rle = #"{"counts": [4, 8, 4], "size": [4, 4]}"#
    var annotations: [String] = []
    for (index, image) in [1, 2, 2, 3, 3, 3].enumerated() {
      annotations.append(
        #"{"id": \#(index + 1), "image_id": \#(image), "category_id": 1, "iscrowd": 1, "segmentation": \#(rle), "area": 8, "bbox": [1, 0, 2, 4]}"#
      )
    }
    let images = (1...3).map { #"{"id": \#($0), "file_name": "cells_\#($0).png", "width": 4, "height": 4}"# }
    let coco =
      #"{"images": [\#(images.joined(separator: ", "))], "categories": [{"id": 1, "name": "cell"}], "annotations": [\#(annotations.joined(separator: ", "))]}"#
    try Data(coco.utf8).write(to: URL(fileURLWithPath: folder.file("cells.json")))

    let result = try DatasetExporter.createDataset(from: folder.file("cells.json"), at: folder.file("out"))
    let manifest = try #require(ManifestReader.readDraft(contentsOf: folder.file("out/annota.yaml")).manifest)
    let masks = try #require(manifest.annotationSets.first { $0.encoding == .labelImage })
    #expect(masks.files.map(\.image) == ["cells_1", "cells_2", "cells_3"])
    #expect(masks.overview.hasPrefix("6 mask(s) converted from"), "\(masks.overview)")
    // The convention is filled in at the end: no placeholder (a NUL) is left anywhere.
    #expect(!(try Data(contentsOf: URL(fileURLWithPath: folder.file("out/annota.yaml")))).contains(0))
    #expect(manifest.labelTables.first?.labels.map(\.name) == ["cell"])
    for file in masks.files {
      #expect(file.checksum == "sha256:" + (try FileDigest.sha256(folder.file("out/" + file.path))))
    }
    #expect(result.files.last == "annota.yaml")
    #expect(result.notes.contains { $0.contains("overlapping masks") }, "masks on one image overlap: told")
  }

  /// A file with no annotations leaves nothing behind, not even the staging folder.
  @Test func aFileWithoutAnnotationsLeavesNothing() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let coco =
      #"{"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}], "categories": [], "annotations": []}"#
    try Data(coco.utf8).write(to: URL(fileURLWithPath: folder.file("empty.json")))
    #expect(throws: ImportError.self) {
      try DatasetExporter.createDataset(from: folder.file("empty.json"), at: folder.file("out"))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["empty.json"])
  }

  /// A folder that holds something is never written into; an empty one is taken.
  @Test func aFolderThatHoldsSomethingIsLeftAlone() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let coco =
      #"{"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}], "categories": [{"id": 1, "name": "cell"}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "area": 4, "iscrowd": 0}]}"#
    try Data(coco.utf8).write(to: URL(fileURLWithPath: folder.file("a.json")))
    try folder.write("mine", to: "out/notes.txt")
    #expect {
      try DatasetExporter.createDataset(from: folder.file("a.json"), at: folder.file("out"))
    } throws: { ($0 as? ImportError)?.code == .conflict }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")) == ["notes.txt"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.json", "out"])
    try FileManager.default.createDirectory(atPath: folder.file("empty"), withIntermediateDirectories: false)
    _ = try DatasetExporter.createDataset(from: folder.file("a.json"), at: folder.file("empty"))
    #expect(FileManager.default.fileExists(atPath: folder.file("empty/annota.yaml")))
  }

  /// Image tags of many images (more than one batch), some with shapes: one class table holding
  /// every image's rows in file order, beside the shapes' set, listed once.
  @Test func tagsOfEveryImageGoIntoOneClassTable() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var xml = #"<?xml version="1.0" encoding="utf-8"?><annotations><version>1.1</version>"#
    for index in 0..<150 {
      xml += #"<image id="\#(index)" name="im\#(index).png" width="8" height="8">"#
      xml += #"<tag label="\#(index % 3 == 0 ? "dividing" : "resting")" source="manual"/>"#
      if index % 2 == 0 { xml += #"<box label="cell" xtl="1" ytl="1" xbr="4" ybr="5" occluded="0"/>"# }
      xml += "</image>"
    }
    xml += "</annotations>"
    try folder.write(xml, to: "tags.xml")
    let result = try DatasetExporter.createDataset(from: folder.file("tags.xml"), at: folder.file("out"))
    let manifest = try #require(ManifestReader.readDraft(contentsOf: folder.file("out/annota.yaml")).manifest)
    let classes = manifest.annotationSets.filter { $0.encoding == .classTable }
    #expect(classes.map(\.id) == ["tags-classes"])
    #expect(classes.first?.files.map(\.path) == ["annotations/tags/classes.tsv"])
    let shapes = try #require(manifest.annotationSets.first { $0.encoding == .geojson })
    #expect(shapes.files.count == 75 && !shapes.files.contains { $0.path.hasSuffix(".tsv") })
    let rows = try String(contentsOfFile: folder.file("out/annotations/tags/classes.tsv"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    #expect(rows.first == "image\tlabel" && rows.count == 151)
    #expect(
      rows.dropFirst().map { $0.split(separator: "\t").first.map(String.init) ?? "" } == (0..<150).map { "im\($0)" })
    #expect(result.files.filter { $0.hasSuffix("classes.tsv") }.count == 1)
  }

  /// A CVAT file whose first annotated image has shapes of its own and whose later frames hold a
  /// track: the set is a track set, as it is when the track comes first.
  @Test func aTrackAfterPlainShapesMakesATrackSet() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let xml = """
      <?xml version="1.0" encoding="utf-8"?><annotations><version>1.1</version>
      <image id="0" name="frame_000000.png" width="16" height="16">
      <box label="cell" xtl="1" ytl="1" xbr="4" ybr="4" occluded="0"/></image>
      <track id="0" label="cell">
      <box frame="1" outside="0" occluded="0" keyframe="1" xtl="2" ytl="2" xbr="6" ybr="6"/>
      <box frame="2" outside="0" occluded="0" keyframe="1" xtl="3" ytl="3" xbr="7" ybr="7"/>
      <box frame="3" outside="1" occluded="0" keyframe="1" xtl="3" ytl="3" xbr="7" ybr="7"/>
      </track></annotations>
      """
    try folder.write(xml, to: "mixed.xml")
    _ = try DatasetExporter.createDataset(from: folder.file("mixed.xml"), at: folder.file("out"))
    let manifest = try #require(ManifestReader.readDraft(contentsOf: folder.file("out/annota.yaml")).manifest)
    let set = try #require(manifest.annotationSets.first { $0.id == "mixed" })
    #expect(set.encoding == .tracks, "\(set.encoding)")
    #expect(set.types.contains(.tracks))
    #expect(set.files.count >= 2)
  }
}
