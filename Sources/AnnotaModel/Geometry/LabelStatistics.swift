// SPDX-License-Identifier: Apache-2.0

/// What a label image holds: every value with its pixel count and bounding box, and how much of the
/// image is background (0).
///
/// Computed in one streaming pass by ``LabelStatisticsAccumulator``.
public struct LabelStatistics: Sendable, Hashable, Codable {
  /// One label value.
  public struct Label: Sendable, Hashable, Codable {
    /// The value (`Int128`, so 64-bit ids above 2^53 stay exact).
    public var value: Int128
    /// How many pixels (voxels) have it.
    public var pixels: Int
    /// The 0-based bounding box `[xmin, ymin, xmax, ymax)` in pixels, max exclusive.
    public var bbox: [Int]
    /// The planes it occurs in, `[zmin, zmax)`, max exclusive.
    public var planes: [Int]

    /// Creates a label entry.
    /// - Parameters:
    ///   - value: the value.
    ///   - pixels: its pixel count.
    ///   - bbox: `[xmin, ymin, xmax, ymax)`.
    ///   - planes: `[zmin, zmax)`.
    public init(value: Int128, pixels: Int, bbox: [Int], planes: [Int]) {
      self.value = value
      self.pixels = pixels
      self.bbox = bbox
      self.planes = planes
    }
  }

  /// Creates statistics.
  /// - Parameters:
  ///   - width: pixels per row.
  ///   - height: rows per plane.
  ///   - planeCount: planes.
  ///   - labels: the non-zero values in increasing order.
  ///   - backgroundPixels: pixels with value 0.
  public init(width: Int, height: Int, planeCount: Int, labels: [Label], backgroundPixels: Int) {
    self.width = width
    self.height = height
    self.planeCount = planeCount
    self.labels = labels
    self.backgroundPixels = backgroundPixels
  }

  /// Pixels per row.
  public var width: Int
  /// Rows per plane.
  public var height: Int
  /// Planes (Z slices, or pages).
  public var planeCount: Int
  /// Every non-zero value, in increasing order.
  public var labels: [Label]
  /// Pixels with value 0.
  public var backgroundPixels: Int

  /// Every pixel counted.
  public var totalPixels: Int { width * height * planeCount }
  /// The share of pixels that are background, 0 to 1.
  public var backgroundShare: Double { totalPixels == 0 ? 0 : Double(backgroundPixels) / Double(totalPixels) }
}

/// Accumulates ``LabelStatistics`` row by row: one pass, memory independent of the image's size.
///
/// Runs of equal values update a label once, so large objects and background cost little. 8- and
/// 16-bit values use dense tables (reused across images by ``reset(width:height:)``); wider ones a
/// hash map.
public struct LabelStatisticsAccumulator: Sendable {
  private struct Slot: Sendable {
    var pixels = 0
    var minX = Int.max, maxX = -1, minY = Int.max, maxY = -1, minZ = Int.max, maxZ = -1
  }

  private var width = 0
  private var height = 0
  private var planes = 0
  private var dense: [Slot] = []
  private var denseOffset = 0
  private var touched: [Int] = []
  private var sparse: [Int128: Slot] = [:]

  /// Creates an accumulator for images of `width` × `height`.
  /// - Parameters:
  ///   - width: pixels per row.
  ///   - height: rows per plane.
  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  /// Forgets everything, keeping the tables for the next image.
  /// - Parameters:
  ///   - width: pixels per row of the next image.
  ///   - height: rows per plane of the next image.
  public mutating func reset(width: Int, height: Int) {
    for index in touched { dense[index] = Slot() }
    touched.removeAll(keepingCapacity: true)
    sparse.removeAll(keepingCapacity: true)
    self.width = width
    self.height = height
    planes = 0
  }

  /// The integer sample types a band can hold.
  public enum SampleKind: Sendable, Hashable, CaseIterable {
    /// 8-bit unsigned.
    case uint8
    /// 8-bit signed.
    case int8
    /// 16-bit unsigned.
    case uint16
    /// 16-bit signed.
    case int16
    /// 32-bit unsigned.
    case uint32
    /// 32-bit signed.
    case int32
    /// 64-bit unsigned.
    case uint64
    /// 64-bit signed.
    case int64
  }

  /// Adds a band of rows in native byte order (what a TIFF or HDF5 reader hands out).
  ///
  /// The switch to a concrete type happens here, inside the module, so the per-pixel loop is
  /// specialised for each type (a generic call from another module would not be).
  /// - Parameters:
  ///   - band: `rows × width` samples, row-major.
  ///   - kind: the sample type.
  ///   - firstRow: the band's first row.
  ///   - z: the plane.
  public mutating func add(band: UnsafeRawBufferPointer, kind: SampleKind, firstRow: Int, z: Int) {
    switch kind {
    case .uint8: addBand(band, UInt8.self, firstRow: firstRow, z: z)
    case .int8: addBand(band, Int8.self, firstRow: firstRow, z: z)
    case .uint16: addBand(band, UInt16.self, firstRow: firstRow, z: z)
    case .int16: addBand(band, Int16.self, firstRow: firstRow, z: z)
    case .uint32: addBand(band, UInt32.self, firstRow: firstRow, z: z)
    case .int32: addBand(band, Int32.self, firstRow: firstRow, z: z)
    case .uint64: addBand(band, UInt64.self, firstRow: firstRow, z: z)
    case .int64: addBand(band, Int64.self, firstRow: firstRow, z: z)
    }
  }

