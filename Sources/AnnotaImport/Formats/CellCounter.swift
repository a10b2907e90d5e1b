// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaXMLSupport

/// Fiji Cell Counter XML.
///
/// `MarkerX`/`MarkerY` are integer pixel indices (the marker sits on a pixel, so the spec's point
/// is its centre, + 0.5); `MarkerZ` is ImageJ's 1-based stack position, which for hyperstacks runs
/// over C, then Z, then T. Without the image's C/Z/T sizes it is kept as `z` − 1.
enum CellCounterReader {
  static func read(_ bytes: [UInt8], path: String, channels: Int = 1, slices: Int? = nil) throws -> ForeignAnnotations {
    let root = try XMLSafeParser.document(bytes)
    guard root.name == "CellCounter_Marker_File" else {
      throw ForeignFormatError(
        path: path, message: "the root element is <\(root.name)>, not <CellCounter_Marker_File>", line: root.line)
    }
    let name = root.child("Image_Properties")?.child("Image_Filename")?.text.trimmed ?? ""
    var features: [ShapeFeature] = []
    var labels: [String] = []
    for type in root.child("Marker_Data")?.children("Marker_Type") ?? [] {
      let number = type.child("Type")?.text.trimmed ?? "?"
      let label = type.child("Name")?.text.trimmed ?? "Type \(number)"
      if !labels.contains(label) { labels.append(label) }
      for marker in type.children("Marker") {
        guard let x = marker.child("MarkerX").flatMap({ Double($0.text.trimmed) }),
          let y = marker.child("MarkerY").flatMap({ Double($0.text.trimmed) })
        else {
          throw ForeignFormatError(
            path: path, message: "a marker of type \(number) has no MarkerX/MarkerY", line: marker.line)
        }
        var properties: [(String, JSONValue)] = [("label", .string(label)), ("marker_type", .string(number))]
        if let stack = marker.child("MarkerZ").flatMap({ Int($0.text.trimmed) }), stack >= 1 {
          let index = stack - 1
          if channels > 1 {
            properties.append(("c", .number(Double(index % channels))))
            let rest = index / channels
            if let slices, slices > 0 {
              properties.append(("z", .number(Double(rest % slices))))
              properties.append(("t", .number(Double(rest / slices))))
            } else {
              properties.append(("z", .number(Double(rest))))
            }
          } else {
            properties.append(("z", .number(Double(index))))
          }
        }
        features.append(
          ShapeFeature(
            geometry: ShapeFeature.pointGeometry(x: x + 0.5, y: y + 0.5), shape: "point", properties: properties))
      }
    }
    return ForeignAnnotations(
      format: .cellCounter, convention: "cellcounter-pixel-index-1-based-stack",
      images: [.init(name: name, features: features, tags: [])],
      labels: labels.map { .init(name: $0) }, notes: [])
  }
}

/// Fiji Cell Counter markers: recognised by the `<CellCounter_Marker_File>` root.
struct CellCounterFormat: ToolFormat {
  var id: FormatID { .cellCounter }
  var title: String { "Fiji Cell Counter markers (XML)" }
  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    head.xmlVerdict(id, root: "CellCounter_Marker_File")
  }
  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    try CellCounterReader.read(bytes, path: path)
  }
}
