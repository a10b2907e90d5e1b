// SPDX-License-Identifier: Apache-2.0

/// A NumPy array read from a `.npy` file or a pickle: its element type, shape and raw bytes.
///
/// Only plain numeric arrays (booleans, integers, floats) carry data here; object arrays carry
/// their elements as pickled values instead (``PickleValue``).
public struct NumPyArray: Sendable, Hashable {
  /// The element type as NumPy spells it without byte order: `u2`, `i4`, `f8`, `b1`, `O`.
  public var kind: String
  /// Whether multi-byte elements are big-endian (`>`).
  public var bigEndian: Bool
  /// The shape, slowest axis first (C order) or as declared (Fortran order).
  public var shape: [Int]
  /// Whether the data is in Fortran (column-major) order.
  public var fortranOrder: Bool
  /// The raw element bytes.
  public var data: [UInt8]

  /// Bytes per element: the digits of ``kind`` (`u2` → 2), 1 for `b1`.
  public var itemSize: Int? {
    guard let first = kind.first, "biuf".contains(first), let size = Int(kind.dropFirst()), [1, 2, 4, 8].contains(size)
    else { return nil }
    return size
  }

  /// The number of elements the shape says (`nil` on overflow).
  public var count: Int? {
    var total = 1
    for extent in shape {
      guard extent >= 0 else { return nil }
      let (product, overflow) = total.multipliedReportingOverflow(by: extent)
      guard !overflow else { return nil }
      total = product
    }
    return total
  }

  /// The elements as unsigned label values (C order), for booleans, unsigned or non-negative signed
  /// integers.
  /// - Returns: the values, or `nil` for another element type, a negative value, or a value over
  ///   `UInt32.max`.
  public func labelValues() -> [UInt32]? {
    guard let size = itemSize, let first = kind.first, first == "u" || first == "i" || first == "b", let count,
      data.count == count * size
    else { return nil }
    var values = [UInt32](repeating: 0, count: count)
    for index in 0..<count {
      var raw: UInt64 = 0
      for byte in 0..<size {
        let at = index * size + (bigEndian ? byte : size - 1 - byte)
        raw = raw << 8 | UInt64(data[at])
      }
      if first == "i", size < 8, raw >> (size * 8 - 1) & 1 == 1 { return nil }  // negative
      if first == "i", size == 8, Int64(bitPattern: raw) < 0 { return nil }
      guard raw <= UInt64(UInt32.max) else { return nil }
      values[index] = UInt32(raw)
    }
    guard fortranOrder, shape.count > 1 else { return values }
    // Column-major to row-major.
    var reordered = [UInt32](repeating: 0, count: count)
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
    var index = [Int](repeating: 0, count: shape.count)
    for position in 0..<count {
      var fortran = 0
      for axis in 0..<shape.count { fortran += index[axis] * strides[axis] }
      reordered[position] = values[fortran]
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return reordered
  }

  /// The first element as a number (for 0-d arrays and NumPy scalars).
  public var scalar: Double? {
    guard let size = itemSize, data.count >= size, let first = kind.first else { return nil }
    var raw: UInt64 = 0
    for byte in 0..<size { raw = raw << 8 | UInt64(data[bigEndian ? byte : size - 1 - byte]) }
    switch (first, size) {
    case ("f", 8): return Double(bitPattern: raw)
    case ("f", 4): return Double(Float(bitPattern: UInt32(raw)))
    case ("u", _), ("b", _): return Double(raw)
    case ("i", _):
      let shift = UInt64(64 - size * 8)
      return Double(Int64(bitPattern: raw << shift) >> Int64(shift))
    default: return nil
    }
  }
}
