// SPDX-License-Identifier: Apache-2.0
public import AnnotaImport
import AnnotaModel

/// Compares two readings of the same annotations, as `annota convert --verify` does: the source
/// and the converted file read back.
public enum AnnotationComparison {
  /// How strictly two readings are compared.
  public struct Options: Sendable {
    /// The shape kinds the target carries; others are not compared.
    public var kinds: Set<String>
    /// The largest coordinate difference accepted, in pixels.
    public var tolerance: Double
    /// Compare every property (label, attributes, track…), not only the label; for targets that
    /// carry properties (the spec's own encodings).
    public var allProperties: Bool
    /// The target writes boxes as polygons (COCO's `segmentation`): accept a box read back as the
    /// same ring with `shape` polygon.
    public var boxesBecomePolygons: Bool
    /// The target holds masks in paint order (label images): compare the source's masks in that
    /// order (`AnnotaImport/LabelMaskRaster`).
    public var masksInPaintOrder: Bool

    /// Creates options.
    /// - Parameters:
    ///   - kinds: the shape kinds compared.
    ///   - tolerance: the coordinate tolerance in pixels.
    ///   - allProperties: compare every property.
    ///   - boxesBecomePolygons: accept boxes read back as polygons.
    ///   - masksInPaintOrder: expect masks in paint order.
    public init(
      kinds: Set<String>, tolerance: Double = 1e-9, allProperties: Bool = false, boxesBecomePolygons: Bool = false,
      masksInPaintOrder: Bool = false
    ) {
      self.kinds = kinds
      self.tolerance = tolerance
      self.allProperties = allProperties
      self.boxesBecomePolygons = boxesBecomePolygons
      self.masksInPaintOrder = masksInPaintOrder
    }
  }

  /// Differences between `original` and `copy`; empty when they agree.
  ///
  /// Images are matched by file name; within an image, shapes are compared in order: kind, label (or
  /// every property), every coordinate within the tolerance, and masks pixel by pixel.
  /// - Parameters:
  ///   - original: the source's annotations.
  ///   - copy: the converted file read back.
  ///   - options: what to compare and how strictly.
  /// - Returns: one line per difference.
  public static func differences(_ original: ForeignAnnotations, _ copy: ForeignAnnotations, options: Options)
    -> [String]
  {
    var problems: [String] = []
    func name(_ image: ForeignAnnotations.AnnotatedImage) -> String {
      image.name.split(separator: "/").last.map(String.init) ?? image.name
    }
    // Images are matched by file name; a name may repeat (video frames, project subsets).
    func grouped(_ annotations: ForeignAnnotations) -> (order: [String], features: [String: [ShapeFeature]]) {
      var order: [String] = []
      var features: [String: [ShapeFeature]] = [:]
      for image in annotations.images {
        let key = name(image)
        if features[key] == nil { order.append(key) }
        features[key, default: []] += image.features
      }
      return (order, features)
    }
    let (names, originals) = grouped(original)
    let (copyNames, copies) = grouped(copy)
    for key in names {
      let left = selected(originals[key] ?? [], options)
      let right = selected(copies[key] ?? [], options)
      if left.count != right.count {
        problems.append("\(key): \(left.count) shape(s) in the source, \(right.count) in the copy")
      }
      for (index, (a, b)) in zip(left, right).enumerated() {
        if let difference = difference(a, b, options) {
          problems.append("\(key): shape \(index) (\(a.shape)): \(difference)")
        }
      }
    }
    for key in copyNames where originals[key] == nil && !selected(copies[key] ?? [], options).isEmpty {
      problems.append("\(key): in the copy but not in the source")
    }
    return problems
  }

  /// The shapes compared, in the order the target holds them.
  private static func selected(_ features: [ShapeFeature], _ options: Options) -> [ShapeFeature] {
    let kept = features.filter {
      options.kinds.contains($0.shape)
        || (options.boxesBecomePolygons && $0.shape == "box" && options.kinds.contains("polygon"))
    }
    guard options.masksInPaintOrder else { return kept }
    return kept.filter { $0.mask == nil } + LabelMaskRaster.paintOrder(kept.filter { $0.mask != nil })
  }

  /// What differs between two shapes, or `nil`.
  private static func difference(_ a: ShapeFeature, _ b: ShapeFeature, _ options: Options) -> String? {
    let sameKind = a.shape == b.shape || (options.boxesBecomePolygons && a.shape == "box" && b.shape == "polygon")
    guard sameKind else { return "read back as \(b.shape)" }
    if options.allProperties, a.mask == nil {
      let left = JSONValue.object(a.properties).text, right = JSONValue.object(b.properties).text
      if left != right { return "properties differ: \(left) became \(right)" }
    } else if label(a) != label(b) {
      return "label \(label(a) ?? "none") became \(label(b) ?? "none")"
    }
    if let mask = a.mask {
      guard let other = b.mask else { return "the mask's pixels were not read back" }
      if !mask.coversSamePixels(as: other) {
        return
          "masks differ in \(differingPixels(mask, other)) pixel(s) (\(mask.pixelCount) in the source, \(other.pixelCount) in the copy)"
      }
      return nil
    }
    let left = numbers(a.geometry), right = numbers(b.geometry)
    guard left.count == right.count else {
      return "\(left.count / 2) coordinate pair(s) in the source, \(right.count / 2) in the copy"
    }
    let worst = zip(left, right).map { abs($0 - $1) }.max() ?? 0
    return worst > options.tolerance ? "coordinates differ by up to \(worst) px" : nil
  }

  private static func label(_ feature: ShapeFeature) -> String? {
    feature.label
  }

  /// Every number of a geometry, in order.
  private static func numbers(_ value: JSONValue) -> [Double] {
    switch value {
    case .number(let n): [n]
    case .integer(let n): [Double(n)]
    case .array(let items): items.flatMap(numbers)
    case .object(let entries): entries.filter { $0.0 == "coordinates" }.flatMap { numbers($0.1) }
    default: []
    }
  }

  /// Pixels in one mask and not the other.
  private static func differingPixels(_ a: MaskRegion, _ b: MaskRegion) -> Int {
    var pixels: Set<Int> = []
    func add(_ mask: MaskRegion) {
      let bits = mask.bits
      for y in 0..<mask.height {
        for x in 0..<mask.width where bits[y * mask.width + x] != 0 {
          let key = (mask.top + y) << 32 | (mask.left + x)
          if !pixels.insert(key).inserted { pixels.remove(key) }
        }
      }
    }
    add(a)
    add(b)
    return pixels.count
  }
}
