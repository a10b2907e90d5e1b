// SPDX-License-Identifier: Apache-2.0
package import AnnotaModel
import FoundationEssentials

/// COCO JSON: datasets (`images`, `annotations`, `categories`) and results files (a bare array).
///
/// `bbox` is `[x, y, width, height]` with pixel-corner coordinates, as the spec's. `segmentation`
/// is polygons (flat x, y lists) or RLE `{size: [h, w], counts}` in column-major order, counts as a
/// list or as COCO's compressed string; RLE masks become `mask` features with their bounding box
/// and pixel count (the bitmap itself is kept by `COCORLE`). Panoptic datasets (`segments_info`
/// and a PNG per image) are read by ``COCOPanoptic``. An annotation with no shape is reported.
enum COCOReader {
  static func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    let json: AnyJSON
    do { json = try JSONDecoder().decode(AnyJSON.self, from: Data(bytes)) } catch {
      throw ForeignFormatError(path: path, message: "not valid JSON (\(error))")
    }
    var notes: [String] = []
    var categories: [Int: String] = [:]
    var order: [String] = []
    for category in json["categories"]?.array ?? [] {
      if let id = category["id"]?.int, let name = category["name"]?.string {
        categories[id] = name
        order.append(name)
      }
    }
    var images: [Int: ForeignAnnotations.AnnotatedImage] = [:]
    var imageOrder: [Int] = []
    for image in json["images"]?.array ?? [] {
      guard let id = image["id"]?.int else { continue }
      images[id] = .init(
        name: image["file_name"]?.string ?? "\(id)", width: image["width"]?.int, height: image["height"]?.int,
        features: [], tags: [])
      imageOrder.append(id)
    }
    let annotations: [AnyJSON]
    if case .array(let results) = json {
      annotations = results  // a results file: no images, no categories
      notes.append("a COCO results file (detections with scores), not a dataset")
    } else {
      guard let list = json["annotations"]?.array else {
        throw ForeignFormatError(path: path, message: "neither a COCO dataset (no \"annotations\") nor a results array")
      }
      annotations = list
    }
    var shapeless = 0
    for (index, annotation) in annotations.enumerated() {
      guard let imageID = annotation["image_id"]?.int else {
        throw ForeignFormatError(path: path, message: "annotation \(index) has no image_id")
      }
      if images[imageID] == nil {
        images[imageID] = .init(name: "\(imageID)", width: nil, height: nil, features: [], tags: [])
        imageOrder.append(imageID)
      }
      if annotation["segments_info"] != nil {
        let image = images[imageID]
        let segments = try COCOPanoptic.segments(
          annotation, categories: categories, size: (image?.width, image?.height), path: path)
        images[imageID]?.width = segments.width
        images[imageID]?.height = segments.height
        images[imageID]?.features += segments.features
        notes += segments.notes
        continue
      }
      let categoryID = annotation["category_id"]?.int
      var properties: [(String, JSONValue)] = [
        ("label", .string(categoryID.flatMap { categories[$0] } ?? categoryID.map { "category \($0)" } ?? "object"))
      ]
      if let score = annotation["score"]?.double { properties.append(("confidence", .number(score))) }
      if let crowd = annotation["iscrowd"]?.int, crowd != 0 { properties.append(("iscrowd", .bool(true))) }
      let id = annotation["id"]?.int.map { JSONValue.number(Double($0)) }
      var added = false
      let declaredBox = annotation["bbox"]?.array?.compactMap(\.double)
      let boxBefore = images[imageID]?.features.count ?? 0
      if let segmentation = annotation["segmentation"] {
        if let polygons = segmentation.array, !polygons.isEmpty {
          for polygon in polygons {
            let values = polygon.array?.compactMap(\.double) ?? []
            guard values.count >= 6, values.count % 2 == 0 else { continue }
            let points = stride(from: 0, to: values.count, by: 2).map { [values[$0], values[$0 + 1]] }
            images[imageID]?.features.append(
              ShapeFeature(
                geometry: ShapeFeature.polygonGeometry(points), shape: "polygon", properties: properties, id: id))
            added = true
          }
        } else if segmentation["counts"] != nil {
          let (region, height, width) = try COCORLE.region(segmentation, path: path)
          // Results files have no image list: the RLE's size is the image's.
          if images[imageID]?.width == nil, images[imageID]?.height == nil {
            images[imageID]?.width = width
            images[imageID]?.height = height
          }
          if let mask = region {
            images[imageID]?.features.append(
              ShapeFeature(
                geometry: ShapeFeature.boxGeometry(
                  x0: Double(mask.left), y0: Double(mask.top), x1: Double(mask.left + mask.width),
                  y1: Double(mask.top + mask.height)),
                shape: "mask", properties: properties + [("pixels", .number(Double(mask.pixelCount)))], id: id,
                mask: mask))
            added = true
          }
        }
      }
      // One segmentation part: its box must agree with `bbox` (several parts share one box).
      if added, let box = declaredBox, box.count == 4, let count = images[imageID]?.features.count,
        count == boxBefore + 1
      {
        images[imageID]?.features[boxBefore].declaredBox = [box[0], box[1], box[0] + box[2], box[1] + box[3]]
      }
      if !added, let box = annotation["bbox"]?.array?.compactMap(\.double), box.count == 4 {
        images[imageID]?.features.append(
          ShapeFeature(
            geometry: ShapeFeature.boxGeometry(x0: box[0], y0: box[1], x1: box[0] + box[2], y1: box[1] + box[3]),
            shape: "box",
            properties: properties, id: id))
        added = true
      }
      if !added, annotation["keypoints"]?.array == nil { shapeless += 1 }
      if let keypoints = annotation["keypoints"]?.array?.compactMap(\.double), keypoints.count >= 3 {
        for k in stride(from: 0, to: keypoints.count - 2, by: 3) where keypoints[k + 2] > 0 {
          images[imageID]?.features.append(
            ShapeFeature(
              geometry: ShapeFeature.pointGeometry(x: keypoints[k], y: keypoints[k + 1]), shape: "point",
              properties: properties + [
                ("keypoint", .number(Double(k / 3))), ("visibility", .number(keypoints[k + 2])),
              ], id: id))
        }
      }
    }
    if shapeless > 0 {
      notes.append(
        "\(shapeless) annotation(s) have no shape to read (segmentation, bbox or keypoints) and were left out")
    }
    return ForeignAnnotations(
      format: .coco, convention: "coco-pixel-corners-column-major-rle", images: imageOrder.compactMap { images[$0] },
      labels: order.map { .init(name: $0) }, notes: notes)
  }
}

