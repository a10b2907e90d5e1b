// SPDX-License-Identifier: Apache-2.0

/// A GeoJSON file that does not follow SPEC §5.3, with where.
///
/// The shape of `AnnotaTIFF/TIFFError`: a code, a message, the path (with line and column) and the
/// cause.
public struct GeoJSONError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case syntax, structure, limitExceeded }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The text is not JSON.
    public static var syntax: Self { Self(.syntax) }
    /// The JSON is not the spec's GeoJSON: a missing key, a wrong type, a bad geometry.
    public static var structure: Self { Self(.structure) }
    /// The file is larger or deeper than the limits.
    public static var limitExceeded: Self { Self(.limitExceeded) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// The file.
  public var path: String
  /// What is wrong.
  public var message: String
  /// 1-based line and column, when known.
  public var line: Int?, column: Int?
  /// The error underneath, if any.
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure (by default, not the spec's structure).
  ///   - path: the file.
  ///   - message: what is wrong.
  ///   - line: the 1-based line, when known.
  ///   - column: the 1-based column, when known.
  ///   - cause: the error underneath, if any.
  public init(
    code: Code = .structure, path: String, message: String, line: Int? = nil, column: Int? = nil,
    cause: (any Error & Sendable)? = nil
  ) {
    self.code = code
    self.path = path
    self.message = message
    self.line = line
    self.column = column
    self.cause = cause
  }
  /// `path:line:column: message`.
  public var description: String {
    "\(path)\(line.map { ":\($0)" } ?? "")\(column.map { ":\($0)" } ?? ""): \(message)"
  }
}

/// Reads the spec's GeoJSON encoding (SPEC §5.3–5.4): a FeatureCollection of features in pixel
/// coordinates, with the optional top-level `edges` of tracks.
public enum GeoJSONReader {
  /// What a GeoJSON annotation file holds.
  public struct Collection: Sendable {
    /// The features, in file order.
    public var features: [ShapeFeature]
    /// Track edges as `[source id, target id]` pairs (SPEC §5.4), when present.
    public var edges: [TrackEdge]
  }

  /// The largest file read (64 MiB); annotation files beyond it are refused rather than parsed.
  public static let maxBytes = 64 << 20

  /// Parses a FeatureCollection.
  /// - Parameters:
  ///   - bytes: the file's content.
  ///   - path: the file's name, for errors.
  /// - Returns: the features and edges.
  /// - Throws: ``GeoJSONError`` for invalid JSON or a structure that is not a FeatureCollection.
  public static func read(_ bytes: [UInt8], path: String) throws(GeoJSONError) -> Collection {
    guard bytes.count <= maxBytes else {
      throw GeoJSONError(
        code: .limitExceeded, path: path, message: "\(bytes.count) bytes is over the \(maxBytes)-byte limit")
    }
    var parser = JSONNodeParser(bytes: bytes, maxDepth: 64)
    let root: ManifestNode
    do { root = try parser.parse() } catch {
      throw GeoJSONError(
        code: .syntax, path: path, message: error.message, line: error.position.line, column: error.position.column,
        cause: error)
    }
    func fail(_ node: ManifestNode, _ message: String) -> GeoJSONError {
      GeoJSONError(path: path, message: message, line: node.position.line, column: node.position.column)
    }
    guard case .mapping(let entries, _) = root, value(root, "type") == .string("FeatureCollection") else {
      throw fail(root, "not a GeoJSON FeatureCollection")
    }
    guard let featureList = entries.first(where: { $0.key == "features" })?.value,
      case .sequence(let items, _) = featureList
    else { throw fail(root, "a FeatureCollection needs a `features` list") }
    var features: [ShapeFeature] = []
    features.reserveCapacity(items.count)
    for (index, item) in items.enumerated() {
      guard case .mapping = item, value(item, "type") == .string("Feature") else {
        throw fail(item, "features[\(index)] is not a Feature")
      }
      guard let geometryNode = node(item, "geometry"), case .mapping = geometryNode,
        case .string(let type)? = value(geometryNode, "type"),
        ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"].contains(type),
        let coordinates = node(geometryNode, "coordinates"), positionsAreFinite(coordinates)
      else { throw fail(item, "features[\(index)] has no valid geometry (type and numeric coordinates)") }
      var properties: [(String, JSONValue)] = []
      var shape = type == "Polygon" ? "polygon" : type == "LineString" ? "polyline" : "point"
      if let propertyNode = node(item, "properties") {
        guard case .mapping(let propertyEntries, _) = propertyNode else {
          throw fail(propertyNode, "features[\(index)].properties is not an object")
        }
        for entry in propertyEntries {
          if entry.key == "shape", case .string(let name) = convert(entry.value) {
            shape = name
          } else {
            properties.append((entry.key, convert(entry.value)))
          }
        }
      }
      features.append(
        ShapeFeature(geometry: convert(geometryNode), shape: shape, properties: properties, id: value(item, "id")))
    }
    var edges: [TrackEdge] = []
    if let edgeNode = node(root, "edges") {
      guard case .sequence(let pairs, _) = edgeNode else { throw fail(edgeNode, "`edges` is not a list") }
      for pair in pairs {
        guard case .array(let ends) = convert(pair), ends.count == 2 else {
          throw fail(pair, "an edge is not a [source, target] pair")
        }
        edges.append(TrackEdge(source: ends[0], target: ends[1]))
      }
    }
    return Collection(features: features, edges: edges)
  }

  private static func node(_ mapping: ManifestNode, _ key: String) -> ManifestNode? {
    guard case .mapping(let entries, _) = mapping else { return nil }
    return entries.first { $0.key == key }?.value
  }

  private static func value(_ mapping: ManifestNode, _ key: String) -> JSONValue? { node(mapping, key).map(convert) }

  /// Coordinates nest lists of numbers only.
  private static func positionsAreFinite(_ node: ManifestNode) -> Bool {
    switch node {
    case .sequence(let items, _): items.allSatisfy(positionsAreFinite)
    case .scalar(let text, let kind, _): (kind == .integer || kind == .float) && JSONNumber.parse(text) != nil
    case .mapping: false
    }
  }

  /// The node as a JSON value, keys in document order.
  static func convert(_ node: ManifestNode) -> JSONValue {
    switch node {
    case .mapping(let entries, _): .object(entries.map { ($0.key, convert($0.value)) })
    case .sequence(let items, _): .array(items.map(convert))
    case .scalar(let text, let kind, _):
      switch kind {
      case .string: .string(text)
      case .boolean: .bool(text == "true")
      case .null: .null
      case .integer:
        if let exact = Int64(text), abs(exact) < 1 << 53 {
          .number(Double(exact))
        } else if let big = Int128(text) {
          .integer(big)
        } else {
          JSONNumber.parse(text).map(JSONValue.number) ?? .null
        }
      case .float: JSONNumber.parse(text).map(JSONValue.number) ?? .null
      }
    }
  }
}
