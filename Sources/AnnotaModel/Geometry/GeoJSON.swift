// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One GeoJSON Feature in the spec's pixel convention (SPEC §5.3): coordinates in pixels with the
/// origin at the top-left corner of the top-left pixel, y down.
public struct ShapeFeature: Sendable, Hashable {
  /// The GeoJSON geometry object (`{"type": "Polygon", "coordinates": …}`).
  public var geometry: JSONValue
  /// The `shape` property: `box`, `polygon`, `polyline`, `line`, `point`, `ellipse`, `label`, `mask`.
  public var shape: String
  /// Further properties, in order (label, z, c, t, text, colours…).
  public var properties: [(String, JSONValue)]
  /// The feature's `id`, if any.
  public var id: JSONValue?
  /// For `mask` shapes: the pixels.
  ///
  /// GeoJSON cannot hold them; they travel as label images (SPEC §5.2) or as RLE in formats that
  /// have it.
  public var mask: MaskRegion?
  /// The box the source tool recorded beside the shape's own geometry (COCO's `bbox` next to a
  /// segmentation), as `[x0, y0, x1, y1]`: kept to check that the two agree, never written out.
  public var declaredBox: [Double]?

  /// Creates a feature.
  /// - Parameters:
  ///   - geometry: the geometry object.
  ///   - shape: the `shape` property.
  ///   - properties: further properties.
  ///   - id: the feature id.
  ///   - mask: a mask's pixels.
  public init(
    geometry: JSONValue, shape: String, properties: [(String, JSONValue)] = [], id: JSONValue? = nil,
    mask: MaskRegion? = nil
  ) {
    self.mask = mask
    self.geometry = geometry
    self.shape = shape
    self.properties = properties
    self.id = id
  }

