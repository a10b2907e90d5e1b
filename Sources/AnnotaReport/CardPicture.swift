// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import Foundation

/// An image card's picture: the image shown as Fiji shows it, shrunk to a thumbnail (PNG), its label
/// images as transparent layers (PNG) and its shapes as SVG in the image's pixel coordinates.
struct CardPicture: Sendable {
  /// A label image drawn as a layer.
  struct Layer: Sendable {
    /// The annotation set.
    var set: String
    /// The layer's PNG (RGBA, the thumbnail's size).
    var png: [UInt8]
  }

  /// The thumbnail's PNG, or `nil` when the image could not be drawn.
  var png: [UInt8]?
  /// Why the image could not be drawn.
  var failure: String?
  /// The thumbnail's size.
  var width = 0, height = 0
  /// The image's size in pixels (shapes are drawn in these coordinates).
  var sourceWidth = 0, sourceHeight = 0
  /// Label-image layers, one per set.
  var layers: [Layer] = []
  /// SVG elements per set, in the image's pixel coordinates.
  var shapes: [(set: String, svg: String)] = []
  /// What is not drawn, and why.
  var notes: [String] = []

  /// Colour-blind-safe colours (Okabe & Ito, 2008) for classes and sets without a colour of their own.
  static let okabeIto: [LabelOverlay.Colour] = [
    .init(0xE6, 0x9F, 0x00), .init(0x56, 0xB4, 0xE9), .init(0x00, 0x9E, 0x73), .init(0xF0, 0xE4, 0x42),
    .init(0x00, 0x72, 0xB2), .init(0xD5, 0x5E, 0x00), .init(0xCC, 0x79, 0xA7),
  ]

  /// An annotation file to draw: its set, its path as the page names it, and where it is read.
  typealias File = (set: AnnotationSet, path: String, location: String)

  /// Draws the picture of `image` and its annotation files.
  /// - Parameters:
  ///   - image: the image.
  ///   - location: where the image file is read.
  ///   - files: its annotation files with their sets.
  ///   - manifest: the manifest (label tables, for class colours).
  ///   - side: the thumbnail's longest side.
  ///   - projection: how a stack becomes a plane.
  ///   - outlines: sets drawn as outlines only, with their colour (comparison).
  static func draw(
    _ image: Image, at location: String, files: [File], manifest: Manifest, side: Int,
    projection: DisplayPlane.Projection, outlines: [String: LabelOverlay.Colour] = [:]
  ) -> CardPicture {
    var picture = CardPicture()
    let shown: (grey: [UInt8]?, rgb: [UInt8]?, width: Int, height: Int)
    do {
      shown = try pixels(of: location, image: image, side: side, projection: projection)
    } catch {
      picture.failure = describe(error)
      return picture
    }
    picture.sourceWidth = shown.width
    picture.sourceHeight = shown.height
    let size = LabelLayer.fit(width: shown.width, height: shown.height, side: side)
    (picture.width, picture.height) = size
    do {
      if let grey = shown.grey {
        picture.png = try PNGWriter.encode(grey, width: size.width, height: size.height, channels: 1)
      } else if let rgb = shown.rgb {
        picture.png = try PNGWriter.encode(rgb, width: size.width, height: size.height, channels: 3)
      }
    } catch {
      picture.failure = "the thumbnail could not be encoded: \(describe(error))"
      return picture
    }
    for (set, path, location) in files {
      switch set.encoding {
      case .labelImage:
        do {
          let volume = try LabelVolume.read(path: location)
          guard volume.width == shown.width, volume.height == shown.height else {
            picture.notes.append(
              "\(path) is \(volume.width)×\(volume.height), the image \(shown.width)×\(shown.height): not laid over it")
            continue
          }
          let labels = DisplayPlane.plane(volume, projection: projection == .maximum ? .middle : projection)
          let rgba = LabelLayer.rgba(
            labels, sourceWidth: volume.width, sourceHeight: volume.height, width: size.width, height: size.height,
            colours: classColours(set, manifest: manifest), opacity: outlines[set.id] == nil ? 0.45 : 0,
            colour: outlines[set.id])
          picture.layers.append(
            Layer(set: set.id, png: try PNGWriter.encode(rgba, width: size.width, height: size.height, channels: 4)))
        } catch {
          picture.notes.append("\(path) could not be drawn: \(describe(error))")
        }
      case .geojson, .tracks:
        do {
          let bytes = try readBounded(location, limit: GeoJSONReader.maxBytes)
          let collection = try GeoJSONReader.read(bytes, path: path)
          picture.shapes.append(
            (set.id, ShapeSVG.markup(collection, colours: labelColours(set, manifest: manifest))))
        } catch {
          picture.notes.append("\(path) could not be drawn: \(describe(error))")
        }
      case .classTable:
        continue  // image-level labels: the card lists them
      default:
        picture.notes.append("\(path) (\(set.encoding.rawValue)) is not drawn")
      }
    }
    return picture
  }

