// SPDX-License-Identifier: Apache-2.0

/// What an OME-XML document says: images with their pixels and plane mapping, ROIs with their
/// shapes, and structured annotations.
///
/// Read by ``OMEXMLParser`` from any schema generation (2010-04 … 2016-06), by local names.
public struct OMEDocument: Sendable, Hashable {
  /// The schema generation, from the namespace (for example `2016-06`), if recognisable.
  public var schema: String?
  /// The `Creator` attribute (the writing software).
  public var creator: String?
  /// The document's `UUID` attribute (`urn:uuid:…`).
  public var uuid: String?
  /// The images.
  public var images: [OMEImage]
  /// The ROIs, each with its shapes.
  public var rois: [OMEROI]
  /// Map, Tag, Comment and other structured annotations.
  public var annotations: [OMEAnnotation]
  /// For a BinaryOnly file: where the metadata lives.
  public var binaryOnly: OMEBinaryOnly?
}

/// A BinaryOnly pointer: this file holds pixels only; its metadata is in another file.
public struct OMEBinaryOnly: Sendable, Hashable {
  /// The metadata file's name (relative to this file's folder).
  public var metadataFile: String
  /// The metadata file's UUID.
  public var uuid: String?
}

/// One OME Image.
public struct OMEImage: Sendable, Hashable {
  /// `ID`, for example `Image:0`.
  public var id: String
  /// `Name`, if any.
  public var name: String?
  /// The pixels.
  public var pixels: OMEPixels
  /// `ROIRef` ids.
  public var roiRefs: [String]
}

/// The Pixels element: type, sizes, physical sizes, channels and where each plane is stored.
public struct OMEPixels: Sendable, Hashable {
  /// `DimensionOrder`, for example `XYZCT`.
  public var dimensionOrder: String
  /// `Type`, for example `uint16` (OME's names: int8…uint32, float, double, bit, complex, double-
  /// complex).
  public var type: String
  /// Sizes.
  public var sizeX: Int, sizeY: Int, sizeZ: Int, sizeC: Int, sizeT: Int
  /// Physical pixel sizes, normalised to micrometres (`nil` when absent or in pixels).
  public var physicalSizeX: Double?, physicalSizeY: Double?, physicalSizeZ: Double?
  /// The channels.
  public var channels: [OMEChannel]
  /// The TiffData blocks (plane → file and IFD).
  public var tiffData: [OMETiffData]
  /// How many BinData blocks hold pixels inline.
  public var binDataCount: Int

  /// The number of planes: Z × C × T.
  public var planeCount: Int { sizeZ * sizeC * sizeT }
}

/// One channel.
public struct OMEChannel: Sendable, Hashable {
  /// `ID`.
  public var id: String
  /// `Name`, if any.
  public var name: String?
  /// `SamplesPerPixel` (3 for RGB channels).
  public var samplesPerPixel: Int
  /// `Color`, if any.
  public var color: OMEColor?
}

/// An OME colour: a signed 32-bit integer holding RGBA (red in the high byte).
public struct OMEColor: Sendable, Hashable {
  /// Red, green, blue and alpha, 0–255.
  public var red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8

  /// Decodes OME's signed integer form (`-16776961` is opaque red).
  /// - Parameter signed: the attribute's integer value.
  public init(signed: Int32) {
    let bits = UInt32(bitPattern: signed)
    red = UInt8(bits >> 24)
    green = UInt8((bits >> 16) & 0xFF)
    blue = UInt8((bits >> 8) & 0xFF)
    alpha = UInt8(bits & 0xFF)
  }

  /// `#rrggbbaa`.
  public var hex: String {
    [red, green, blue, alpha].map {
      let h = String($0, radix: 16); return h.count == 1 ? "0" + h : h
    }
    .reduce("#", +)
  }
}

/// A TiffData block: which IFDs of which file hold which planes.
public struct OMETiffData: Sendable, Hashable {
  /// The first IFD (0-based).
  public var ifd: Int
  /// The first plane's Z, C, T.
  public var firstZ: Int, firstC: Int, firstT: Int
  /// How many planes (IFDs) follow; `nil` means one when other attributes are set, or all.
  public var planeCount: Int?
  /// The file's UUID (`urn:uuid:…`), for multi-file sets.
  public var uuid: String?
  /// The file's name, for multi-file sets.
  public var fileName: String?
}

/// An ROI: shapes that belong together.
public struct OMEROI: Sendable, Hashable {
  /// `ID`.
  public var id: String
  /// `Name`, if any.
  public var name: String?
  /// The shapes.
  public var shapes: [OMEShape]
}

/// One ROI shape, in OME's pixel coordinates (origin at the top-left corner of the top-left pixel).
public struct OMEShape: Sendable, Hashable {
  /// The kind of shape and its geometry.
  public enum Geometry: Sendable, Hashable {
    /// `Rectangle`: corner and size.
    case rectangle(x: Double, y: Double, width: Double, height: Double)
    /// `Ellipse`: centre and radii.
    case ellipse(x: Double, y: Double, radiusX: Double, radiusY: Double)
    /// `Point`.
    case point(x: Double, y: Double)
    /// `Line`.
    case line(x1: Double, y1: Double, x2: Double, y2: Double)
    /// `Polyline`: open.
    case polyline([[Double]])
    /// `Polygon`: closed.
    case polygon([[Double]])
    /// `Mask`: a bitmap placed at (x, y); `bits` holds width × height values 0/1, row-major.
    case mask(x: Double, y: Double, width: Int, height: Int, bits: [UInt8])
    /// `Label`: text at a point.
    case label(x: Double, y: Double, text: String)

    /// The shape's kind as the spec's GeoJSON `shape` property names it.
    public var kind: String {
      switch self {
      case .rectangle: "box"
      case .ellipse: "ellipse"
      case .point: "point"
      case .line: "line"
      case .polyline: "polyline"
      case .polygon: "polygon"
      case .mask: "mask"
      case .label: "label"
      }
    }
  }

  /// `ID`.
  public var id: String
  /// The geometry.
  public var geometry: Geometry
  /// `TheZ`, `TheC`, `TheT` (0-based); `nil` means the shape applies to every plane on that axis.
  public var theZ: Int?, theC: Int?, theT: Int?
  /// `Text`, if any.
  public var text: String?
  /// `FillColor` and `StrokeColor`.
  public var fillColor: OMEColor?, strokeColor: OMEColor?
  /// `Transform` as a 3×3 affine matrix, if any.
  public var transform: [[Double]]?
}

/// A structured annotation.
public struct OMEAnnotation: Sendable, Hashable {
  /// The element's local name, for example `MapAnnotation`, `TagAnnotation`, `CommentAnnotation`.
  public var kind: String
  /// `ID`.
  public var id: String
  /// `Namespace`, if any.
  public var namespace: String?
  /// The `Value` text (tags, comments, numbers), if any.
  public var value: String?
  /// The key–value pairs of a MapAnnotation.
  public var pairs: [OMEPair]
}

/// One `M` entry of a MapAnnotation.
public struct OMEPair: Sendable, Hashable {
  /// Key.
  public var key: String
  /// Value.
  public var value: String
}
