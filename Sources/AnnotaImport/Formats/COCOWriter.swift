// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// Writes annotations as a COCO dataset: boxes as `bbox` (with the box polygon as segmentation),
/// polygons as `segmentation` polygons with their `bbox` and shoelace `area`.
///
/// Shapes COCO cannot hold (points outside keypoints, lines, ellipses, masks without pixels) are
/// left out and counted.
public enum COCOWriter {
  /// The COCO JSON text and what could not be written.
  /// - Parameter annotations: the annotations, in the spec's conventions.
  /// - Returns: the file's text and a note per kind of shape left out.
  public static func text(_ annotations: ForeignAnnotations) -> (text: String, skipped: [String: Int]) {
    var categories: [String] = annotations.labels.map(\.name)
    var images: [JSONValue] = []
    var items: [JSONValue] = []
    var skipped: [String: Int] = [:]
    for (index, image) in annotations.images.enumerated() {
      let imageID = index + 1
      var entry: [(String, JSONValue)] = [("id", .number(Double(imageID))), ("file_name", .string(image.name))]
      if let width = image.width { entry.append(("width", .number(Double(width)))) }
      if let height = image.height { entry.append(("height", .number(Double(height)))) }
      images.append(.object(entry))
      for feature in image.features {
        guard feature.shape == "box" || feature.shape == "polygon", let ring = outerRing(feature.geometry),
          ring.count >= 4
        else {
          skipped[feature.shape, default: 0] += 1
          continue
        }
        let label =
          feature.properties.first { $0.0 == "label" }.flatMap {
            if case .string(let name) = $0.1 { name } else { nil }
          } ?? "object"
        if !categories.contains(label) { categories.append(label) }
        let open = Array(ring.dropLast())
        let xs = open.map { $0[0] }, ys = open.map { $0[1] }
        let (x0, y0, x1, y1) = (xs.min()!, ys.min()!, xs.max()!, ys.max()!)
        var area = 0.0
        for i in open.indices {
          let j = (i + 1) % open.count; area += open[i][0] * open[j][1] - open[j][0] * open[i][1]
        }
        var item: [(String, JSONValue)] = [
          ("id", .number(Double(items.count + 1))), ("image_id", .number(Double(imageID))),
          ("category_id", .number(Double(categories.firstIndex(of: label)! + 1))),
          ("segmentation", .array([.array(open.flatMap { [JSONValue.number($0[0]), .number($0[1])] })])),
          ("area", .number(abs(area) / 2)),
          ("bbox", .array([.number(x0), .number(y0), .number(x1 - x0), .number(y1 - y0)])),
          ("iscrowd", .number(0)),
        ]
        if let score = feature.properties.first(where: { $0.0 == "confidence" })?.1 { item.append(("score", score)) }
        items.append(.object(item))
      }
    }
    let root: JSONValue = .object([
      ("info", .object([("description", .string("Written by Annota from \(annotations.format)"))])),
      ("images", .array(images)), ("annotations", .array(items)),
      (
        "categories",
        .array(
          categories.enumerated().map {
            .object([("id", .number(Double($0.offset + 1))), ("name", .string($0.element))])
          })
      ),
    ])
    return (root.text + "\n", skipped)
  }

  /// The outer ring of a Polygon geometry.
  static func outerRing(_ geometry: JSONValue) -> [[Double]]? {
    guard case .object(let entries) = geometry, entries.first(where: { $0.0 == "type" })?.1 == .string("Polygon"),
      case .array(let rings)? = entries.first(where: { $0.0 == "coordinates" })?.1, case .array(let ring)? = rings.first
    else { return nil }
    return ring.compactMap { point in
      guard case .array(let values) = point else { return nil }
      let numbers = values.compactMap { if case .number(let n) = $0 { n } else { nil } }
      return numbers.count == 2 ? numbers : nil
    }
  }
}

/// Compares two readings of the same annotations, as `annota convert --verify` does.
public enum AnnotationComparison {
  /// Differences between `original` and `copy` in shapes a format can carry, within `tolerance`
  /// pixels; empty when they agree.
  /// - Parameters:
  ///   - original: the source's annotations.
  ///   - copy: the converted file read back.
  ///   - kinds: the shape kinds the target format carries.
  ///   - tolerance: the largest coordinate difference accepted (formats that print fewer digits).
  /// - Returns: one line per difference.
  public static func differences(
    _ original: ForeignAnnotations, _ copy: ForeignAnnotations, kinds: Set<String>, tolerance: Double = 1e-6
  ) -> [String] {
    var problems: [String] = []
    func rings(_ annotations: ForeignAnnotations) -> [[[Double]]] {
      annotations.images.flatMap(\.features).filter { kinds.contains($0.shape) }.compactMap {
        COCOWriter.outerRing($0.geometry)
      }
    }
    let a = rings(original), b = rings(copy)
    if a.count != b.count { problems.append("\(a.count) shapes in the source, \(b.count) in the copy") }
    for (index, (left, right)) in zip(a, b).enumerated() {
      let l = Array(left.dropLast()), r = Array(right.dropLast())
      guard l.count == r.count else {
        problems.append("shape \(index): \(l.count) vertices in the source, \(r.count) in the copy")
        continue
      }
      let worst = zip(l, r).map { max(abs($0[0] - $1[0]), abs($0[1] - $1[1])) }.max() ?? 0
      if worst > tolerance { problems.append("shape \(index): vertices differ by up to \(worst) px") }
    }
    return problems
  }
}
