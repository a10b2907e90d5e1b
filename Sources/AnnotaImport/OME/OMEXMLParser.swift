// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaXMLSupport
import FoundationEssentials

/// An OME-XML document that parsed as XML but is not usable OME.
///
/// The shape of `AnnotaTIFF/TIFFError`: a code, a message, the path (when known) and the cause.
public struct OMEError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case notOME, invalid }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The document is XML but not OME (another root element).
    public static var notOME: Self { Self(.notOME) }
    /// The OME is invalid: a missing attribute, a bad number, sizes that do not fit.
    public static var invalid: Self { Self(.invalid) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// The file, when known (the parser reads bytes; the OME-TIFF reader names the file).
  public var path: String
  /// What is wrong.
  public var message: String
  /// The 1-based line, when known.
  public var line: Int?
  /// The error underneath, if any.
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure (by default, invalid OME).
  ///   - path: the file, when known.
  ///   - message: what is wrong.
  ///   - line: the 1-based line, when known.
  ///   - cause: the error underneath, if any.
  public init(
    code: Code = .invalid, path: String = "", message: String, line: Int? = nil, cause: (any Error & Sendable)? = nil
  ) {
    self.code = code
    self.path = path
    self.message = message
    self.line = line
    self.cause = cause
  }

  /// `path: line N: message`.
  public var description: String {
    (path.isEmpty ? "" : path + ": ") + (line.map { "line \($0): \(message)" } ?? message)
  }
}

/// Reads OME-XML (2010-04 to 2016-06 schemas, by local names) into an ``OMEDocument``.
public enum OMEXMLParser {
  /// Parses OME-XML bytes.
  /// - Parameter bytes: the document.
  /// - Returns: the document's content.
  /// - Throws: `XMLError` (not XML, DOCTYPE, limits) or ``OMEError`` (not OME, bad numbers).
  public static func parse(_ bytes: [UInt8]) throws -> OMEDocument {
    try parse(element: try XMLSafeParser.document(bytes))
  }

  /// Builds the document from a parsed element tree.
  /// - Parameter root: the `OME` element.
  /// - Returns: the document's content.
  /// - Throws: ``OMEError`` when the root is not `OME` or a required value is malformed.
  static func parse(element root: XMLElement) throws -> OMEDocument {
    guard root.name == "OME" else {
      throw OMEError(code: .notOME, message: "the root element is <\(root.name)>, not <OME>", line: root.line)
    }
    var document = OMEDocument(
      schema: root.namespace.flatMap(schemaGeneration), creator: root.attribute("Creator"),
      uuid: root.attribute("UUID"), images: [], rois: [], annotations: [], binaryOnly: nil)
    if let binary = root.child("BinaryOnly") {
      document.binaryOnly = OMEBinaryOnly(
        metadataFile: binary.attribute("MetadataFile") ?? "", uuid: binary.attribute("UUID"))
    }
    for image in root.children("Image") { document.images.append(try parseImage(image)) }
    for roi in root.children("ROI") { document.rois.append(try parseROI(roi)) }
    if let annotations = root.child("StructuredAnnotations") {
      document.annotations = annotations.children.map(parseAnnotation)
    }
    return document
  }

  /// `2016-06` from `http://www.openmicroscopy.org/Schemas/OME/2016-06`.
  static func schemaGeneration(_ namespace: String) -> String? {
    namespace.split(separator: "/").last.map(String.init).flatMap { $0.count == 7 ? $0 : nil }
  }

  private static func parseImage(_ element: XMLElement) throws -> OMEImage {
    guard let pixels = element.child("Pixels") else {
      throw OMEError(message: "Image \(element.attribute("ID") ?? "?") has no Pixels", line: element.line)
    }
    return OMEImage(
      id: element.attribute("ID") ?? "", name: element.attribute("Name"), pixels: try parsePixels(pixels),
      roiRefs: element.children("ROIRef").compactMap { $0.attribute("ID") })
  }

