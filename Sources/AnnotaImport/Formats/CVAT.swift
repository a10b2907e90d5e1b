// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaXMLSupport

/// CVAT XML 1.1, "for images" (shapes per `image`) and "for video" (`track`s of per-frame shapes).
///
/// Coordinates are pixel corners, as the spec's. Masks are row-major RLE over their box, starting
/// with a background run; short RLE (trailing background left out, as real exports do) is padded,
/// RLE longer than the box is refused. Tracks are expanded, as CVAT does, to every frame of the task
/// (``CVATFrameGrid``: `start_frame`, `frame_filter` `step=N`, `stop_frame`) from a keyframe to the
/// next, interpolating linearly; an `outside` keyframe ends the shape and a last visible keyframe
/// lasts to the stop frame. Skeletons become one point per visible
/// node (`node` names it, `skeleton` groups a skeleton's nodes).
enum CVATReader {
  /// Where the XML comes from.
  enum Source {
    /// A document in memory.
    case bytes([UInt8])
    /// A file streamed from disk.
    case file(String)
  }

  static func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    var images: [ForeignAnnotations.AnnotatedImage] = []
    var result = try stream(path: path, source: .bytes(bytes)) { images.append($0) }
    result.images = images
    return result
  }

  /// Reads a CVAT file event by event, handing over each image as soon as it is complete.
  ///
  /// Video frames, which tracks fill across the whole file, come at the end. Only one shape, track
  /// or label is held as an element tree at a time, so a 100 MB export costs what `onImage` keeps.
  /// - Returns: labels and notes; `images` is empty (they went to `onImage`).
  static func stream(
    path: String, source: Source, onImage: (ForeignAnnotations.AnnotatedImage) throws -> Void
  ) throws -> ForeignAnnotations {
    var labels: [ForeignAnnotations.Label] = []
    var notes: [String] = []
    var frames: [Int: ForeignAnnotations.AnnotatedImage] = [:]
    var sawRoot = false
    var frameSize: (width: Int?, height: Int?) = (nil, nil)
    var skeletons = 0
    var grid = CVATFrameGrid()
    var expansion = TrackExpansion()
    var builder = SubtreeBuilder()
    var currentImage: ForeignAnnotations.AnnotatedImage? = nil
    let collected: Set<String> = [
      "box", "ellipse", "polygon", "polyline", "points", "mask", "tag", "skeleton", "cuboid", "track", "label",
      "original_size",
    ]
    func handle(_ event: XMLEvent) throws {
      if builder.isBuilding {
        guard let element = builder.add(event) else { return }
        switch element.name {
        case "label":
          if let name = element.child("name")?.text.trimmed, !labels.contains(where: { $0.name == name }) {
            labels.append(.init(name: name, colour: element.child("color")?.text.trimmed))
          }
        case "original_size":
          // The video's frame size (CVAT for video has no per-frame <image>).
          frameSize = (
            element.child("width").flatMap { Int($0.text.trimmed) },
            element.child("height").flatMap { Int($0.text.trimmed) }
          )
        case "start_frame": grid.start = Int(element.text.trimmed) ?? 0
        case "stop_frame": grid.stop = Int(element.text.trimmed)
        case "frame_filter": grid.setFilter(element.text)
        case "track":
          try expand(track: element, grid: grid, path: path, frames: &frames, expansion: &expansion, notes: &notes)
        case "tag":
          currentImage?.tags.append(element.attribute("label") ?? "")
        default:
          currentImage?.features += try features(element, path: path, notes: &notes, skeletons: &skeletons)
        }
        return
      }
      switch event {
      case .start(let name, _, let attributes, let depth, let line, let selfClosing):
        if depth == 0 {
          guard name == "annotations" else {
            throw ForeignFormatError(
              path: path, message: "the root element is <\(name)>, not <annotations>", line: line)
          }
          sawRoot = true
        } else if name == "image", depth == 1 {
          func value(_ key: String) -> String? { attributes.first { $0.name == key }?.value }
          currentImage = .init(
            name: value("name") ?? value("id") ?? "", width: value("width").flatMap(Int.init),
            height: value("height").flatMap(Int.init),
            features: [], tags: [])
          if selfClosing, let image = currentImage {
            try onImage(image)
            currentImage = nil
          }
        } else if depth == 3, ["start_frame", "stop_frame", "frame_filter"].contains(name), !selfClosing {
          builder.start(event)  // meta/task or meta/job: the frames the task annotated
        } else if collected.contains(name), name != "label" || depth >= 3 {
          builder.start(event)
          if selfClosing, let element = builder.finishSelfClosing() {
            if element.name == "tag" {
              currentImage?.tags.append(element.attribute("label") ?? "")
            } else {
              currentImage?.features += try features(element, path: path, notes: &notes, skeletons: &skeletons)
            }
          }
        }
      case .end(let name, let depth):
        if name == "image", depth == 1, let image = currentImage {
          try onImage(image)
          currentImage = nil
        }
      case .text: break
      }
    }
    switch source {
    case .bytes(let bytes): try XMLStreamReader.read(bytes, handler: handle)
    case .file(let file): try XMLStreamReader.read(fileAt: file, handler: handle)
    }
    guard sawRoot else { throw ForeignFormatError(path: path, message: "no <annotations> root") }
    notes += expansion.notes
    for frame in frames.keys.sorted() {
      guard var image = frames[frame] else { continue }
      (image.width, image.height) = (frameSize.width, frameSize.height)
      try onImage(image)
    }
    return ForeignAnnotations(
      format: .cvat, convention: "cvat-pixel-corners", images: [], labels: labels, notes: notes)
  }

  /// A track's shapes on every frame of the task where CVAT shows them.
  ///
  /// From each visible keyframe to the next keyframe (visible or `outside`), shapes are interpolated
  /// on the task's frames, as CVAT's `TrackManager` does; after the last keyframe, a visible shape
  /// lasts to the stop frame.
  static func expand(
    track: XMLElement, grid: CVATFrameGrid, path: String, frames: inout [Int: ForeignAnnotations.AnnotatedImage],
    expansion: inout TrackExpansion, notes: inout [String]
  ) throws {
    let id = track.attribute("id") ?? "?"
    let shapes = try track.children.compactMap { shape -> (Int, Bool, ShapeFeature)? in
      guard let frame = shape.attribute("frame").flatMap(Int.init) else { return nil }
      var shape = shape
      shape.attributes.append(XMLAttribute(name: "label", value: track.attribute("label") ?? ""))
      guard let feature = try feature(shape, path: path, notes: &notes) else { return nil }
      return (frame, shape.attribute("outside") == "1", feature)
    }.sorted { $0.0 < $1.0 }
    for (index, current) in shapes.enumerated() where !current.1 {
      let next = index + 1 < shapes.count ? shapes[index + 1] : nil
      let span = next.map { grid.frames(from: current.0, before: $0.0) } ?? grid.frames(from: current.0)
      guard let span, expansion.add(span.count) else {
        throw ForeignFormatError(
          path: path,
          message: "track \(id) spans more than \(TrackExpansion.maximumShapes) shapes; is its frame range right?",
          line: track.line)
      }
      if next == nil, grid.stop == nil { expansion.unknownStop += 1 }
      for frame in span {
        var feature = current.2
        if let next, next.0 > current.0, frame != current.0 {
          if let blended = interpolate(
            current.2, next.2, t: Double(frame - current.0) / Double(next.0 - current.0))
          {
            feature = blended
          } else {
            expansion.held += 1
          }
        }
        feature.properties += [("track", .string(id)), ("t", .number(Double(frame)))]
        frames[frame, default: .init(name: "frame \(frame)", features: [], tags: [])].features.append(feature)
      }
    }
  }

  /// The features of one shape element: one for most, one per visible node for a skeleton.
  static func features(_ shape: XMLElement, path: String, notes: inout [String], skeletons: inout Int) throws
    -> [ShapeFeature]
  {
    guard shape.name == "skeleton" else { return try feature(shape, path: path, notes: &notes).map { [$0] } ?? [] }
    // Each node is a point of the skeleton's label, named by `node`; nodes marked `outside` are
    // not in the image. The nodes of one skeleton share a `skeleton` number.
    skeletons += 1
    var nodes: [ShapeFeature] = []
    for node in shape.children("points") where node.attribute("outside") != "1" {
      let points = try parsePoints(node.attribute("points") ?? "", path: path, line: node.line)
      guard let point = points.first else { continue }
      var properties: [(String, JSONValue)] = [
        ("label", .string(shape.attribute("label") ?? "")), ("node", .string(node.attribute("label") ?? "")),
        ("skeleton", .number(Double(skeletons))),
      ]
      if let source = shape.attribute("source") { properties.append(("source", .string(source))) }
      if node.attribute("occluded") == "1" { properties.append(("occluded", .bool(true))) }
      nodes.append(
        ShapeFeature(
          geometry: ShapeFeature.pointGeometry(x: point[0], y: point[1]), shape: "point", properties: properties))
    }
    return nodes
  }

  /// One CVAT shape element as a feature (label, source, occluded, z_order, group and attributes).
  static func feature(_ shape: XMLElement, path: String, notes: inout [String]) throws -> ShapeFeature? {
    func number(_ name: String) throws -> Double {
      guard let value = shape.attribute(name).flatMap(Double.init), value.isFinite else {
        throw ForeignFormatError(path: path, message: "<\(shape.name)> has no valid \(name)", line: shape.line)
      }
      return value
    }
    var properties: [(String, JSONValue)] = [("label", .string(shape.attribute("label") ?? ""))]
    if let source = shape.attribute("source") { properties.append(("source", .string(source))) }
    if shape.attribute("occluded") == "1" { properties.append(("occluded", .bool(true))) }
    if let order = shape.attribute("z_order").flatMap(Int.init), order != 0 {
      properties.append(("z_order", .number(Double(order))))
    }
    if let group = shape.attribute("group_id") { properties.append(("group", .string(group))) }
    let attributes = shape.children("attribute").map { ($0.attribute("name") ?? "", JSONValue.string($0.text)) }
    if !attributes.isEmpty { properties.append(("attributes", .object(attributes))) }
    switch shape.name {
    case "box":
      let x0 = try number("xtl"), y0 = try number("ytl"), x1 = try number("xbr"), y1 = try number("ybr")
      if let rotation = shape.attribute("rotation").flatMap(Double.init), rotation.isFinite, rotation != 0 {
        // CVAT rotates clockwise about the centre; the spec stores the rotated ring and the angle.
        properties.append(("rotation", .number(rotation)))
        return ShapeFeature(
          geometry: ShapeFeature.rotatedBoxGeometry(x0: x0, y0: y0, x1: x1, y1: y1, degrees: rotation), shape: "box",
          properties: properties)
      }
      return ShapeFeature(
        geometry: ShapeFeature.boxGeometry(x0: x0, y0: y0, x1: x1, y1: y1), shape: "box", properties: properties)
    case "ellipse":
      return ShapeFeature(
        geometry: ShapeFeature.pointGeometry(x: try number("cx"), y: try number("cy")), shape: "ellipse",
        properties: properties + [("rx", .number(try number("rx"))), ("ry", .number(try number("ry")))])
    case "polygon", "polyline", "points":
      let points = try parsePoints(shape.attribute("points") ?? "", path: path, line: shape.line)
      switch shape.name {
      case "polygon":
        guard points.count >= 3 else {
          notes.append("a polygon with \(points.count) points (line \(shape.line)) was skipped"); return nil
        }
        return ShapeFeature(geometry: ShapeFeature.polygonGeometry(points), shape: "polygon", properties: properties)
      case "polyline":
        return ShapeFeature(geometry: ShapeFeature.lineGeometry(points), shape: "polyline", properties: properties)
      default:
        return ShapeFeature(
          geometry: .object([
            ("type", "MultiPoint"), ("coordinates", .array(points.map { .array($0.map { .number($0) }) })),
          ]),
          shape: "point", properties: properties)
      }
    case "mask":
      guard let left = Int(fileNumber: try number("left")), let top = Int(fileNumber: try number("top")),
        let width = Int(fileNumber: try number("width")), let height = Int(fileNumber: try number("height"))
      else {
        throw ForeignFormatError(path: path, message: "<mask> box is out of range", line: shape.line)
      }
      let runs = (shape.attribute("rle") ?? "").split { $0 == "," || $0 == " " }.compactMap { Int($0) }
      let pixels = try CVATRLE.count(runs, width: width, height: height, path: path, line: shape.line)
      return ShapeFeature(
        geometry: ShapeFeature.boxGeometry(
          x0: Double(left), y0: Double(top), x1: Double(left + width), y1: Double(top + height)),
        shape: "mask", properties: properties + [("pixels", .number(Double(pixels)))],
        mask: MaskRegion(left: left, top: top, width: width, height: height, runs: runs))
    case "skeleton", "cuboid":
      notes.append(
        "a \(shape.name) (line \(shape.line)) \(shape.name == "cuboid" ? "has no form in the spec yet" : "in a track is not interpolated") and was skipped"
      )
      return nil
    default:
      return nil  // attributes and other non-shape children
    }
  }

  /// `"x0,y0;x1,y1;…"`.
  static func parsePoints(_ text: String, path: String, line: Int) throws -> [[Double]] {
    try text.split(separator: ";").map { pair in
      let values = pair.split(separator: ",").compactMap { Double($0.trimmingCharacters()) }
      guard values.count == 2, values.allSatisfy(\.isFinite) else {
        throw ForeignFormatError(path: path, message: "point \"\(pair)\" is not x,y", line: line)
      }
      return values
    }
  }

  /// Linear interpolation of two shapes of the same kind and point count; `nil` otherwise.
  static func interpolate(_ a: ShapeFeature, _ b: ShapeFeature, t: Double) -> ShapeFeature? {
    func blend(_ x: JSONValue, _ y: JSONValue) -> JSONValue? {
      switch (x, y) {
      case (.number(let p), .number(let q)): return .number(p + (q - p) * t)
      case (.array(let p), .array(let q)) where p.count == q.count:
        let items = zip(p, q).compactMap(blend)
        return items.count == p.count ? .array(items) : nil
      case (.object(let p), .object(let q)) where p.count == q.count:
        var entries: [(String, JSONValue)] = []
        for (left, right) in zip(p, q) {
          guard left.0 == right.0 else { return nil }
          if left.0 == "type" { entries.append(left); continue }
          guard let value = blend(left.1, right.1) else { return nil }
          entries.append((left.0, value))
        }
        return .object(entries)
      default: return x == y ? x : nil
      }
    }
    guard a.shape == b.shape, let geometry = blend(a.geometry, b.geometry) else { return nil }
    var result = a
    result.geometry = geometry
    return result
  }
}

