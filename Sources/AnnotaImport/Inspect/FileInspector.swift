// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaRaster
public import AnnotaTIFF
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Works out what a file is by its content (not its name) and describes it.
public enum FileInspector {
  /// Inspects a TIFF, OME-TIFF, OME-XML or companion file.
  /// - Parameters:
  ///   - path: the file.
  ///   - labelStatistics: whether to compute label statistics for integer single-channel images.
  ///   - dataset: for an HDF5 file with several label volumes, the internal path of the one to summarise.
  /// - Returns: what the file holds.
  /// - Throws: ``InspectError`` naming the file and the problem.
  public static func inspect(_ path: String, labelStatistics: Bool = true, dataset: String? = nil) throws
    -> FileInspection
  {
    try inspect(path, labelStatistics: labelStatistics, dataset: dataset, decodePixels: false, planeVisitor: nil)
  }

  /// Inspects a file too large to hold in memory, from its path, and decodes every strip, tile or
  /// chunk of it (label statistics read their pixels anyway); memory stays at one plane or chunk.
  /// - Parameters:
  ///   - path: the file.
  ///   - labelStatistics: whether to compute label statistics for integer single-channel images.
  /// - Returns: what the file holds.
  /// - Throws: ``InspectError`` naming the file and the problem.
  public static func inspectDecoding(_ path: String, labelStatistics: Bool) throws -> FileInspection {
    try inspect(path, labelStatistics: labelStatistics, dataset: nil, decodePixels: true, planeVisitor: nil)
  }

  /// Inspects a file from its path; HDF5 volumes can have every chunk decoded and label volumes'
  /// planes visited, as ``inspect(buffer:labelStatistics:decodePixels:planeVisitor:)`` does for TIFF.
  static func inspect(
    _ path: String, labelStatistics: Bool, dataset: String?, decodePixels: Bool, planeVisitor: ((Int, Plane) -> Void)?
  ) throws -> FileInspection {
    guard let head = readHead(path, count: 512) else {
      throw InspectError(code: .unreadable, path: path, message: "cannot read the file (missing or unreadable)")
    }
    do {
      let sniffed = ContentSniffer.sniff(head)
      // `II`/`MM` is enough: libtiff then says what is wrong with a damaged header.
      if ContentSniffer.claims(head) == .tiff {
        let reader = try TIFFReader(path: path)
        let inspection = try inspectTIFF(
          reader, path: path, labelStatistics: labelStatistics, planeVisitor: planeVisitor)
        if decodePixels, inspection.labels == nil {
          for directory in reader.directories { try reader.decodeAll(directory) }
        }
        return inspection
      }
      if sniffed == .png || sniffed == .jpeg {
        guard let bytes = FileManagerBridge.contents(path) else {
          throw InspectError(
            path: path, message: "cannot read the file (over \(FileManagerBridge.maxWholeFile) bytes, or unreadable)")
        }
        return try RasterInspector.inspect(
          bytes, path: path, labelStatistics: labelStatistics, decodePixels: decodePixels, planeVisitor: planeVisitor)
      }
      // HDF5 may also start after a user block (at 512, 1024…): the library finds its signature.
      if sniffed == .hdf5 || HDF5Library.isHDF5(path) {
        return try HDF5Inspector.inspect(
          path, labelStatistics: labelStatistics, dataset: dataset, decodePixels: decodePixels,
          planeVisitor: planeVisitor)
      }
      let text = String(decoding: head, as: UTF8.self)
      if text.contains("<OME") || text.contains("<?xml") {
        let dataset = try OMETIFFReader.open(path)
        return inspection(of: dataset, format: .omeXML, path: path)
      }
    } catch let error as InspectError {
      throw error
    } catch let error as HDF5Error {
      let detail = error.stack.isEmpty ? "" : " (HDF5: \(error.stack.prefix(3).joined(separator: " | ")))"
      throw InspectError(
        code: .of(error.code), path: path, message: error.message + detail,
        cause: error)
    } catch let error as LabelImageError {
      throw InspectError(code: .malformed, path: path, message: error.message, cause: error)
    } catch let error as TIFFError {
      let detail = error.libraryMessages.isEmpty ? "" : " (libtiff: \(error.libraryMessages.joined(separator: "; ")))"
      throw InspectError(
        code: .of(error.code), path: path, message: error.message + detail,
        cause: error)
    } catch {
      throw InspectError(code: .malformed, path: path, message: "\(error)", cause: error)
    }
    throw InspectError(
      code: .unrecognised, path: path,
      message: "not a TIFF, OME-TIFF, OME-XML, HDF5, PNG or JPEG file (unrecognised content)")
  }