  private static func parsePixels(_ element: XMLElement) throws -> OMEPixels {
    func size(_ name: String) throws -> Int {
      guard let text = element.attribute(name), let value = Int(text), value >= 1 else {
        throw OMEError(message: "Pixels \(name) is missing or not a positive integer", line: element.line)
      }
      return value
    }
    func physical(_ axis: String) -> Double? {
      guard let text = element.attribute("PhysicalSize\(axis)"), let value = Double(text), value > 0 else { return nil }
      return OMEUnits.micrometres(value, unit: element.attribute("PhysicalSize\(axis)Unit"))
    }
    let order = element.attribute("DimensionOrder") ?? "XYZCT"
    guard Set(order) == Set("XYZCT"), order.count == 5, order.hasPrefix("XY") else {
      throw OMEError(
        message: "DimensionOrder \(order) is not a permutation of XYZCT starting with XY", line: element.line)
    }
    guard let type = element.attribute("Type") ?? element.attribute("PixelType") else {
      throw OMEError(message: "Pixels has no Type", line: element.line)
    }
    let channels = element.children("Channel").enumerated().map { index, channel in
      OMEChannel(
        id: channel.attribute("ID") ?? "Channel:\(index)", name: channel.attribute("Name"),
        samplesPerPixel: channel.attribute("SamplesPerPixel").flatMap { Int($0) } ?? 1,
        color: channel.attribute("Color").flatMap { Int32($0) }.map(OMEColor.init(signed:)))
    }
    let tiffData = try element.children("TiffData").map { block -> OMETiffData in
      func index(_ name: String) throws -> Int {
        guard let text = block.attribute(name) else { return 0 }
        guard let value = Int(text), value >= 0 else {
          throw OMEError(message: "TiffData \(name)=\"\(text)\" is not a non-negative integer", line: block.line)
        }
        return value
      }
      let uuid = block.child("UUID")
      return OMETiffData(
        ifd: try index("IFD"), firstZ: try index("FirstZ"), firstC: try index("FirstC"), firstT: try index("FirstT"),
        planeCount: block.attribute("PlaneCount").flatMap { Int($0) },
        uuid: uuid.map { String($0.text.filter { !$0.isWhitespace }) },
        fileName: uuid?.attribute("FileName"))
    }
    return OMEPixels(
      dimensionOrder: order, type: type, sizeX: try size("SizeX"), sizeY: try size("SizeY"),
      sizeZ: try size("SizeZ"), sizeC: try size("SizeC"), sizeT: try size("SizeT"),
      physicalSizeX: physical("X"), physicalSizeY: physical("Y"), physicalSizeZ: physical("Z"),
      channels: channels, tiffData: tiffData, binDataCount: element.children("BinData").count)
  }

  private static func parseROI(_ element: XMLElement) throws -> OMEROI {
    var shapes: [OMEShape] = []
    // 2015-01 and later: ROI/Union/<Shape kinds>. 2010-06 and earlier: ROI/Union?/Shape/<kind>.
    let containers = element.children("Union") + [element]
    for container in containers {
      for child in container.children where child.name != "Union" {
        if child.name == "Shape", let inner = child.children.first(where: { $0.name != "Transform" }) {
          if let shape = try parseShape(inner, attributesFrom: child) { shapes.append(shape) }
        } else if let shape = try parseShape(child, attributesFrom: child) {
          shapes.append(shape)
        }
      }
    }
    return OMEROI(id: element.attribute("ID") ?? "", name: element.attribute("Name"), shapes: shapes)
  }

