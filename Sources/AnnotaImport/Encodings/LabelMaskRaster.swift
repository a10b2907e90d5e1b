// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
public import AnnotaTIFF

/// Paints mask shapes into an instance label image (SPEC §5.2) and reads them back out.
///
/// Each mask gets its own value (1, 2, … in paint order); masks are painted in ascending `z_order`
/// (file order among equals), so where masks overlap the one a tool draws on top wins, and the
/// pixels it hides are counted: a label image cannot hold overlaps, and nothing is lost silently.
public enum LabelMaskRaster {
  /// One painted label image.
  public struct Painted: Sendable {
    /// The label image: uint16, or uint32 beyond 65 535 masks.
    public var plane: Plane
    /// Per value present in the image: the mask's feature (its label, id and properties).
    public var instances: [InstanceTable.Instance]
    /// Masks entirely hidden under masks painted over them: no pixel holds their value, so the
    /// instance table leaves them out.
    public var hiddenShapes: [ShapeFeature]
    /// Mask pixels hidden by a mask painted over them.
    public var hiddenPixels: Int
    /// Mask pixels outside the image.
    public var clippedPixels: Int
  }

  /// Paints `masks` (features with `ShapeFeature/mask`; others are ignored) into a
  /// `width` × `height` label image.
  /// - Parameters:
  ///   - masks: the features.
  ///   - width: the image's width.
  ///   - height: the image's height.
  /// - Returns: the plane, the value of each mask, and what overlaps or clipping cost.
  /// - Throws: `TIFFError` when the plane cannot be made (size beyond limits).
  public static func paint(_ masks: [ShapeFeature], width: Int, height: Int) throws -> Painted {
    let ordered = paintOrder(masks)
    var values = [UInt32](repeating: 0, count: width * height)
    var instances: [InstanceTable.Instance] = []
    var hidden = 0
    var clipped = 0
    for (index, feature) in ordered.enumerated() {
      guard let mask = feature.mask else { continue }
      let value = UInt32(index + 1)
      instances.append(InstanceTable.Instance(value: index + 1, feature: feature))
      let stamped = stamp(mask, value: value, into: &values, width: width, height: height)
      hidden += stamped.covered
      clipped += stamped.clipped
    }
    // A table row names a value the image holds; a mask painted over entirely holds none.
    var present = [Bool](repeating: false, count: ordered.count + 1)
    for value in values { present[Int(value)] = true }
    let hiddenShapes = instances.filter { !present[$0.value] }.map(\.feature)
    instances.removeAll { !present[$0.value] }
    let plane =
      ordered.count <= Int(UInt16.max)
      ? try Plane(width: width, height: height, uint16: values.map { UInt16($0) })
      : try Plane(width: width, height: height, uint32: values)
    return Painted(
      plane: plane, instances: instances, hiddenShapes: hiddenShapes, hiddenPixels: hidden, clippedPixels: clipped)
  }

  /// Paints class masks (``ForeignAnnotations/masksAreClasses``) into a semantic label image, each
  /// with its own class value (its `value` property): the label image they were read from.
  /// - Parameters:
  ///   - masks: the features (those without a mask or a positive whole `value` are ignored).
  ///   - width: the image's width.
  ///   - height: the image's height.
  /// - Returns: the plane (8-bit when every value fits, else 16- or 32-bit) and the pixels that fell
  ///   outside the image.
  /// - Throws: `TIFFError` when the plane cannot be made (size beyond limits).
  public static func paintClasses(_ masks: [ShapeFeature], width: Int, height: Int) throws -> (
    plane: Plane, clippedPixels: Int
  ) {
    var values = [UInt32](repeating: 0, count: width * height)
    var clipped = 0
    var highest: UInt32 = 0
    for feature in masks {
      guard let mask = feature.mask, let value = classValue(feature) else { continue }
      highest = max(highest, value)
      clipped += stamp(mask, value: value, into: &values, width: width, height: height).clipped
    }
    let plane =
      highest <= UInt32(UInt8.max)
      ? try Plane(width: width, height: height, uint8: values.map { UInt8($0) })
      : highest <= UInt32(UInt16.max)
        ? try Plane(width: width, height: height, uint16: values.map { UInt16($0) })
        : try Plane(width: width, height: height, uint32: values)
    return (plane, clipped)
  }