  /// Inspects a file already read into memory: a TIFF or OME-TIFF is decoded from those bytes (so the
  /// bytes hashed are the bytes decoded); anything else is inspected from its path.
  /// - Parameters:
  ///   - buffer: the file's bytes.
  ///   - labelStatistics: whether to compute label statistics for integer single-channel images.
  ///   - decodePixels: whether to decode every strip or tile of every page (every chunk of every
  ///     image-like HDF5 dataset), to prove the pixels are readable (label statistics decode them
  ///     anyway).
  ///   - planeVisitor: with label statistics, receives each page whole, decoded once for both;
  ///     without, and with `decodePixels`, receives the first page of a one-sample image (the
  ///     statistics of `validate --profile ml`).
  /// - Returns: what the file holds.
  /// - Throws: ``InspectError`` naming the file and the problem.
  public static func inspect(
    buffer: FileBuffer, labelStatistics: Bool, decodePixels: Bool = false,
    planeVisitor: ((Int, Plane) -> Void)? = nil
  ) throws -> FileInspection {
    if let sniffed = ContentSniffer.sniff(buffer.bytes.prefix(ContentSniffer.headLength)),
      sniffed == .png || sniffed == .jpeg
    {
      return try RasterInspector.inspect(
        Array(buffer.bytes), path: buffer.path, labelStatistics: labelStatistics, decodePixels: decodePixels,
        planeVisitor: planeVisitor)
    }
    guard buffer.looksLikeTIFF else {
      return try inspect(
        buffer.path, labelStatistics: labelStatistics, dataset: nil, decodePixels: decodePixels,
        planeVisitor: planeVisitor)
    }
    do {
      let reader = try TIFFReader(buffer: buffer)
      let inspection = try inspectTIFF(
        reader, path: buffer.path, labelStatistics: labelStatistics, planeVisitor: planeVisitor)
      if decodePixels, inspection.labels == nil {
        // An image (no label statistics asked for): its first page for the caller's statistics.
        if !labelStatistics, let planeVisitor, let first = reader.directories.first, first.samplesPerPixel == 1,
          let plane = try? reader.readPlane(first)
        {
          planeVisitor(0, plane)
        }
        for directory in reader.directories { try reader.decodeAll(directory) }
      }
      return inspection
    } catch let error as InspectError {
      throw error
    } catch let error as LabelImageError {
      throw InspectError(code: .malformed, path: buffer.path, message: error.message, cause: error)
    } catch let error as TIFFError {
      let detail = error.libraryMessages.isEmpty ? "" : " (libtiff: \(error.libraryMessages.joined(separator: "; ")))"
      throw InspectError(
        code: .of(error.code), path: buffer.path, message: error.message + detail,
        cause: error)
    } catch {
      throw InspectError(code: .malformed, path: buffer.path, message: "\(error)", cause: error)
    }
  }

