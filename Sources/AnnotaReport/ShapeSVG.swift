// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel

/// GeoJSON shapes (SPEC §5.3–5.4) as SVG elements in the image's pixel coordinates: boxes and
/// polygons outlined and lightly filled, lines, points as dots, and tracks as the paths between
/// their features' centres (edges where the file has them, else each track in time order).
enum ShapeSVG {
  /// Shapes drawn per file at most (a card stays light; the rest are counted in a note).
  static let maxShapes = 5_000

  /// The SVG elements for `collection`.
  /// - Parameters:
  ///   - collection: the file's features and edges.
  ///   - colours: label name → colour; others take the first Okabe–Ito colour.
  ///   - pointRadius: a point's radius in image pixels.
  /// - Returns: SVG markup (no `<svg>` element around it).
  static func markup(
    _ collection: GeoJSONReader.Collection, colours: [String: LabelOverlay.Colour], pointRadius: Double = 3
  ) -> String {
    var out = ""
    var centres: [JSONValue: (x: Double, y: Double)] = [:]
    var tracks: [String: [(t: Double, x: Double, y: Double)]] = [:]
    for feature in collection.features.prefix(maxShapes) {
      let colour = hex(feature.label.flatMap { colours[$0] } ?? CardPicture.okabeIto[0])
      let title = "<title>\(MarkupEscape.text(feature.label ?? feature.shape))</title>"
      let (kind, parts) = geometry(feature.geometry)
      var points: [(Double, Double)] = []
      switch kind {
      case "Polygon", "MultiPolygon":
        let d = parts.map { path($0) + "Z" }.joined()
        out += "<path class=\"shape\" d=\"\(d)\" stroke=\"\(colour)\" fill=\"\(colour)\">\(title)</path>"
        points = parts.first ?? []
      case "LineString", "MultiLineString":
        out += "<path class=\"line\" d=\"\(parts.map(path).joined())\" stroke=\"\(colour)\">\(title)</path>"
        points = parts.first ?? []
      case "Point", "MultiPoint":
        for point in parts.flatMap({ $0 }) {
          out +=
            "<circle class=\"point\" cx=\"\(number(point.0))\" cy=\"\(number(point.1))\" r=\"\(number(pointRadius))\" fill=\"\(colour)\">\(title)</circle>"
        }
        points = parts.flatMap { $0 }
      default:
        continue
      }
      guard !points.isEmpty else { continue }
      let centre = (
        points.reduce(0) { $0 + $1.0 } / Double(points.count), points.reduce(0) { $0 + $1.1 } / Double(points.count)
      )
      if let id = feature.id { centres[id] = centre }
      if let track = property("track", of: feature), let t = property("t", of: feature).flatMap(Double.init) {
        tracks[track, default: []].append((t, centre.0, centre.1))
      }
    }
    if collection.features.count > maxShapes {
      out += "<desc>\(collection.features.count - maxShapes) more shapes are not drawn</desc>"
    }
    // Tracks: the file's edges, else each track's centres in time order.
    var links: [((Double, Double), (Double, Double))] = []
    if !collection.edges.isEmpty {
      for edge in collection.edges {
        if let a = centres[edge.source], let b = centres[edge.target] { links.append(((a.x, a.y), (b.x, b.y))) }
      }
    } else {
      for track in tracks.keys.sorted() {
        let steps = tracks[track]!.sorted { $0.t < $1.t }
        for (a, b) in zip(steps, steps.dropFirst()) { links.append(((a.x, a.y), (b.x, b.y))) }
      }
    }
    if !links.isEmpty {
      let d = links.map { "M\(number($0.0.0)) \(number($0.0.1))L\(number($0.1.0)) \(number($0.1.1))" }.joined()
      out += "<path class=\"track\" d=\"\(d)\" stroke=\"\(hex(CardPicture.okabeIto[2]))\"><title>tracks</title></path>"
    }
    return out
  }

  /// A geometry's type and its rings, lines or points as `(x, y)` lists.
  private static func geometry(_ value: JSONValue) -> (String, [[(Double, Double)]]) {
    guard case .object(let entries) = value, case .string(let type)? = entries.first(where: { $0.0 == "type" })?.1,
      let coordinates = entries.first(where: { $0.0 == "coordinates" })?.1
    else { return ("", []) }
    func position(_ value: JSONValue) -> (Double, Double)? {
      guard case .array(let xy) = value, xy.count >= 2, case .number(let x) = xy[0], case .number(let y) = xy[1] else {
        return nil
      }
      return (x, y)
    }
    func list(_ value: JSONValue) -> [(Double, Double)] {
      guard case .array(let items) = value else { return [] }
      return items.compactMap(position)
    }
    func lists(_ value: JSONValue) -> [[(Double, Double)]] {
      guard case .array(let items) = value else { return [] }
      return items.map(list)
    }
    switch type {
    case "Point": return (type, position(coordinates).map { [[$0]] } ?? [])
    case "MultiPoint", "LineString": return (type, [list(coordinates)])
    case "Polygon", "MultiLineString": return (type, lists(coordinates))
    case "MultiPolygon":
      guard case .array(let polygons) = coordinates else { return (type, []) }
      return (type, polygons.flatMap(lists))
    default: return (type, [])
    }
  }

  private static func path(_ points: [(Double, Double)]) -> String {
    points.enumerated().map { "\($0 == 0 ? "M" : "L")\(number($1.0)) \(number($1.1))" }.joined()
  }

  private static func property(_ name: String, of feature: ShapeFeature) -> String? {
    switch feature.properties.first(where: { $0.0 == name })?.1 {
    case .string(let text)?: text
    case .number(let value)?: number(value)
    case .integer(let value)?: String(value)
    default: nil
    }
  }

  /// A coordinate with at most two decimals.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
  }

  /// `#rrggbb`.
  static func hex(_ colour: LabelOverlay.Colour) -> String {
    func two(_ value: UInt8) -> String {
      let digits = String(value, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }
    return "#" + two(colour.red) + two(colour.green) + two(colour.blue)
  }
}
