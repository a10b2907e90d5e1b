// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

extension OMEShape {
  /// The shape as a GeoJSON feature in the spec's convention (SPEC §5.3).
  ///
  /// OME ROI coordinates already use the spec's origin (top-left corner of the top-left pixel), so
  /// positions are copied; a `Transform` is applied to the positions, turning a transformed
  /// rectangle into a polygon. Absent `TheZ`/`TheC`/`TheT` stay absent: the shape spans that axis.
  /// - Parameter roi: the ROI's id, kept as a property.
  /// - Returns: the feature.
  public func feature(roi: String) -> ShapeFeature {
    func map(_ point: [Double]) -> [Double] {
      guard let m = transform else { return point }
      return [m[0][0] * point[0] + m[0][1] * point[1] + m[0][2], m[1][0] * point[0] + m[1][1] * point[1] + m[1][2]]
    }
    var properties: [(String, JSONValue)] = []
    let geometryValue: JSONValue
    var shape = geometry.kind
    switch geometry {
    case .rectangle(let x, let y, let width, let height):
      let corners = [[x, y], [x + width, y], [x + width, y + height], [x, y + height]].map(map)
      if transform == nil {
        geometryValue = ShapeFeature.boxGeometry(x0: x, y0: y, x1: x + width, y1: y + height)
      } else {
        geometryValue = ShapeFeature.polygonGeometry(corners)
        shape = "polygon"
      }
    case .ellipse(let x, let y, let rx, let ry):
      let centre = map([x, y])
      geometryValue = ShapeFeature.pointGeometry(x: centre[0], y: centre[1])
      properties += [("rx", .number(rx)), ("ry", .number(ry))]
      if let transform { properties.append(("transform", .array(transform.map { .array($0.map { .number($0) }) }))) }
    case .point(let x, let y):
      let p = map([x, y])
      geometryValue = ShapeFeature.pointGeometry(x: p[0], y: p[1])
    case .line(let x1, let y1, let x2, let y2):
      geometryValue = ShapeFeature.lineGeometry([map([x1, y1]), map([x2, y2])])
    case .polyline(let points):
      geometryValue = ShapeFeature.lineGeometry(points.map(map))
    case .polygon(let points):
      geometryValue = ShapeFeature.polygonGeometry(points.map(map))
    case .label(let x, let y, let text):
      let p = map([x, y])
      geometryValue = ShapeFeature.pointGeometry(x: p[0], y: p[1])
      properties.append(("text", .string(text)))
    case .mask(let x, let y, let width, let height, _):
      geometryValue = ShapeFeature.boxGeometry(x0: x, y0: y, x1: x + Double(width), y1: y + Double(height))
      properties += [("width", .number(Double(width))), ("height", .number(Double(height)))]
    }
    if let theZ { properties.append(("z", .number(Double(theZ)))) }
    if let theC { properties.append(("c", .number(Double(theC)))) }
    if let theT { properties.append(("t", .number(Double(theT)))) }
    // A label's text is already its `text` property (set with its geometry above).
    if case .label = geometry {
    } else if let text, !text.isEmpty {
      properties.append(("text", .string(text)))
    }
    if let strokeColor { properties.append(("stroke", .string(strokeColor.hex))) }
    if let fillColor { properties.append(("fill", .string(fillColor.hex))) }
    properties.append(("roi", .string(roi)))
    return ShapeFeature(
      geometry: geometryValue, shape: shape, properties: properties, id: id.isEmpty ? nil : .string(id))
  }
}
