// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Ultralytics YOLO datasets read from `data.yaml` as its docs lay them out, and what Ultralytics
/// refuses refused with its reason; nothing in the file is ever run.
@Suite struct YOLOImportTests {
  /// A coco8-style dataset: images/{train,val}, labels/{train,val}, data.yaml; 40×30 images.
  private func dataset(_ yaml: String, labels: [String: String]) throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    for split in ["train", "val"] {
      for index in 1...2 {
        let path = folder.file("images/\(split)/im\(index).tif")
        try FileManager.default.createDirectory(
          atPath: folder.file("images/\(split)"), withIntermediateDirectories: true)
        try TIFFWriter.write([try Plane(width: 40, height: 30, uint8: [UInt8](repeating: 7, count: 1200))], to: path)
      }
    }
    for (name, text) in labels { try folder.write(text, to: "labels/" + name) }
    try folder.write(yaml, to: "data.yaml")
    return folder
  }

  @Test func readsDetectionAndSegmentationRowsInPixels() throws {
    let folder = try dataset(
      "# coco8-style\npath: .\ntrain: images/train\nval: images/val\nnames:\n  0: cell\n  1: debris\n",
      labels: [
        "train/im1.txt": "0 0.5 0.5 0.25 0.2\n1 0.1 0.1 0.1 0.1\n",
        "train/im2.txt": "\u{FEFF}1 0.1 0.2 0.5 0.2 0.5 0.8\n",
        "val/im1.txt": "",
      ])
    defer { folder.remove() }
    let read = try AnnotationFormats.read(folder.file("data.yaml"))
    #expect(read.labels.map(\.name) == ["cell", "debris"])
    #expect(
      read.images.map(\.name) == [
        "images/train/im1.tif", "images/train/im2.tif", "images/val/im1.tif", "images/val/im2.tif",
      ])
    #expect(read.images.map(\.split) == ["train", "train", "val", "val"])
    let box = try #require(read.images[0].features.first?.outerRing)
    #expect(box == [[15, 12], [25, 12], [25, 18], [15, 18], [15, 12]])
    let polygon = try #require(read.images[1].features.first)
    #expect(polygon.shape == "polygon" && polygon.label == "debris")
    #expect(polygon.outerRing?.first == [4, 6])
    #expect(read.images[2].features.isEmpty && read.images[3].features.isEmpty)
  }

  @Test func aDownloadKeyIsNeverRun() throws {
    let marker = FileManager.default.temporaryDirectory.appendingPathComponent("annota-yolo-\(UUID().uuidString)").path
    let folder = try dataset(
      "train: images/train\nval: images/val\nnames: [cell]\ndownload: |\n  open('\(marker)', 'w').write('ran')\n",
      labels: [:])
    defer { folder.remove() }
    let read = try AnnotationFormats.read(folder.file("data.yaml"))
    #expect(read.notes.contains { $0.contains("download: key is ignored") })
    #expect(!FileManager.default.fileExists(atPath: marker))
  }

  @Test func labelFilesUltralyticsRefusesAreLeftOutWithTheReason() throws {
    let cases: [(String, String)] = [
      ("0 0.5 0.5 0.2 0.2 0.1\n", "5 columns"),
      ("0 1.2 0.5 0.2 0.2\n", "non-normalized"),
      ("3 0.5 0.5 0.2 0.2\n", "exceeds dataset class count"),
      ("0 0.1 0.1 0.2 0.1 0.2 0.2 0.1 0.2\n0 0.5 0.5 0.1 0.1\n", "mix segment and detection"),
      ("0 0.5 nan 0.2 0.2\n", "not a number"),
      ("0 0.5 -0.5 0.2 0.2\n", "negative"),
      ("-1 0.5 0.5 0.2 0.2\n", "a whole number from 0"),
      ("1.5 0.5 0.5 0.2 0.2\n", "a whole number from 0"),
    ]
    for (text, reason) in cases {
      let folder = try dataset("train: images/train\nval: images/val\nnames: [a, b]\n", labels: ["train/im1.txt": text])
      defer { folder.remove() }
      let read = try AnnotationFormats.read(folder.file("data.yaml"))
      #expect(read.images[0].features.isEmpty, "\(text)")
      #expect(read.notes.contains { $0.contains("im1.tif") && $0.contains(reason) }, "\(read.notes)")
    }
  }

  @Test func dataFilesUltralyticsRefusesAreErrors() throws {
    let cases: [(String, String)] = [
      ("train: images/train\nval: images/val\nnames: {1: a, 2: b}\n", "0-1"),
      ("train: images/train\nval: images/val\nnames: [a, b]\nnc: 3\n", "must match"),
      ("train: images/train\nval: images/missing\nnames: [a]\n", "does not download"),
      ("train: images/train\nval: images/val\nnames: &a [a]\nx: *a\n", "YAML"),
      ("train: images/train\nval: images/val\n", "names"),
      // A stranger's file cannot send Annota walking the filesystem.
      ("train: /usr\nval: images/val\nnames: [a]\n", "outside the dataset"),
      ("train: ../../../../..\nval: images/val\nnames: [a]\n", "outside the dataset"),
      // Pose shapes Ultralytics cannot train with (it asserts kpt_shape is [n, 2 or 3]).
      ("train: images/train\nval: images/val\nnames: [a]\nkpt_shape: [17]\n", "kpt_shape"),
      ("train: images/train\nval: images/val\nnames: [a]\nkpt_shape: [17, 4]\n", "kpt_shape"),
      ("train: images/train\nval: images/val\nnames: [a]\nkpt_shape: [0, 3]\n", "kpt_shape"),
      ("train: images/train\nval: images/val\nnames: [a]\nkpt_shape: [99999999, 3]\n", "kpt_shape"),
      ("train: images/train\nval: images/val\nnames: [a]\nkpt_shape: [x, 3]\n", "kpt_shape"),
      ("train: images/train\nval: images/val\nnames: [a]\nkpt_shape: 17\n", "kpt_shape"),
    ]
    for (yaml, reason) in cases {
      let folder = try dataset(yaml, labels: [:])
      defer { folder.remove() }
      #expect {
        try AnnotationFormats.read(folder.file("data.yaml"), format: .yolo)
      } throws: { "\($0)".contains(reason) }
    }
  }

  /// Roboflow's exports say `train: ../train/images` beside a data.yaml in the dataset folder;
  /// Ultralytics then tries `train/images` under the root, and so does Annota.
  @Test func roboflowsParentRelativeSplitsAreFound() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("train/images"), withIntermediateDirectories: true)
    try TIFFWriter.write(
      [try Plane(width: 20, height: 10, uint8: [UInt8](repeating: 1, count: 200))],
      to: folder.file("train/images/a.tif"))
    try folder.write("0 0.5 0.5 0.5 0.5\n", to: "train/labels/a.txt")
    try folder.write("train: ../train/images\nval: ../train/images\nnc: 1\nnames: ['cell']\n", to: "data.yaml")
    let read = try AnnotationFormats.read(folder.file("data.yaml"))
    #expect(read.images.count == 2 && read.images[0].features.first?.outerRing?.first == [5, 2.5])
  }

  @Test func poseDatasetsNameTheirKeypoints() throws {
    let folder = try dataset(
      "train: images/train\nval: images/val\nnames: [mouse]\nkpt_shape: [2, 3]\nkpt_names: [nose, tail]\n",
      labels: ["train/im1.txt": "0 0.5 0.5 0.5 0.5 0.25 0.25 2 0.75 0.75 1\n"])
    defer { folder.remove() }
    let read = try AnnotationFormats.read(folder.file("data.yaml"))
    #expect(read.keypoints?.bodyparts == ["nose", "tail"])
    let points = read.images[0].features.filter { $0.shape == "keypoint" }
    #expect(points.count == 2)
    #expect(points[1].properties.contains { $0.0 == "visible" && $0.1 == .bool(false) }, "v = 1: labelled, hidden")
  }

  @Test func labelPathsFollowUltralytics() {
    #expect(YOLOReader.labelFile(for: "/d/images/train/a.b.png") == "/d/labels/train/a.b.txt")
    #expect(YOLOReader.labelFile(for: "/images/x/images/y/z.jpg") == "/images/x/labels/y/z.txt")
  }
}
