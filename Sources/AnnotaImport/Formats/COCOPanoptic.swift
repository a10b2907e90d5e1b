// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaRaster

/// COCO panoptic: each annotation names a PNG whose RGB pixels hold segment ids
/// (`id = R + 256·G + 256²·B`, 0 unlabelled) and lists the segments in `segments_info`.
///
/// The PNGs sit in a folder named after the JSON file (`annotations/panoptic_val.json` →
/// `annotations/panoptic_val/`), as COCO and datumaro write them, or next to the JSON. Each segment
/// becomes a `mask` feature over its own box; a missing PNG is an error, never an empty result.
enum COCOPanoptic {
  /// One annotation's segments as mask features, read from its PNG.
  struct Segments {
    var features: [ShapeFeature]
    var width: Int, height: Int
    var notes: [String]
  }

  /// Whether a COCO dataset is panoptic: its annotations carry `segments_info`.
  static func isPanoptic(_ annotations: [AnyJSON]) -> Bool {
    annotations.contains { $0["segments_info"]?.array != nil }
  }

  /// Reads the segments of one panoptic annotation.
  /// - Parameters:
  ///   - annotation: the annotation (`file_name`, `segments_info`).
  ///   - categories: category names by id.
  ///   - size: the image's width and height from `images`, when given.
  ///   - path: the JSON file, which locates the PNG.
  static func segments(
    _ annotation: AnyJSON, categories: [Int: String], size: (width: Int?, height: Int?), path: String
  ) throws -> Segments {
    guard let fileName = annotation["file_name"]?.string, !fileName.isEmpty else {
      throw ForeignFormatError(path: path, message: "a panoptic annotation has no file_name for its PNG")
    }
    let png = try readPNG(fileName, json: path)
    let image: RasterImage
    do { image = try RasterReader.decode(png.bytes, path: png.path) } catch {
      throw ForeignFormatError(path: png.path, message: "the panoptic PNG cannot be read: \(error.message)")
    }
    let header = image.header
    guard header.format == .png, !header.isPalette, header.storedBits == 8, header.channels >= 3 else {
      throw ForeignFormatError(
        path: png.path, message: "a panoptic PNG must be 8-bit RGB (segment id = R + 256·G + 256²·B)")
    }
    if let width = size.width, let height = size.height, width != header.width || height != header.height {
      throw ForeignFormatError(
        path: png.path,
        message: "the panoptic PNG is \(header.width)×\(header.height) but its image is \(width)×\(height)")
    }
    let listed = annotation["segments_info"]?.array ?? []
    var indexOf: [Int: Int] = [:]
    for (index, segment) in listed.enumerated() {
      guard let id = segment["id"]?.int, id > 0 else {
        throw ForeignFormatError(path: path, message: "segment \(index) of \(fileName) has no positive id")
      }
      guard indexOf.updateValue(index, forKey: id) == nil else {
        throw ForeignFormatError(path: path, message: "\(fileName) lists segment id \(id) twice")
      }
    }
    let bounds = scan(image, indexOf: indexOf, count: listed.count)
    var notes: [String] = []
    if bounds.unlisted > 0 {
      notes.append("\(fileName): \(bounds.unlisted) pixel(s) carry segment ids that segments_info does not list")
    }
    var features: [ShapeFeature] = []
    for (index, segment) in listed.enumerated() {
      let id = segment["id"]?.int ?? 0
      let categoryID = segment["category_id"]?.int
      let label = categoryID.flatMap { categories[$0] } ?? categoryID.map { "category \($0)" } ?? "segment"
      guard let box = bounds.boxes[index], let mask = region(of: id, in: image, box: box) else {
        notes.append("\(fileName): segment \(id) (\(label)) has no pixel in the PNG and was left out")
        continue
      }
      var properties: [(String, JSONValue)] = [("label", .string(label))]
      if let crowd = segment["iscrowd"]?.int, crowd != 0 { properties.append(("iscrowd", .bool(true))) }
      properties.append(("pixels", .number(Double(mask.pixelCount))))
      var feature = ShapeFeature(
        geometry: ShapeFeature.boxGeometry(
          x0: Double(mask.left), y0: Double(mask.top), x1: Double(mask.left + mask.width),
          y1: Double(mask.top + mask.height)),
        shape: "mask", properties: properties, id: .number(Double(id)), mask: mask)
      if let declared = segment["bbox"]?.array?.compactMap(\.double), declared.count == 4 {
        feature.declaredBox = [declared[0], declared[1], declared[0] + declared[2], declared[1] + declared[3]]
      }
      features.append(feature)
    }
    return Segments(features: features, width: header.width, height: header.height, notes: notes)
  }

