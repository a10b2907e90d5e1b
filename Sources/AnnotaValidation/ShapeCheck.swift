// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// What the shape rules need to know about one GeoJSON file's set and source image.
struct ShapeContext: Sendable, Hashable {
  /// The source image's size: x, y, z, c, t (`nil` when the image could not be read; `Int.max` for
  /// an axis whose size is unknown, as in a tool file that records only width and height).
  var bounds: [Int]?
  /// The set's label table: names and values (`nil` without a table).
  var labelNames: Set<String>?
  var labelValues: Set<Int>?
  /// Whether the set holds tracks (SPEC §5.4).
  var tracks: Bool
  /// The file's entry in the manifest, for the findings' pointer.
  var pointer: String
  /// The set's keypoint schema, when it declares one.
  var keypoints: KeypointSchema? = nil
}

/// The `SHAPE` rules on one GeoJSON FeatureCollection (SPEC §5.3, §5.4).
///
/// Geometry, bounds, planes, labels and track order. Pure: features in, findings out.
enum ShapeCheck {
  /// Polygons with more vertices are not tested for self-intersection (the test is quadratic).
  static let maxIntersectionVertices = 5_000

  /// The findings for `collection`, the checks that could not run, and the objects per label.
  static func check(
    _ collection: GeoJSONReader.Collection, path: String, context: ShapeContext
  ) -> (findings: [Diagnostic], unchecked: [ValidationReport.Unchecked], labels: [String: Int]) {
    check(collection.features, edges: collection.edges, path: path, context: context)
  }

