// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF
import FoundationEssentials

/// An OME-TIFF (or a standalone OME-XML / companion file) with its metadata resolved: BinaryOnly
/// pointers followed, and every plane of every image located in a file and IFD.
public struct OMEDataset: Sendable {
  /// The file that was opened.
  public var path: String
  /// The file the OME-XML came from (differs from `path` for BinaryOnly files).
  public var metadataPath: String
  /// The metadata.
  public var document: OMEDocument
  /// Where each plane of each image is: `planes[image][planeIndex]`, plane index in the image's
  /// DimensionOrder; `nil` when no TiffData maps it (pixels inline as BinData, or missing).
  public var planes: [[OMEPlaneLocation?]]
  /// Problems that did not stop reading (UUID mismatches, missing files…).
  public var warnings: [String]
}

/// Where one plane is stored.
public struct OMEPlaneLocation: Sendable, Hashable {
  /// The file (absolute or relative as resolved).
  public var file: String
  /// The IFD (0-based) in that file.
  public var ifd: Int
}

/// Reads OME-TIFF and OME-XML files.
public enum OMETIFFReader {
  /// The OME-XML in a TIFF's first ImageDescription, or `nil` when the TIFF is not OME.
  /// - Parameter path: a TIFF file.
  /// - Returns: the description bytes, when they are OME-XML.
  /// - Throws: `TIFFError` when the TIFF cannot be read.
  public static func omeXML(inTIFF path: String) throws -> [UInt8]? {
    let reader = try TIFFReader(
      path: path,
      limits: {
        var limits = TIFFReadLimits.defaults
        limits.maxDirectories = max(limits.maxDirectories, 1_000_000)
        return limits
      }())
    guard let description = reader.directories.first?.imageDescription, description.contains("<OME") else { return nil }
    return Array(description.utf8)
  }

  /// Opens an OME-TIFF, an OME-XML file or a companion `.ome` file and resolves its planes.
  /// - Parameter path: the file.
  /// - Returns: the resolved dataset.
  /// - Throws: `TIFFError`, `AnnotaXMLSupport/XMLError` or ``OMEError`` naming the problem.
  public static func open(_ path: String) throws -> OMEDataset {
    try open(path, document: try readDocument(path))
  }

  /// Resolves the planes of an OME document already read from `path` (an OME-TIFF's description read
  /// from memory, so the file is not opened again).
  /// - Parameters:
  ///   - path: the file the document came from.
  ///   - document: its OME document.
  /// - Returns: the resolved dataset.
  /// - Throws: ``OMEError`` when a BinaryOnly chain leads nowhere.
  public static func open(_ path: String, document: OMEDocument) throws -> OMEDataset {
    var warnings: [String] = []
    var metadataPath = path
    var document = document
    var hops = 0
    while let binary = document.binaryOnly, document.images.isEmpty {
      hops += 1
      guard hops < 4, !binary.metadataFile.isEmpty else {
        throw OMEError(path: path, message: "BinaryOnly points to no usable metadata file")
      }
      let target = sibling(of: metadataPath, named: binary.metadataFile)
      guard FileManager.default.fileExists(atPath: target) else {
        throw OMEError(
          path: path, message: "BinaryOnly names metadata file \(binary.metadataFile), which does not exist")
      }
      let next = try readDocument(target)
      if let expected = binary.uuid {
        if next.uuid == nil {
          warnings.append("\(binary.metadataFile) has no UUID, so the BinaryOnly UUID \(expected) cannot be checked")
        } else if next.uuid != expected {
          warnings.append(
            "\(binary.metadataFile) has UUID \(next.uuid ?? ""), not the \(expected) that BinaryOnly names")
        }
      }
      metadataPath = target
      document = next
    }
    var planes: [[OMEPlaneLocation?]] = []
    var uuidIndex: [String: String]? = nil
    for image in document.images {
      planes.append(
        locatePlanes(image.pixels, metadataPath: metadataPath, uuidIndex: &uuidIndex, warnings: &warnings))
    }
    return OMEDataset(path: path, metadataPath: metadataPath, document: document, planes: planes, warnings: warnings)
  }

