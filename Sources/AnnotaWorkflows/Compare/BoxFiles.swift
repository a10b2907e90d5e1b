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

  /// Makes both sides' boxes into a COCO evaluation's input.
  /// - Parameters:
  ///   - reference: the ground truth's files.
  ///   - candidate: the detections' files.
  ///   - names: how findings name the two sides.
  /// - Returns: the evaluation's input and findings about it.
  static func load(
    reference: [ForeignAnnotations], candidate: [ForeignAnnotations], names: (String, String), sharedOnly: Bool = false
  ) -> DetectionFiles.Loaded {
    let (referenceName, candidateName) = names
    var truth = side(reference)
    let found = side(candidate)
    var findings: [Diagnostic] = []
    // Two annotation sets: an image the candidate set does not cover is not compared (COMPARE-001),
    // rather than scored as all missed.
    let uncovered = sharedOnly ? truth.order.filter { found.boxes[$0] == nil } : []
    if !uncovered.isEmpty {
      truth.order.removeAll { found.boxes[$0] == nil }
      findings.append(
        CompareRules.unpaired.finding(
          "\(uncovered.count) image(s) annotated in \(referenceName) only (\(uncovered.prefix(3).joined(separator: ", ")))"
            + "; they are not compared", at: SourceLocation(file: referenceName)))
    }
    for (loaded, path) in [(truth, referenceName), (found, candidateName)] where loaded.otherShapes > 0 {
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
    for name in truth.order {
      let boxes = truth.boxes[name] ?? []
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
            + "; they are left out", at: SourceLocation(file: candidateName)))
    }
    if unscored > 0 {
      findings.append(
        CompareRules.assumed.finding(
          "\(unscored) box(es) have no score or confidence; each scores 1, so their order among themselves is the "
            + "file's", at: SourceLocation(file: candidateName)))
    }
    let groundTruth = COCOGroundTruth(
      imageIDs: truth.order.indices.map { $0 + 1 },
      categoryIDs: labels.indices.map { $0 + 1 }, annotations: annotations)
    return DetectionFiles.Loaded(groundTruth: groundTruth, detections: detections, findings: findings)
  }

  /// The boxes of annotation files, by image (named without extension).
  /// - Parameter files: the files' annotations (``ToolFiles``).
  /// - Returns: the boxes and how many other shapes there were.
  static func side(_ files: [ForeignAnnotations]) -> Side {
    var side = Side()
    for image in files.flatMap(\.images) {
      let name = ComparisonSource.stem(of: image.name)
      if side.boxes[name] == nil {
        side.boxes[name] = []
        side.order.append(name)
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
        side.boxes[name, default: []].append((label, box, score))
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
