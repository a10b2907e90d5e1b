// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
import AnnotaMetrics
import AnnotaModel
import Foundation

/// COCO files read for detection metrics: a ground-truth dataset (`images`, `categories`,
/// `annotations`) and detections, either a results file (a bare array with `score`s) or another
/// dataset (every object then scores 1, so a second annotator's boxes can be compared too).
///
/// As pycocotools reads them: `bbox` is `[x, y, width, height]`; a ground-truth object's `area` is
/// the file's (its box's or mask's when the file has none, which the report says); `iscrowd` objects
/// are crowd regions. Masks are RLE (`{size: [h, w], counts}` with counts as a list or COCO's
/// compressed string); polygons are not rasterised here, so mask evaluation refuses them.
enum DetectionFiles {
  /// One `annotations` entry or result, as far as evaluation needs it.
  struct Object: Decodable {
    var id: Int?
    var imageID: Int
    var categoryID: Int
    var bbox: [Double]?
    var area: Double?
    var iscrowd: Int?
    var score: Double?
    var segmentation: Segmentation?

    enum CodingKeys: String, CodingKey {
      case id, bbox, area, iscrowd, score, segmentation
      case imageID = "image_id"
      case categoryID = "category_id"
    }
  }

  /// A `segmentation`: RLE, or polygons (kept only to be refused with a reason).
  enum Segmentation: Decodable {
    case rle(height: Int, width: Int, counts: [Int]?, compressed: String?)
    case polygons

    init(from decoder: any Decoder) throws {
      struct RLE: Decodable {
        var size: [Int]
        var counts: Counts
      }
      enum Counts: Decodable {
        case list([Int])
        case text(String)
        init(from decoder: any Decoder) throws {
          let container = try decoder.singleValueContainer()
          if let text = try? container.decode(String.self) {
            self = .text(text)
          } else {
            self = .list(try container.decode([Int].self))
          }
        }
      }
      if let rle = try? decoder.singleValueContainer().decode(RLE.self), rle.size.count == 2 {
        switch rle.counts {
        case .list(let counts): self = .rle(height: rle.size[0], width: rle.size[1], counts: counts, compressed: nil)
        case .text(let text): self = .rle(height: rle.size[0], width: rle.size[1], counts: nil, compressed: text)
        }
      } else {
        self = .polygons
      }
    }
  }

  /// A dataset file's parts.
  struct Dataset: Decodable {
    struct Identified: Decodable { var id: Int }
    var images: [Identified]?
    var categories: [Identified]?
    var annotations: [Object]?
  }

  /// What was read, and what was left out or assumed.
  struct Loaded {
    var groundTruth: COCOGroundTruth
    var detections: [COCODetection]
    var findings: [Diagnostic]
  }

