// SPDX-License-Identifier: Apache-2.0

import AnnotaHDF5
import AnnotaModel
import AnnotaRaster
public import AnnotaTIFF
import FoundationEssentials

/// A label image or volume read whole: one unsigned label per pixel (voxel), 0 background, row-major
/// with x fastest, then y, then z.
///
/// What `annota compare` measures: instance ids or class values, from a TIFF or OME-TIFF (every page
/// a z plane), a PNG (grey or palette indices) or an HDF5 dataset (2-D or 3-D).
public struct LabelVolume: Sendable {
  /// The labels, 32 bits wide (widened when read from an 8- or 16-bit file: bind it once).
  public var labels: [UInt32] {
    get { wideLabels ?? (narrowLabels ?? []).map(UInt32.init) }
    set {
      wideLabels = newValue
      narrowLabels = nil
    }
  }
  /// The labels of an 8- or 16-bit file as read, not widened: half the memory to count from.
  public private(set) var narrowLabels: [UInt16]?
  private var wideLabels: [UInt32]?
  /// Pixels per row.
  public var width: Int
  /// Rows per plane.
  public var height: Int
  /// Planes.
  public var depth: Int
  /// The size of a pixel along x, y and z in micrometres, when the file states it (a TIFF resolution in
  /// centimetres or inches, HDF5's `element_size_um`; z only for volumes).
  public var pixelSize: [Double]?

  /// Creates a volume.
  /// - Parameters:
  ///   - labels: `width × height × depth` labels.
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - depth: planes.
  ///   - pixelSize: the physical pixel size along x, y (and z), if known.
  public init(labels: [UInt32], width: Int, height: Int, depth: Int = 1, pixelSize: [Double]? = nil) {
    precondition(labels.count == width * height * depth, "labels do not fill the volume")
    self.wideLabels = labels
    self.width = width
    self.height = height
    self.depth = depth
    self.pixelSize = pixelSize
  }

  /// Creates a volume of labels that fit 16 bits.
  /// - Parameters:
  ///   - narrowLabels: `width × height × depth` labels.
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - depth: planes.
  ///   - pixelSize: the physical pixel size along x, y (and z), if known.
  public init(narrowLabels: [UInt16], width: Int, height: Int, depth: Int = 1, pixelSize: [Double]? = nil) {
    precondition(narrowLabels.count == width * height * depth, "labels do not fill the volume")
    self.narrowLabels = narrowLabels
    self.width = width
    self.height = height
    self.depth = depth
    self.pixelSize = pixelSize
  }

  /// Plane `z` as a `Plane`: 16 bits wide for 8- and 16-bit files (no widened copy), else 32.
  /// - Parameter z: the plane, from 0.
  /// - Returns: the plane.
  /// - Throws: `AnnotaTIFF/TIFFError` for an empty volume (no plane has a size of 0).
  public func plane(_ z: Int = 0) throws -> Plane {
    let size = width * height
    if let narrowLabels {
      return try Plane(width: width, height: height, uint16: Array(narrowLabels[z * size..<(z + 1) * size]))
    }
    return try Plane(width: width, height: height, uint32: Array(labels[z * size..<(z + 1) * size]))
  }

  /// The shape for messages: `width×height` for one plane, `depth×height×width` for a volume.
  public var shapeDescription: String {
    depth > 1 ? "\(depth)×\(height)×\(width)" : "\(width)×\(height)"
  }

  /// Reads a label image.
  /// - Parameters:
  ///   - path: a TIFF, OME-TIFF, PNG or HDF5 file.
  ///   - dataset: for HDF5, the dataset; by default the file's first label volume.
  /// - Returns: the volume.
  /// - Throws: ``LabelImageError``: `.notLabels` for pixels that are not non-negative integers in one
  ///   channel, `.malformed` for a file that cannot be read (the reader's error as the cause).
  public static func read(path: String, dataset: String? = nil) throws(LabelImageError) -> LabelVolume {
    guard let head = FileInspector.readHead(path, count: ContentSniffer.headLength) else {
      throw LabelImageError(code: .malformed, path: path, message: "cannot read the file")
    }
    let format = ContentSniffer.claims(head)
    do {
      if format == .hdf5 { return try readHDF5(path: path, dataset: dataset) }
      if format == .png { return try readPNG(path: path) }
      if format == .tiff { return try readTIFF(path: path) }
    } catch let error as LabelImageError {
      throw error
    } catch {
      throw LabelImageError(code: .malformed, path: path, message: "\(error)", cause: error)
    }
    throw LabelImageError(
      path: path, message: "not a label image: a TIFF, OME-TIFF, PNG or HDF5 file was expected")
  }

