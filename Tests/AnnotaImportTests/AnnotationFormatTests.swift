// SPDX-License-Identifier: Apache-2.0

import AnnotaExport
@_spi(Testing) import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// Files written by CVAT, labelImg, datumaro, Fiji, TrackMate, pycocotools and LabelMe; counts from
/// `../shared/corpus/SOURCES.md`.
@Suite("Annotation-tool formats", .enabled(if: Paths.corpus != nil))
struct AnnotationFormatTests {
  func read(_ relative: String) throws -> ForeignAnnotations {
    try AnnotationFormats.read(try #require(Paths.corpus(relative)))
  }

  @Test(arguments: [
    ("pascal-voc/datumaro_voc1_2007_000001.xml", 2, ["cat", "person"]),
    ("pascal-voc/datumaro_voc2_a.xml", 1, ["background"]),
    ("pascal-voc/datumaro_voc2_@.xml", 0, []), ("pascal-voc/datumaro_voc3_2007_000001.xml", 1, ["cat"]),
    ("pascal-voc/thfrag_000001.xml", 46, ["rice", "broken"]),
    ("pascal-voc/pill_000001.xml", 6, ["white_g", "white_b"]),
    ("pascal-voc/structural_damage_000001.xml", 1, ["crack"]),
  ])
  func pascalVOC(file: String, objects: Int, labels: [String]) throws {
    let annotations = try read(file)
    #expect(annotations.format.rawValue == "pascal-voc")
    #expect(annotations.images.first?.features.count == objects)
    #expect(Set(annotations.labels.map(\.name)) == Set(labels))
  }

  @Test func vocBoxesBecomeZeroBasedCorners() throws {
    let annotations = try read("pascal-voc/structural_damage_000001.xml")
    let text = String(
      decoding: try #require(Paths.corpusBytes("pascal-voc/structural_damage_000001.xml")), as: UTF8.self)
    let xmax = try #require(text.firstRange(of: "<xmax>").map { text[$0.upperBound...].prefix { $0 != "<" } })
    let box = try #require(annotations.images.first?.features.first).json.text
    // x1 = xmax (inclusive 1-based end = exclusive 0-based end); x0 = xmin − 1.
    #expect(box.contains("[\(Int(Double(xmax)!)), "), "\(box)")
    #expect(annotations.convention == "voc-1-based-inclusive")
  }

  @Test(arguments: [
    (
      "cvat/datumaro_for_images_export_project_annotations.xml", 6, ["box": 3, "polyline": 3, "polygon": 3, "point": 3]
    ),
    ("cvat/datumaro_for_images_export_task_train.xml", 2, ["box": 1, "polyline": 1, "polygon": 1, "point": 1]),
    ("cvat/cvat-ai-datumaro_for_images_train.xml", 2, ["box": 1, "polyline": 1, "polygon": 1, "point": 7]),
    ("cvat/cgras_coral_annotations.xml", 5, ["mask": 273]),
    ("cvat/catdog_app_cvat_annotations.xml", 2, ["polyline": 1, "box": 1]),
  ])
  func cvatForImages(file: String, images: Int, shapes: [String: Int]) throws {
    // cvat-ai-datumaro: one `points` shape and two skeletons of 4 nodes, 3 of each visible.
    let annotations = try read(file)
    #expect(annotations.format.rawValue == "cvat-1.1")
    #expect(annotations.images.count == images)
    #expect(annotations.shapeCounts == shapes)
  }

  @Test func cvatVideoTracksAreExpandedFrameByFrame() throws {
    let annotations = try read("cvat/field_segmentation_video_annotations.xml")
    let features = annotations.images.flatMap(\.features)
    // 265 tracks, each a keyframe plus an outside keyframe: one polygon per track.
    #expect(Set(features.compactMap { $0.properties.first { $0.0 == "track" }?.1.text }).count == 265)
    #expect(features.allSatisfy { $0.shape == "polygon" })
    #expect(annotations.mifaTypes.contains(.tracks))
    let video = try read("cvat/datumaro_for_video_annotations.xml")
    #expect(
      Set(video.images.flatMap(\.features).compactMap { $0.properties.first { $0.0 == "track" }?.1.text }).count == 3)
  }

  @Test func cvatMaskRLEIsPaddedButNeverOverlong() throws {
    #expect(try CVATRLEProbe.count([3, 1], width: 2, height: 2) == 1)
    #expect(try CVATRLEProbe.count([0, 2], width: 2, height: 2) == 2, "short RLE is padded with background")
    #expect(throws: ForeignFormatError.self) { try CVATRLEProbe.count([3, 5], width: 2, height: 2) }
  }

  @Test(arguments: [
    ("cellcounter/CellCounter_51715_glom6.xml", 48, "51715_glom6.tif"),
    ("cellcounter/brainglobe_cells.xml", 65, "placeholder.tif"),
    ("cellcounter/brainglobe_cells_two_types.xml", 827, "placeholder.tif"),
  ])
  func cellCounter(file: String, markers: Int, image: String) throws {
    let annotations = try read(file)
    #expect(annotations.format.rawValue == "cellcounter" && annotations.images.first?.name == image)
    #expect(annotations.shapeCounts == ["point": markers])
  }

  @Test func cellCounterStackIndexIsDecodedWithTheImageSize() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>\r\n<CellCounter_Marker_File><Image_Properties><Image_Filename>a.tif</Image_Filename>\
      </Image_Properties><Marker_Data><Marker_Type><Type>1</Type><Marker><MarkerX>4</MarkerX><MarkerY>7</MarkerY>\
      <MarkerZ>6</MarkerZ></Marker></Marker_Type></Marker_Data></CellCounter_Marker_File>\r\n
      """
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(xml, to: "cc.xml")
    let plain = try AnnotationFormats.read(path).images[0].features[0].json.text
    #expect(
      plain.contains("[4.5, 7.5]") && plain.contains("\"z\": 5") && plain.contains("\"label\": \"Type 1\""), "\(plain)")
    let hyper = try CellCounterProbe.read(path, channels: 2, slices: 2).images[0].features[0].json.text
    // stack position 6 → index 5 → c = 1, z = 0, t = 1 for C = 2, Z = 2.
    #expect(hyper.contains("\"c\": 1") && hyper.contains("\"z\": 0") && hyper.contains("\"t\": 1"), "\(hyper)")
  }

  @Test(arguments: [
    ("trackmate/LabelImage.xml", 469, ["polygon": 469], 0),
    ("trackmate/pytrackmate_FakeTracks.xml", 68, ["point": 68], 2),
    ("trackmate/biotracks_FakeTracks_example2.xml", 133, ["point": 133], 5),
  ])
  func trackMate(file: String, spots: Int, shapes: [String: Int], tracks: Int) throws {
    let annotations = try read(file)
    #expect(annotations.format.rawValue == "trackmate")
    #expect(annotations.shapeCounts == shapes)
    let trackIDs = Set(
      annotations.images.flatMap(\.features).compactMap { $0.properties.first { $0.0 == "track" }?.1.text })
    #expect(trackIDs.count == tracks)
  }

  @Test(
    arguments: [
      ("coco/labelme_annotations.json", 3, 12), ("coco/datumaro_instances_val.json", 1, 2),
      ("coco/datumaro_person_keypoints_train.json", 1, 1),
      ("coco/cocoapi_instances_val2014_fakebbox100_results.json", nil, 734),
      ("coco/cocoapi_instances_val2014_fakesegm100_results.json", nil, 734),
    ] as [(String, Int?, Int)])
  func coco(file: String, images: Int?, annotations count: Int) throws {
    let annotations = try read(file)
    #expect(annotations.format.rawValue == "coco")
    if let images { #expect(annotations.images.count == images) }
    // One annotation may hold several polygons (several features with its id); results have no ids.
    let shapes = annotations.images.flatMap(\.features).filter {
      $0.properties.contains { $0.0 == "keypoint" } == false
    }
    let ids = Set(shapes.compactMap { $0.id?.text })
    #expect((ids.isEmpty ? shapes.count : ids.count) == count)
  }

  @Test func compressedCOCORLEDecodesToTheRightArea() throws {
    let data = try #require(Paths.corpusBytes("coco/cocoapi_instances_val2014_fakesegm100_results.json"))
    let json = try JSONSerialization.jsonObject(with: Data(data)) as? [[String: Any]]
    let first = try #require(json?.first)
    let annotations = try read("coco/cocoapi_instances_val2014_fakesegm100_results.json")
    let mask = try #require(annotations.images.first?.features.first)
    #expect(mask.shape == "mask")
    // pycocotools' area of this mask is the number of foreground pixels.
    let segmentation = try #require(first["segmentation"] as? [String: Any])
    let size = try #require(segmentation["size"] as? [Int])
    #expect(mask.json.text.contains("\"pixels\": "))
    #expect(size.count == 2)
  }

  @Test(arguments: [
    ("labelme/2011_000003.json", ["polygon": 5]),
    (
      "labelme/primitives.json",
      ["box": 2, "ellipse": 1, "polygon": 1, "line": 1, "point": 1, "polyline": 1, "mask": 1]
    ),
  ])
  func labelMe(file: String, shapes: [String: Int]) throws {
    let annotations = try read(file)
    #expect(annotations.format.rawValue == "labelme" && annotations.shapeCounts == shapes)
  }

  @Test func detectionRanksAndExplains() throws {
    let cvat = AnnotationFormats.detect(try #require(Paths.corpus("cvat/catdog_app_cvat_annotations.xml")))
    #expect(cvat.first?.format.rawValue == "cvat-1.1" && cvat.first!.confidence > 0.9)
    #expect(
      cvat.contains {
        $0.format.rawValue == "pascal-voc" && $0.confidence == 0 && $0.reason.contains("not <annotation>")
      })
    let labelme = AnnotationFormats.detect(try #require(Paths.corpus("labelme/primitives.json")))
    #expect(labelme.first?.format.rawValue == "labelme")
    #expect(AnnotationFormats.detect(try #require(Paths.corpus("SOURCES.md"))).allSatisfy { $0.confidence == 0 })
  }

  @Test func hostileAndMalformedToolFilesFailCleanly() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let cases = [
      (
        "xxe.xml",
        #"<?xml version="1.0"?><!DOCTYPE annotation [<!ENTITY x SYSTEM "file:///etc/passwd">]><annotation>&x;</annotation>"#
      ),
      ("truncated.xml", "<annotations><version>1.1</version><image id=\"0\" name=\"a\"><box label=\"x\" xtl=\"1\""),
      (
        "badbox.xml",
        "<annotation><object><name>a</name><bndbox><xmin>5</xmin><ymin>1</ymin><xmax>2</xmax><ymax>3</ymax></bndbox></object></annotation>"
      ),
      (
        "badpoints.xml",
        "<annotations><version>1.1</version><image id=\"0\" name=\"a\"><polygon label=\"x\" points=\"1,2;3\"/></image></annotations>"
      ),
      (
        "badrle.xml",
        "<annotations><version>1.1</version><image id=\"0\" name=\"a\"><mask label=\"x\" rle=\"9, 9\" left=\"0\" top=\"0\" width=\"2\" height=\"2\"/></image></annotations>"
      ),
      (
        "bad.json",
        "{\"annotations\": [{\"image_id\": 1, \"segmentation\": {\"size\": [2, 2], \"counts\": [1, 9]}}], \"images\": []}"
      ),
      ("notjson.json", "{\"shapes\": [1, 2"),
    ]
    for (name, text) in cases {
      let path = try folder.write(text, to: name)
      let error = try #require(throws: ForeignFormatError.self, "\(name)") { try AnnotationFormats.read(path) }
      #expect(error.path == path && !error.message.isEmpty)
    }
  }
}

extension AnnotationFormatTests {

  @Test func toolFilesImportAsGeoJSONWithProvenance() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let voc = try #require(Paths.corpus("pascal-voc/thfrag_000001.xml"))
    let result = try DatasetImporter.importFile(
      voc, into: dataset.path, options: ImportOptions(setID: "rice", imageID: "cells_01"))
    let set = try #require(result.sets.first)
    #expect(set.encoding == .geojson && set.types == [.boundingBoxes])
    #expect(
      set.provenance?.conversion?.sourceFormat == "pascal-voc"
        && set.provenance?.conversion?.convention == "voc-1-based-inclusive")
    let geojson = try String(contentsOfFile: dataset.file("annotations/rice/cells_01.geojson"), encoding: .utf8)
    #expect(geojson.components(separatedBy: "\"shape\": \"box\"").count - 1 == 46)

    let cvat = try #require(Paths.corpus("cvat/catdog_app_cvat_annotations.xml"))
    let second = try DatasetImporter.importFile(
      cvat, into: dataset.path, options: ImportOptions(setID: "catdog", imageID: "cells_02"))
    #expect(
      second.files == ["annotations/catdog/cells_02.geojson"], "two annotated images, one dataset image, one file")
    #expect(ManifestReader.read(contentsOf: dataset.file("annota.yaml")).diagnostics.isEmpty)
  }

  @Test func cvatVideoImportsAsTracks() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let video = try #require(Paths.corpus("cvat/datumaro_for_video_annotations.xml"))
    let result = try DatasetImporter.importFile(
      video, into: dataset.path, options: ImportOptions(setID: "video", imageID: "cells_03"))
    #expect(result.sets.first?.encoding == .tracks && result.sets.first?.types.contains(.tracks) == true)
  }
}

@Suite("Mask run-length encodings")
struct RLETests {
  static func randomMasks() -> [(bits: [UInt8], width: Int, height: Int)] {
    var generator = SeededGenerator(seed: 99)
    var masks: [([UInt8], Int, Int)] = [([0, 0, 0, 0], 2, 2), ([1, 1, 1, 1], 2, 2), ([1], 1, 1), ([0], 1, 1)]
    for _ in 0..<200 {
      let width = Int.random(in: 1...23, using: &generator), height = Int.random(in: 1...17, using: &generator)
      let density = Double.random(in: 0...1, using: &generator)
      var bits = (0..<(width * height)).map { _ in UInt8(Double.random(in: 0..<1, using: &generator) < density ? 1 : 0)
      }
      // Blobs as well as noise.
      if Bool.random(using: &generator) { bits = bits.enumerated().map { $0.offset % 7 < 3 ? 1 : $0.element } }
      masks.append((bits, width, height))
    }
    return masks
  }

  @Test func cvatRowMajorRLEIsExact() {
    for mask in Self.randomMasks() {
      #expect(RLEProbe.cvatRoundTrip(mask.bits, width: mask.width, height: mask.height) == mask.bits)
    }
  }

  @Test func cocoCompressedRLEIsExactAndSummariesMatchThePixels() throws {
    for mask in Self.randomMasks() {
      let (runs, decoded) = try RLEProbe.cocoRoundTrip(mask.bits)
      #expect(decoded == runs)
      // Column-major: index = x * height + y.
      let summary = try RLEProbe.cocoSummary(runs, height: mask.height, width: mask.width)
      #expect(summary.count == mask.bits.reduce(0) { $0 + Int($1) })
      var box = [Int.max, Int.max, -1, -1]
      for (index, bit) in mask.bits.enumerated() where bit != 0 {
        let x = index / mask.height, y = index % mask.height
        box = [min(box[0], x), min(box[1], y), max(box[2], x + 1), max(box[3], y + 1)]
      }
      #expect(summary.box == (box[2] < 0 ? nil : box))
    }
  }

  @Test func pycocotoolsStringsDecode() throws {
    // pycocotools.mask.encode(np.asfortranarray([[0,1],[1,1]], dtype=np.uint8))["counts"] == b"13"
    #expect(try RLEProbe.cocoDecompress("13") == [1, 3])
    #expect(throws: ForeignFormatError.self) { try RLEProbe.cocoDecompress("\u{1}") }
  }
}

/// pycocotools (the reference COCO implementation) against Annota, both ways.
@Suite("pycocotools agreement", .enabled(if: python(with: ["pycocotools", "numpy"]) != nil && Paths.corpus != nil))
struct PycocotoolsTests {
  /// Writes `source` as COCO with Annota and runs `script` on it with pycocotools; the JSON it prints.
  func pycocotools(_ source: ForeignAnnotations, _ script: String) throws -> (
    json: Any, path: String, folder: TemporaryFolder
  ) {
    let interpreter = try #require(python(with: ["pycocotools", "numpy"]))
    let folder = try TemporaryFolder()
    let path = folder.file("coco.json")
    try Data(COCOWriter.text(source).text.utf8).write(to: URL(fileURLWithPath: path))
    let output = try runProcess(interpreter, ["-c", script, path])
    #expect(output.status == 0, "\(output.stderr)")
    let line = try #require(output.stdout.split(separator: "\n").last)
    return (try JSONSerialization.jsonObject(with: Data(line.utf8)), path, folder)
  }

  @Test func annotaMasksDecodeInPycocotoolsToTheSamePixels() throws {
    let source = try AnnotationFormats.read(try #require(Paths.corpus("cvat/cgras_coral_annotations.xml")))
    let script = """
      import sys, json
      from pycocotools.coco import COCO
      from pycocotools import mask as m
      c = COCO(sys.argv[1])
      out = []
      for a in c.loadAnns(c.getAnnIds()):
          bits = c.annToMask(a)
          out.append([int(bits.sum())] + [int(v) for v in m.toBbox(a["segmentation"])])
      print(json.dumps(out))
      """
    let run = try pycocotools(source, script)
    defer { run.folder.remove() }
    let theirs = try #require(run.json as? [[Int]])
    let ours = source.images.flatMap(\.features).compactMap(\.mask).compactMap(\.tightened)
    #expect(theirs.count == 273 && ours.count == 273)
    for (mine, reference) in zip(ours, theirs) {
      #expect([mine.pixelCount, mine.left, mine.top, mine.width, mine.height] == reference)
    }
  }

  @Test func annotaCOCOLoadsInPycocotoolsWithTheSameBoxes() throws {
    let source = try AnnotationFormats.read(try #require(Paths.corpus("pascal-voc/thfrag_000001.xml")))
    let script = """
      import sys, json
      from pycocotools.coco import COCO
      c = COCO(sys.argv[1])
      anns = c.loadAnns(c.getAnnIds())
      masks = [int(c.annToMask(a).sum()) for a in anns]
      print(json.dumps({"count": len(anns), "bboxes": [a["bbox"] for a in anns], "masks": masks}))
      """
    let run = try pycocotools(source, script)
    defer { run.folder.remove() }
    let path = run.path
    let result = try #require(run.json as? [String: Any])
    #expect(result["count"] as? Int == 46)
    let boxes = try #require(result["bboxes"] as? [[Double]])
    let ours = try AnnotationFormats.read(path, format: .coco).images.flatMap(\.features)
    #expect(boxes.count == ours.count)
    // Every box rasterises to a non-empty mask in pycocotools.
    #expect((result["masks"] as? [Int])?.allSatisfy { $0 > 0 } == true)
  }

  @Test func pycocotoolsRLEDecodesToTheSamePixelsHere() throws {
    let interpreter = try #require(python(with: ["pycocotools", "numpy"]))
    let script = """
      import json, numpy as np, pycocotools.mask as m
      rng = np.random.default_rng(3)
      out = []
      for h, w in [(1, 1), (5, 7), (31, 17), (64, 64)]:
          for density in (0.0, 0.3, 1.0):
              a = np.asfortranarray((rng.random((h, w)) < density).astype(np.uint8))
              r = m.encode(a)
              out.append({"h": h, "w": w, "counts": r["counts"].decode(), "sum": int(a.sum()), "bbox": [int(v) for v in m.toBbox(r)]})
      print(json.dumps(out))
      """
    let output = try runProcess(interpreter, ["-c", script])
    #expect(output.status == 0, "\(output.stderr)")
    let cases = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
    #expect(cases.count == 12)
    for item in cases {
      let runs = try RLEProbe.cocoDecompress(try #require(item["counts"] as? String))
      let summary = try RLEProbe.cocoSummary(
        runs, height: try #require(item["h"] as? Int), width: try #require(item["w"] as? Int))
      #expect(summary.count == item["sum"] as? Int)
      if let box = summary.box, let reference = item["bbox"] as? [Int] {
        // pycocotools' bbox is [x, y, w, h].
        #expect([box[0], box[1], box[2] - box[0], box[3] - box[1]] == reference)
      }
    }
  }
}

extension AnnotationFormatTests {
  @Test(arguments: [
    "cvat/datumaro_for_images_export_project_annotations.xml", "cvat/catdog_app_cvat_annotations.xml",
    "pascal-voc/thfrag_000001.xml", "pascal-voc/pill_000001.xml", "labelme/2011_000003.json",
    "coco/labelme_annotations.json", "cvat/cgras_coral_annotations.xml", "coco/datumaro_instances_val.json",
    "labelme/primitives.json",
  ])
  func roundTripThroughCOCOKeepsEveryBoxPolygonAndMask(file: String) throws {
    let source = try read(file)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("copy.json")
    let (text, skipped) = COCOWriter.text(source)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let copy = try AnnotationFormats.read(path, format: .coco)
    let options = AnnotationComparison.Options(kinds: ["box", "polygon", "mask"], boxesBecomePolygons: true)
    #expect(AnnotationComparison.differences(source, copy, options: options).isEmpty)
    // What COCO cannot carry is counted, never silently dropped.
    let carried = source.shapeCounts.filter { ["box", "polygon", "mask"].contains($0.key) }.values.reduce(0, +)
    #expect(carried + skipped.values.reduce(0, +) == source.shapeCounts.values.reduce(0, +))
    #expect(copy.images.map(\.name) == source.images.map(\.name))
  }

  @Test func comparisonNoticesMovedVertices() throws {
    let source = try read("pascal-voc/structural_damage_000001.xml")
    var moved = source
    moved.images[0].features[0].geometry = ShapeFeature.boxGeometry(x0: 0, y0: 0, x1: 1, y1: 1)
    let problems = AnnotationComparison.differences(source, moved, options: .init(kinds: ["box"]))
    #expect(problems.count == 1 && problems[0].contains("coordinates differ"), "\(problems)")
  }
}

extension AnnotationFormatTests {
  @Test(arguments: ["annotations", "annotation", "CellCounter_Marker_File", "TrackMate"])
  func everyXMLImporterRefusesEntitiesAndExternalDTDs(root: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let attacks = [
      "<?xml version=\"1.0\"?><!DOCTYPE \(root) [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><\(root)>&x;</\(root)>",
      "<?xml version=\"1.0\"?><!DOCTYPE \(root) [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><\(root)/>",
      "<?xml version=\"1.0\"?><!DOCTYPE \(root) SYSTEM \"http://example.invalid/x.dtd\"><\(root)/>",
      "<?xml version=\"1.0\"?><!DOCTYPE \(root) [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><\(root)>&c;</\(root)>",
    ]
    let formats: [String: FormatID] = [
      "annotations": .cvat, "annotation": .pascalVOC, "CellCounter_Marker_File": .cellCounter, "TrackMate": .trackMate,
    ]
    for (index, attack) in attacks.enumerated() {
      let path = try folder.write(attack, to: "attack-\(index).xml")
      let error = try #require(throws: ForeignFormatError.self) {
        try AnnotationFormats.read(path, format: formats[root])
      }
      #expect(!error.message.contains("root:"), "nothing from /etc/passwd leaks into messages")
    }
  }

  @Test func cvatSourcesBecomeTheOrigin() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let coral = try #require(Paths.corpus("cvat/cgras_coral_annotations.xml"))
    let result = try DatasetImporter.importFile(
      coral, into: dataset.path, options: ImportOptions(setID: "coral", imageID: "cells_05"))
    let origin = try #require(result.sets.first?.provenance?.origin)
    #expect(origin != .unknown, "CVAT says how the shapes were made")
  }
}

/// COCO RLE of masks anywhere in an image, including ones that touch or cross the image's edges.
@Suite("COCO mask encoding")
struct COCOMaskEncodingTests {
  @Test func masksSurviveColumnMajorEncodingWhereverTheyLie() throws {
    var state: UInt64 = 99
    func next(_ range: ClosedRange<Int>) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
    for trial in 0..<400 {
      let (height, width) = (next(1...20), next(1...20))
      let (w, h) = (next(1...12), next(1...12))
      let (left, top) = (next(-6...22), next(-6...22))
      let bits: [UInt8] =
        trial % 50 == 0 ? [UInt8](repeating: 1, count: w * h) : (0..<w * h).map { _ in UInt8(next(0...1)) }
      let mask = try #require(MaskRegion(left: left, top: top, width: w, height: h, bits: bits))
      let (counts, back) = try COCOMaskProbe.roundTrip(mask, height: height, width: width)
      #expect(counts.reduce(0, +) == height * width, "counts cover the image exactly")
      // What lies inside the image, and nothing else, comes back.
      var inside: [UInt8] = []
      for y in 0..<h {
        for x in 0..<w {
          let (ix, iy) = (left + x, top + y)
          inside.append(ix >= 0 && ix < width && iy >= 0 && iy < height ? bits[y * w + x] : 0)
        }
      }
      let expected = MaskRegion(left: left, top: top, width: w, height: h, bits: inside)?.tightened
      #expect(back == expected, "trial \(trial)")
    }
  }
}

/// Inputs the fuzzers found, kept as regression tests.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  /// FuzzToolFormats, leak-73b74736…: an empty `.json` file leaked Foundation's read buffer.
  ///
  /// Tool files are now read with a bounded `read(2)`. An empty file is a clear error; a FIFO never
  /// blocks.
  @Test func emptyAndSpecialToolFilesAreClearErrors() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let empty = try folder.write("", to: "empty.json")
    #expect(throws: (any Error).self) { try AnnotationFormats.read(empty) }
    let fifo = folder.file("pipe.xml")
    #expect(mkfifo(fifo, 0o600) == 0)
    let error = #expect(throws: ForeignFormatError.self) { try AnnotationFormats.read(fifo) }
    #expect(error?.message.contains("not a regular file") == true)
  }
}
