// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Rasterises area shapes to pixel masks by pixel centre.
///
/// A pixel belongs to a shape when its centre (i + 0.5, j + 0.5) lies inside (SPEC §5.1), polygons
/// by the even–odd rule. This is the rule of OME and of most label-mask exporters; it makes shared
/// edges belong to exactly one of two abutting polygons.
public enum ShapeRaster {
  /// The pixels of a `mask` (its own pixels), `box`, `polygon` or `ellipse` feature; `nil` for
  /// other kinds and for shapes that cover no pixel centre.
  /// - Parameter feature: the feature.
  /// - Returns: the mask over the shape's pixel bounding box.
  public static func mask(of feature: ShapeFeature) -> MaskRegion? {
    if let mask = feature.mask { return mask.tightened }
    let rotation = number(feature, "rotation") ?? 0
    switch feature.shape {
    case "box", "polygon":
      // A rotated box's ring is already rotated (SPEC §5.3).
      guard let ring = feature.outerRing, ring.count >= 3 else { return nil }
      return polygon(ring)
    case "ellipse":
      guard let centre = point(feature.geometry), let rx = number(feature, "rx"), let ry = number(feature, "ry"),
        rx > 0, ry > 0
      else { return nil }
      let (cosine, sine) = (cos(-rotation * .pi / 180), sin(-rotation * .pi / 180))
      let extent = max(rx, ry)
      return region(x0: centre.x - extent, y0: centre.y - extent, x1: centre.x + extent, y1: centre.y + extent) {
        x, y in
        let (dx, dy) = (x - centre.x, y - centre.y)
        let (u, v) = (dx * cosine - dy * sine, dx * sine + dy * cosine)
        return (u * u) / (rx * rx) + (v * v) / (ry * ry) <= 1
      }
    default:
      return nil
    }
  }

  /// Pixels whose centres are inside a polygon (even–odd), scanned row by row.
  /// - Parameter ring: the vertices (closed or not).
  /// - Returns: the mask, or `nil` when no pixel centre is inside.
  public static func polygon(_ ring: [[Double]]) -> MaskRegion? {
    var points = ring
    if let first = points.first, points.count > 1, points.last == first { points.removeLast() }
    guard points.count >= 3, points.allSatisfy({ $0.count >= 2 && $0[0].isFinite && $0[1].isFinite }) else {
      return nil
    }
    let xs = points.map { $0[0] }, ys = points.map { $0[1] }
    guard let (left, top, width, height) = pixelBox(x0: xs.min()!, y0: ys.min()!, x1: xs.max()!, y1: ys.max()!)
    else { return nil }
    let right = left + width - 1
    var bits = [UInt8](repeating: 0, count: width * height)
    var crossings: [Double] = []
    for row in 0..<height {
      let y = Double(top + row) + 0.5
      crossings.removeAll(keepingCapacity: true)
      for i in points.indices {
        let a = points[i], b = points[(i + 1) % points.count]
        // Half-open on y so a vertex on the scanline counts once.
        if (a[1] <= y) != (b[1] <= y) { crossings.append(a[0] + (y - a[1]) / (b[1] - a[1]) * (b[0] - a[0])) }
      }
      crossings.sort()
      var k = 0
      while k + 1 < crossings.count {
        // Pixel centres x + 0.5 with crossings[k] <= x + 0.5 < crossings[k + 1].
        let first = max(left, Int((crossings[k] - 0.5).rounded(.up)))
        let last = min(right, Int((crossings[k + 1] - 0.5).rounded(.up)) - 1)
        if first <= last { for x in first...last { bits[row * width + x - left] = 1 } }
        k += 2
      }
    }
    return MaskRegion(left: left, top: top, width: width, height: height, bits: bits)?.tightened
  }

  private static func region(x0: Double, y0: Double, x1: Double, y1: Double, inside: (Double, Double) -> Bool)
    -> MaskRegion?
  {
    guard let (left, top, width, height) = pixelBox(x0: x0, y0: y0, x1: x1, y1: y1) else { return nil }
    var bits = [UInt8](repeating: 0, count: width * height)
    for row in 0..<height {
      for column in 0..<width where inside(Double(left + column) + 0.5, Double(top + row) + 0.5) {
        bits[row * width + column] = 1
      }
    }
    return MaskRegion(left: left, top: top, width: width, height: height, bits: bits)?.tightened
  }

  private static func point(_ geometry: JSONValue) -> (x: Double, y: Double)? {
    guard case .object(let entries) = geometry,
      case .array(let values)? = entries.first(where: { $0.0 == "coordinates" })?.1, values.count >= 2,
      case .number(let x) = values[0], case .number(let y) = values[1]
    else { return nil }
    return (x, y)
  }

  private static func number(_ feature: ShapeFeature, _ key: String) -> Double? {
    for (name, value) in feature.properties where name == key {
      if case .number(let n) = value { return n }
    }
    return nil
  }

  /// The pixels whose centres lie in `[x0, x1] × [y0, y1]`: left, top, width, height; `nil` when none
  /// does, the box is over 2^28 pixels, or a coordinate is out of any image's range (a hostile file's
  /// 1e300 must not reach `Int(_:)`, which would stop the process).
  private static func pixelBox(x0: Double, y0: Double, x1: Double, y1: Double)
    -> (left: Int, top: Int, width: Int, height: Int)?
  {
    guard let left = Int(fileNumber: x0 - 0.5, rounding: .up), let right = Int(fileNumber: x1 - 0.5, rounding: .down),
      let top = Int(fileNumber: y0 - 0.5, rounding: .up), let bottom = Int(fileNumber: y1 - 0.5, rounding: .down),
      left <= right, top <= bottom,
      let area = (right - left + 1).nonNegativeProduct(bottom - top + 1), area <= 1 << 28
    else { return nil }
    return (left, top, right - left + 1, bottom - top + 1)
  }
}