  /// Sets `mask`'s pixels to `value` in a `width` × `height` image.
  /// - Returns: how many of its pixels covered a non-zero value, and how many fell outside.
  private static func stamp(
    _ mask: MaskRegion, value: UInt32, into values: inout [UInt32], width: Int, height: Int
  ) -> (covered: Int, clipped: Int) {
    var (covered, clipped) = (0, 0)
    let bits = mask.bits
    for row in 0..<mask.height {
      let y = mask.top + row
      for column in 0..<mask.width where bits[row * mask.width + column] != 0 {
        let x = mask.left + column
        guard x >= 0, x < width, y >= 0, y < height else {
          clipped += 1
          continue
        }
        if values[y * width + x] != 0 { covered += 1 }
        values[y * width + x] = value
      }
    }
    return (covered, clipped)
  }

  /// A class mask's pixel value: its `value` property, a whole number from 1.
  private static func classValue(_ feature: ShapeFeature) -> UInt32? {
    switch feature.properties.first(where: { $0.0 == "value" })?.1 {
    case .number(let number)? where number >= 1 && number <= Double(UInt32.max) && number.rounded() == number:
      UInt32(number)
    case .integer(let number)? where number >= 1 && number <= Int128(UInt32.max): UInt32(number)
    default: nil
    }
  }

  /// What of each mask a label image shows once all are painted: its pixels inside the image that
  /// no mask painted later covers.
  ///
  /// Worked out from the masks alone, apart from ``paint(_:width:height:)``, so that a label image
  /// read back can be checked against it.
  /// - Parameters:
  ///   - masks: the features (those without a mask are ignored).
  ///   - width: the image's width.
  ///   - height: the image's height.
  /// - Returns: in paint order, each mask with its visible part (`nil` when none of it shows) and
  ///   how many of its pixels are hidden.
  public static func visibleParts(_ masks: [ShapeFeature], width: Int, height: Int)
    -> [(feature: ShapeFeature, visible: MaskRegion?, hiddenPixels: Int)]
  {
    let ordered = paintOrder(masks)
    var covered = [Bool](repeating: false, count: max(0, width) * max(0, height))
    var parts: [(feature: ShapeFeature, visible: MaskRegion?, hiddenPixels: Int)] = []
    // Top-most first: a pixel shows the last mask painted on it.
    for feature in ordered.reversed() {
      guard let mask = feature.mask else { continue }
      let bits = mask.bits
      var shown = [UInt8](repeating: 0, count: bits.count)
      var hidden = 0
      for row in 0..<mask.height {
        let y = mask.top + row
        for column in 0..<mask.width where bits[row * mask.width + column] != 0 {
          let x = mask.left + column
          guard x >= 0, x < width, y >= 0, y < height else { continue }
          if covered[y * width + x] {
            hidden += 1
          } else {
            covered[y * width + x] = true
            shown[row * mask.width + column] = 1
          }
        }
      }
      let visible = MaskRegion(left: mask.left, top: mask.top, width: mask.width, height: mask.height, bits: shown)?
        .tightened
      parts.append((feature, visible, hidden))
    }
    return parts.reversed()
  }

  /// Every non-zero value of a label image as a `mask` feature (ascending values): its box as the
  /// geometry, `label` as `name` says and `value`; values `name` gives no name are left out.
  /// - Parameters:
  ///   - plane: a uint8, uint16 or uint32 label image.
  ///   - name: the class of a value, `nil` to leave it out; may throw (a value a table lacks).
  /// - Returns: the features.
  /// - Throws: what `name` throws.
  public static func maskFeatures<Failure: Error>(of plane: Plane, name: (Int) throws(Failure) -> String?)
    throws(Failure) -> [ShapeFeature]
  {
    var features: [ShapeFeature] = []
    for (value, region) in regions(of: plane).sorted(by: { $0.key < $1.key }) {
      guard let label = try name(value) else { continue }
      features.append(
        ShapeFeature(
          geometry: ShapeFeature.boxGeometry(
            x0: Double(region.left), y0: Double(region.top), x1: Double(region.left + region.width),
            y1: Double(region.top + region.height)),
          shape: "mask", properties: [("label", .string(label)), ("value", .number(Double(value)))], mask: region))
    }
    return features
  }

