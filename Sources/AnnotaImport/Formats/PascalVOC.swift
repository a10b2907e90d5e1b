// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaXMLSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Pascal VOC XML (labelImg, the official devkit, datumaro and CVAT exports).
///
/// Boxes use the devkit's 1-based inclusive pixel indices: `xmin = 1, xmax = 10` covers pixels 0…9,
/// so the spec's box is x0 = xmin − 1, x1 = xmax. Rotated boxes (`robndbox`: cx, cy, w, h, angle in
/// radians) become polygons.
enum PascalVOCReader {
  static func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    let root = try XMLSafeParser.document(bytes)
    guard root.name == "annotation" else {
      throw ForeignFormatError(
        path: path, message: "the root element is <\(root.name)>, not <annotation>", line: root.line)
    }
    let size = root.child("size")
    func int(_ element: XMLElement?, _ name: String) -> Int? {
      element?.child(name).flatMap { Double($0.text.trimmed).flatMap { Int(fileNumber: $0) } }.flatMap {
        $0 > 0 ? $0 : nil
      }
    }
    var features: [ShapeFeature] = []
    var labels: [String] = []
    var notes: [String] = []
    for (index, object) in root.children("object").enumerated() {
      let name = object.child("name")?.text.trimmed ?? "object"
      if !labels.contains(name) { labels.append(name) }
      var properties: [(String, JSONValue)] = [("label", .string(name))]
      for flag in ["difficult", "truncated", "occluded"] {
        if let value = object.child(flag)?.text.trimmed, let number = Int(value) {
          properties.append((flag, .bool(number != 0)))
        }
      }
      if let box = object.child("bndbox") {
        guard let xmin = number(box, "xmin"), let ymin = number(box, "ymin"), let xmax = number(box, "xmax"),
          let ymax = number(box, "ymax")
        else {
          throw ForeignFormatError(
            path: path, message: "object \(index) (\(name)) has an incomplete bndbox", line: box.line)
        }
        guard xmax >= xmin, ymax >= ymin else {
          throw ForeignFormatError(
            path: path, message: "object \(index) (\(name)) has xmax < xmin or ymax < ymin", line: box.line)
        }
        features.append(
          ShapeFeature(
            geometry: ShapeFeature.boxGeometry(x0: xmin - 1, y0: ymin - 1, x1: xmax, y1: ymax), shape: "box",
            properties: properties))
      } else if let rotated = object.child("robndbox") {
        guard let cx = number(rotated, "cx"), let cy = number(rotated, "cy"), let w = number(rotated, "w"),
          let h = number(rotated, "h")
        else {
          throw ForeignFormatError(
            path: path, message: "object \(index) has an incomplete robndbox", line: rotated.line)
        }
        let angle = number(rotated, "angle") ?? 0
        let corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)].map { dx, dy in
          [cx + dx * cos(angle) - dy * sin(angle), cy + dx * sin(angle) + dy * cos(angle)]
        }
        properties.append(("rotation", .number(angle * 180 / .pi)))
        features.append(
          ShapeFeature(geometry: ShapeFeature.polygonGeometry(corners), shape: "box", properties: properties))
      } else {
        notes.append("object \(index) (\(name)) has no bndbox and was skipped")
      }
    }
    let name = root.child("filename")?.text.trimmed ?? ""
    var width = int(size, "width"), height = int(size, "height")
    if width == nil || height == nil, let found = imageSize(name: name, annotation: path) {
      // labelImg and some exporters leave `size` out or write 0: read it from the image's header.
      (width, height) = (found.size.width, found.size.height)
      notes.append("the image size (\(found.size.width)×\(found.size.height)) was read from \(found.path)")
    }
    let image = ForeignAnnotations.AnnotatedImage(
      name: name, width: width, height: height, features: features, tags: [])
    return ForeignAnnotations(
      format: .pascalVOC, convention: "voc-1-based-inclusive", images: [image], labels: labels.map { .init(name: $0) },
      notes: notes)
  }

  /// The size of the annotated image, found beside the annotation or in the devkit's `JPEGImages/`
  /// beside its `Annotations/`.
  static func imageSize(name: String, annotation path: String) -> (path: String, size: (width: Int, height: Int))? {
    let file = name.split(separator: "/").last.map(String.init) ?? name
    guard !file.isEmpty, file != ".", file != ".." else { return nil }
    let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    for candidate in [folder + "/" + file, folder + "/../JPEGImages/" + file, folder + "/../images/" + file] {
      if let size = ImageSize.of(candidate) { return (candidate, size) }
    }
    return nil
  }

  private static func number(_ element: XMLElement, _ name: String) -> Double? {
    element.child(name).flatMap { Double($0.text.trimmed) }.flatMap { $0.isFinite ? $0 : nil }
  }
}

extension String {
  package var trimmed: String {
    let scalars = unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop { $0.properties.isWhitespace }
      .reversed()
    return String(String.UnicodeScalarView(scalars))
  }
}

/// Pascal VOC XML: recognised by its `<annotation>` root.
struct PascalVOCFormat: ToolFormat {
  var id: FormatID { .pascalVOC }
  var title: String { "Pascal VOC (XML, one file per image)" }
  func detect(_ head: FileHead) -> AnnotationFormats.Candidate { head.xmlVerdict(id, root: "annotation") }
  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    try PascalVOCReader.read(bytes, path: path)
  }
}
