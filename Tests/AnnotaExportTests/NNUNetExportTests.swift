// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// `annota export --to nnunet`: a raw dataset that passes every check of nnU-Net's
/// `verify_dataset_integrity` (reproduced from its source in Python, with tifffile reading the
/// files as nnU-Net's readers do), consecutive labels with the ignore label last, and the
/// instance-mask and folder-name rules.
@Suite struct NNUNetExportTests {
  /// nnU-Net v2's `verify_dataset_integrity` (nnunetv2/experiment_planning/verify_dataset_integrity.py)
  /// for TIFF datasets, check for check; prints `OK` or raises on the first failure as it does.
  static let verifier = """
    import json, os, re, sys
    import numpy as np, tifffile
    folder = sys.argv[1]
    assert os.path.isfile(os.path.join(folder, "dataset.json")), "There needs to be a dataset.json file"
    assert os.path.isdir(os.path.join(folder, "imagesTr")) and os.path.isdir(os.path.join(folder, "labelsTr"))
    dj = json.load(open(os.path.join(folder, "dataset.json")))
    required = ["labels", "channel_names", "numTraining", "file_ending"]
    assert all(k in dj for k in required), f"missing keys {[k for k in required if k not in dj]}"
    ending = dj["file_ending"]
    n_channels = len(dj["channel_names"])
    files = sorted(f for f in os.listdir(os.path.join(folder, "imagesTr")) if f.endswith(ending))
    cases = sorted(set(f[:-(len(ending) + 5)] for f in files))
    assert len(cases) == dj["numTraining"], f"found {len(cases)} cases, numTraining {dj['numTraining']}"
    missing = [c for c in cases if not os.path.isfile(os.path.join(folder, "labelsTr", c + ending))]
    assert not missing, f"missing labels {missing}"
    labels = dj["labels"]
    assert labels.get("background") == 0, "background must be 0"
    # label_handling.py: a list is a region; regions need regions_class_order, one entry each.
    def values(v): return [int(x) for x in v] if isinstance(v, list) else [int(v)]
    if any(isinstance(v, list) and len(v) > 1 for v in labels.values()):
        regions = [k for k in labels if k not in ("background", "ignore")]
        assert "regions_class_order" in dj, "region-based training needs regions_class_order"
        assert len(dj["regions_class_order"]) == len(regions), "one regions_class_order entry per region"
        assert not isinstance(labels.get("ignore", 0), list), "the ignore label cannot be a region"
    expected = sorted(set(x for v in labels.values() for x in values(v)))
    if "ignore" in labels:
        others = [x for k, v in labels.items() if k != "ignore" for x in values(v)]
        assert labels["ignore"] == max(others) + 1, "ignore must be max + 1"
    assert all(np.ediff1d(expected) == 1), f"labels must be consecutive: {expected}"
    def read(path):
        a = tifffile.imread(path)
        if a.ndim == 2: a = a[None]
        return a
    for c in cases:
        images = [f for f in files if re.fullmatch(re.escape(c) + r"_\\d\\d\\d\\d" + re.escape(ending), f)]
        assert len(images) == n_channels, f"{c}: {len(images)} channel files, {n_channels} channel names"
        seg = read(os.path.join(folder, "labelsTr", c + ending))
        found = np.unique(seg)
        assert set(found.tolist()) <= set(expected), f"Unexpected labels found in file {c}: {found}"
        assert not np.isnan(seg).any()
        for f in images:
            img = read(os.path.join(folder, "imagesTr", f))
            assert not np.isnan(img.astype(np.float64)).any()
            assert img.shape == seg.shape, f"{c}: image {img.shape}, seg {seg.shape}"
    print("OK", len(cases))
    """