/// CVAT mask RLE: row-major runs over the mask's box, alternating background/foreground, starting
/// with background.
enum CVATRLE {
  /// The foreground pixel count, after checking the runs fit the box (short RLE is padded).
  static func count(_ runs: [Int], width: Int, height: Int, path: String, line: Int) throws -> Int {
    guard width > 0, height > 0, let area = width.nonNegativeProduct(height), area <= 1 << 28 else {
      throw ForeignFormatError(path: path, message: "mask box \(width)×\(height) is invalid", line: line)
    }
    var total = 0
    var foreground = 0
    for (index, run) in runs.enumerated() {
      guard run >= 0 else { throw ForeignFormatError(path: path, message: "negative RLE run", line: line) }
      // Compared before adding: a run near `Int.max` must be refused, not overflow the sum.
      guard run <= area - total else {
        throw ForeignFormatError(
          path: path, message: "RLE runs cover more than the \(width)×\(height) box's \(area) pixels", line: line)
      }
      total += run
      if index % 2 == 1 { foreground += run }
    }
    return foreground
  }

  /// Row-major 0/1 values of the box (short RLE padded with background).
  static func decode(_ runs: [Int], width: Int, height: Int) -> [UInt8]? {
    guard let area = width.nonNegativeProduct(height), area <= 1 << 28 else { return nil }
    var bits = [UInt8](repeating: 0, count: area)
    var position = 0
    for (index, run) in runs.enumerated() {
      guard run >= 0, run <= bits.count - position else { return nil }
      if index % 2 == 1 { for i in position..<position + run { bits[i] = 1 } }
      position += run
    }
    return bits
  }

