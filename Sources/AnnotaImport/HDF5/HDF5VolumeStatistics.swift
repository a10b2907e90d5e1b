// SPDX-License-Identifier: Apache-2.0
public import AnnotaHDF5
public import AnnotaModel
import AnnotaTIFF

/// Label statistics and planes of an HDF5 label volume, read one plane (hyperslab) at a time, so a
/// volume larger than memory can be checked.
public enum HDF5VolumeStatistics {
  /// How a volume's axes map onto planes, rows and columns.
  struct Geometry {
    var rowAxis: Int
    var columnAxis: Int
    var planeAxes: [Int]
    /// Whether rows run along X (data stored x before y, as some ilastik exports are).
    var transposed: Bool
  }

  /// Rows and columns are the Y and X axes; every other axis of size > 1 indexes planes, in order.
  static func geometry(of volume: HDF5Volume) throws -> Geometry {
    let axes = Array(volume.axes)
    guard let y = axes.firstIndex(of: "Y"), let x = axes.firstIndex(of: "X") else {
      throw LabelImageError(path: volume.path, message: "axes \(volume.axes) have no Y and X")
    }
    if let c = axes.firstIndex(of: "C"), volume.shape[c] > 1 {
      throw LabelImageError(path: volume.path, message: "\(volume.shape[c]) channels: a label volume has one")
    }
    let planes = axes.indices.filter { $0 != y && $0 != x && volume.shape[$0] > 1 }
    return Geometry(rowAxis: min(x, y), columnAxis: max(x, y), planeAxes: planes, transposed: x < y)
  }

  /// Visits every plane in order: its index and its samples (rows × columns, native order).
  ///
  /// Planes are read in slabs as deep as the dataset's chunks along the innermost plane axis, from
  /// one open dataset, so every chunk is decompressed once; memory stays at one slab.
  static func forEachPlane(
    _ file: HDF5File, _ volume: HDF5Volume, _ body: (Int, Int, Int, [UInt8], HDF5ElementType) throws -> Void
  ) throws {
    let geometry = try geometry(of: volume)
    let reader = try file.openDataset(volume.path)
    let rank = volume.shape.count
    let rows = volume.shape[geometry.rowAxis]
    let columns = volume.shape[geometry.columnAxis]
    let planeBytes = rows * columns * (volume.type.byteWidth ?? 1)
    guard let inner = geometry.planeAxes.last else {
      let (bytes, type) = try reader.readAll()
      try body(0, rows, columns, bytes, type)
      return
    }
    // Whole planes are contiguous in a slab only when the plane axes come before rows and columns.
    let contiguous = inner < geometry.rowAxis
    let chunkDepth = (try? file.dataset(volume.path).chunks?[inner]) ?? 1
    let step = contiguous ? max(1, min(chunkDepth, (64 << 20) / max(1, planeBytes))) : 1
    let outer = Array(geometry.planeAxes.dropLast())
    let outerCount = outer.reduce(1) { $0 * volume.shape[$1] }
    var plane = 0
    for outerIndex in 0..<outerCount {
      var start = [Int](repeating: 0, count: rank)
      var rest = outerIndex
      for axis in outer.reversed() {
        start[axis] = rest % volume.shape[axis]
        rest /= volume.shape[axis]
      }
      var first = 0
      while first < volume.shape[inner] {
        let depth = min(step, volume.shape[inner] - first)
        var count = [Int](repeating: 1, count: rank)
        count[geometry.rowAxis] = rows
        count[geometry.columnAxis] = columns
        count[inner] = depth
        start[inner] = first
        let (bytes, type) = try reader.read(start: start, count: count)
        for k in 0..<depth {
          let slice = depth == 1 ? bytes : Array(bytes[k * planeBytes..<(k + 1) * planeBytes])
          try body(plane, rows, columns, slice, type)
          plane += 1
        }
        first += depth
      }
    }
  }

  /// Label statistics of a volume (bounding boxes in x, y order whatever the storage order).
  /// - Parameters:
  ///   - file: the open file.
  ///   - volume: an integer volume.
  /// - Returns: the statistics.
  /// - Throws: ``LabelImageError`` for non-integer or multi-channel volumes, `AnnotaHDF5/HDF5Error` for
  ///   unreadable ones.
  public static func compute(_ file: HDF5File, _ volume: HDF5Volume) throws -> LabelStatistics {
    try compute(file, volume, planeVisitor: nil)
  }