  /// The findings for features (and track edges) from any reader; `imageName` prefixes the
  /// annotation ids of a tool file that holds several images.
  static func check(
    _ features: [ShapeFeature], edges: [TrackEdge], path: String, context: ShapeContext,
    imageName: String? = nil
  ) -> (findings: [Diagnostic], unchecked: [ValidationReport.Unchecked], labels: [String: Int]) {
    let collection = (features: features, edges: edges)
    var findings: [Diagnostic] = []
    var unchecked: [ValidationReport.Unchecked] = []
    var labels: [String: Int] = [:]
    var outOfBounds = 0
    for (index, feature) in collection.features.enumerated() {
      var place = SourceLocation(file: path, pointer: context.pointer)
      place.annotation = (imageName.map { $0 + "/" } ?? "") + (feature.id.map(describe) ?? "#\(index)")
      func report(_ rule: Rule, _ message: String, hint: String) {
        findings.append(rule.finding(message, hint: hint, at: place))
      }
      let properties = Dictionary(feature.properties, uniquingKeysWith: { first, _ in first })
      let label = properties["label"].flatMap { if case .string(let s) = $0 { s } else { nil } }
      labels[label ?? "(no label)", default: 0] += 1
      let positions = Self.positions(feature.geometry)
      guard let positions else {
        report(
          ShapeRules.geometry, "the geometry has no readable coordinates",
          hint: "write a GeoJSON Polygon, LineString or Point (SPEC §5.3)")
        continue
      }
      // Geometry by kind.
      switch feature.shape {
      case "box":
        if let ring = feature.outerRing, ring.count >= 4 {
          let xs = ring.map { $0[0] }, ys = ring.map { $0[1] }
          if xs.max()! - xs.min()! <= 0 || ys.max()! - ys.min()! <= 0 {
            report(
              ShapeRules.emptyArea, "the box has no area (\(xs.min()!)…\(xs.max()!) × \(ys.min()!)…\(ys.max()!))",
              hint: "a box needs x0 < x1 and y0 < y1")
          } else if let problem = Self.boxProblem(ring) {
            report(
              ShapeRules.geometry, "a box must be an axis-aligned rectangle: \(problem)",
              hint: "write the four corners (x0 y0, x1 y0, x1 y1, x0 y1) and close the ring, or use `shape: polygon`")
          }
        } else {
          report(
            ShapeRules.geometry, "a box must be a Polygon ring of five positions",
            hint: "write the box's four corners and close the ring")
        }
      case "polygon":
        if let ring = feature.outerRing {
          let distinct = Set(ring.map { [$0[0], $0[1]] }).count
          if distinct < 3 {
            report(
              ShapeRules.geometry, "the polygon has \(distinct) distinct vertices; a polygon needs at least 3",
              hint: "remove the feature, or write it as a point or line")
          } else if ring.count > maxIntersectionVertices {
            unchecked.append(
              .init(
                rule: ShapeRules.selfIntersection.id, location: place,
                reason: "\(ring.count) vertices, over the \(maxIntersectionVertices) tested for self-intersection"))
          } else if let crossing = selfIntersection(ring) {
            report(
              ShapeRules.selfIntersection, "the polygon's edges \(crossing.0) and \(crossing.1) cross or touch",
              hint: "redraw the outline so it does not cross itself (or split it into two polygons)")
          }
        } else {
          report(
            ShapeRules.geometry, "a polygon must be a GeoJSON Polygon", hint: "write a Polygon with one outer ring")
        }
      case "ellipse":
        let rx = number(properties["rx"]), ry = number(properties["ry"])
        if (rx ?? 0) <= 0 || (ry ?? 0) <= 0 {
          report(
            ShapeRules.emptyArea,
            "the ellipse needs positive `rx` and `ry` (has \(rx.map { "\($0)" } ?? "none"), \(ry.map { "\($0)" } ?? "none"))",
            hint: "give both radii in pixels")
        }
      default:
        break
      }
      // A box recorded beside a segmentation must enclose the same extent (1 px or 1% tolerance).
      if let box = feature.declaredBox, box.count == 4 {
        let extent: [Double]? =
          feature.mask.map {
            [Double($0.left), Double($0.top), Double($0.left + $0.width), Double($0.top + $0.height)]
          }
          ?? (positions.isEmpty
            ? nil
            : [
              positions.map { $0[0] }.min()!, positions.map { $0[1] }.min()!, positions.map { $0[0] }.max()!,
              positions.map { $0[1] }.max()!,
            ])
        if let extent {
          let tolerance = max(1, 0.01 * max(box[2] - box[0], box[3] - box[1]))
          if zip(extent, box).contains(where: { abs($0 - $1) > tolerance }) {
            let format = { (values: [Double]) in values.map { String(format: "%.1f", $0) }.joined(separator: ", ") }
            report(
              ShapeRules.boxMismatch,
              "the recorded box [\(format(box))] does not enclose the \(feature.mask == nil ? "polygon" : "mask") [\(format(extent))]",
              hint: "recompute the box from the segmentation (x0, y0, x1, y1 here; COCO writes x, y, width, height)")
          }
        }
      }
      // Inside the image (SPEC §5.1: 0…width, 0…height, edges included).
      if let bounds = context.bounds {
        let width = Double(bounds[0]), height = Double(bounds[1])
        if let outside = positions.first(where: { $0[0] < 0 || $0[1] < 0 || $0[0] > width || $0[1] > height }) {
          outOfBounds += 1
          if outOfBounds <= 20 {
            report(
              ShapeRules.outOfBounds,
              "position (\(outside[0]), \(outside[1])) is outside the \(bounds[0])×\(bounds[1]) image",
              hint: "check the coordinate convention (SPEC §5.1: pixels, origin at the top-left corner, y down)")
          }
        }
        for (axis, size) in [("z", bounds[2]), ("c", bounds[3]), ("t", bounds[4])] {
          guard let value = properties[axis], let plane = number(value) else { continue }
          // Compared as doubles: a hostile 1e300 must not trap a conversion to Int.
          if plane < 0 || plane != plane.rounded() || plane >= Double(size) {
            report(
              ShapeRules.plane,
              "\(axis) = \(describe(value)), but the image has \(size) plane(s) on \(axis) (0…\(size - 1))",
              hint: "planes count from 0; check the \(axis) index")
          }
        }
      }
      // Labels against the set's table.
      if let names = context.labelNames, let label, !label.isEmpty, !names.contains(label) {
        report(
          ShapeRules.undeclaredLabel, "label `\(label)` is not in the set's label table",
          hint: "add it to the label table, or fix the label")
      }
      if let values = context.labelValues, let value = number(properties["label_value"]),
        !(abs(value) < 1e15 && value == value.rounded() && values.contains(Int(value)))
      {
        report(
          ShapeRules.undeclaredLabel, "label_value \(describe(.number(value))) is not in the set's label table",
          hint: "add it to the label table, or fix the value")
      }
    }
    if context.bounds == nil, !collection.features.isEmpty {
      unchecked.append(
        .init(
          rule: ShapeRules.outOfBounds.id, location: SourceLocation(file: path, pointer: context.pointer),
          reason: "the source image's size is unknown (not in the dataset, or not readable)"))
    }
    if outOfBounds > 20 {
      findings.append(
        ShapeRules.outOfBounds.finding(
          "\(outOfBounds) shapes in all are outside the image (the first 20 are listed)",
          hint: "check the coordinate convention (SPEC §5.1)", at: SourceLocation(file: path, pointer: context.pointer))
      )
    }
    if context.tracks || !collection.edges.isEmpty {
      findings += trackFindings(collection.features, edges: collection.edges, path: path, pointer: context.pointer)
    }
    findings += KeypointCheck.check(
      collection.features, schema: context.keypoints, path: path, pointer: context.pointer, imageName: imageName)
    return (findings, unchecked, labels)
  }

