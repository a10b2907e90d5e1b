// SPDX-License-Identifier: Apache-2.0
// Writes Fixtures/demo: six synthetic 256×256 uint16 fluorescence images of nuclei, their
// instance masks, boxes around "mitotic" nuclei as GeoJSON, and a complete manifest.
// Deterministic: the same seed gives the same bytes. Run with `make fixtures`.
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import Foundation

/// SplitMix64: a small, fast, well-mixed deterministic generator (no platform randomness).
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

struct Nucleus {
  var x: Double, y: Double, a: Double, b: Double, angle: Double, brightness: Double, mitotic: Bool

  /// Squared normalised elliptical radius of (px, py); < 1 inside.
  func r2(_ px: Double, _ py: Double) -> Double {
    let dx = px - x, dy = py - y
    let c = cos(angle), s = sin(angle)
    let u = (dx * c + dy * s) / a, v = (-dx * s + dy * c) / b
    return u * u + v * v
  }
}

@main
struct DemoData {
  static let size = 256
  static let imageCount = 6

  static func main() throws {
    let root = CommandLine.arguments.dropFirst().first ?? "Fixtures/demo"
    let fm = FileManager.default
    for folder in ["images", "masks", "masks-review", "shapes", "coco", "classes"] {
      try fm.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
    }
    var rng = SplitMix64(state: 20_261_122)
    var images: [AnnotaModel.Image] = []
    var boxFiles: [AnnotationFile] = []
    let splits = ["train", "train", "train", "train", "validation", "test"]
    var reviewed: [(name: String, nuclei: [Nucleus])] = []
    // An image-level class per image (for classification layouts): its mitotic index.
    var classes = "image\tlabel\n"
    // The second annotator draws from a generator of its own, so the first set's files stay the same.
    var reviewer = SplitMix64(state: 20_261_203)
    for index in 0..<imageCount {
      let name = String(format: "cells_%02d", index + 1)
      let nuclei = placeNuclei(&rng)
      let (pixels, labels) = render(nuclei, &rng)
      try TIFFWriter.write([try Plane(width: size, height: size, uint16: pixels)], to: "\(root)/images/\(name).tif")
      try TIFFWriter.write([try Plane(width: size, height: size, uint16: labels)], to: "\(root)/masks/\(name)_mask.tif")
      try TIFFWriter.write(
        [try Plane(width: size, height: size, uint16: instanceMask(redraw(nuclei, &reviewer)))],
        to: "\(root)/masks-review/\(name)_mask.tif")
      try Data(geoJSON(nuclei).utf8).write(to: URL(fileURLWithPath: "\(root)/shapes/\(name).geojson"))
      var image = AnnotaModel.Image(id: name, path: "images/\(name).tif")
      image.format = "tiff"
      image.dimensions = Dimensions(x: size, y: size)
      image.physicalSize = PhysicalSize(x: 0.65, y: 0.65, unit: "um")
      image.split = splits[index]
      image.biosample = "u2os-hoechst"
      image.specimen = "fixed-hoechst"
      image.acquisition = "widefield-20x"
      image.component = "tiff-series"
      images.append(image)
      if splits[index] != "train" { reviewed.append((name, nuclei)) }
      classes += "\(name)\t\(mitoticIndex(nuclei))\n"
      var box = AnnotationFile(path: "shapes/\(name).geojson", image: name)
      box.created = "2026-11-20T10:0\(index):00Z"
      boxFiles.append(box)
    }
    // One more image, stored as a 16-bit PNG so that PNG decoding is exercised by `make demo`; it has
    // boxes but no instance mask (the masks' pairing pattern names TIFFs).
    let name = String(format: "cells_%02d", imageCount + 1)
    let nuclei = placeNuclei(&rng)
    let (pixels, _) = render(nuclei, &rng)
    let png = try PNGWriter.encode(
      pixels.withUnsafeBytes { Array($0) }, width: size, height: size, channels: 1, bitDepth: 16)
    try Data(png).write(to: URL(fileURLWithPath: "\(root)/images/\(name).png"))
    try Data(geoJSON(nuclei).utf8).write(to: URL(fileURLWithPath: "\(root)/shapes/\(name).geojson"))
    var image = AnnotaModel.Image(id: name, path: "images/\(name).png")
    image.format = "png"
    image.dimensions = Dimensions(x: size, y: size)
    image.physicalSize = PhysicalSize(x: 0.65, y: 0.65, unit: "um")
    image.split = "test"
    image.biosample = "u2os-hoechst"
    image.specimen = "fixed-hoechst"
    image.acquisition = "widefield-20x-png"
    image.component = "png-export"
    images.append(image)
    classes += "\(name)\t\(mitoticIndex(nuclei))\n"
    try Data(classes.utf8).write(to: URL(fileURLWithPath: "\(root)/classes/mitotic-index.tsv"))
    var box = AnnotationFile(path: "shapes/\(name).geojson", image: name)
    box.created = "2026-11-20T10:0\(imageCount):00Z"
    boxFiles.append(box)
    // A second annotator's review of the held-out images' boxes, one COCO file for both: an
    // annotation file with two source images.
    try Data(coco(reviewed).utf8).write(to: URL(fileURLWithPath: "\(root)/coco/mitosis_review.json"))
    var review = AnnotationFile(path: "coco/mitosis_review.json", images: reviewed.map(\.name))
    review.format = "coco-json"
    try ManifestWriter.write(
      manifest(images: images, boxFiles: boxFiles, review: review), to: "\(root)/annota.yaml")
    print(
      "wrote \(imageCount + 1) images (one PNG), \(imageCount) masks, \(imageCount + 1) box files, a COCO review and annota.yaml to \(root)"
    )
  }