  /// Label statistics, with each plane (rows = Y) also handed to `planeVisitor` — decoded once for
  /// both, as TIFF label images are (connectivity).
  static func compute(_ file: HDF5File, _ volume: HDF5Volume, planeVisitor: ((Int, Plane) -> Void)?) throws
    -> LabelStatistics
  {
    guard volume.type.isInteger else {
      throw LabelImageError(path: volume.path, message: "holds \(volume.type) values; label volumes must be integer")
    }
    let geometry = try geometry(of: volume)
    var accumulator = LabelStatisticsAccumulator(
      width: volume.shape[geometry.columnAxis], height: volume.shape[geometry.rowAxis])
    try forEachPlane(file, volume) { plane, rows, columns, bytes, type in
      let kind = sampleKind(type, reinterpret: volume.reinterpretAsUnsigned)
      bytes.withUnsafeBytes { accumulator.add(band: $0, kind: kind, firstRow: 0, z: plane) }
      if let planeVisitor {
        var samples = try Plane(
          width: columns, height: rows, sampleType: tiffType(type, reinterpret: volume.reinterpretAsUnsigned),
          bytes: bytes)
        if geometry.transposed { samples = transposed(samples) }
        planeVisitor(plane, samples)
      }
    }
    var result = accumulator.result()
    if geometry.transposed {
      swap(&result.width, &result.height)
      for index in result.labels.indices {
        let b = result.labels[index].bbox
        result.labels[index].bbox = [b[1], b[0], b[3], b[2]]
      }
    }
    return result
  }

  /// The volume's planes as TIFF planes (rows = Y), for writing label images.
  static func planes(_ file: HDF5File, _ volume: HDF5Volume) throws -> [Plane] {
    let geometry = try geometry(of: volume)
    var planes: [Plane] = []
    try forEachPlane(file, volume) { _, rows, columns, bytes, type in
      let sample = tiffType(type, reinterpret: volume.reinterpretAsUnsigned)
      var samples = bytes
      if volume.cremiBackground {
        // CREMI's "no cleft" becomes background 0, as SPEC §5.2 wants it.
        samples.withUnsafeMutableBytes { raw in
          for index in raw.bindMemory(to: UInt64.self).indices
          where raw.load(fromByteOffset: index * 8, as: UInt64.self) == .max {
            raw.storeBytes(of: 0, toByteOffset: index * 8, as: UInt64.self)
          }
        }
      }
      var plane = try Plane(width: columns, height: rows, sampleType: sample, bytes: samples)
      if geometry.transposed { plane = transposed(plane) }
      planes.append(plane)
    }
    return planes
  }

  static func transposed(_ plane: Plane) -> Plane {
    let width = plane.sampleType.byteWidth
    var bytes = [UInt8](repeating: 0, count: plane.bytes.count)
    for y in 0..<plane.height {
      for x in 0..<plane.width {
        let source = (y * plane.width + x) * width
        let target = (x * plane.height + y) * width
        bytes.replaceSubrange(target..<target + width, with: plane.bytes[source..<source + width])
      }
    }
    return (try? Plane(width: plane.height, height: plane.width, sampleType: plane.sampleType, bytes: bytes)) ?? plane
  }

  static func sampleKind(_ type: HDF5ElementType, reinterpret: Bool) -> LabelStatisticsAccumulator.SampleKind {
    switch type {
    case .integer(8, false): .uint8
    case .integer(8, true): reinterpret ? .uint8 : .int8
    case .integer(16, false): .uint16
    case .integer(16, true): reinterpret ? .uint16 : .int16
    case .integer(32, false): .uint32
    case .integer(32, true): reinterpret ? .uint32 : .int32
    case .integer(64, false): .uint64
    default: reinterpret ? .uint64 : .int64
    }
  }

  static func tiffType(_ type: HDF5ElementType, reinterpret: Bool) -> SampleType {
    SampleType(sampleKind(type, reinterpret: reinterpret))
  }
}
