// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import FoundationEssentials

/// Conversions that read the source image by image and write as they go, so memory stays flat
/// whatever the file's size (`AnnotaImport/AnnotationFormats/stream(_:onImage:)`).
public enum StreamingConversion {
  /// What a streamed conversion did.
  public struct Summary: Sendable {
    /// Images and shapes written.
    public var images: Int, shapes: Int
    /// Shapes left out, by kind (COCO), or masks written as boxes (GeoJSON).
    public var skipped: [String: Int]
    /// The source's notes.
    public var notes: [String]
  }

  /// Writes the spec's GeoJSON (one collection, an `image` property per feature) from `input`.
  /// - Parameters:
  ///   - input: a tool file.
  ///   - output: the GeoJSON file to write.
  /// - Returns: counts and notes.
  /// - Throws: `AnnotaImport/ForeignFormatError` for the source, write failures for the output (nothing is left).
  public static func geoJSON(from input: String, to output: String) throws -> Summary {
    let file = try StagedFile(output)
    var summary = Summary(images: 0, shapes: 0, skipped: [:], notes: [])
    try file.write("{\"type\": \"FeatureCollection\", \"features\": [\n")
    var first = true
    let header = try AnnotationFormats.stream(input) { image in
      summary.images += 1
      for var feature in image.features {
        if feature.mask != nil { summary.skipped["mask (as its box)", default: 0] += 1 }
        feature.properties.append(("image", .string(image.name)))
        try file.write((first ? "  " : ",\n  ") + feature.json.text)
        first = false
        summary.shapes += 1
      }
    }
    try file.write("\n]}\n")
    try file.commit()
    summary.notes = header.notes
    return summary
  }

  /// Writes a COCO dataset from `input`.
  ///
  /// Annotations are staged in a second temporary file (removed afterwards) so the `images` list can
  /// come first, as readers expect.
  /// - Parameters:
  ///   - input: a tool file.
  ///   - output: the COCO JSON file to write.
  /// - Returns: counts, shapes COCO cannot hold, and notes.
  /// - Throws: `AnnotaImport/ForeignFormatError` for the source, write failures for the output (nothing is left).
  public static func coco(from input: String, to output: String) throws -> Summary {
    let items = try StagedFile(output + ".annotations")
    defer { items.abandon() }
    var summary = Summary(images: 0, shapes: 0, skipped: [:], notes: [])
    var builder: COCOWriter.Builder? = nil
    var images: [String] = []
    var firstItem = true
    var pending: [[JSONValue]] = []
    // The items of a batch of images are written as text on every core, then appended in order.
    func flush() throws {
      let texts = BoundedParallel.map(count: pending.count) { [pending] index in
        var text: [UInt8] = []
        for item in pending[index] {
          text.append(contentsOf: ",\n  ".utf8)
          item.write(into: &text)
        }
        return text
      }
      pending = []
      for var text in texts where !text.isEmpty {
        if firstItem { text.replaceSubrange(0..<4, with: "  ".utf8) }
        firstItem = false
        try items.write(bytes: text)
      }
    }
    let header = try AnnotationFormats.stream(input) { image in
      // Category ids are given in order of first use; labels only declared follow at the end.
      if builder == nil {
        builder = COCOWriter.Builder(
          ForeignAnnotations(format: .unknown, convention: "", images: [], labels: [], notes: []))
      }
      let (entry, added) = builder!.add(image)
      images.append(entry.text)
      pending.append(added)
      if pending.count >= 64 { try flush() }
      summary.images += 1
      summary.shapes += added.count
    }
    try flush()
    var final = builder ?? COCOWriter.Builder(header)
    final.declare(header.labels.map(\.name))
    let file = try StagedFile(output)
    try file.write("{\"info\": {\"description\": \"Written by Annota from \(header.format)\"},\n\"images\": [\n  ")
    try file.write(images.joined(separator: ",\n  "))
    try file.write("\n],\n\"annotations\": [\n")
    try items.flush()
    try file.append(contentsOf: items.temporary)
    try file.write("\n],\n\"categories\": " + final.categories.text + "}\n")
    try file.commit()
    summary.skipped = final.skipped
    summary.notes = header.notes
    return summary
  }
}
