// SPDX-License-Identifier: Apache-2.0

/// What a label image holds: every value with its pixel count and bounding box, and how much of
/// the image is background (0). Computed in one streaming pass by ``LabelStatisticsAccumulator``.
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

  /// Adds one row of samples.
  /// - Parameters:
  ///   - row: `width` samples.
  ///   - y: the row, 0-based.
  ///   - z: the plane, 0-based.
  public mutating func add<T: FixedWidthInteger>(row: UnsafeBufferPointer<T>, y: Int, z: Int) {
    planes = max(planes, z + 1)
    let count = row.count
    if T.bitWidth <= 16 {
      let span = 1 << T.bitWidth
      if dense.count != span {
        dense = [Slot](repeating: Slot(), count: span)
        touched.removeAll()
      }
      denseOffset = T.isSigned ? span / 2 : 0
    }
    var x = 0
    while x < count {
      let value = row[x]
      var end = x + 1
      while end < count, row[end] == value { end += 1 }
      if T.bitWidth <= 16 {
        let index = Int(value) + denseOffset
        if dense[index].pixels == 0 { touched.append(index) }
        Self.record(&dense[index], x: x, end: end, y: y, z: z)
      } else {
        Self.record(&sparse[Int128(value), default: Slot()], x: x, end: end, y: y, z: z)
      }
      x = end
    }
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

  /// Adds a band of rows in native byte order (what a TIFF or HDF5 reader hands out).
  /// - Parameters:
  ///   - band: `rows × width` samples of type `T`, row-major.
  ///   - type: the sample type.
  ///   - firstRow: the band's first row.
  ///   - z: the plane.
  public mutating func add<T: FixedWidthInteger>(band: UnsafeRawBufferPointer, as type: T.Type, firstRow: Int, z: Int) {
    let samples = band.bindMemory(to: T.self)
    let rows = width == 0 ? 0 : samples.count / width
    for r in 0..<rows {
      add(row: UnsafeBufferPointer(rebasing: samples[(r * width)..<((r + 1) * width)]), y: firstRow + r, z: z)
    }
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
        .init(value: value, pixels: slot.pixels, bbox: [slot.minX, slot.minY, slot.maxX + 1, slot.maxY + 1],
              planes: [slot.minZ, slot.maxZ + 1]))
    }
    for index in touched { add(Int128(index - denseOffset), dense[index]) }
    for (value, slot) in sparse { add(value, slot) }
    labels.sort { $0.value < $1.value }
    return LabelStatistics(width: width, height: height, planeCount: planes, labels: labels, backgroundPixels: background)
  }
}
