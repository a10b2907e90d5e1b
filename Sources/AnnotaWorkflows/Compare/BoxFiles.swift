// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
import AnnotaMetrics
import AnnotaModel
import Foundation

/// Boxes of any annotation-tool file Annota reads, made into a COCO evaluation's input.
///
/// CVAT, Pascal VOC (a file or a folder of them), LabelMe…: images are matched by
/// name (one image on each side pairs whatever the files call it), categories by label name, a
/// box's area its width × height, and a candidate box's score its `score` or `confidence` property
/// (1 without one). Shapes that are not boxes are counted and left out.
enum BoxFiles {
  /// One side's boxes by image, and what else it held.
  struct Side {
    var boxes: [String: [(label: String, box: COCOBox, score: Double?)]] = [:]
    var order: [String] = []
    var otherShapes = 0
  }

  /// Reads both sides.
  /// - Parameters:
  ///   - reference: the ground truth: a file or a folder of files.
  ///   - candidate: the detections.
  /// - Returns: the evaluation's input and findings about it.
  /// - Throws: ``CompareError`` when a path does not read as an annotation-tool file.
  static func load(reference: String, candidate: String) throws(CompareError) -> DetectionFiles.Loaded {
    let truth = try side(reference)
    let found = try side(candidate)
    var findings: [Diagnostic] = []
    for (loaded, path) in [(truth, reference), (found, candidate)] where loaded.otherShapes > 0 {
      findings.append(
        CompareRules.incomparable.finding(
          "\(loaded.otherShapes) shape(s) are not boxes; detection metrics leave them out",
          at: SourceLocation(file: path)))
    }
    let labels = Set(truth.boxes.values.joined().map(\.label)).union(found.boxes.values.joined().map(\.label)).sorted()
    let category = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0 + 1) })
    let imageID = Dictionary(uniqueKeysWithValues: truth.order.enumerated().map { ($1, $0 + 1) })
    let single = truth.order.count == 1 && found.order.count == 1
    var annotations: [COCOAnnotation] = []
    for (name, boxes) in truth.boxes {
      for item in boxes {
        annotations.append(
          COCOAnnotation(
            id: annotations.count + 1, imageID: imageID[name] ?? 0, categoryID: category[item.label] ?? 0,
            box: item.box, area: item.box.width * item.box.height))
      }
    }
    var detections: [COCODetection] = []
    var unscored = 0
    var strangers: [String] = []
    for name in found.order {
      guard let id = single ? 1 : imageID[name] else {
        strangers.append(name)
        continue
      }
      for item in found.boxes[name] ?? [] {
        if item.score == nil { unscored += 1 }
        detections.append(
          COCODetection(imageID: id, categoryID: category[item.label] ?? 0, box: item.box, score: item.score ?? 1))
      }
    }
    if !strangers.isEmpty {
      findings.append(
        CompareRules.unpaired.finding(
          "\(strangers.count) image(s) have detections but no ground truth (\(strangers.prefix(3).joined(separator: ", ")))"
            + "; they are left out", at: SourceLocation(file: candidate)))
    }
    if unscored > 0 {
      findings.append(
        CompareRules.assumed.finding(
          "\(unscored) box(es) have no score or confidence; each scores 1, so their order among themselves is the "
            + "file's", at: SourceLocation(file: candidate)))
    }
    let groundTruth = COCOGroundTruth(
      imageIDs: truth.order.indices.map { $0 + 1 },
      categoryIDs: labels.indices.map { $0 + 1 }, annotations: annotations)
    return DetectionFiles.Loaded(groundTruth: groundTruth, detections: detections, findings: findings)
  }

  /// The boxes of a file, or of every file of a folder (Pascal VOC keeps one per image).
  static func side(_ path: String) throws(CompareError) -> Side {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CompareError(code: .missingInput, message: "no such file or folder; check the path", path: path)
    }
    let files =
      isFolder.boolValue
      ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().filter { !$0.hasPrefix(".") }
        .map { path + "/" + $0 } : [path]
    var side = Side()
    for file in files {
      guard let reader = AnnotationFormats.detected(file), let data = FileManager.default.contents(atPath: file) else {
        if isFolder.boolValue { continue }
        throw CompareError(code: .unsupported, message: "not an annotation file Annota reads", path: file)
      }
      let annotations: ForeignAnnotations
      do {
        annotations = try reader.read(Array(data), path: file)
      } catch {
        throw CompareError(code: .unsupported, message: "cannot read it: \(error)", path: file, cause: error)
      }
      for image in annotations.images {
        if side.boxes[image.name] == nil {
          side.boxes[image.name] = []
          side.order.append(image.name)
        }
        for feature in image.features {
          guard feature.shape == "box", let box = bounds(of: feature.geometry) else {
            side.otherShapes += 1
            continue
          }
          let property = { (key: String) in feature.properties.first { $0.0 == key }?.1 }
          let label: String
          if case .string(let text) = property("label") { label = text } else { label = "" }
          let score = PointFiles.number(property("score")) ?? PointFiles.number(property("confidence"))
          side.boxes[image.name, default: []].append((label, box, score))
        }
      }
    }
    return side
  }

  /// The bounding box of a polygon's outer ring.
  static func bounds(of geometry: JSONValue) -> COCOBox? {
    guard case .object(let members) = geometry,
      case .array(let rings)? = members.first(where: { $0.0 == "coordinates" })?.1,
      case .array(let ring)? = rings.first
    else { return nil }
    let points = ring.compactMap { point -> (Double, Double)? in
      guard case .array(let xy) = point, xy.count >= 2, let x = PointFiles.number(xy[0]),
        let y = PointFiles.number(xy[1])
      else { return nil }
      return (x, y)
    }
    guard let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(), let minY = points.map(\.1).min(),
      let maxY = points.map(\.1).max()
    else { return nil }
    return COCOBox(x: minX, y: minY, width: maxX - minX, height: maxY - minY)
  }
}