  /// `high` for three or more mitotic cells in the field, else `low`.
  static func mitoticIndex(_ nuclei: [Nucleus]) -> String { boxes(nuclei).count >= 3 ? "high" : "low" }

  static func placeNuclei(_ rng: inout SplitMix64) -> [Nucleus] {
    var nuclei: [Nucleus] = []
    let target = Int.random(in: 14...22, using: &rng)
    var attempts = 0
    while nuclei.count < target, attempts < 2000 {
      attempts += 1
      let a = Double.random(in: 8...15, using: &rng)
      let candidate = Nucleus(
        x: Double.random(in: 12...Double(size - 12), using: &rng),
        y: Double.random(in: 12...Double(size - 12), using: &rng),
        a: a, b: a * Double.random(in: 0.6...0.95, using: &rng),
        angle: Double.random(in: 0..<Double.pi, using: &rng),
        brightness: Double.random(in: 900...2200, using: &rng),
        mitotic: Double.random(in: 0..<1, using: &rng) < 0.15)
      let separated = nuclei.allSatisfy { other in
        hypot(other.x - candidate.x, other.y - candidate.y) > other.a + candidate.a + 2
      }
      if separated { nuclei.append(candidate) }
    }
    if !nuclei.contains(where: \.mitotic), !nuclei.isEmpty { nuclei[0].mitotic = true }
    return nuclei
  }

  /// A second annotator's outlines of the same nuclei: centres off by up to a pixel, axes 10 % larger or
  /// smaller, about one nucleus in twelve missed.
  static func redraw(_ nuclei: [Nucleus], _ rng: inout SplitMix64) -> [Nucleus] {
    nuclei.compactMap { nucleus in
      var outline = nucleus
      outline.x += Double.random(in: -1...1, using: &rng)
      outline.y += Double.random(in: -1...1, using: &rng)
      outline.a *= Double.random(in: 0.9...1.1, using: &rng)
      outline.b *= Double.random(in: 0.9...1.1, using: &rng)
      return Double.random(in: 0..<1, using: &rng) < 0.08 ? nil : outline
    }
  }

  /// The instance mask of ellipses: pixel centres inside nucleus i are i + 1.
  static func instanceMask(_ nuclei: [Nucleus]) -> [UInt16] {
    var labels = [UInt16](repeating: 0, count: size * size)
    for y in 0..<size {
      for x in 0..<size {
        for (id, nucleus) in nuclei.enumerated() where nucleus.r2(Double(x) + 0.5, Double(y) + 0.5) < 1 {
          labels[y * size + x] = UInt16(id + 1)
        }
      }
    }
    return labels
  }

