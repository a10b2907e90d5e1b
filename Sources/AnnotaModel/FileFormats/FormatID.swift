// SPDX-License-Identifier: Apache-2.0

/// A file or tool format by name: an open set, like ``RuleID``.
///
/// The raw value is what manifests, reports and `annota detect` print (`ome-tiff`, `cvat-1.1`,
/// `hdf5-ilastik-project`). Code compares these values, never their text: the known formats are the
/// static members below, and a format read from a manifest is normalised with ``init(declared:)``.
public struct FormatID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// The format's name.
  public var rawValue: String
  /// Creates a format from its name, as written (no normalisation; see ``init(declared:)``).
  /// - Parameter rawValue: the name.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The name.
  public var description: String { rawValue }

  /// Orders by name.
  public static func < (lhs: FormatID, rhs: FormatID) -> Bool { lhs.rawValue < rhs.rawValue }

  /// Decodes the name from a single string.
  /// - Parameter decoder: the decoder.
  /// - Throws: what the decoder throws for a non-string value.
  public init(from decoder: any Decoder) throws {
    rawValue = try decoder.singleValueContainer().decode(String.self)
  }

  /// Encodes the name as a single string.
  /// - Parameter encoder: the encoder.
  /// - Throws: what the encoder throws.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

// Image and container formats, as their content shows them.
extension FormatID {
  /// TIFF or BigTIFF, either byte order.
  public static let tiff = FormatID(rawValue: "tiff")
  /// A TIFF whose first description is OME-XML.
  public static let omeTIFF = FormatID(rawValue: "ome-tiff")
  /// OME-XML on its own (a companion file, an OMERO ROI export).
  public static let omeXML = FormatID(rawValue: "ome-xml")
  /// Portable Network Graphics.
  public static let png = FormatID(rawValue: "png")
  /// JPEG (JFIF/EXIF).
  public static let jpeg = FormatID(rawValue: "jpeg")
  /// Windows bitmap.
  public static let bmp = FormatID(rawValue: "bmp")
  /// GIF.
  public static let gif = FormatID(rawValue: "gif")
  /// Zeiss CZI (recognised, not decoded).
  public static let czi = FormatID(rawValue: "czi")
  /// HDF5, layout not yet known (see ``isHDF5`` for the layouts).
  public static let hdf5 = FormatID(rawValue: "hdf5")
  /// A zip archive.
  public static let zip = FormatID(rawValue: "zip")
  /// JSON of no more specific format.
  public static let json = FormatID(rawValue: "json")
  /// XML of no more specific format.
  public static let xml = FormatID(rawValue: "xml")
  /// Tab-separated values.
  public static let tsv = FormatID(rawValue: "tsv")
  /// Comma-separated values.
  public static let csv = FormatID(rawValue: "csv")
}

// Annota's own files and the annotation tools' formats.
extension FormatID {
  /// An Annota manifest (`annota.yaml` / `annota.json`).
  public static let annotaManifest = FormatID(rawValue: "annota")
  /// Shapes as GeoJSON FeatureCollections (SPEC §5.3).
  public static let geoJSON = FormatID(rawValue: "geojson")
  /// CVAT for images or video, 1.1.
  public static let cvat = FormatID(rawValue: "cvat-1.1")
  /// Pascal VOC XML.
  public static let pascalVOC = FormatID(rawValue: "pascal-voc")
  /// Fiji Cell Counter markers.
  public static let cellCounter = FormatID(rawValue: "cellcounter")
  /// TrackMate XML.
  public static let trackMate = FormatID(rawValue: "trackmate")
  /// COCO (instances, or a results array).
  public static let coco = FormatID(rawValue: "coco")
  /// LabelMe JSON.
  public static let labelMe = FormatID(rawValue: "labelme")
  /// An Ultralytics YOLO dataset (`data.yaml` with `images/` and `labels/`).
  public static let yolo = FormatID(rawValue: "yolo")
  /// Cellpose's `_seg.npy` (a pickled dictionary with `masks`).
  public static let cellpose = FormatID(rawValue: "cellpose-seg")
  /// An nnU-Net v2 raw dataset (`dataset.json` with `imagesTr/` and `labelsTr/`).
  public static let nnunet = FormatID(rawValue: "nnunet-v2")
  /// DeepLabCut labelled data (`CollectedData_<scorer>.h5` or `.csv`).
  public static let deepLabCut = FormatID(rawValue: "deeplabcut")
  /// A file whose format was not recognised.
  public static let unknown = FormatID(rawValue: "unknown")
  /// A file that could not be read to find out.
  public static let unreadable = FormatID(rawValue: "unreadable")
}