  /// The PNG's bytes, from the folder named after the JSON file or from next to it.
  static func readPNG(_ fileName: String, json path: String) throws -> (path: String, bytes: [UInt8]) {
    // The name is data from the file: a relative path inside the dataset, never absolute or upward.
    let parts = fileName.split(separator: "/", omittingEmptySubsequences: false)
    guard !fileName.hasPrefix("/"), !parts.contains(".."), !fileName.contains("\\") else {
      throw ForeignFormatError(path: path, message: "panoptic file_name \"\(fileName)\" leaves the dataset")
    }
    let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    let directory = folder.isEmpty ? "." : folder
    let stem = path.hasSuffix(".json") ? String(path.dropLast(".json".count)) : path
    let candidates = ["\(stem)/\(fileName)", "\(directory)/\(fileName)"]
    for candidate in candidates {
      if let bytes = FileManagerBridge.contents(candidate) { return (candidate, bytes) }
    }
    throw ForeignFormatError(
      path: path,
      message:
        "COCO panoptic: the segment PNG \"\(fileName)\" is not at \(candidates.joined(separator: " or ")); "
        + "its segments cannot be read")
  }

  /// Each listed segment's box `[x0, y0, x1, y1)` and the count of pixels with unlisted ids.
  static func scan(_ image: RasterImage, indexOf: [Int: Int], count: Int) -> (boxes: [[Int]?], unlisted: Int) {
    let width = image.header.width, channels = image.header.channels
    var boxes = [[Int]?](repeating: nil, count: count)
    var unlisted = 0
    image.samples.withUnsafeBufferPointer { samples in
      var previous = -1, previousIndex: Int? = nil
      for pixel in 0..<(width * image.header.height) {
        let offset = pixel * channels
        let id = Int(samples[offset]) | Int(samples[offset + 1]) << 8 | Int(samples[offset + 2]) << 16
        guard id != 0 else { continue }
        // Segments are contiguous along rows: reuse the last lookup.
        let index: Int?
        if id == previous {
          index = previousIndex
        } else {
          index = indexOf[id]; (previous, previousIndex) = (id, index)
        }
        guard let index else { unlisted += 1; continue }
        let x = pixel % width, y = pixel / width
        if let box = boxes[index] {
          boxes[index] = [min(box[0], x), min(box[1], y), max(box[2], x + 1), y + 1]
        } else {
          boxes[index] = [x, y, x + 1, y + 1]
        }
      }
    }
    return (boxes, unlisted)
  }

  /// The pixels of segment `id` over its box.
  static func region(of id: Int, in image: RasterImage, box: [Int]) -> MaskRegion? {
    let width = image.header.width, channels = image.header.channels
    let boxWidth = box[2] - box[0], boxHeight = box[3] - box[1]
    var bits = [UInt8](repeating: 0, count: boxWidth * boxHeight)
    for y in box[1]..<box[3] {
      for x in box[0]..<box[2] {
        let offset = (y * width + x) * channels
        let value =
          Int(image.samples[offset]) | Int(image.samples[offset + 1]) << 8 | Int(image.samples[offset + 2]) << 16
        if value == id { bits[(y - box[1]) * boxWidth + (x - box[0])] = 1 }
      }
    }
    return MaskRegion(left: box[0], top: box[1], width: boxWidth, height: boxHeight, bits: bits)
  }
}