  private static func readTIFF(path: String) throws -> LabelVolume {
    let reader = try TIFFReader(path: path)
    let pages = reader.directoryCount
    guard pages > 0 else { throw LabelImageError(code: .malformed, path: path, message: "the TIFF has no image") }
    // 8- and 16-bit pages stay 16 bits wide; a wider page widens everything read so far.
    var narrow: [UInt16]? = []
    var labels: [UInt32] = []
    var width = 0
    var height = 0
    var pixelSize: [Double]?
    for page in 0..<pages {
      let directory = try reader.directory(page)
      guard directory.samplesPerPixel == 1 else {
        throw LabelImageError(
          path: path, message: "page \(page) has \(directory.samplesPerPixel) samples per pixel; labels have one")
      }
      if page == 0 {
        (width, height) = (directory.width, directory.height)
        narrow?.reserveCapacity(width * height * pages)
        // Only a resolution in centimetres or inches says a physical size (ImageJ's "none" does not).
        let micrometres: Double? = directory.resolutionUnit == 3 ? 10_000 : directory.resolutionUnit == 2 ? 25_400 : nil
        if let resolution = directory.resolution, resolution.x > 0, resolution.y > 0, let micrometres {
          pixelSize = [micrometres / resolution.x, micrometres / resolution.y]
        }
      } else if directory.width != width || directory.height != height {
        throw LabelImageError(
          path: path, message: "page \(page) is \(directory.width)×\(directory.height), page 0 \(width)×\(height)")
      }
      let plane = try reader.readPlane(directory)
      if var samples = narrow, plane.sampleType == .uint8 || plane.sampleType == .uint16 {
        narrow = nil  // appended in place, not copied
        try append(plane.bytes, type: plane.sampleType, to: &samples, path: path, page: page)
        narrow = samples
        continue
      }
      if let samples = narrow {
        labels = samples.map(UInt32.init)
        narrow = nil
      }
      try append(plane.bytes, type: plane.sampleType, to: &labels, path: path, page: page)
    }
    if let narrow {
      return LabelVolume(narrowLabels: narrow, width: width, height: height, depth: pages, pixelSize: pixelSize)
    }
    return LabelVolume(labels: labels, width: width, height: height, depth: pages, pixelSize: pixelSize)
  }