  /// The OME document in a TIFF description or an XML file.
  static func readDocument(_ path: String) throws -> OMEDocument {
    // Only the first bytes decide: an OME-TIFF may be gigabytes of pixels.
    guard let head = FileManagerBridge.prefix(path, count: 4) else {
      throw OMEError(path: path, message: "cannot read the file")
    }
    let isTIFF = head.starts(with: [0x49, 0x49]) || head.starts(with: [0x4D, 0x4D])
    if isTIFF {
      guard let xml = try omeXML(inTIFF: path) else {
        throw OMEError(path: path, message: "a TIFF without OME-XML in its ImageDescription")
      }
      return try OMEXMLParser.parse(xml)
    }
    guard let document = FileManagerBridge.contents(path) else {
      throw OMEError(path: path, message: "cannot read the file")
    }
    return try OMEXMLParser.parse(document)
  }

  /// The plane index of (z, c, t) in a DimensionOrder such as `XYZCT`.
  public static func planeIndex(z: Int, c: Int, t: Int, in pixels: OMEPixels) -> Int {
    var index = 0
    var stride = 1
    for axis in pixels.dimensionOrder.dropFirst(2) {
      switch axis {
      case "Z": index += z * stride; stride *= pixels.sizeZ
      case "C": index += c * stride; stride *= pixels.sizeC
      default: index += t * stride; stride *= pixels.sizeT
      }
    }
    return index
  }

  private static func locatePlanes(
    _ pixels: OMEPixels, metadataPath: String, uuidIndex: inout [String: String]?, warnings: inout [String]
  ) -> [OMEPlaneLocation?] {
    var located = [OMEPlaneLocation?](repeating: nil, count: min(pixels.planeCount, 1 << 24))
    for block in pixels.tiffData {
      let file = resolve(block, metadataPath: metadataPath, uuidIndex: &uuidIndex, warnings: &warnings)
      let hasPosition = block.ifd != 0 || block.firstZ != 0 || block.firstC != 0 || block.firstT != 0
      let count = block.planeCount ?? (hasPosition || pixels.tiffData.count > 1 ? 1 : pixels.planeCount)
      let start = planeIndex(z: block.firstZ, c: block.firstC, t: block.firstT, in: pixels)
      for k in 0..<max(0, count) where start + k < located.count {
        if located[start + k] != nil { warnings.append("plane \(start + k) is mapped by more than one TiffData") }
        located[start + k] = OMEPlaneLocation(file: file, ifd: block.ifd + k)
      }
    }
    return located
  }

  /// A TiffData's file: by file name first, then by UUID among the folder's OME-TIFFs.
  private static func resolve(
    _ block: OMETiffData, metadataPath: String, uuidIndex: inout [String: String]?, warnings: inout [String]
  ) -> String {
    if let name = block.fileName, !name.isEmpty {
      let candidate = sibling(of: metadataPath, named: name)
      if FileManager.default.fileExists(atPath: candidate) {
        if let uuid = block.uuid, let actual = (try? readDocument(candidate))?.uuid, actual != uuid {
          warnings.append("\(name) has UUID \(actual), not the \(uuid) its TiffData names; using the file name")
        }
        return candidate
      }
      warnings.append("TiffData names \(name), which does not exist; trying its UUID")
    }
    guard let uuid = block.uuid else { return metadataPath }
    if uuidIndex == nil { uuidIndex = indexUUIDs(near: metadataPath) }
    if let found = uuidIndex?[uuid] { return found }
    warnings.append("no file in the folder has UUID \(uuid)")
    return block.fileName.map { sibling(of: metadataPath, named: $0) } ?? metadataPath
  }

  private static func indexUUIDs(near path: String) -> [String: String] {
    let folder = parent(of: path)
    var index: [String: String] = [:]
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names.sorted() where name.lowercased().hasSuffix(".ome.tif") || name.lowercased().hasSuffix(".ome.tiff")
    {
      let file = folder.isEmpty ? name : folder + "/" + name
      if let uuid = (try? readDocument(file))?.uuid { index[uuid] = file }
    }
    return index
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
  }

  /// `name` beside `path`; names with `/` or `..` are taken as written relative to the folder but
  /// never allowed to climb out of it.
  static func sibling(of path: String, named name: String) -> String {
    let safe = name.split(separator: "/").filter { $0 != ".." && $0 != "." }.joined(separator: "/")
    let folder = parent(of: path)
    return folder.isEmpty ? safe : folder + "/" + safe
  }
}
