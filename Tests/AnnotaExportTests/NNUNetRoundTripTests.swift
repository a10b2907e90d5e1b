// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaTestSupport
import Foundation
import Testing

/// nnU-Net raw datasets read from `dataset.json`: Annota's own exports come back class for class,
/// pixel for pixel; a folder laid out as nnU-Net's documentation shows (PNG, `dataset.json` as
/// `generate_dataset_json` writes it) reads; what Annota cannot read is said.
@Suite struct NNUNetRoundTripTests {
  /// Paints a sample's class features into a value image by their `label` names.
  private func painted(_ image: ForeignAnnotations.AnnotatedImage, values: [String: UInt32]) throws -> [UInt32] {
    let (width, height) = (try #require(image.width), try #require(image.height))
    var out = [UInt32](repeating: 0, count: width * height)
    for feature in image.features {
      let mask = try #require(feature.mask)
      let value = try #require(values[feature.label ?? ""])
      for (index, bit) in mask.bits.enumerated() where bit == 1 {
        out[(index / mask.width + mask.top) * width + index % mask.width + mask.left] = value
      }
    }
    return out
  }

  @Test func exportsComeBackClassForClass() async throws {
    let blocks = try TrainingFixture.semantic(classValues: [3, 7])
    defer { blocks.remove() }
    let output = try TemporaryFolder()
    defer { output.remove() }
    _ = try await TrainingExporter.export(blocks.path, to: output.file("Dataset510_B"), options: .init(layout: .nnunet))
    let path = output.file("Dataset510_B/dataset.json")
    #expect(AnnotationFormats.detected(path)?.id == .nnunet)
    let read = try AnnotationFormats.read(path)
    #expect(read.labels.map(\.name) == ["cytoplasm", "nucleus"])
    #expect(read.images.map(\.split) == ["train", "train", "train", "test"])
    for (index, image) in read.images.enumerated() {
      let source = try LabelVolume.read(path: blocks.file("labels/img\(index + 1).tif")).labels
      #expect(try painted(image, values: ["cytoplasm": 3, "nucleus": 7]) == source, "\(image.name)")
    }
  }

  /// Converted to a dataset, nnU-Net's labels stay what they are: semantic label images, pixel for
  /// pixel, with dataset.json's values in the label table (not objects renumbered per image).
  @Test func convertedLabelsStaySemanticPixelForPixel() async throws {
    let blocks = try TrainingFixture.semantic(classValues: [3, 7])
    defer { blocks.remove() }
    let output = try TemporaryFolder()
    defer { output.remove() }
    let target = output.file("Dataset511_S")
    _ = try await TrainingExporter.export(blocks.path, to: target, options: .init(layout: .nnunet))
    _ = try DatasetExporter.createDataset(from: target + "/dataset.json", at: output.file("back"))
    let manifest = try #require(ManifestReader.readDraft(contentsOf: output.file("back/annota.yaml")).manifest)
    let set = try #require(manifest.annotationSets.first { $0.encoding == .labelImage })
    #expect(set.kind == .semantic)
    #expect(set.overview.hasPrefix("Semantic label images"), "\(set.overview)")
    let table = try #require(manifest.labelTables.first { $0.id == set.labelTable })
    #expect(table.labels.map { "\($0.value)=\($0.name)" } == ["1=cytoplasm", "2=nucleus"])
    #expect(set.files.count == 4)
    for file in set.files {
      let image = try #require(file.image)
      let exported = ["labelsTr", "labelsTs"].map { "\(target)/\($0)/\(image).tif" }
      let source = try #require(exported.first { FileManager.default.fileExists(atPath: $0) })
      #expect(
        try LabelVolume.read(path: output.file("back/" + file.path)).labels == LabelVolume.read(path: source).labels,
        "\(image)")
      #expect(
        !FileManager.default.fileExists(atPath: output.file("back/" + InstanceTable.path(forLabelImage: file.path))),
        "classes need no instance table")
    }
  }

  @Test func aFolderAsNNUNetsDocumentationShowsReads() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let root = folder.file("Dataset120_RoadSegmentation")
    for sub in ["imagesTr", "labelsTr", "imagesTs"] {
      try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
    }
    let (width, height) = (12, 10)
    var labels = [UInt8](repeating: 0, count: width * height)
    for y in 2..<6 { for x in 3..<9 { labels[y * width + x] = 1 } }
    let image = try PNGWriter.encode(
      [UInt8](repeating: 90, count: width * height * 3), width: width, height: height, channels: 3)
    try Data(image).write(to: URL(fileURLWithPath: root + "/imagesTr/img-11_0000.png"))
    try Data(image).write(to: URL(fileURLWithPath: root + "/imagesTs/img-12_0000.png"))
    try Data(try PNGWriter.encode(labels, width: width, height: height, channels: 1))
      .write(to: URL(fileURLWithPath: root + "/labelsTr/img-11.png"))
    // As generate_dataset_json writes it (licence, converted_by, a region label).
    try folder.write(
      """
      {"channel_names": {"0": "R", "1": "G", "2": "B"}, "labels": {"background": 0, "road": 1, "all": [1]},
       "numTraining": 1, "file_ending": ".png", "licence": "hands off!", "converted_by": "a script"}
      """, to: "Dataset120_RoadSegmentation/dataset.json")
    let read = try AnnotationFormats.read(root + "/dataset.json")
    #expect(read.images.map(\.name) == ["img-11.png", "img-12.png"])
    #expect(read.images[0].features.count == 1 && read.images[0].features[0].label == "road")
    #expect(read.images[0].features[0].mask?.pixelCount == 24)
    #expect(read.images[1].width == 12 && read.images[1].features.isEmpty)
    // A foreign region dataset: the int entry names its class, the list is a region over it.
    #expect(read.labels.map(\.name) == ["road"] && read.regions == [.init(name: "all", unites: ["road"])])
    #expect(read.notes.contains { $0.contains("region labels (all) become label-table regions") })
  }

  @Test func whatIsNotAnNNUNetDatasetIsSaid() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(
      #"{"channel_names": {"0": "CT"}, "labels": {"background": 0}, "file_ending": ".nii.gz"}"#, to: "dataset.json")
    #expect {
      try AnnotationFormats.read(folder.file("dataset.json"), format: .nnunet)
    } throws: { "\($0)".contains("no cases") }
    try folder.write(#"{"labels": {"background": 0}}"#, to: "other.json")
    #expect {
      try AnnotationFormats.read(folder.file("other.json"), format: .nnunet)
    } throws: { "\($0)".contains("not an nnU-Net v2 dataset") }
    // A NIfTI dataset: the label images cannot be read, and the message says what to do.
    for folderName in ["imagesTr", "labelsTr"] {
      try FileManager.default.createDirectory(atPath: folder.file(folderName), withIntermediateDirectories: true)
    }
    try folder.write("not an image", to: "imagesTr/case1_0000.nii.gz")
    try folder.write("not a label", to: "labelsTr/case1.nii.gz")
    #expect {
      try AnnotationFormats.read(folder.file("dataset.json"), format: .nnunet)
    } throws: { "\($0)".contains("not .nii.gz: convert labelsTr to .tif") }
    // A label that is neither a value nor a list of class values.
    for label in [#""one""#, "[1, \"a\"]", "[]", "[0, 1]", "1.5"] {
      try folder.write(
        #"{"channel_names": {"0": "CT"}, "labels": {"background": 0, "x": "# + label + #"}, "file_ending": ".tif"}"#,
        to: "bad.json")
      #expect {
        try AnnotationFormats.read(folder.file("bad.json"), format: .nnunet)
      } throws: { "\($0)".contains("label x is neither a value nor a list of class values") }
    }
  }
}