  /// The end of the run of `value` that starts before `start`: the first index in `start..<limit`
  /// whose sample differs, or `limit`.
  ///
  /// Compares eight bytes of samples at a time (a word holding the value in every lane), then
  /// finishes sample by sample.
  @inline(__always)
  private static func runEnd<T: FixedWidthInteger>(
    _ samples: UnsafeBufferPointer<T>, from start: Int, limit: Int, value: T
  ) -> Int {
    var end = start
    let size = MemoryLayout<T>.stride
    if size < 8, let base = samples.baseAddress {
      let lanes = 8 / size
      let laneMask: UInt64 = size == 4 ? 0xFFFF_FFFF : (1 << (8 * UInt64(size))) - 1
      let ones: UInt64 = size == 1 ? 0x0101_0101_0101_0101 : size == 2 ? 0x0001_0001_0001_0001 : 0x0000_0001_0000_0001
      let pattern = (UInt64(truncatingIfNeeded: value) & laneMask) &* ones
      let raw = UnsafeRawPointer(base)
      while end + lanes <= limit, raw.loadUnaligned(fromByteOffset: end * size, as: UInt64.self) == pattern {
        end += lanes
      }
    }
    while end < limit, samples[end] == value { end += 1 }
    return end
  }

  /// Calls `body` once per run of equal values, row by row: the value, the run's first column, the
  /// column after its end, and the row within the band.
  @inline(__always)
  private static func forEachRun<T: FixedWidthInteger>(
    _ samples: UnsafeBufferPointer<T>, rows: Int, width: Int, _ body: (T, Int, Int, Int) -> Void
  ) {
    for row in 0..<rows {
      let base = row * width
      var x = 0
      while x < width {
        let value = samples[base + x]
        let end = runEnd(samples, from: base + x + 1, limit: base + width, value: value) - base
        body(value, x, end, row)
        x = end
      }
    }
  }

  private mutating func addBand<T: FixedWidthInteger>(
    _ band: UnsafeRawBufferPointer, _ type: T.Type, firstRow: Int, z: Int
  ) {
    guard width > 0 else { return }
    let samples = band.bindMemory(to: T.self)
    let rows = samples.count / width
    planes = max(planes, z + 1)
    if T.bitWidth <= 16 {
      let span = 1 << T.bitWidth
      if dense.count != span {
        dense = [Slot](repeating: Slot(), count: span)
        touched.removeAll()
      }
      denseOffset = T.isSigned ? span / 2 : 0
      let offset = denseOffset
      dense.withUnsafeMutableBufferPointer { table in
        Self.forEachRun(samples, rows: rows, width: width) { value, x, end, row in
          let index = Int(value) + offset
          if table[index].pixels == 0 { touched.append(index) }
          Self.record(&table[index], x: x, end: end, y: firstRow + row, z: z)
        }
      }
    } else {
      Self.forEachRun(samples, rows: rows, width: width) { value, x, end, row in
        Self.record(&sparse[Int128(value), default: Slot()], x: x, end: end, y: firstRow + row, z: z)
      }
    }
  }

  /// Adds one row of samples.
  /// - Parameters:
  ///   - row: `width` samples.
  ///   - y: the row, 0-based.
  ///   - z: the plane, 0-based.
  public mutating func add<T: FixedWidthInteger>(row: UnsafeBufferPointer<T>, y: Int, z: Int) {
    let saved = width
    width = row.count
    addBand(UnsafeRawBufferPointer(row), T.self, firstRow: y, z: z)
    width = saved
  }

  private static func record(_ slot: inout Slot, x: Int, end: Int, y: Int, z: Int) {
    slot.pixels += end - x
    if x < slot.minX { slot.minX = x }
    if end - 1 > slot.maxX { slot.maxX = end - 1 }
    if y < slot.minY { slot.minY = y }
    if y > slot.maxY { slot.maxY = y }
    if z < slot.minZ { slot.minZ = z }
    if z > slot.maxZ { slot.maxZ = z }
  }

  /// The statistics so far.
  /// - Returns: every value with its count and bounding box, background apart.
  public func result() -> LabelStatistics {
    var labels: [LabelStatistics.Label] = []
    var background = 0
    func add(_ value: Int128, _ slot: Slot) {
      guard slot.pixels > 0 else { return }
      if value == 0 {
        background = slot.pixels
        return
      }
      labels.append(
        .init(
          value: value, pixels: slot.pixels, bbox: [slot.minX, slot.minY, slot.maxX + 1, slot.maxY + 1],
          planes: [slot.minZ, slot.maxZ + 1]))
    }
    for index in touched { add(Int128(index - denseOffset), dense[index]) }
    for (value, slot) in sparse { add(value, slot) }
    labels.sort { $0.value < $1.value }
    return LabelStatistics(
      width: width, height: height, planeCount: planes, labels: labels, backgroundPixels: background)
  }
}
