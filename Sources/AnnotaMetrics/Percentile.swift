// SPDX-License-Identifier: Apache-2.0

/// Percentiles as NumPy's `percentile` computes them with its default, linear method — one
/// implementation for every number Annota reports or draws from one (boundary distances, image
/// statistics, display contrast, medians in plots).
public enum Percentile {
  /// A percentile as `np.percentile(values, q)` computes it with its default, linear method: the value
  /// at virtual index `(n - 1) · q / 100` of the sorted values, interpolated as NumPy's `_lerp` does.
  /// - Parameters:
  ///   - values: at least one value, none NaN.
  ///   - percentile: from 0 to 100.
  /// - Returns: the percentile.
  public static func numpy(_ values: [Double], _ percentile: Double) -> Double {
    let count = values.count
    let virtual = Double(count - 1) * (percentile / 100)
    var work = values
    return work.withUnsafeMutableBufferPointer { work in
      if virtual >= Double(count - 1) { return select(work, rank: count - 1) }
      let previous = Int(virtual.rounded(.down))
      let gamma = virtual - Double(previous)
      let below = select(work, rank: previous)
      var above = work[previous + 1]
      for index in (previous + 2)..<count where work[index] < above { above = work[index] }
      return lerp(below, above, gamma)
    }
  }

  /// Moves the `rank`-th smallest value (from 0) to index `rank`, smaller or equal ones before it and
  /// larger or equal ones after it (Hoare's selection, median-of-three pivot).
  /// - Parameters:
  ///   - values: the values, reordered.
  ///   - rank: the wanted order statistic.
  /// - Returns: the `rank`-th smallest value.
  private static func select(_ values: UnsafeMutableBufferPointer<Double>, rank: Int) -> Double {
    var low = 0
    var high = values.count - 1
    while low < high {
      let middle = low + (high - low) / 2
      let a = values[low]
      let b = values[middle]
      let c = values[high]
      let pivot = max(min(a, b), min(max(a, b), c))
      var i = low
      var j = high
      while i <= j {
        while values[i] < pivot { i += 1 }
        while values[j] > pivot { j -= 1 }
        if i <= j {
          values.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      if rank <= j {
        high = j
      } else if rank >= i {
        low = i
      } else {
        return values[rank]
      }
    }
    return values[rank]
  }

  /// Percentiles of integer levels from their histogram (`counts[level]` samples of each level,
  /// `total` in all), as ``numpy(_:_:)`` gives them for the samples themselves: no sort.
  /// - Parameters:
  ///   - counts: samples per level.
  ///   - total: the number of samples (at least one).
  ///   - percentiles: each from 0 to 100.
  /// - Returns: the percentiles, in the order asked.
  public static func histogram(_ counts: [Int], total: Int, _ percentiles: [Double]) -> [Double] {
    var cumulative: [Int] = []
    var levels: [Int] = []
    var seen = 0
    for (level, count) in counts.enumerated() where count > 0 {
      seen += count
      cumulative.append(seen)
      levels.append(level)
    }
    func at(_ rank: Int) -> Double {
      var low = 0
      var high = cumulative.count - 1
      while low < high {
        let middle = (low + high) / 2
        if cumulative[middle] > rank { high = middle } else { low = middle + 1 }
      }
      return Double(levels[low])
    }
    return percentiles.map { q in
      let virtual = Double(total - 1) * (q / 100)
      let below = Int(virtual.rounded(.down))
      let above = min(below + 1, total - 1)
      return lerp(at(below), at(above), virtual - Double(below))
    }
  }

  /// NumPy's `_lerp`: from `below` towards `above` by `gamma`, computed from the nearer end.
  static func lerp(_ below: Double, _ above: Double, _ gamma: Double) -> Double {
    let difference = above - below
    return gamma >= 0.5 ? above - difference * (1 - gamma) : below + difference * gamma
  }

}
