// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaXMLSupport

/// TrackMate XML (3.x–7.x), read as a stream so large models stay flat in memory.
///
/// Spot positions are physical (`spatialunits`): divided by the pixel size from
/// `Settings/ImageData`, and TrackMate puts pixel centres at integer positions, so + 0.5 gives the
/// spec's convention. Contours (v7 `ROI_N_POINTS`) are relative to the spot's centre. Tracks become
/// `track` properties and `next` links (splits have two); tracks outside `FilteredTracks` and spots
/// with `VISIBILITY="0"` are kept and marked (`filtered_out`, `visible: false`), never dropped.
enum TrackMateReader {
  private struct Spot {
    var id: String, x: Double, y: Double, z: Double, frame: Int, visible: Bool, contour: [Double]
  }

  static func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    var spots: [Spot] = []
    var edges: [(String, String, String)] = []  // track id, source, target
    var pixel = (x: 1.0, y: 1.0, z: 1.0)
    var sawRoot = false
    var currentTrack: String? = nil
    var currentSpot: Int? = nil
    var filteredTracks: Set<String>? = nil  // TrackMate's FilteredTracks: the tracks its filters kept
    var inFilteredTracks = false
    var image: (name: String, width: Int?, height: Int?) = ("", nil, nil)
    try XMLStreamReader.read(bytes) { event in
      switch event {
      case .start(let name, _, let attributes, let depth, _, let selfClosing):
        func value(_ key: String) -> String? { attributes.first { $0.name == key }?.value }
        if depth == 0 {
          guard name == "TrackMate" else {
            throw ForeignFormatError(path: path, message: "the root element is <\(name)>, not <TrackMate>")
          }
          sawRoot = true
        }
        switch name {
        case "ImageData":
          image = (value("filename") ?? "", value("width").flatMap(Int.init), value("height").flatMap(Int.init))
          pixel = (
            value("pixelwidth").flatMap(Double.init) ?? 1, value("pixelheight").flatMap(Double.init) ?? 1,
            value("voxeldepth").flatMap(Double.init) ?? 1
          )
        case "Spot":
          guard let id = value("ID"), let x = value("POSITION_X").flatMap(Double.init),
            let y = value("POSITION_Y").flatMap(Double.init)
          else { throw ForeignFormatError(path: path, message: "a Spot without ID or POSITION_X/Y") }
          spots.append(
            Spot(
              id: id, x: x, y: y, z: value("POSITION_Z").flatMap(Double.init) ?? 0,
              frame: value("FRAME").flatMap { Double($0) }.flatMap { Int(fileNumber: $0) } ?? 0,
              visible: value("VISIBILITY") != "0",
              contour: []))
          currentSpot = selfClosing ? nil : spots.count - 1
        case "Track": currentTrack = value("TRACK_ID")
        case "FilteredTracks":
          filteredTracks = []
          inFilteredTracks = !selfClosing
        case "TrackID" where inFilteredTracks:
          if let id = value("TRACK_ID") { filteredTracks?.insert(id) }
        case "Edge":
          if let track = currentTrack, let source = value("SPOT_SOURCE_ID"), let target = value("SPOT_TARGET_ID") {
            edges.append((track, source, target))
          }
        default: break
        }
      case .text(let text):
        if let index = currentSpot {
          spots[index].contour += text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).compactMap {
            Double($0)
          }
        }
      case .end(let name, _):
        if name == "Spot" { currentSpot = nil }
        if name == "Track" { currentTrack = nil }
        if name == "FilteredTracks" { inFilteredTracks = false }
      }
    }
    guard sawRoot else { throw ForeignFormatError(path: path, message: "no <TrackMate> root") }
    guard pixel.x > 0, pixel.y > 0, pixel.z > 0 else {
      throw ForeignFormatError(path: path, message: "ImageData pixel sizes must be positive")
    }
    var trackOf: [String: String] = [:]
    var outgoing: [String: [JSONValue]] = [:]
    for (track, source, target) in edges {
      trackOf[source] = track
      trackOf[target] = track
      outgoing[source, default: []].append(.string(target))
    }
    let features = spots.map { spot -> ShapeFeature in
      let cx = spot.x / pixel.x + 0.5, cy = spot.y / pixel.y + 0.5
      var properties: [(String, JSONValue)] = [
        ("label", "spot"), ("t", .number(Double(spot.frame))), ("z", .number((spot.z / pixel.z).rounded())),
      ]
      if let track = trackOf[spot.id] {
        properties.append(("track", .string(track)))
        // Kept, but marked: TrackMate's track filters hid this track.
        if let filteredTracks, !filteredTracks.contains(track) { properties.append(("filtered_out", .bool(true))) }
      }
      if !spot.visible { properties.append(("visible", .bool(false))) }
      if let next = outgoing[spot.id] { properties.append(("next", .array(next))) }
      if spot.contour.count >= 6, spot.contour.count % 2 == 0 {
        let points = stride(from: 0, to: spot.contour.count, by: 2).map {
          [cx + spot.contour[$0] / pixel.x, cy + spot.contour[$0 + 1] / pixel.y]
        }
        return ShapeFeature(
          geometry: ShapeFeature.polygonGeometry(points), shape: "polygon", properties: properties, id: .string(spot.id)
        )
      }
      return ShapeFeature(
        geometry: ShapeFeature.pointGeometry(x: cx, y: cy), shape: "point", properties: properties, id: .string(spot.id)
      )
    }
    var notes: [String] = []
    let tracks = Set(edges.map(\.0))
    if !tracks.isEmpty { notes.append("\(tracks.count) track(s), \(edges.count) edge(s)") }
    if let filteredTracks, case let hidden = tracks.subtracting(filteredTracks), !hidden.isEmpty {
      notes.append(
        "\(hidden.count) of \(tracks.count) track(s) are not among TrackMate's filtered tracks; kept, marked `filtered_out`"
      )
    }
    let hiddenSpots = spots.filter { !$0.visible }.count
    if hiddenSpots > 0 {
      notes.append("\(hiddenSpots) spot(s) are hidden by TrackMate's spot filters; kept, marked `visible: false`")
    }
    return ForeignAnnotations(
      format: .trackMate, convention: "trackmate-physical-units-pixel-centres",
      images: [.init(name: image.name, width: image.width, height: image.height, features: features, tags: [])],
      labels: [.init(name: "spot")], notes: notes)
  }
}

/// TrackMate XML: recognised by its `<TrackMate>` root.
struct TrackMateFormat: ToolFormat {
  var id: FormatID { .trackMate }
  var title: String { "TrackMate (XML)" }
  func detect(_ head: FileHead) -> AnnotationFormats.Candidate { head.xmlVerdict(id, root: "TrackMate") }
  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    try TrackMateReader.read(bytes, path: path)
  }
}