  /// The shortest RLE of row-major 0/1 values (first run background, possibly 0).
  static func encode(_ bits: [UInt8]) -> [Int] { MaskRegion.runs(of: bits) }
}

extension Substring {
  fileprivate func trimmingCharacters() -> String { String(self).trimmed }
}

/// Rebuilds one element (and its children) from stream events, so a streamed document can be read
/// one record at a time.
struct SubtreeBuilder {
  private var stack: [XMLElement] = []

  var isBuilding: Bool { !stack.isEmpty }

  mutating func start(_ event: XMLEvent) {
    if case .start(let name, let namespace, let attributes, _, let line, _) = event {
      stack.append(XMLElement(name: name, namespace: namespace, attributes: attributes, line: line))
    }
  }

  /// The element a self-closing start event describes, ending the build.
  mutating func finishSelfClosing() -> XMLElement? { stack.popLast() }

  /// Adds an event; returns the finished element when the outermost one closes.
  mutating func add(_ event: XMLEvent) -> XMLElement? {
    switch event {
    case .start(_, _, _, _, _, let selfClosing):
      start(event)
      if selfClosing, let child = stack.popLast() { stack[stack.count - 1].children.append(child) }
    case .text(let text):
      stack[stack.count - 1].text += text
    case .end:
      let finished = stack.removeLast()
      if stack.isEmpty { return finished }
      stack[stack.count - 1].children.append(finished)
    }
    return nil
  }
}

/// CVAT for images and for video, 1.1: recognised by its `<annotations>` root, streamed from disk.
struct CVATFormat: ToolFormat {
  var id: FormatID { .cvat }
  var title: String { "CVAT for images or video 1.1 (XML)" }

  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    var verdict = head.xmlVerdict(id, root: "annotations")
    if verdict.confidence > 0, !head.text.contains("<version>1.1</version>") {
      verdict.confidence = 0.6
      verdict.reason += " but no <version>1.1</version> in the header"
    }
    return verdict
  }

  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations { try CVATReader.read(bytes, path: path) }

  func stream(_ path: String, onImage: (ForeignAnnotations.AnnotatedImage) throws -> Void) throws
    -> ForeignAnnotations?
  {
    try CVATReader.stream(path: path, source: .file(path), onImage: onImage)
  }
}
