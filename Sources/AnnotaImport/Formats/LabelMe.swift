// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import FoundationEssentials

/// LabelMe JSON: `shapes` with `shape_type` polygon, rectangle (two corners), circle (centre and a
/// point on the circumference), line, linestrip, point, points, mask (a base64 PNG of the box region,
/// decoded to its pixels).
///
/// Coordinates are pixel corners, as the spec's.
enum LabelMeReader {
  static func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    let json: AnyJSON
    do { json = try JSONDecoder().decode(AnyJSON.self, from: Data(bytes)) } catch {
      throw ForeignFormatError(path: path, message: "not valid JSON (\(error))")
    }
    guard let shapes = json["shapes"]?.array else {
      throw ForeignFormatError(path: path, message: "no \"shapes\" list: not a LabelMe file")
    }
    var features: [ShapeFeature] = []
    var labels: [String] = []
    var notes: [String] = []
    for (index, shape) in shapes.enumerated() {
      let label = shape["label"]?.string ?? "object"
      if !labels.contains(label) { labels.append(label) }
      let points = (shape["points"]?.array ?? []).compactMap { point -> [Double]? in
        guard let pair = point.array?.compactMap(\.double), pair.count == 2 else { return nil }
        return pair
      }
      var properties: [(String, JSONValue)] = [("label", .string(label))]
      if let group = shape["group_id"]?.int { properties.append(("group", .number(Double(group)))) }
      let type = shape["shape_type"]?.string ?? "polygon"
      switch (type, points.count) {
      case ("polygon", 3...):
        features.append(
          ShapeFeature(geometry: ShapeFeature.polygonGeometry(points), shape: "polygon", properties: properties))
      case ("mask", 2):
        // A base64 PNG of the region from the first point (truncated to whole pixels), as labelme
        // writes it; the PNG's size is the region's.
        guard let text = shape["mask"]?.string, let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters)
        else {
          throw ForeignFormatError(path: path, message: "shape \(index) (mask) has no base64 `mask`")
        }
        let png: PNGMask.Decoded
        do { png = try PNGMask.decode(Array(data)) } catch {
          throw ForeignFormatError(path: path, message: "shape \(index) (mask): \(error.message)")
        }
        let left = Int(min(points[0][0], points[1][0]).rounded(.down))
        let top = Int(min(points[0][1], points[1][1]).rounded(.down))
        let mask = MaskRegion(left: left, top: top, width: png.width, height: png.height, bits: png.bits)
        features.append(
          ShapeFeature(
            geometry: ShapeFeature.boxGeometry(
              x0: Double(left), y0: Double(top), x1: Double(left + png.width), y1: Double(top + png.height)),
            shape: "mask", properties: properties + [("pixels", .number(Double(mask?.pixelCount ?? 0)))], mask: mask))
      case ("rectangle", 2):
        let box = ShapeFeature.boxGeometry(
          x0: min(points[0][0], points[1][0]), y0: min(points[0][1], points[1][1]),
          x1: max(points[0][0], points[1][0]), y1: max(points[0][1], points[1][1]))
        features.append(ShapeFeature(geometry: box, shape: "box", properties: properties))
      case ("circle", 2):
        let r =
          ((points[1][0] - points[0][0]) * (points[1][0] - points[0][0]) + (points[1][1] - points[0][1])
            * (points[1][1] - points[0][1]))
          .squareRoot()
        features.append(
          ShapeFeature(
            geometry: ShapeFeature.pointGeometry(x: points[0][0], y: points[0][1]), shape: "ellipse",
            properties: properties + [("rx", .number(r)), ("ry", .number(r))]))
      case ("line", 2):
        features.append(
          ShapeFeature(geometry: ShapeFeature.lineGeometry(points), shape: "line", properties: properties))
      case ("linestrip", 2...):
        features.append(
          ShapeFeature(geometry: ShapeFeature.lineGeometry(points), shape: "polyline", properties: properties))
      case ("point", 1), ("points", 1...):
        for point in points {
          features.append(
            ShapeFeature(
              geometry: ShapeFeature.pointGeometry(x: point[0], y: point[1]), shape: "point", properties: properties))
        }
      default:
        notes.append("shape \(index) (\(type) with \(points.count) points) was skipped")
      }
    }
    let image = ForeignAnnotations.AnnotatedImage(
      name: json["imagePath"]?.string ?? "", width: json["imageWidth"]?.int, height: json["imageHeight"]?.int,
      features: features,
      tags: [])
    return ForeignAnnotations(
      format: .labelMe, convention: "labelme-pixel-corners", images: [image], labels: labels.map { .init(name: $0) },
      notes: notes)
  }
}

/// LabelMe JSON (one file per image): recognised by `shapes` with `shape_type` or `imagePath`.
struct LabelMeFormat: ToolFormat {
  var id: FormatID { .labelMe }
  var title: String { "LabelMe (JSON, one file per image)" }

  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    guard head.jsonOpener != nil else { return .init(format: id, confidence: 0, reason: "not JSON") }
    return head.mentions("shapes") && (head.mentions("imagePath") || head.mentions("shape_type"))
      ? .init(format: id, confidence: 0.9, reason: "shapes with shape_type and imagePath")
      : .init(format: id, confidence: 0, reason: "no shapes/imagePath keys")
  }

  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    try LabelMeReader.read(bytes, path: path)
  }
}