  @Test(.enabled(if: python(with: ["tifffile", "numpy"]) != nil))
  func exportsPassNNUNetsIntegrityChecks() async throws {
    let interpreter = try #require(python(with: ["tifffile", "numpy"]))
    let output = try TemporaryFolder()
    defer { output.remove() }
    var demo = TrainingExportOptions(layout: .nnunet)
    demo.sets = ["nuclei"]
    demo.semanticFromInstance = true
    _ = try await TrainingExporter.export(
      Paths.project("Fixtures/demo"), to: output.file("Dataset501_Demo"), options: demo)
    let blocks = try TrainingFixture.semantic(classValues: [3, 7], ignore: true)
    defer { blocks.remove() }
    _ = try await TrainingExporter.export(
      blocks.path, to: output.file("Dataset502_Blocks"), options: .init(layout: .nnunet))
    let regions = try TrainingFixture.semantic(classValues: [3, 7], ignore: true, extraLabels: Self.regionLabels)
    defer { regions.remove() }
    _ = try await TrainingExporter.export(
      regions.path, to: output.file("Dataset504_Regions"), options: .init(layout: .nnunet))
    for name in ["Dataset501_Demo", "Dataset502_Blocks", "Dataset504_Regions"] {
      let run = try runProcess(interpreter, ["-c", Self.verifier, output.file(name)])
      #expect(run.status == 0 && run.stdout.hasPrefix("OK"), "\(name): \(run.stderr)")
    }
    // The verifier itself fails on a broken dataset: a label file removed.
    try FileManager.default.removeItem(atPath: output.file("Dataset502_Blocks/labelsTr/img1.tif"))
    let broken = try runProcess(interpreter, ["-c", Self.verifier, output.file("Dataset502_Blocks")])
    #expect(broken.status != 0 && broken.stderr.contains("missing labels"))
  }