/// COCO run-length masks: column-major runs starting with background, counts as integers or as
/// COCO's compressed string (6 bits per character, continuation bit 0x20, sign bit 0x10, each count
/// after the second stored as a difference from the count two back).
package enum COCORLE {
  /// What a mask covers, computed from the runs without expanding them.
  package struct Mask {
    var width: Int, height: Int
    /// Foreground pixels.
    var count: Int
    /// `[xmin, ymin, xmax, ymax)`, or `nil` when empty.
    var boundingBox: [Int]?
  }

  /// The mask's pixels as a row-major region over its bounding box; `nil` when empty.
  static func region(_ json: AnyJSON, path: String) throws -> (mask: MaskRegion?, height: Int, width: Int) {
    let (counts, height, width) = try parse(json, path: path)
    let mask = try summarize(counts, height: height, width: width, path: path)
    guard let box = mask.boundingBox else { return (nil, height, width) }
    let (x0, y0, boxWidth, boxHeight) = (box[0], box[1], box[2] - box[0], box[3] - box[1])
    var bits = [UInt8](repeating: 0, count: boxWidth * boxHeight)
    var position = 0
    for (index, count) in counts.enumerated() {
      if index % 2 == 1 {
        for p in position..<position + count {
          bits[(p % height - y0) * boxWidth + (p / height - x0)] = 1
        }
      }
      position += count
    }
    return (MaskRegion(left: x0, top: y0, width: boxWidth, height: boxHeight, bits: bits), height, width)
  }

  /// Column-major counts of `region` in an image of `height` × `width` pixels, computed column by
  /// column over the region only (an image-sized bitmap per object would be slow for big images).
  package static func counts(of region: MaskRegion, height: Int, width: Int) -> [Int] {
    var counts: [Int] = []
    var position = 0  // column-major index where the last run ended
    let bits = region.bits
    for x in 0..<region.width where region.left + x >= 0 && region.left + x < width {
      var y = 0
      while y < region.height {
        guard bits[y * region.width + x] != 0, region.top + y >= 0, region.top + y < height else {
          y += 1
          continue
        }
        let startY = y
        while y < region.height, bits[y * region.width + x] != 0, region.top + y < height { y += 1 }
        let start = (region.left + x) * height + region.top + startY
        if start == position, counts.count % 2 == 0, !counts.isEmpty {
          counts[counts.count - 1] += y - startY  // continues a run from the previous column's bottom
        } else {
          counts.append(start - position)
          counts.append(y - startY)
        }
        position = start + (y - startY)
      }
    }
    counts.append(height * width - position)
    return counts
  }

  static func decode(_ json: AnyJSON, path: String) throws -> Mask {
    let (counts, height, width) = try parse(json, path: path)
    return try summarize(counts, height: height, width: width, path: path)
  }

  private static func parse(_ json: AnyJSON, path: String) throws -> (counts: [Int], height: Int, width: Int) {
    guard let size = json["size"]?.array?.compactMap(\.int), size.count == 2,
      let area = size[0].nonNegativeProduct(size[1]), area <= 1 << 30
    else { throw ForeignFormatError(path: path, message: "RLE without a valid size [h, w]") }
    let counts: [Int]
    if let list = json["counts"]?.array {
      counts = list.compactMap(\.int)
    } else if let text = json["counts"]?.string {
      counts = try decompress(text, path: path)
    } else {
      throw ForeignFormatError(path: path, message: "RLE counts are neither a list nor a string")
    }
    return (counts, size[0], size[1])
  }

  /// Column-major runs (background first): pixel count and bounding box.
  package static func summarize(_ counts: [Int], height: Int, width: Int, path: String) throws -> Mask {
    guard let area = height.nonNegativeProduct(width) else {
      throw ForeignFormatError(path: path, message: "RLE size \(height) × \(width) is invalid")
    }
    var position = 0
    var total = 0
    var box = [Int.max, Int.max, -1, -1]
    for (index, count) in counts.enumerated() {
      // Compared before adding, so a count near `Int.max` is refused rather than overflowing.
      guard count >= 0, count <= area - position else {
        throw ForeignFormatError(path: path, message: "RLE runs add up to more than \(height) × \(width) pixels")
      }
      if index % 2 == 1, count > 0 {
        total += count
        let first = position, last = position + count - 1
        let (x0, y0) = (first / height, first % height)
        let (x1, y1) = (last / height, last % height)
        box[0] = min(box[0], x0)
        box[2] = max(box[2], x1 + 1)
        if x0 == x1 {
          box[1] = min(box[1], y0)
          box[3] = max(box[3], y1 + 1)
        } else {
          // A run over two or more columns reaches the bottom of one and the top of the next.
          box[1] = 0
          box[3] = height
        }
      }
      position += count
    }
    return Mask(width: width, height: height, count: total, boundingBox: box[2] < 0 ? nil : box)
  }

  /// Column-major runs of a column-major 0/1 mask, starting with background (pycocotools' `rleEncode`).
  package static func encode(_ bits: [UInt8]) -> [Int] { MaskRegion.runs(of: bits) }

  /// The compressed string form of counts (pycocotools' `rleToString`).
  package static func compress(_ counts: [Int]) -> String {
    var bytes: [UInt8] = []
    for (index, count) in counts.enumerated() {
      var x = count
      if index > 2 { x -= counts[index - 2] }
      var more = true
      while more {
        var c = x & 0x1F
        x >>= 5
        more = (c & 0x10) != 0 ? x != -1 : x != 0
        if more { c |= 0x20 }
        bytes.append(UInt8(c + 48))
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// pycocotools' `rleFrString`.
  package static func decompress(_ text: String, path: String) throws -> [Int] {
    let bytes = Array(text.utf8)
    var counts: [Int] = []
    var p = 0
    while p < bytes.count {
      var x = 0
      var k = 0
      var more = true
      while more {
        guard p < bytes.count, bytes[p] >= 48 else {
          throw ForeignFormatError(path: path, message: "corrupt compressed RLE string")
        }
        let c = Int(bytes[p]) - 48
        x |= (c & 0x1F) << (5 * k)
        more = c & 0x20 != 0
        p += 1
        k += 1
        if !more, c & 0x10 != 0 { x |= -1 << (5 * k) }
        guard k < 13 else { throw ForeignFormatError(path: path, message: "corrupt compressed RLE string") }
      }
      if counts.count > 2 {
        // pycocotools' C adds without a check; a string crafted to overflow is corrupt, not a wrap.
        let (sum, overflow) = x.addingReportingOverflow(counts[counts.count - 2])
        guard !overflow else { throw ForeignFormatError(path: path, message: "corrupt compressed RLE string") }
        x = sum
      }
      counts.append(x)
    }
    return counts
  }
}

/// COCO instances (and panoptic) JSON, or a results array: recognised by its keys.
struct COCOFormat: ToolFormat {
  var id: FormatID { .coco }
  var title: String { "COCO (JSON: instances, panoptic, or a results array)" }

  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    guard let opener = head.jsonOpener else { return .init(format: id, confidence: 0, reason: "not JSON") }
    if opener == "[", head.mentions("image_id") {
      return .init(format: id, confidence: 0.8, reason: "an array of results with image_id")
    }
    return head.mentions("annotations") && (head.mentions("images") || head.mentions("categories"))
      ? .init(format: id, confidence: 0.9, reason: "images, annotations and categories")
      : .init(format: id, confidence: 0, reason: "no images/annotations/categories keys")
  }

  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations { try COCOReader.read(bytes, path: path) }
}
