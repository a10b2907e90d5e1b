// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaScan

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

  /// The first label image of each image, and its set.
  private static func labelImages(_ manifest: Manifest, folder: String) -> [String: (path: String, set: AnnotationSet)]
  {
    var found: [String: (path: String, set: AnnotationSet)] = [:]
    let byPath = Dictionary(manifest.images.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
    var listing: [String]?
    for set in manifest.annotationSets where set.encoding == .labelImage {
      for file in set.files { if let image = file.image, found[image] == nil { found[image] = (file.path, set) } }
      if let pairing = set.pairing {
        if listing == nil { listing = FolderScanner.listing(of: folder).files }
        for pair in pairing.pairs(among: listing ?? []) {
          if let image = pair.image.flatMap({ byPath[$0] }), found[image] == nil {
            found[image] = (pair.annotation, set)
          }
        }
      }
    }
    return found
  }

  /// Label value → RGB from the set's label table (semantic sets); instance sets get a palette.
  private static func colourTable(_ manifest: Manifest, set: AnnotationSet) -> [UInt32: (UInt8, UInt8, UInt8)] {
    guard set.kind != .instance, let table = manifest.labelTables.first(where: { $0.id == set.labelTable }) else {
      return [:]
    }
    var colours: [UInt32: (UInt8, UInt8, UInt8)] = [:]
    for label in table.labels where label.value > 0 {
      if let hex = label.colour, let rgb = rgb(hex) { colours[UInt32(label.value)] = rgb }
    }
    return colours
  }

  private static func rgb(_ hex: String) -> (UInt8, UInt8, UInt8)? {
    let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
    guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
    return (UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
  }

  /// A well-spread colour for label `value` (golden-ratio hues), the same on every run.
  private static func palette(_ value: UInt32) -> (UInt8, UInt8, UInt8) {
    let hue = (Double(value) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) * 6
    let sector = Int(hue)
    let fraction = hue - Double(sector)
    let (r, g, b): (Double, Double, Double) =
      switch sector {
      case 0: (1, fraction, 0)
      case 1: (1 - fraction, 1, 0)
      case 2: (0, 1, fraction)
      case 3: (0, 1 - fraction, 1)
      case 4: (fraction, 0, 1)
      default: (1, 0, 1 - fraction)
      }
    return (UInt8(40 + 215 * r), UInt8(40 + 215 * g), UInt8(40 + 215 * b))
  }

  /// Two tiles: the image scaled to fit (0.5 and 99.5 percentiles to black and white), and the
  /// same with the labels blended in and their borders drawn solid.
  private static func render(grey: LabelVolume, mask: LabelVolume?, colours: [UInt32: (UInt8, UInt8, UInt8)])
    -> [UInt8]
  {
    let values = grey.labels
    let plane = Array(values.prefix(grey.width * grey.height))
    let sorted = plane.sorted()
    let low = Double(sorted[sorted.count / 200])
    let high = max(Double(sorted[min(sorted.count - 1, sorted.count - 1 - sorted.count / 200)]), low + 1)
    let labels = mask.map { Array($0.labels.prefix(grey.width * grey.height)) }
    let scale = Double(max(grey.width, grey.height)) / Double(tile)
    let offsetX = (tile - Int(Double(grey.width) / scale)) / 2
    let offsetY = (tile - Int(Double(grey.height) / scale)) / 2
    var out = [UInt8](repeating: 0, count: 2 * tile * tile * 3)
    func source(_ x: Int, _ y: Int) -> Int? {
      let sx = Int(Double(x - offsetX) * scale)
      let sy = Int(Double(y - offsetY) * scale)
      guard x >= offsetX, y >= offsetY, sx < grey.width, sy < grey.height else { return nil }
      return sy * grey.width + sx
    }
    for y in 0..<tile {
      for x in 0..<tile {
        guard let index = source(x, y) else { continue }
        let level = UInt8(max(0, min(255, (Double(plane[index]) - low) / (high - low) * 255)))
        let left = (y * 2 * tile + x) * 3
        out[left] = level
        out[left + 1] = level
        out[left + 2] = level
        let right = left + tile * 3
        var (r, g, b) = (level, level, level)
        if let labels, labels[index] != 0 {
          let value = labels[index]
          let colour = colours[value] ?? palette(value)
          let border = [source(x - 1, y), source(x + 1, y), source(x, y - 1), source(x, y + 1)].contains {
            $0.map { labels[$0] != value } ?? true
          }
          let weight = border ? 1.0 : 0.45
          r = UInt8(Double(colour.0) * weight + Double(level) * (1 - weight))
          g = UInt8(Double(colour.1) * weight + Double(level) * (1 - weight))
          b = UInt8(Double(colour.2) * weight + Double(level) * (1 - weight))
        }
        out[right] = r
        out[right + 1] = g
        out[right + 2] = b
      }
    }
    return out
  }
}