  @Test func splitsNNUNetHasNoPlaceForAreErrors() async throws {
    let blocks = try TrainingFixture.semantic(splits: ["train", "holdout"])
    defer { blocks.remove() }
    let output = try TemporaryFolder()
    defer { output.remove() }
    await #expect {
      try await TrainingExporter.export(blocks.path, to: output.file("Dataset505_H"), options: .init(layout: .nnunet))
    } throws: { ($0 as? ExportError)?.code == .unsupported && "\($0)".contains("holdout") }
    #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
  }

  @Test func labelsAreConsecutiveWithIgnoreLast() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    let blocks = try TrainingFixture.semantic(classValues: [3, 7], ignore: true)
    defer { blocks.remove() }
    let result = try await TrainingExporter.export(
      blocks.path, to: output.file("Dataset502_Blocks"), options: .init(layout: .nnunet))
    #expect(result.images == ["imagesTr": 3, "imagesTs": 1])
    let json = try String(contentsOfFile: output.file("Dataset502_Blocks/dataset.json"), encoding: .utf8)
    #expect(json.contains(#""labels": {"background": 0, "cytoplasm": 1, "nucleus": 2, "ignore": 3}"#))
    #expect(json.contains(#""numTraining": 3"#) && json.contains(#""file_ending": ".tif""#))
    // Values 3 and 7 became 1 and 2, the ignore value 9 became 3, pixel for pixel.
    let source = try LabelVolume.read(path: blocks.file("labels/img1.tif")).labels
    let written = try LabelVolume.read(path: output.file("Dataset502_Blocks/labelsTr/img1.tif")).labels
    let mapping: [UInt32: UInt32] = [0: 0, 3: 1, 7: 2, 9: 3]
    #expect(written == source.map { mapping[$0]! })
    #expect(result.notes.contains { $0.contains("rewritten") })
  }

  /// Two regions over the fixture's classes 3 (cytoplasm) and 7 (nucleus): the whole cell, and the
  /// cytoplasm as a region of its own.
  static let regionLabels = [
    "{value: 10, name: cell, unites: [3, 7]}", "{value: 11, name: cytoplasm region, unites: [3]}",
  ]

  /// A label table with regions gives region-based `labels`, and import reads them back.
  ///
  /// The regions come in table order (each with its classes' nnU-Net values), a class no region
  /// holds as a region of its own, the ignore label last, and `regions_class_order` paints each
  /// region with a value no later region holds (the cell paints nucleus, since the cytoplasm region
  /// paints over it later), with the classes' names beside them.
  @Test func regionsBecomeRegionBasedLabels() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    let blocks = try TrainingFixture.semantic(classValues: [3, 7], ignore: true, extraLabels: Self.regionLabels)
    defer { blocks.remove() }
    let target = output.file("Dataset506_Regions")
    _ = try await TrainingExporter.export(blocks.path, to: target, options: .init(layout: .nnunet))
    let json = try String(contentsOfFile: target + "/dataset.json", encoding: .utf8)
    #expect(
      json.contains(#""labels": {"background": 0, "cell": [1, 2], "cytoplasm region": 1, "ignore": 3}"#), "\(json)")
    #expect(json.contains(#""regions_class_order": [2, 1]"#))
    #expect(json.contains(#""annota_class_names": {"1": "cytoplasm", "2": "nucleus"}"#))
    // The pixels are still the classes, remapped as without regions.
    #expect(Set(try LabelVolume.read(path: target + "/labelsTr/img1.tif").labels) == [0, 1, 2, 3])
    // A class in no region trains as a region of its own.
    let partial = try TrainingFixture.semantic(classValues: [3, 7], extraLabels: [Self.regionLabels[1]])
    defer { partial.remove() }
    _ = try await TrainingExporter.export(
      partial.path, to: output.file("Dataset507_Partial"), options: .init(layout: .nnunet))
    let partialJSON = try String(contentsOfFile: output.file("Dataset507_Partial/dataset.json"), encoding: .utf8)
    #expect(partialJSON.contains(#""labels": {"background": 0, "cytoplasm region": 1, "nucleus": 2}"#))
    // Other layouts have no regions: left out with a note.
    let coco = try await TrainingExporter.export(blocks.path, to: output.file("coco"), options: .init(layout: .coco))
    #expect(coco.notes.contains { $0.contains("region label(s) cell, cytoplasm region left out") })
    // Back in: the regions return as label-table regions over the named classes.
    let back = try AnnotationFormats.read(target + "/dataset.json", format: .nnunet)
    #expect(back.labels.map(\.name) == ["cytoplasm", "nucleus"])
    #expect(
      back.regions == [
        .init(name: "cell", unites: ["cytoplasm", "nucleus"]), .init(name: "cytoplasm region", unites: ["cytoplasm"]),
      ])
    let dataset = output.file("back")
    _ = try DatasetExporter.createDataset(from: target + "/dataset.json", at: dataset)
    let manifest = try #require(ManifestReader.readDraft(contentsOf: dataset + "/annota.yaml").manifest)
    let regions = manifest.labelTables.flatMap(\.labels).filter(\.isRegion)
    #expect(regions.map { "\($0.name)=\($0.unites)" } == ["cell=[1, 2]", "cytoplasm region=[1]"])
  }

  /// nnU-Net takes one file per channel: a TIFF whose pages are channels and an RGB PNG are split
  /// into `_0000`, `_0001`… sample for sample, `channel_names` lists them, and the output passes the
  /// integrity checks.
  @Test func channelsGoToOneFileEach() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    let pages = try TrainingFixture.semantic(channels: [2, 2, 2, 2])
    defer { pages.remove() }
    let target = output.file("Dataset508_Pages")
    let result = try await TrainingExporter.export(pages.path, to: target, options: .init(layout: .nnunet))
    #expect(result.notes.contains { $0.contains("2 channels per image") })
    let source = try TIFFReader(path: pages.file("images/img1.tif"))
    for channel in 0..<2 {
      let written = try TIFFReader(path: target + "/imagesTr/img1_000\(channel).tif")
      #expect(written.directoryCount == 1)
      #expect(try written.readPlane(0) == source.readPlane(channel), "channel \(channel), sample for sample")
    }
    let json = try String(contentsOfFile: target + "/dataset.json", encoding: .utf8)
    #expect(json.contains(#""channel_names": {"0": "channel 0", "1": "channel 1"}"#), "\(json)")
    let rgb = try TrainingFixture.semantic(channels: [3, 3, 3, 3], png: true)
    defer { rgb.remove() }
    let rgbTarget = output.file("Dataset509_RGB")
    _ = try await TrainingExporter.export(rgb.path, to: rgbTarget, options: .init(layout: .nnunet))
    let decoded = try RasterReader.decode(
      [UInt8](try Data(contentsOf: URL(fileURLWithPath: rgb.file("images/img2.png")))), path: "img2.png")
    for channel in 0..<3 {
      let plane = try TIFFReader(path: rgbTarget + "/imagesTr/img2_000\(channel).tif").readPlane(0)
      #expect(plane.bytes == stride(from: channel, to: decoded.samples.count, by: 3).map { decoded.samples[$0] })
    }
    if let interpreter = python(with: ["tifffile", "numpy"]) {
      for folder in [target, rgbTarget] {
        let run = try runProcess(interpreter, ["-c", Self.verifier, folder])
        #expect(run.status == 0 && run.stdout.hasPrefix("OK"), "\(folder): \(run.stderr)")
      }
    }
    // Images with different channels cannot be one nnU-Net dataset.
    let mixed = try TrainingFixture.semantic(channels: [2, 1, 2, 2])
    defer { mixed.remove() }
    await #expect {
      try await TrainingExporter.export(
        mixed.path, to: output.file("Dataset510_Mixed"), options: .init(layout: .nnunet))
    } throws: { "\($0)".contains("img2 has 1") && "\($0)".contains("img1 has 2") }
  }

  @Test func consecutiveLabelsAndImagesAreCopiedByteForByte() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    let blocks = try TrainingFixture.semantic()
    defer { blocks.remove() }
    _ = try await TrainingExporter.export(blocks.path, to: output.file("Dataset503_B"), options: .init(layout: .nnunet))
    for (from, to) in [("labels/img1.tif", "labelsTr/img1.tif"), ("images/img1.tif", "imagesTr/img1_0000.tif")] {
      #expect(try FileDigest.sha256(blocks.file(from)) == FileDigest.sha256(output.file("Dataset503_B/" + to)))
    }
  }

  @Test func instanceMasksNeedTheFlagAndFoldersTheName() async throws {
    let output = try TemporaryFolder()
    defer { output.remove() }
    var options = TrainingExportOptions(layout: .nnunet)
    options.sets = ["nuclei"]
    await #expect {
      try await TrainingExporter.export(
        Paths.project("Fixtures/demo"), to: output.file("Dataset501_D"), options: options)
    } throws: { "\($0)".contains("--semantic-from-instance") }
    options.semanticFromInstance = true
    await #expect {
      try await TrainingExporter.export(Paths.project("Fixtures/demo"), to: output.file("nuclei"), options: options)
    } throws: { "\($0)".contains("DatasetNNN_Name") }
    let result = try await TrainingExporter.export(
      Paths.project("Fixtures/demo"), to: output.file("Dataset501_D"), options: options)
    #expect(result.notes.contains { $0.contains("PNG image(s) converted to TIFF without loss") })
    // The PNG's pixels survive the conversion.
    let png = try LabelVolume.read(path: Paths.project("Fixtures/demo/images/cells_07.png")).labels
    let tiff = try LabelVolume.read(path: output.file("Dataset501_D/imagesTs/cells_07_0000.tif")).labels
    #expect(png == tiff)
    let labels = try LabelVolume.read(path: output.file("Dataset501_D/labelsTr/cells_01.tif")).labels
    let instances = try LabelVolume.read(path: Paths.project("Fixtures/demo/masks/cells_01_mask.tif")).labels
    #expect(labels == instances.map { $0 == 0 ? 0 : 1 })
  }
}