  /// Reads the ground truth and the detections.
  /// - Parameters:
  ///   - reference: the ground-truth dataset.
  ///   - candidate: the detections (a results array, or a dataset whose objects score 1).
  ///   - iouType: boxes or masks.
  /// - Returns: the evaluation's input and findings about it.
  /// - Throws: ``CompareError`` when a file cannot be read or is not COCO.
  static func load(reference: String, candidate: String, iouType: COCOEvaluation.IoUType) throws(CompareError)
    -> Loaded
  {
    var findings: [Diagnostic] = []
    let truth = try decode(Dataset.self, from: contents(of: reference), at: reference)
    guard let images = truth.images, let categories = truth.categories, let objects = truth.annotations else {
      throw CompareError(
        code: .unsupported, message: "not a COCO dataset: a ground truth needs images, categories and annotations",
        path: reference)
    }
    var annotations: [COCOAnnotation] = []
    var withoutArea = 0
    var unusable = 0
    for (index, object) in objects.enumerated() {
      let mask = iouType == .segm ? self.mask(object.segmentation, at: reference) : nil
      if iouType == .segm, mask == nil {
        unusable += 1
        continue
      }
      guard let box = mask?.boundingBox ?? box(object.bbox) else {
        unusable += 1
        continue
      }
      if object.area == nil { withoutArea += 1 }
      let area = object.area ?? mask.map { Double($0.area) } ?? box.width * box.height
      annotations.append(
        COCOAnnotation(
          id: object.id ?? index + 1, imageID: object.imageID, categoryID: object.categoryID, box: box, area: area,
          isCrowd: (object.iscrowd ?? 0) != 0, mask: mask))
    }
    if unusable > 0 {
      findings.append(
        CompareRules.incomparable.finding(
          "\(unusable) ground-truth object(s) have no usable "
            + (iouType == .segm ? "RLE mask (polygons are not rasterised here)" : "bbox") + "; they are left out",
          hint: iouType == .segm ? "export the masks as RLE, or evaluate boxes (--iou-type bbox)" : nil,
          at: SourceLocation(file: reference)))
    }
    if withoutArea > 0 {
      findings.append(
        CompareRules.assumed.finding(
          "\(withoutArea) ground-truth object(s) have no area; their "
            + (iouType == .segm ? "mask's pixel count" : "box's width × height") + " is used for the area ranges",
          at: SourceLocation(file: reference)))
    }
    let groundTruth = COCOGroundTruth(
      imageIDs: images.map(\.id), categoryIDs: categories.map(\.id), annotations: annotations)
    let results: [Object]
    // One read; a results file is a bare array, else it is a dataset.
    let detectionBytes = try contents(of: candidate)
    if let list = try? JSONDecoder().decode([Object].self, from: detectionBytes) {
      results = list
    } else {
      let dataset = try decode(Dataset.self, from: detectionBytes, at: candidate)
      guard let list = dataset.annotations else {
        throw CompareError(
          code: .unsupported, message: "neither a COCO results array nor a dataset with annotations", path: candidate)
      }
      results = list
    }
    var detections: [COCODetection] = []
    var unscored = 0
    var skipped = 0
    for result in results {
      let mask = self.mask(result.segmentation, at: candidate)
      let box = box(result.bbox)
      if iouType == .segm ? mask == nil : box == nil && mask == nil {
        skipped += 1
        continue
      }
      if result.score == nil { unscored += 1 }
      detections.append(
        COCODetection(
          imageID: result.imageID, categoryID: result.categoryID, box: box, score: result.score ?? 1, mask: mask))
    }
    if skipped > 0 {
      findings.append(
        CompareRules.incomparable.finding(
          "\(skipped) detection(s) have no usable " + (iouType == .segm ? "RLE mask" : "bbox or RLE mask")
            + "; they are left out", at: SourceLocation(file: candidate)))
    }
    if unscored > 0 {
      findings.append(
        CompareRules.assumed.finding(
          "\(unscored) detection(s) have no score; each scores 1, so their order among themselves is the file's",
          at: SourceLocation(file: candidate)))
    }
    return Loaded(groundTruth: groundTruth, detections: detections, findings: findings)
  }

  static func box(_ values: [Double]?) -> COCOBox? {
    guard let values, values.count == 4, values.allSatisfy(\.isFinite) else { return nil }
    return COCOBox(x: values[0], y: values[1], width: values[2], height: values[3])
  }

  static func mask(_ segmentation: Segmentation?, at path: String) -> COCOMask? {
    guard case .rle(let height, let width, let counts, let compressed) = segmentation else { return nil }
    let runs = counts ?? compressed.flatMap { try? COCORLE.decompress($0, path: path) }
    guard let runs, runs.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }) else { return nil }
    return COCOMask(width: width, height: height, counts: runs.map { UInt32($0) })
  }

  private static func contents(of path: String) throws(CompareError) -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CompareError(code: .missingInput, message: "cannot read the file; check the path", path: path)
    }
    return data
  }

  private static func decode<T: Decodable>(_ type: T.Type, from data: Data, at path: String) throws(CompareError) -> T {
    do {
      return try JSONDecoder().decode(type, from: data)
    } catch {
      throw CompareError(
        code: .unsupported, message: "not COCO JSON (\(error)); give a COCO dataset or results file", path: path,
        cause: error)
    }
  }
}