extension FormatID {
  /// HDF5 following a program's layout (`hdf5-ilastik-project`, `hdf5-cremi`, `hdf5-generic`…).
  /// - Parameter layout: the layout's name.
  /// - Returns: the format.
  public static func hdf5(layout: String) -> FormatID { FormatID(rawValue: "hdf5-" + layout) }

  /// Whether this is HDF5, with or without a layout.
  public var isHDF5: Bool { self == .hdf5 || rawValue.hasPrefix("hdf5-") }

  /// Whether this is a TIFF, OME or not.
  public var isTIFF: Bool { self == .tiff || self == .omeTIFF }

  /// Whether this is a raster image format a label image can be stored in (TIFF, OME-TIFF, PNG).
  public var holdsLabelImages: Bool { isTIFF || self == .png }

  /// Whether this is a delimited table.
  public var isTable: Bool { self == .tsv || self == .csv }

  /// The format a manifest's `format` value names, normalised (`tif` is `tiff`, `ome.tiff` is
  /// `ome-tiff`, `h5` is `hdf5`); `nil` for a value naming no format Annota compares content with.
  /// - Parameter declared: the value as written, any case.
  public init?(declared: String) {
    switch declared.lowercased() {
    case "tiff", "tif": self = .tiff
    case "ome-tiff", "ome.tiff", "ometiff", "ome-tif": self = .omeTIFF
    case "png": self = .png
    case "jpeg", "jpg": self = .jpeg
    case "hdf5", "h5": self = .hdf5
    case "bmp": self = .bmp
    case "gif": self = .gif
    case "czi": self = .czi
    default: return nil
    }
  }

  /// The format a file name's extension names (`.ome.tif` is OME-TIFF, `.ilp` HDF5, `.geojson`
  /// JSON); `nil` for an extension Annota does not compare content with.
  /// - Parameter path: the file's path or name.
  public init?(extensionOf path: String) {
    let name = path.lowercased()
    if name.hasSuffix(".ome.tif") || name.hasSuffix(".ome.tiff") {
      self = .omeTIFF
      return
    }
    let suffixes: [(String, FormatID)] = [
      (".tif", .tiff), (".tiff", .tiff), (".png", .png), (".jpg", .jpeg), (".jpeg", .jpeg), (".h5", .hdf5),
      (".hdf5", .hdf5), (".ilp", .hdf5), (".bmp", .bmp), (".gif", .gif), (".czi", .czi), (".geojson", .json),
      (".json", .json), (".xml", .xml),
    ]
    guard let match = suffixes.first(where: { name.hasSuffix($0.0) }) else { return nil }
    self = match.1
  }

  /// Whether content of this format satisfies an expected one: an OME-TIFF is a TIFF (a plain TIFF
  /// is not an OME-TIFF), and the head of a companion-file OME-TIFF set is its `.companion.ome` XML.
  /// - Parameters:
  ///   - expected: the format the manifest or the name says.
  ///   - path: the file's path (for the companion case).
  /// - Returns: `true` when the content is acceptable.
  public func satisfies(_ expected: FormatID, path: String = "") -> Bool {
    let companion = path.lowercased().hasSuffix(".companion.ome") && (self == .xml || self == .omeXML)
    return self == expected || (expected == .tiff && self == .omeTIFF) || (expected == .omeTIFF && companion)
  }
}