  /// A shape from its geometry element; ids, planes and colours may sit on a wrapping `Shape`.
  private static func parseShape(_ element: XMLElement, attributesFrom holder: XMLElement) throws -> OMEShape? {
    func number(_ name: String, required: Bool = true) throws -> Double {
      let text = element.attribute(name) ?? holder.attribute(name)
      guard let text else {
        if required { throw OMEError(message: "<\(element.name)> has no \(name)", line: element.line) }
        return 0
      }
      guard let value = Double(text), value.isFinite else {
        throw OMEError(message: "<\(element.name)> \(name)=\"\(text)\" is not a finite number", line: element.line)
      }
      return value
    }
    let geometry: OMEShape.Geometry
    switch element.name {
    case "Rectangle":
      geometry = .rectangle(
        x: try number("X"), y: try number("Y"), width: try number("Width"), height: try number("Height"))
    case "Ellipse":
      geometry = .ellipse(
        x: try number("X"), y: try number("Y"), radiusX: try number("RadiusX"), radiusY: try number("RadiusY"))
    case "Point":
      geometry = .point(x: try number("X"), y: try number("Y"))
    case "Line":
      geometry = .line(x1: try number("X1"), y1: try number("Y1"), x2: try number("X2"), y2: try number("Y2"))
    case "Polyline", "Polygon":
      let points = try parsePoints(element.attribute("Points") ?? "", line: element.line)
      geometry = element.name == "Polygon" ? .polygon(points) : .polyline(points)
    case "Label", "Text":  // `Text` is the 2010-06 name of Label
      geometry = .label(
        x: try number("X"), y: try number("Y"),
        text: element.attribute("Text") ?? holder.attribute("Text") ?? element.text)
    case "Mask":
      let width = Int(fileNumber: try number("Width")) ?? -1
      let height = Int(fileNumber: try number("Height")) ?? -1
      guard width > 0, height > 0, width <= 1 << 16, height <= 1 << 16 else {
        throw OMEError(message: "Mask size \(width)×\(height) is out of range", line: element.line)
      }
      let bits = try OMEBinData.maskBits(element.child("BinData"), width: width, height: height, line: element.line)
      geometry = .mask(x: try number("X"), y: try number("Y"), width: width, height: height, bits: bits)
    default:
      return nil  // Transform, annotation refs, unknown future shapes
    }
    func plane(_ name: String) -> Int? {
      (element.attribute(name) ?? holder.attribute(name)).flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
    }
    func color(_ names: [String]) -> OMEColor? {
      for name in names {
        if let value = (element.attribute(name) ?? holder.attribute(name)).flatMap({ Int32($0) }) {
          return OMEColor(signed: value)
        }
      }
      return nil
    }
    let transform = (element.child("Transform") ?? holder.child("Transform")).flatMap { t -> [[Double]]? in
      let values = ["A00", "A10", "A01", "A11", "A02", "A12"].map { t.attribute($0).flatMap(Double.init) }
      guard values.allSatisfy({ $0 != nil }) else { return nil }
      let a = values.map { $0! }
      return [[a[0], a[2], a[4]], [a[1], a[3], a[5]], [0, 0, 1]]
    }
    return OMEShape(
      id: element.attribute("ID") ?? holder.attribute("ID") ?? "", geometry: geometry,
      theZ: plane("TheZ"), theC: plane("TheC"), theT: plane("TheT"),
      text: element.attribute("Text") ?? holder.attribute("Text"),
      fillColor: color(["FillColor", "Fill"]), strokeColor: color(["StrokeColor", "Stroke"]), transform: transform)
  }

  /// `"x1,y1 x2,y2 …"` (commas and spaces as OME writes them).
  static func parsePoints(_ text: String, line: Int) throws -> [[Double]] {
    var points: [[Double]] = []
    for pair in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
      let parts = pair.split(separator: ",")
      guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]), x.isFinite, y.isFinite else {
        throw OMEError(message: "point \"\(pair)\" is not x,y", line: line)
      }
      points.append([x, y])
    }
    return points
  }

  private static func parseAnnotation(_ element: XMLElement) -> OMEAnnotation {
    var pairs: [OMEPair] = []
    if let value = element.child("Value") {
      for entry in value.children where entry.name == "M" {
        pairs.append(OMEPair(key: entry.attribute("K") ?? "", value: entry.text))
      }
    }
    let valueText = element.child("Value").flatMap { $0.children.isEmpty ? $0.text : nil }
    return OMEAnnotation(
      kind: element.name, id: element.attribute("ID") ?? "", namespace: element.attribute("Namespace"),
      value: valueText, pairs: pairs)
  }
}
