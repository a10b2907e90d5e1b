// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster

/// The cover of a bioimage.io record: one image beside itself with its label image laid over it,
/// as a 2:1 RGB PNG (bioimage.io asks for 2:1 or 1:1, under 500 KB).
enum CoverImage {
  /// The side of each square tile in pixels; the cover is twice as wide.
  static let tile = 256

  /// A drawn cover and what it shows.
  struct Cover {
    /// The PNG file's bytes.
    var png: [UInt8]
    /// The image shown.
    var image: String
    /// The annotation set laid over it, if any.
    var set: String?
  }

  /// The cover for the dataset in `folder`: the first image that can be drawn among the study
  /// components' exemplar images with a label image, then every image with one, then every image.
  /// - Returns: the cover, or `nil` with the reason when no image can be read as one grey plane.
  static func draw(_ manifest: Manifest, folder: String) -> (cover: Cover?, note: String?) {
    let masks = labelImages(manifest, folder: folder)
    let exemplars = Set(manifest.studyComponents.compactMap(\.exemplarImage))
    let withMasks = manifest.images.filter { masks[$0.id] != nil }
    let candidates =
      withMasks.filter { exemplars.contains($0.id) } + withMasks.filter { !exemplars.contains($0.id) }
      + manifest.images.filter { masks[$0.id] == nil }
    guard let first = candidates.first else { return (nil, "no image to draw a cover from") }
    var firstFailure: String?
    // Bounded: a dataset of unreadable images is not read whole for a cover.
    for image in candidates.prefix(16) {
      let grey: LabelVolume
      do { grey = try LabelVolume.read(path: folder + "/" + image.path) } catch {
        if firstFailure == nil {
          firstFailure = "\(image.path) is not one grey plane Annota can draw (\(error.message))"
        }
        continue
      }
      let mask = masks[image.id].flatMap { try? LabelVolume.read(path: folder + "/" + $0.path) }
      let usable = mask.flatMap { $0.width == grey.width && $0.height == grey.height ? $0 : nil }
      let colours = masks[image.id].map { colourTable(manifest, set: $0.set) } ?? [:]
      let pixels = render(grey: grey, mask: usable, colours: colours)
      guard let png = try? PNGWriter.encode(pixels, width: 2 * tile, height: tile, channels: 3) else {
        return (nil, "no cover: the PNG could not be encoded")
      }
      return (Cover(png: png, image: image.id, set: usable == nil ? nil : masks[image.id]?.set.id), nil)
    }
    return (nil, "no cover: \(firstFailure ?? first.path)")
  }

  /// The first label image of each image, and its set (files as ``CatalogFiles`` resolves them:
  /// listed ones, then what pairing rules find).
  private static func labelImages(_ manifest: Manifest, folder: String) -> [String: (path: String, set: AnnotationSet)]
  {
    let sets = Dictionary(
      manifest.annotationSets.filter { $0.encoding == .labelImage }.map { ($0.id, $0) },
      uniquingKeysWith: { first, _ in first })
    var found: [String: (path: String, set: AnnotationSet)] = [:]
    for file in CatalogFiles(manifest, folder: folder).annotations where file.images.count == 1 {
      if let set = sets[file.set], found[file.images[0]] == nil { found[file.images[0]] = (file.path, set) }
    }
    return found
  }

  /// Label value → colour from the set's label table (semantic sets); instance sets get a palette.
  private static func colourTable(_ manifest: Manifest, set: AnnotationSet) -> [UInt32: LabelOverlay.Colour] {
    guard set.kind != .instance, let table = manifest.labelTables.first(where: { $0.id == set.labelTable }) else {
      return [:]
    }
    var colours: [UInt32: LabelOverlay.Colour] = [:]
    for label in table.labels where label.value > 0 {
      if let hex = label.colour, let colour = LabelOverlay.Colour(hex: hex) { colours[UInt32(label.value)] = colour }
    }
    return colours
  }

  /// Two tiles side by side: the image shown as Fiji would (``DisplayPlane``), and the same with
  /// its labels laid over it (``LabelOverlay``).
  private static func render(grey: LabelVolume, mask: LabelVolume?, colours: [UInt32: LabelOverlay.Colour]) -> [UInt8] {
    let plane = DisplayPlane(grey)
    let labels = mask.map { DisplayPlane.plane($0, projection: .middle) }
    let left = LabelOverlay.render(plane, labels: nil, width: tile, height: tile)
    let right = LabelOverlay.render(plane, labels: labels, colours: colours, width: tile, height: tile)
    var out: [UInt8] = []
    out.reserveCapacity(2 * tile * tile * 3)
    for row in 0..<tile {
      out += left[row * tile * 3..<(row + 1) * tile * 3]
      out += right[row * tile * 3..<(row + 1) * tile * 3]
    }
    return out
  }
}
