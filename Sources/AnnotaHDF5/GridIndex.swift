// SPDX-License-Identifier: Apache-2.0

/// A position in a grid of chunks or blocks, stepped last axis fastest (the order HDF5 stores them).
enum GridIndex {
  /// Moves `index` to the next position of the box `first...last` (inclusive, per axis).
  /// - Parameters:
  ///   - index: the position; back at `first` after the last one.
  ///   - first: the box's first position.
  ///   - last: the box's last position.
  /// - Returns: `false` when `index` was the box's last position.
  static func advance(_ index: inout [Int], from first: [Int], through last: [Int]) -> Bool {
    var axis = index.count - 1
    while axis >= 0 {
      index[axis] += 1
      if index[axis] <= last[axis] { return true }
      index[axis] = first[axis]
      axis -= 1
    }
    return false
  }

  /// Moves `index` to the next position of a grid of `counts` positions per axis, from zero.
  /// - Parameters:
  ///   - index: the position; back at zero after the last one.
  ///   - counts: positions per axis.
  /// - Returns: `false` when `index` was the grid's last position.
  static func advance(_ index: inout [Int], within counts: [Int]) -> Bool {
    advance(&index, from: [Int](repeating: 0, count: counts.count), through: counts.map { $0 - 1 })
  }
}
