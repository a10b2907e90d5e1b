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
  static func forEachPlane(
    _ file: HDF5File, _ volume: HDF5Volume, _ body: (Int, Int, Int, [UInt8], HDF5ElementType) throws -> Void
  ) throws {
    let geometry = try geometry(of: volume)
    let rank = volume.shape.count
    let planeCount = geometry.planeAxes.reduce(1) { $0 * volume.shape[$1] }
    let rows = volume.shape[geometry.rowAxis]
    let columns = volume.shape[geometry.columnAxis]
    for plane in 0..<planeCount {
      var start = [Int](repeating: 0, count: rank)
      var count = [Int](repeating: 1, count: rank)
      var rest = plane
      for axis in geometry.planeAxes.reversed() {
        start[axis] = rest % volume.shape[axis]
        rest /= volume.shape[axis]
      }
      count[geometry.rowAxis] = rows
      count[geometry.columnAxis] = columns
      let (bytes, type) = try file.read(volume.path, start: start, count: count)
      // Columns between the row and column axes (a singleton C, say) do not change the layout.
      try body(plane, rows, columns, bytes, type)
    }
  }

  /// Label statistics of a volume (bounding boxes in x, y order whatever the storage order).
  /// - Parameters:
  ///   - file: the open file.
  ///   - volume: an integer volume.
  /// - Returns: the statistics.
  /// - Throws: ``LabelImageError`` for non-integer or multi-channel volumes, ``AnnotaHDF5/HDF5Error`` for
  ///   unreadable ones.
  public static func compute(_ file: HDF5File, _ volume: HDF5Volume) throws -> LabelStatistics {
    guard volume.type.isInteger else {
      throw LabelImageError(path: volume.path, message: "holds \(volume.type) values; label volumes must be integer")
    }
    let geometry = try geometry(of: volume)
    var accumulator = LabelStatisticsAccumulator(
      width: volume.shape[geometry.columnAxis], height: volume.shape[geometry.rowAxis])
    try forEachPlane(file, volume) { plane, _, _, bytes, type in
      let kind = sampleKind(type, reinterpret: volume.reinterpretAsUnsigned)
      bytes.withUnsafeBytes { accumulator.add(band: $0, kind: kind, firstRow: 0, z: plane) }
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
      var plane = try Plane(width: columns, height: rows, sampleType: sample, bytes: bytes)
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
    switch sampleKind(type, reinterpret: reinterpret) {
    case .uint8: .uint8
    case .int8: .int8
    case .uint16: .uint16
    case .int16: .int16
    case .uint32: .uint32
    case .int32: .int32
    case .uint64: .uint64
    case .int64: .int64
    }
  }
}