  /// Every non-zero value of an unsigned integer label image as a mask over its bounding box.
  /// - Parameter plane: a uint8, uint16 or uint32 label image (other types give no regions).
  /// - Returns: the masks by value.
  public static func regions(of plane: Plane) -> [Int: MaskRegion] {
    // 16-bit labels (the usual mask) are read in place: no widened copy of every pixel.
    if plane.sampleType == .uint16 {
      return plane.bytes.withUnsafeBytes { raw in
        regions(raw.bindMemory(to: UInt16.self), width: plane.width, height: plane.height)
      }
    }
    guard let values = plane.unsignedSamples else { return [:] }
    return values.withUnsafeBufferPointer { regions($0, width: plane.width, height: plane.height) }
  }

  private static func regions<Value: FixedWidthInteger & UnsignedInteger>(
    _ values: UnsafeBufferPointer<Value>, width planeWidth: Int, height planeHeight: Int
  ) -> [Int: MaskRegion] {
    var boxes: [Value: (x0: Int, y0: Int, x1: Int, y1: Int)] = [:]
    for y in 0..<planeHeight {
      let row = y * planeWidth
      var x = 0
      while x < planeWidth {
        let v = values[row + x]
        guard v != 0 else {
          x += 1
          continue
        }
        // One dictionary update per run of equal values, not per pixel.
        let start = x
        while x < planeWidth, values[row + x] == v { x += 1 }
        if let box = boxes[v] {
          boxes[v] = (min(box.x0, start), box.y0, max(box.x1, x - 1), y)
        } else {
          boxes[v] = (start, y, x - 1, y)
        }
      }
    }
    var regions: [Int: MaskRegion] = [:]
    for (value, box) in boxes {
      let width = box.x1 - box.x0 + 1, height = box.y1 - box.y0 + 1
      var bits = [UInt8](repeating: 0, count: width * height)
      for y in box.y0...box.y1 {
        let row = y * planeWidth
        for x in box.x0...box.x1 where values[row + x] == value { bits[(y - box.y0) * width + x - box.x0] = 1 }
      }
      regions[Int(value)] = MaskRegion(left: box.x0, top: box.y0, width: width, height: height, bits: bits)
    }
    return regions
  }

  /// The masks among `features` in the order they are painted: ascending `z_order`, file order
  /// among equals.
  /// - Parameter features: any features.
  /// - Returns: those with mask pixels, in paint order.
  public static func paintOrder(_ features: [ShapeFeature]) -> [ShapeFeature] {
    features.enumerated().filter { $0.element.mask != nil }.sorted {
      let (a, b) = (zOrder($0.element), zOrder($1.element))
      return a != b ? a < b : $0.offset < $1.offset
    }.map(\.element)
  }

  private static func zOrder(_ feature: ShapeFeature) -> Double {
    for (key, value) in feature.properties where key == "z_order" {
      if case .number(let order) = value { return order }
    }
    return 0
  }

  /// "2 shape(s) entirely hidden under shapes drawn on top (a, id 1; b, id 4)": what a reader needs
  /// to find the hidden shapes in the source.
  package static func describeHidden(_ shapes: [ShapeFeature]) -> String {
    let names = shapes.prefix(5).map { feature -> String in
      let label = feature.label ?? "object"
      return feature.id.map { "\(label), id \($0.text)" } ?? label
    }
    let more = shapes.count > 5 ? "; and \(shapes.count - 5) more" : ""
    return
      "\(shapes.count) shape(s) entirely hidden under shapes drawn on top (\(names.joined(separator: "; "))\(more))"
  }
}