  /// The thumbnail's pixels: one grey plane (integers, auto-contrasted) or RGB (a colour PNG or
  /// JPEG as it is; the pages of a plain TIFF the manifest calls channels as a composite).
  private static func pixels(of path: String, image: Image, side: Int, projection: DisplayPlane.Projection)
    throws -> (grey: [UInt8]?, rgb: [UInt8]?, width: Int, height: Int)
  {
    let head = FileInspector.readHead(path, count: 4) ?? []
    let isTIFF = head.starts(with: [0x49, 0x49]) || head.starts(with: [0x4D, 0x4D])
    // Channels are composited from the TIFF's planes (the OME-XML says which page is which).
    if isTIFF, (image.dimensions?.c ?? 1) > 1 {
      return try tiffPlanes(path, image: image, side: side, projection: projection)
    }
    let volume: LabelVolume
    do {
      volume = try LabelVolume.read(path: path)
    } catch {
      if isTIFF { return try tiffPlanes(path, image: image, side: side, projection: projection) }
      return try colourRaster(path, side: side, reason: error.message)
    }
    let size = LabelLayer.fit(width: volume.width, height: volume.height, side: side)
    let grey = DisplayPlane(volume, projection: projection).downscaled(width: size.width, height: size.height)
    return (grey, nil, volume.width, volume.height)
  }

  /// A TIFF `LabelVolume` does not take (signed or float samples, several channels): the planes
  /// read through the TIFF kit, OME-TIFF channels found through the OME-XML's dimension order
  /// (else the manifest's `c` pages of a plain TIFF), each stretched on its own and composited.
  private static func tiffPlanes(_ path: String, image: Image, side: Int, projection: DisplayPlane.Projection)
    throws -> (grey: [UInt8]?, rgb: [UInt8]?, width: Int, height: Int)
  {
    let reader = try TIFFReader(path: path)
    let pages = reader.directoryCount
    guard pages > 0 else { throw DrawError("the TIFF has no image") }
    var channels = image.dimensions?.c ?? 1
    var depth = max(1, pages / max(1, channels))
    var page: (Int, Int) -> Int = { c, z in c * depth + z }
    if let dataset = try? OMETIFFReader.open(path), let pixels = dataset.document.images.first?.pixels,
      let planes = dataset.planes.first
    {
      (channels, depth) = (pixels.sizeC, pixels.sizeZ)
      let own = path.split(separator: "/").last.map(String.init)
      page = { c, z in
        let location = planes[safe: OMETIFFReader.planeIndex(z: z, c: c, t: 0, in: pixels)] ?? nil
        return location.flatMap { $0.file.split(separator: "/").last.map(String.init) == own ? $0.ifd : nil } ?? -1
      }
    }
    channels = max(1, min(channels, 7))
    func values(_ index: Int) throws -> (values: [Double], width: Int, height: Int)? {
      guard index >= 0, index < pages else { return nil }
      let plane = try reader.readPlane(index)
      return (
        (0..<plane.width * plane.height).map { plane.value(x: $0 % plane.width, y: $0 / plane.width) },
        plane.width, plane.height
      )
    }
    var shown: [DisplayPlane] = []
    for c in 0..<channels {
      let zs = projection == .maximum ? Array(0..<depth) : [depth / 2]
      var combined: (values: [Double], width: Int, height: Int)?
      for z in zs {
        guard let next = try values(page(c, z)) else { continue }
        if let current = combined, current.values.count == next.values.count {
          combined = (zip(current.values, next.values).map { max($0, $1) }, next.width, next.height)
        } else if combined == nil {
          combined = next
        }
      }
      if let combined {
        shown.append(DisplayPlane(values: combined.values, width: combined.width, height: combined.height))
      }
    }
    guard let first = shown.first else { throw DrawError("no plane of the TIFF could be found to draw") }
    let size = LabelLayer.fit(width: first.width, height: first.height, side: side)
    if shown.count == 1 {
      return (first.downscaled(width: size.width, height: size.height), nil, first.width, first.height)
    }
    var rgb = [Int](repeating: 0, count: size.width * size.height * 3)
    for (channel, plane) in shown.enumerated() where plane.width == first.width && plane.height == first.height {
      let colour = compositeColour(channel, of: shown.count)
      for (index, level) in plane.downscaled(width: size.width, height: size.height).enumerated() {
        rgb[index * 3] += Int(level) * Int(colour.red) / 255
        rgb[index * 3 + 1] += Int(level) * Int(colour.green) / 255
        rgb[index * 3 + 2] += Int(level) * Int(colour.blue) / 255
      }
    }
    return (nil, rgb.map { UInt8(min(255, $0)) }, first.width, first.height)
  }