  /// The first `count` bytes (fewer for a short file), without reading the rest.
  package static func readHead(_ path: String, count: Int) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: count)
    let read = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
    return read < 0 ? nil : Array(buffer.prefix(read))
  }

  private static func inspectTIFF(
    _ reader: TIFFReader, path: String, labelStatistics: Bool, planeVisitor: ((Int, Plane) -> Void)?
  ) throws -> FileInspection {
    let pages = reader.directories.filter { if case .main = $0.location { true } else { false } }
    guard let first = pages.first else { throw InspectError(path: path, message: "no image directory") }
    if let description = first.imageDescription, description.contains("<OME") {
      let dataset = try OMETIFFReader.open(path, document: try OMEXMLParser.parse(Array(description.utf8)))
      var result = inspection(of: dataset, format: .omeTIFF, path: path)
      result.damage = reader.chainDamage + OMEPlaneCheck.problems(dataset, path: path, pages: pages)
      if labelStatistics, isLabelCandidate(first), dataset.document.images.count == 1,
        dataset.document.images[0].pixels.sizeC == 1
      {
        result.labels = try? LabelImageStatistics.compute(reader: reader, planeVisitor: planeVisitor)
      }
      return result
    }
    var axes = "YX"
    var shape = [first.height, first.width]
    let description = first.imageDescription ?? ""
    let imageJ = ImageJDescription(description)
    if pages.count > 1 {
      if let imageJ, imageJ.frames * imageJ.channels * imageJ.slices == pages.count {
        for (axis, size) in [("T", imageJ.frames), ("Z", imageJ.slices), ("C", imageJ.channels)] where size > 1 {
          axes = axes.isEmpty ? axis : String(axes.dropLast(2)) + axis + "YX"
          shape.insert(size, at: shape.count - 2)
        }
      } else {
        axes = "ZYX"
        shape = [pages.count, first.height, first.width]
      }
    }
    if first.samplesPerPixel > 1 {
      axes += "S"
      shape.append(first.samplesPerPixel)
    }
    var physical: FileInspection.PixelSize? = nil
    if let resolution = first.resolution {
      let micrometresPerUnit: Double? =
        switch first.resolutionUnit {
        case 2: 25_400
        case 3: 10_000
        default: imageJ?.unit.flatMap { OMEUnits.micrometres(1, unit: $0 == "micron" ? "µm" : $0) }
        }
      if let micrometresPerUnit, resolution.x != 1 || imageJ?.unit != nil {
        physical = FileInspection.PixelSize(
          x: micrometresPerUnit / resolution.x, y: micrometresPerUnit / resolution.y,
          z: imageJ?.spacing.flatMap { spacing in
            imageJ?.unit.flatMap { OMEUnits.micrometres(spacing, unit: $0 == "micron" ? "µm" : $0) }
          }
        )
      }
    }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    var info = FileInspection.ImageInfo(
      name: name, axes: axes, shape: shape,
      dtype: first.sampleType.map { "\($0)" } ?? "unsupported (\(first.bitsPerSample)-bit)",
      physicalSize: physical)
    info.pagesAxisGuessed =
      pages.count > 1 && !(imageJ.map { $0.frames * $0.channels * $0.slices == pages.count } ?? false)
    var warnings: [String] = []
    if pages.contains(where: { $0.width != first.width || $0.height != first.height }) {
      warnings.append("pages differ in size; only page 0's size is reported")
    }
    var labels: LabelStatistics? = nil
    if labelStatistics, isLabelCandidate(first), !warnings.contains(where: { $0.hasPrefix("pages differ") }) {
      labels = try LabelImageStatistics.compute(reader: reader, planeVisitor: planeVisitor)
    }
    var result = FileInspection(
      format: .tiff, path: path, images: [info], shapes: [], labels: labels, warnings: warnings)
    result.damage = reader.chainDamage
    return result
  }

  private static func isLabelCandidate(_ directory: TIFFDirectory) -> Bool {
    directory.samplesPerPixel == 1 && (directory.sampleType?.isInteger ?? false) && directory.bitsPerSample > 1
  }

  static func inspection(of dataset: OMEDataset, format: FormatID, path: String) -> FileInspection {
    let images = dataset.document.images.map { image -> FileInspection.ImageInfo in
      let p = image.pixels
      var axes = ""
      var shape: [Int] = []
      for (axis, size) in [("T", p.sizeT), ("C", p.sizeC), ("Z", p.sizeZ)] where size > 1 {
        axes += axis
        shape.append(size)
      }
      axes += "YX"
      shape += [p.sizeY, p.sizeX]
      let dtype = ["float": "float32", "double": "float64", "bit": "bool"][p.type] ?? p.type
      let physical =
        p.physicalSizeX == nil && p.physicalSizeY == nil && p.physicalSizeZ == nil
        ? nil : FileInspection.PixelSize(x: p.physicalSizeX, y: p.physicalSizeY, z: p.physicalSizeZ)
      return .init(name: image.name ?? image.id, axes: axes, shape: shape, dtype: dtype, physicalSize: physical)
    }
    let shapes = dataset.document.rois.flatMap { roi in roi.shapes.map { $0.feature(roi: roi.id) } }
    return FileInspection(
      format: format, path: path, images: images, shapes: shapes, labels: nil, warnings: dataset.warnings)
  }
}

/// The parts of an ImageJ hyperstack description Annota uses.
struct ImageJDescription {
  var slices = 1, frames = 1, channels = 1
  var unit: String?
  var spacing: Double?

  init?(_ text: String) {
    guard text.hasPrefix("ImageJ=") else { return nil }
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else { continue }
      switch parts[0] {
      case "slices": slices = Int(parts[1]) ?? 1
      case "frames": frames = Int(parts[1]) ?? 1
      case "channels": channels = Int(parts[1]) ?? 1
      case "unit": unit = parts[1]
      case "spacing": spacing = Double(parts[1])
      default: break
      }
    }
  }
}

extension InspectError.Code {
  /// The inspection's code for a TIFF failure.
  static func of(_ code: TIFFError.Code) -> Self {
    code == .unsupported ? .unsupported : code == .limitExceeded ? .limitExceeded : .malformed
  }

  /// The inspection's code for an HDF5 failure.
  static func of(_ code: HDF5Error.Code) -> Self {
    code == .unsupported ? .unsupported : code == .limitExceeded ? .limitExceeded : .malformed
  }
}