  /// A box as a closed five-position polygon ring.
  /// - Parameters:
  ///   - x0: left.
  ///   - y0: top.
  ///   - x1: right.
  ///   - y1: bottom.
  /// - Returns: the geometry.
  public static func boxGeometry(x0: Double, y0: Double, x1: Double, y1: Double) -> JSONValue {
    polygonGeometry([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
  }

  /// A box rotated about its centre (SPEC §5.3: the ring is stored rotated, the angle in the
  /// `rotation` property).
  /// - Parameters:
  ///   - x0: left before rotation.
  ///   - y0: top before rotation.
  ///   - x1: right before rotation.
  ///   - y1: bottom before rotation.
  ///   - degrees: clockwise on screen (y down).
  /// - Returns: the geometry.
  public static func rotatedBoxGeometry(x0: Double, y0: Double, x1: Double, y1: Double, degrees: Double) -> JSONValue {
    let (cx, cy) = ((x0 + x1) / 2, (y0 + y1) / 2)
    let radians = degrees * .pi / 180
    let (cosine, sine) = (cos(radians), sin(radians))
    return polygonGeometry(
      [[x0, y0], [x1, y0], [x1, y1], [x0, y1]].map { p in
        let (dx, dy) = (p[0] - cx, p[1] - cy)
        return [cx + dx * cosine - dy * sine, cy + dx * sine + dy * cosine]
      })
  }

  /// The `label` property, when it is text.
  public var label: String? {
    if case .string(let name)? = properties.first(where: { $0.0 == "label" })?.1 { name } else { nil }
  }

  /// The outer ring of a `Polygon` geometry, as `[x, y]` positions; `nil` for other geometries.
  public var outerRing: [[Double]]? {
    guard let flat = outerRingCoordinates else { return nil }
    return stride(from: 0, to: flat.count, by: 2).map { [flat[$0], flat[$0 + 1]] }
  }

  /// The outer ring of a `Polygon` geometry as `x0, y0, x1, y1, …` (one array, not one per
  /// position: polygons traced from masks run to thousands of positions); `nil` for other
  /// geometries, or a position without two numbers.
  public var outerRingCoordinates: [Double]? {
    guard case .object(let entries) = geometry, entries.first(where: { $0.0 == "type" })?.1 == .string("Polygon"),
      case .array(let rings)? = entries.first(where: { $0.0 == "coordinates" })?.1, case .array(let ring)? = rings.first
    else { return nil }
    var flat: [Double] = []
    flat.reserveCapacity(ring.count * 2)
    for point in ring {
      guard case .array(let values) = point, values.count >= 2, case .number(let x) = values[0],
        case .number(let y) = values[1]
      else { return nil }
      flat.append(x)
      flat.append(y)
    }
    return flat
  }

  /// A polygon; the ring is closed if it is not already.
  /// - Parameter points: `[x, y]` positions.
  /// - Returns: the geometry.
  public static func polygonGeometry(_ points: [[Double]]) -> JSONValue {
    var ring = points
    if let first = ring.first, ring.last != first { ring.append(first) }
    return .object([("type", "Polygon"), ("coordinates", .array([.array(ring.map(position))]))])
  }

  /// A polygon from `x1, y1, x2, y2, …`; the ring is closed if it is not already.
  /// - Parameter coordinates: the positions' coordinates, an even number of them (a last odd one is
  ///   left out).
  /// - Returns: the geometry.
  public static func polygonGeometry(coordinates: [Double]) -> JSONValue {
    let count = coordinates.count / 2
    var ring: [JSONValue] = []
    ring.reserveCapacity(count + 1)
    for index in 0..<count {
      ring.append(.array([.number(coordinates[2 * index]), .number(coordinates[2 * index + 1])]))
    }
    if count > 0, coordinates[0] != coordinates[2 * count - 2] || coordinates[1] != coordinates[2 * count - 1] {
      ring.append(ring[0])
    }
    return .object([("type", "Polygon"), ("coordinates", .array([.array(ring)]))])
  }

  /// A line string.
  /// - Parameter points: `[x, y]` positions.
  /// - Returns: the geometry.
  public static func lineGeometry(_ points: [[Double]]) -> JSONValue {
    .object([("type", "LineString"), ("coordinates", .array(points.map(position)))])
  }

  /// A point.
  /// - Parameters:
  ///   - x: x.
  ///   - y: y.
  /// - Returns: the geometry.
  public static func pointGeometry(x: Double, y: Double) -> JSONValue {
    .object([("type", "Point"), ("coordinates", position([x, y]))])
  }

  private static func position(_ point: [Double]) -> JSONValue { .array(point.map { .number($0) }) }

  /// The Feature object.
  public var json: JSONValue {
    var entries: [(String, JSONValue)] = [("type", "Feature")]
    if let id { entries.append(("id", id)) }
    entries.append(("geometry", geometry))
    entries.append(("properties", .object([("shape", .string(shape))] + properties)))
    return .object(entries)
  }

  /// Equality over geometry, shape, properties, id and mask pixels.
  public static func == (lhs: ShapeFeature, rhs: ShapeFeature) -> Bool { lhs.json == rhs.json && lhs.mask == rhs.mask }
  /// Hashes the feature's JSON.
  /// - Parameter hasher: the hasher.
  public func hash(into hasher: inout Hasher) { hasher.combine(json) }
}

/// A GeoJSON FeatureCollection file, one feature per line for readable diffs.
public enum GeoJSONWriter {
  /// The collection's text.
  /// - Parameters:
  ///   - features: the features.
  ///   - edges: track edges as `[source id, target id]` (SPEC §5.4); the member is left out when empty.
  /// - Returns: the file's content, ending in a newline.
  public static func text(_ features: [ShapeFeature], edges: [TrackEdge] = []) -> String {
    var out = "{\"type\": \"FeatureCollection\", \"features\": [\n"
    out += features.map { "  " + $0.json.text }.joined(separator: ",\n")
    out += "\n]"
    if !edges.isEmpty {
      out +=
        ", \"edges\": [\n" + edges.map { "  " + JSONValue.array([$0.source, $0.target]).text }.joined(separator: ",\n")
        + "\n]"
    }
    return out + "}\n"
  }

  /// Track features with `next` links (importers' form) as features and top-level edges (SPEC §5.4).
  /// - Parameter features: features whose `next` property lists the ids they link to.
  /// - Returns: the features without `next`, and the edges in feature order.
  public static func edges(fromLinks features: [ShapeFeature]) -> (
    features: [ShapeFeature], edges: [TrackEdge]
  ) {
    var edges: [TrackEdge] = []
    let stripped = features.map { feature -> ShapeFeature in
      guard let index = feature.properties.firstIndex(where: { $0.0 == "next" }), let id = feature.id else {
        return feature
      }
      if case .array(let targets) = feature.properties[index].1 {
        edges += targets.map { TrackEdge(source: id, target: $0) }
      }
      var copy = feature
      copy.properties.remove(at: index)
      return copy
    }
    return (stripped, edges)
  }

  /// The inverse of ``edges(fromLinks:)``: each feature gets back the `next` links its edges name.
  /// - Parameters:
  ///   - features: the features.
  ///   - edges: the edges.
  /// - Returns: the features with `next` properties.
  public static func links(_ features: [ShapeFeature], edges: [TrackEdge]) -> [ShapeFeature] {
    guard !edges.isEmpty else { return features }
    var targets: [JSONValue: [JSONValue]] = [:]
    for edge in edges { targets[edge.source, default: []].append(edge.target) }
    return features.map { feature in
      guard let id = feature.id, let next = targets[id] else { return feature }
      var copy = feature
      copy.properties.append(("next", .array(next)))
      return copy
    }
  }
}