  /// Edges between existing features, and time increasing along each edge.
  static func trackFindings(
    _ features: [ShapeFeature], edges: [TrackEdge], path: String, pointer: String
  ) -> [Diagnostic] {
    let collection = (features: features, edges: edges)
    var findings: [Diagnostic] = []
    var times: [JSONValue: Double?] = [:]
    for feature in collection.features {
      guard let id = feature.id else { continue }
      let properties = Dictionary(feature.properties, uniquingKeysWith: { first, _ in first })
      times[normalised(id)] = number(properties["t"])
    }
    for edge in collection.edges {
      let (source, target) = (edge.source, edge.target)
      var place = SourceLocation(file: path, pointer: pointer)
      place.annotation = "\(describe(source))→\(describe(target))"
      guard let sourceTime = times[normalised(source)], let targetTime = times[normalised(target)] else {
        let missing = times[normalised(source)] == nil ? source : target
        findings.append(
          ShapeRules.track.finding(
            "the edge names feature \(describe(missing)), which is not in the file",
            hint: "link only features of this file, by their `id`", at: place))
        continue
      }
      if let sourceTime, let targetTime, targetTime <= sourceTime {
        findings.append(
          ShapeRules.track.finding(
            "time does not increase along the edge (t = \(sourceTime) → \(targetTime))",
            hint: "an edge links a feature to one at a later time point (SPEC §5.4)", at: place))
      } else if sourceTime == nil || targetTime == nil {
        findings.append(
          ShapeRules.track.finding(
            "a feature of the edge has no `t`", hint: "give every feature of a track its time point `t`", at: place))
      }
    }
    return findings
  }

  /// Why a box's ring is not an axis-aligned rectangle (four corners, each edge horizontal or
  /// vertical), or `nil` when it is one.
  static func boxProblem(_ ring: [[Double]]) -> String? {
    var corners = ring.map { [$0[0], $0[1]] }
    if corners.count > 1, corners.first == corners.last { corners.removeLast() }
    guard corners.count == 4 else { return "it has \(corners.count) corners" }
    for index in 0..<4 {
      let a = corners[index], b = corners[(index + 1) % 4]
      if a[0] != b[0] && a[1] != b[1] {
        return "edge \(index) runs diagonally from (\(a[0]), \(a[1])) to (\(b[0]), \(b[1]))"
      }
    }
    return Set(corners).count == 4 ? nil : "two of its corners coincide"
  }

