// SPDX-License-Identifier: Apache-2.0

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

  /// Creates a feature.
  /// - Parameters:
  ///   - geometry: the geometry object.
  ///   - shape: the `shape` property.
  ///   - properties: further properties.
  ///   - id: the feature id.
  public init(geometry: JSONValue, shape: String, properties: [(String, JSONValue)] = [], id: JSONValue? = nil) {
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

  /// A polygon; the ring is closed if it is not already.
  /// - Parameter points: `[x, y]` positions.
  /// - Returns: the geometry.
  public static func polygonGeometry(_ points: [[Double]]) -> JSONValue {
    var ring = points
    if let first = ring.first, ring.last != first { ring.append(first) }
    return .object([("type", "Polygon"), ("coordinates", .array([.array(ring.map(position))]))])
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

  /// Equality over geometry, shape, properties and id.
  public static func == (lhs: ShapeFeature, rhs: ShapeFeature) -> Bool { lhs.json == rhs.json }
  /// Hashes the feature's JSON.
  /// - Parameter hasher: the hasher.
  public func hash(into hasher: inout Hasher) { hasher.combine(json) }
}

/// A GeoJSON FeatureCollection file, one feature per line for readable diffs.
public enum GeoJSONWriter {
  /// The collection's text.
  /// - Parameter features: the features.
  /// - Returns: the file's content, ending in a newline.
  public static func text(_ features: [ShapeFeature]) -> String {
    "{\"type\": \"FeatureCollection\", \"features\": [\n"
      + features.map { "  " + $0.json.text }.joined(separator: ",\n") + "\n]}\n"
  }
}