  /// Blurred-edge ellipses over a slowly varying background with Gaussian noise; mask = ellipse interiors.
  static func render(_ nuclei: [Nucleus], _ rng: inout SplitMix64) -> ([UInt16], [UInt16]) {
    var pixels = [UInt16](repeating: 0, count: size * size)
    var labels = [UInt16](repeating: 0, count: size * size)
    for y in 0..<size {
      for x in 0..<size {
        let px = Double(x) + 0.5, py = Double(y) + 0.5
        var value = 110 + 20 * sin(Double(x) / 40) * cos(Double(y) / 55)
        for (id, nucleus) in nuclei.enumerated() {
          let r2 = nucleus.r2(px, py)
          if r2 < 2.25 {
            let edge = 1 / (1 + exp((sqrt(r2) - 1) * 12))
            let texture = 1 + 0.15 * sin(px * 0.9 + Double(id)) * cos(py * 0.7)
            value += nucleus.brightness * (nucleus.mitotic ? 1.6 : 1) * edge * texture
          }
          if r2 < 1 { labels[y * size + x] = UInt16(id + 1) }
        }
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        let noise = sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2) * sqrt(max(value, 1)) * 1.2
        pixels[y * size + x] = UInt16(clamping: Int((value + noise).rounded()))
      }
    }
    return (pixels, labels)
  }

  /// The mitotic boxes of several images as one COCO file (`bbox` = x, y, width, height in pixels).
  static func coco(_ images: [(name: String, nuclei: [Nucleus])]) -> String {
    var entries: [String] = []
    var annotations: [String] = []
    for (index, image) in images.enumerated() {
      entries.append(
        "    {\"id\": \(index + 1), \"file_name\": \"\(image.name).tif\", \"width\": \(size), \"height\": \(size)}")
      for (x0, y0, x1, y1) in boxes(image.nuclei) {
        annotations.append(
          "    {\"id\": \(annotations.count + 1), \"image_id\": \(index + 1), \"category_id\": 2, "
            + "\"bbox\": [\(x0), \(y0), \(x1 - x0), \(y1 - y0)], \"area\": \((x1 - x0) * (y1 - y0)), \"iscrowd\": 0}")
      }
    }
    return """
      {"images": [
      \(entries.joined(separator: ",\n"))
      ],
      "categories": [{"id": 2, "name": "mitotic cell"}],
      "annotations": [
      \(annotations.joined(separator: ",\n"))
      ]}

      """
  }

  /// The box around each mitotic nucleus, whole pixels, clipped to the image.
  static func boxes(_ nuclei: [Nucleus]) -> [(Int, Int, Int, Int)] {
    nuclei.filter(\.mitotic).map { nucleus in
      let reach = nucleus.a + 2
      let x0 = max(0, (nucleus.x - reach).rounded(.down)), x1 = min(Double(size), (nucleus.x + reach).rounded(.up))
      let y0 = max(0, (nucleus.y - reach).rounded(.down)), y1 = min(Double(size), (nucleus.y + reach).rounded(.up))
      return (Int(x0), Int(y0), Int(x1), Int(y1))
    }
  }

  /// Boxes around mitotic nuclei, in the spec's convention: pixel units, origin at the top-left
  /// corner of the top-left pixel, y down; a box is a closed polygon with `"shape": "box"`.
  static func geoJSON(_ nuclei: [Nucleus]) -> String {
    var features: [String] = []
    for (id, nucleus) in nuclei.enumerated() where nucleus.mitotic {
      let reach = nucleus.a + 2
      let x0 = max(0, (nucleus.x - reach).rounded(.down)), x1 = min(Double(size), (nucleus.x + reach).rounded(.up))
      let y0 = max(0, (nucleus.y - reach).rounded(.down)), y1 = min(Double(size), (nucleus.y + reach).rounded(.up))
      let ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
        .map { "[\(Int($0[0])), \(Int($0[1]))]" }.joined(separator: ", ")
      features.append(
        """
            {"type": "Feature", "id": \(id + 1), "geometry": {"type": "Polygon", "coordinates": [[\(ring)]]}, \
        "properties": {"shape": "box", "label": "mitotic cell", "label_value": 2, "z": 0, "c": 0, "t": 0}}
        """)
    }
    return "{\"type\": \"FeatureCollection\", \"features\": [\n" + features.joined(separator: ",\n") + "\n]}\n"
  }
}