  /// The first pair of non-adjacent edges of a closed ring that cross or touch, as edge indices.
  static func selfIntersection(_ ring: [[Double]]) -> (Int, Int)? {
    var points = ring.map { ($0[0], $0[1]) }
    if let first = points.first, let last = points.last, first == last { points.removeLast() }
    // Consecutive duplicates would make zero-length edges that "touch" their neighbours.
    var cleaned: [(Double, Double)] = []
    for point in points where cleaned.last.map({ $0 != point }) ?? true { cleaned.append(point) }
    if cleaned.count > 1, cleaned.first! == cleaned.last! { cleaned.removeLast() }
    let n = cleaned.count
    guard n >= 4 else { return nil }
    func orientation(_ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double)) -> Double {
      (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    }
    func onSegment(_ a: (Double, Double), _ b: (Double, Double), _ p: (Double, Double)) -> Bool {
      min(a.0, b.0) <= p.0 && p.0 <= max(a.0, b.0) && min(a.1, b.1) <= p.1 && p.1 <= max(a.1, b.1)
    }
    for i in 0..<(n - 2) {
      let a = cleaned[i], b = cleaned[(i + 1) % n]
      for j in (i + 2)..<n where !(i == 0 && j == n - 1) {
        let c = cleaned[j], d = cleaned[(j + 1) % n]
        let d1 = orientation(c, d, a), d2 = orientation(c, d, b)
        let d3 = orientation(a, b, c), d4 = orientation(a, b, d)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return (i, j) }
        if d1 == 0 && onSegment(c, d, a) || d2 == 0 && onSegment(c, d, b) || d3 == 0 && onSegment(a, b, c)
          || d4 == 0 && onSegment(a, b, d)
        {
          return (i, j)
        }
      }
    }
    return nil
  }

  /// Every position of a geometry, as `[x, y]` (any depth of nesting).
  static func positions(_ geometry: JSONValue) -> [[Double]]? {
    guard case .object(let entries) = geometry, let coordinates = entries.first(where: { $0.0 == "coordinates" })?.1
    else { return nil }
    var out: [[Double]] = []
    func walk(_ value: JSONValue, depth: Int) -> Bool {
      guard depth < 8, case .array(let items) = value else { return false }
      if let x = items.first.flatMap(number), items.count >= 2, let y = number(items[1]) {
        out.append([x, y])
        return true
      }
      return items.allSatisfy { walk($0, depth: depth + 1) }
    }
    return walk(coordinates, depth: 0) && !out.isEmpty ? out : nil
  }

  static func number(_ value: JSONValue?) -> Double? {
    switch value {
    case .number(let n)?: n
    case .integer(let n)?: Double(n)
    default: nil
    }
  }

  /// Ids compared by value: `3` and `3.0` are one id.
  private static func normalised(_ id: JSONValue) -> JSONValue {
    if case .integer(let n) = id { return .number(Double(n)) }
    return id
  }

  static func describe(_ value: JSONValue) -> String {
    switch value {
    case .string(let s): s
    case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
    case .integer(let n): String(n)
    default: value.text
    }
  }
}

/// The GeoJSON files of `geojson` and `tracks` sets, read after the images so each knows its image's
/// size.
struct ShapeTasks {
  let manifest: Manifest
  /// Present GeoJSON files of those sets.
  let paths: Set<String>

  init(manifest: Manifest, present: Set<String>) {
    self.manifest = manifest
    paths = Set(
      manifest.annotationSets.filter { $0.encoding == .geojson || $0.encoding == .tracks }.flatMap { set in
        set.files.map(\.path).filter { present.contains($0) }
      })
  }

  /// One task per file, with its set's label table and its image's size from `facts`.
  func tasks(facts: [String: FileFacts]) -> [FileTask] {
    let images = Dictionary(manifest.images.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first })
    var tasks: [FileTask] = []
    var seen: Set<String> = []
    for (s, set) in manifest.annotationSets.enumerated() where set.encoding == .geojson || set.encoding == .tracks {
      let table = set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id } }
      for (f, file) in set.files.enumerated() where paths.contains(file.path) && seen.insert(file.path).inserted {
        let image = file.image.flatMap { images[$0] }.flatMap { facts[$0] }
        let bounds = image.flatMap { fact in fact.shape.map { $0 + [fact.sizeC, fact.sizeT] } }
        let context = ShapeContext(
          bounds: bounds, labelNames: table.map { Set($0.labels.map(\.name)) },
          labelValues: table.map { Set($0.labels.map(\.value)) }, tracks: set.encoding == .tracks,
          pointer: "/annotation_sets/\(s)/files/\(f)", keypoints: set.keypoints)
        tasks.append(FileTask(path: file.path, role: .shapes(context)))
      }
    }
    return tasks
  }
}
