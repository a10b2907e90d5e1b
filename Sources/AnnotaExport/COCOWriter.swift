// SPDX-License-Identifier: Apache-2.0
public import AnnotaImport
import AnnotaModel

/// Writes annotations as a COCO dataset: boxes as `bbox` (with the box polygon as segmentation),
/// polygons as `segmentation` polygons with their `bbox` and shoelace `area`, masks as compressed
/// column-major RLE over the image with their pixel `area`.
///
/// Shapes COCO cannot hold (points outside keypoints, lines, ellipses, masks of images without a
/// recorded size) are left out and counted.
public enum COCOWriter {
  /// The COCO JSON text and what could not be written.
  /// - Parameter annotations: the annotations, in the spec's conventions.
  /// - Returns: the file's text and a note per kind of shape left out.
  public static func text(_ annotations: ForeignAnnotations) -> (text: String, skipped: [String: Int]) {
    var builder = Builder(annotations)
    var images: [JSONValue] = []
    var items: [JSONValue] = []
    for image in annotations.images {
      let (entry, added) = builder.add(image)
      images.append(entry)
      items += added
    }
    let root: JSONValue = .object([
      ("info", .object([("description", .string("Written by Annota from \(annotations.format)"))])),
      ("images", .array(images)), ("annotations", .array(items)), ("categories", builder.categories),
    ])
    return (root.text + "\n", builder.skipped)
  }

  /// Builds a COCO dataset image by image, so a writer can stream it.
  struct Builder {
    private var names: [String]
    private var imageCount = 0
    private var itemCount = 0
    /// Shapes left out, by kind.
    private(set) var skipped: [String: Int] = [:]
    /// Ontology terms by class name, written as each category's `ontology_term`.
    var terms: [String: String] = [:]

    init(_ annotations: ForeignAnnotations) { names = annotations.labels.map(\.name) }

    /// Adds labels not seen yet as categories (after those already numbered).
    mutating func declare(_ labels: [String]) {
      for label in labels where !names.contains(label) { names.append(label) }
    }

    /// The `categories` array for every label seen so far.
    var categories: JSONValue {
      .array(
        names.enumerated().map { index, name in
          var entry: [(String, JSONValue)] = [("id", .number(Double(index + 1))), ("name", .string(name))]
          if let term = terms[name] { entry.append(("ontology_term", .string(term))) }
          return .object(entry)
        })
    }

    /// The `images` entry and the `annotations` items of one image.
    mutating func add(_ image: ForeignAnnotations.AnnotatedImage) -> (image: JSONValue, items: [JSONValue]) {
      imageCount += 1
      let imageID = imageCount
      var entry: [(String, JSONValue)] = [("id", .number(Double(imageID))), ("file_name", .string(image.name))]
      if let width = image.width { entry.append(("width", .number(Double(width)))) }
      if let height = image.height { entry.append(("height", .number(Double(height)))) }
      var items: [JSONValue] = []
      for feature in image.features {
        let label = feature.label ?? "object"
        var item: [(String, JSONValue)]
        if feature.shape == "mask", let mask = feature.mask, let width = image.width, let height = image.height,
          let tight = mask.tightened
        {
          // Masks travel as COCO's compressed RLE over the whole image (pycocotools' own form).
          let counts = COCORLE.counts(of: tight, height: height, width: width)
          item = [
            (
              "segmentation",
              .object([
                ("size", .array([.number(Double(height)), .number(Double(width))])),
                ("counts", .string(COCORLE.compress(counts))),
              ])
            ),
            ("area", .number(Double(tight.pixelCount))),
            (
              "bbox",
              .array([
                .number(Double(tight.left)), .number(Double(tight.top)), .number(Double(tight.width)),
                .number(Double(tight.height)),
              ])
            ),
          ]
        } else if feature.shape == "box" || feature.shape == "polygon", let ring = feature.outerRingCoordinates,
          ring.count >= 8
        {
          // The ring without its closing position, as COCO writes polygons.
          let count = ring.count / 2 - 1
          var (x0, y0, x1, y1) = (ring[0], ring[1], ring[0], ring[1])
          var area = 0.0
          var segmentation: [JSONValue] = []
          segmentation.reserveCapacity(count * 2)
          for i in 0..<count {
            let (x, y) = (ring[2 * i], ring[2 * i + 1])
            let j = (i + 1) % count
            area += x * ring[2 * j + 1] - ring[2 * j] * y
            (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
            segmentation.append(.number(x))
            segmentation.append(.number(y))
          }
          item = [
            ("segmentation", .array([.array(segmentation)])),
            ("area", .number(abs(area) / 2)),
            ("bbox", .array([.number(x0), .number(y0), .number(x1 - x0), .number(y1 - y0)])),
          ]
        } else {
          skipped[feature.shape == "mask" ? "mask (no image size)" : feature.shape, default: 0] += 1
          continue
        }
        if !names.contains(label) { names.append(label) }
        item.insert(
          contentsOf: [
            ("id", .number(Double(itemCount + 1))), ("image_id", .number(Double(imageID))),
            ("category_id", .number(Double(names.firstIndex(of: label)! + 1))),
          ], at: 0)
        item.append(("iscrowd", .number(0)))
        if let score = feature.properties.first(where: { $0.0 == "confidence" })?.1 { item.append(("score", score)) }
        itemCount += 1
        items.append(.object(item))
      }
      return (.object(entry), items)
    }
  }
}