  private static func readPNG(path: String) throws -> LabelVolume {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LabelImageError(code: .malformed, path: path, message: "cannot read the file")
    }
    let image = try RasterReader.decode(Array(data), path: path)
    let header = image.header
    guard header.channels == 1 else {
      throw LabelImageError(path: path, message: "the PNG has \(header.channels) channels; labels have one")
    }
    var labels: [UInt16] = []
    labels.reserveCapacity(header.width * header.height)
    try append(image.samples, type: header.bytesPerSample == 2 ? .uint16 : .uint8, to: &labels, path: path, page: 0)
    return LabelVolume(narrowLabels: labels, width: header.width, height: header.height)
  }

  private static func readHDF5(path: String, dataset: String?) throws -> LabelVolume {
    let file = try HDF5File(path: path)
    let layout = try HDF5Layout.detect(file)
    let volume =
      if let dataset {
        layout.volumes.first { $0.path == dataset || $0.path == "/" + dataset }
      } else {
        layout.volumes.first(where: \.isLabels) ?? (layout.volumes.count == 1 ? layout.volumes.first : nil)
      }
    guard let volume else {
      throw LabelImageError(
        path: path,
        message: dataset.map { "no image-like dataset \($0)" }
          ?? "no label dataset; name one (datasets: \(layout.volumes.map(\.path).joined(separator: ", ")))")
    }
    // Axes other than z, y and x (channels, time) must be 1 long: a label volume has one value per voxel.
    var extent: [Character: Int] = [:]
    // Layouts name axes in capitals (`ZYX`, `TCZYX`).
    for (axis, length) in zip(volume.axes.lowercased(), volume.shape) {
      if "zyx".contains(axis) {
        extent[axis] = length
      } else if length != 1 {
        throw LabelImageError(path: path, message: "\(volume.path) has a \(axis) axis of \(length); labels have one")
      }
    }
    guard let width = extent["x"], let height = extent["y"] else {
      throw LabelImageError(path: path, message: "\(volume.path) has no x and y axes (\(volume.axes))")
    }
    let info = try file.dataset(volume.path)
    guard case .integer(let bits, let signed) = info.type else {
      throw LabelImageError(path: path, message: "\(volume.path) holds \(info.type) values; labels are integers")
    }
    let read = try file.openDataset(volume.path).readAll()
    let type: SampleType =
      switch (bits, signed && !volume.reinterpretAsUnsigned) {
      case (8, false): .uint8
      case (8, true): .int8
      case (16, false): .uint16
      case (16, true): .int16
      case (32, false): .uint32
      case (32, true): .int32
      case (64, false): .uint64
      default: .int64
      }
    var labels: [UInt32] = []
    labels.reserveCapacity(info.count)
    try append(read.bytes, type: type, to: &labels, path: path, page: 0)
    let size = ["X", "Y", "Z"].compactMap { volume.physicalSize[$0] }
    return LabelVolume(
      labels: labels, width: width, height: height, depth: extent["z"] ?? 1,
      pixelSize: size.count >= 2 ? size : nil)
  }

  /// Appends samples widened to `UInt32`, refusing what cannot be a label.
  private static func append<Output: FixedWidthInteger & UnsignedInteger>(
    _ bytes: [UInt8], type: SampleType, to labels: inout [Output], path: String, page: Int
  ) throws(LabelImageError) {
    func refuse(_ reason: String) -> LabelImageError {
      LabelImageError(path: path, message: (page > 0 ? "page \(page): " : "") + reason)
    }
    func widen<T: FixedWidthInteger>(_: T.Type) throws(LabelImageError) {
      let count = bytes.count / MemoryLayout<T>.size
      let start = labels.count
      labels.append(contentsOf: repeatElement(0, count: count))
      // One pass through raw buffers: appending value by value costs more than the read itself.
      let bad: T? = bytes.withUnsafeBytes { raw in
        labels.withUnsafeMutableBufferPointer { out in
          func convert(_ value: T, at index: Int) -> Bool {
            guard value >= 0, T.bitWidth <= Output.bitWidth || value <= T(truncatingIfNeeded: Output.max) else {
              return false
            }
            out[start + index] = Output(truncatingIfNeeded: value)
            return true
          }
          guard let base = raw.baseAddress, Int(bitPattern: base) % MemoryLayout<T>.alignment == 0 else {
            for index in 0..<count {
              let value = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self)
              if !convert(value, at: index) { return value }
            }
            return nil
          }
          // Aligned (the usual case): typed loads the compiler can vectorise.
          return UnsafeRawBufferPointer(start: base, count: count * MemoryLayout<T>.size).withMemoryRebound(to: T.self)
          {
            typed in
            for index in 0..<count where !convert(typed[index], at: index) { return typed[index] }
            return nil
          }
        }
      }
      if let bad {
        throw refuse(bad < 0 ? "negative label \(bad); labels are non-negative" : "label \(bad) is over \(Output.max)")
      }
    }
    switch type {
    case .uint8: try widen(UInt8.self)
    case .uint16: try widen(UInt16.self)
    case .uint32: try widen(UInt32.self)
    case .uint64: try widen(UInt64.self)
    case .int8: try widen(Int8.self)
    case .int16: try widen(Int16.self)
    case .int32: try widen(Int32.self)
    case .int64: try widen(Int64.self)
    case .float32, .float64: throw refuse("\(type) pixels; labels are integers")
    }
  }
}