  /// A PNG or JPEG LabelVolume does not take (colour, or JPEG): grey planes stretched as Fiji does,
  /// 8-bit colour shown as it is.
  private static func colourRaster(_ path: String, side: Int, reason: String) throws -> (
    grey: [UInt8]?, rgb: [UInt8]?, width: Int, height: Int
  ) {
    let bytes = try readBounded(path, limit: 1 << 30)
    guard RasterFormat.detect(bytes.prefix(16)) != nil else { throw DrawError(reason) }
    let raster = try RasterReader.decode(bytes, path: path)
    let header = raster.header
    let size = LabelLayer.fit(width: header.width, height: header.height, side: side)
    let count = header.width * header.height
    func channel(_ c: Int) -> [UInt32] {
      (0..<count).map { index in
        let at = (index * header.channels + c) * header.bytesPerSample
        return header.bytesPerSample == 2
          ? UInt32(raster.samples[at]) | UInt32(raster.samples[at + 1]) << 8 : UInt32(raster.samples[at])
      }
    }
    func shrunk(_ values: [UInt32], stretch: Bool) -> [UInt8] {
      let volume = LabelVolume(labels: values, width: header.width, height: header.height)
      let plane = stretch ? DisplayPlane(volume) : DisplayPlane(volume, lowPercentile: 0, highPercentile: 100)
      return plane.downscaled(width: size.width, height: size.height)
    }
    if header.channels < 3 {
      return (shrunk(channel(0), stretch: true), nil, header.width, header.height)
    }
    let stretch = header.bytesPerSample == 2
    let (red, green, blue) = (
      shrunk(channel(0), stretch: stretch), shrunk(channel(1), stretch: stretch), shrunk(channel(2), stretch: stretch)
    )
    var rgb = [UInt8](repeating: 0, count: size.width * size.height * 3)
    for index in 0..<size.width * size.height {
      rgb[index * 3] = red[index]
      rgb[index * 3 + 1] = green[index]
      rgb[index * 3 + 2] = blue[index]
    }
    return (nil, rgb, header.width, header.height)
  }

  /// Fiji's composite colours; two channels as magenta and green, which colour-blind readers tell apart.
  private static func compositeColour(_ channel: Int, of channels: Int) -> LabelOverlay.Colour {
    if channels == 2 { return channel == 0 ? .init(255, 0, 255) : .init(0, 255, 0) }
    let colours: [LabelOverlay.Colour] = [
      .init(255, 0, 0), .init(0, 255, 0), .init(0, 0, 255), .init(255, 255, 255), .init(0, 255, 255),
      .init(255, 0, 255), .init(255, 255, 0),
    ]
    return colours[channel % colours.count]
  }

  /// Label value → colour for a semantic set's label image (its table's colours, else Okabe–Ito).
  static func classColours(_ set: AnnotationSet, manifest: Manifest) -> [UInt32: LabelOverlay.Colour] {
    guard set.kind == .semantic, let table = manifest.labelTables.first(where: { $0.id == set.labelTable }) else {
      return [:]
    }
    var colours: [UInt32: LabelOverlay.Colour] = [:]
    for (index, label) in table.labels.enumerated() where label.value > 0 {
      colours[UInt32(label.value)] =
        label.colour.flatMap(LabelOverlay.Colour.init(hex:)) ?? okabeIto[index % okabeIto.count]
    }
    return colours
  }

  /// Label name → colour for a shape set (its table's colours, else Okabe–Ito in table order).
  static func labelColours(_ set: AnnotationSet, manifest: Manifest) -> [String: LabelOverlay.Colour] {
    guard let table = manifest.labelTables.first(where: { $0.id == set.labelTable }) else { return [:] }
    var colours: [String: LabelOverlay.Colour] = [:]
    for (index, label) in table.labels.enumerated() where label.value != 0 {
      colours[label.name] = label.colour.flatMap(LabelOverlay.Colour.init(hex:)) ?? okabeIto[index % okabeIto.count]
    }
    return colours
  }

  /// A file's bytes, refused beyond `limit` (a card never reads an unbounded file whole).
  private static func readBounded(_ path: String, limit: Int) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw DrawError("cannot open the file") }
    defer { try? handle.close() }
    let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
    guard size <= limit else { throw DrawError("the file is larger than \(limit >> 20) MiB") }
    try handle.seek(toOffset: 0)
    return [UInt8](try handle.readToEnd() ?? Data())
  }

  /// An error's message without the path (the card names the file).
  private static func describe(_ error: any Error) -> String {
    switch error {
    case let error as LabelImageError: error.message
    case let error as GeoJSONError: error.message
    case let error as RasterError: error.message
    default: "\(error)"
    }
  }

  /// Why a picture could not be drawn.
  struct DrawError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}

extension Array {
  /// The element at `index`, or `nil` outside the array.
  fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
