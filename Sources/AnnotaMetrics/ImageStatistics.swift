// SPDX-License-Identifier: Apache-2.0

/// What one image plane looks like to a model, as numbers to compare across splits and batches: its
/// intensity distribution, noise and focus.
///
/// Each statistic is computed as NumPy and SciPy compute it (the tests hold them to `numpy.mean`,
/// `numpy.std`, `numpy.percentile` and `scipy.ndimage.laplace`), so a batch effect Annota reports can
/// be reproduced in a notebook.
public struct ImageStatistics: Sendable, Hashable {
  /// The mean intensity.
  public var mean: Double
  /// The standard deviation (population: NumPy's `std`, `ddof=0`).
  public var standardDeviation: Double
  /// The 1st, 50th and 99th percentiles (NumPy's default, linear interpolation between ranks).
  public var p1: Double
  /// The median.
  public var p50: Double
  /// The 99th percentile.
  public var p99: Double
  /// The noise's standard deviation, estimated from the image alone (Immerkær 1996: the mean
  /// absolute response to a Laplacian-difference kernel that cancels structure up to second order).
  public var noise: Double
  /// Signal to noise: (p99 − p1) / ``noise``; `nil` for a plane without measurable noise.
  public var signalToNoise: Double?
  /// Focus: the variance of the Laplacian (SciPy's `ndimage.laplace`, borders reflected); sharp
  /// images score high, blurred ones low.
  public var focus: Double

  /// Measures a plane.
  /// - Parameters:
  ///   - values: the samples, row-major (x fastest).
  ///   - width: pixels per row.
  ///   - height: rows.
  /// - Returns: the statistics, or `nil` for an empty plane or a size the values do not fill.
  public static func measure(_ values: [Double], width: Int, height: Int) -> ImageStatistics? {
    guard width > 0, height > 0, values.count == width * height else { return nil }
    let count = Double(values.count)
    let mean = values.reduce(0, +) / count
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
    let sorted = values.sorted()
    func percentile(_ q: Double) -> Double {
      let rank = q / 100 * Double(sorted.count - 1)
      let below = Int(rank.rounded(.down))
      let above = min(below + 1, sorted.count - 1)
      return sorted[below] + (sorted[above] - sorted[below]) * (rank - Double(below))
    }
    let (p1, p50, p99) = (percentile(1), percentile(50), percentile(99))
    let noise = noiseSigma(values, width: width, height: height)
    return ImageStatistics(
      mean: mean, standardDeviation: variance.squareRoot(), p1: p1, p50: p50, p99: p99, noise: noise,
      signalToNoise: noise > 0 ? (p99 - p1) / noise : nil,
      focus: laplacianVariance(values, width: width, height: height))
  }

  /// SciPy's `ndimage.laplace` (the sum of [1, −2, 1] along each axis, `mode="reflect"`: the edge
  /// sample repeated), then its population variance.
  static func laplacianVariance(_ values: [Double], width: Int, height: Int) -> Double {
    func at(_ x: Int, _ y: Int) -> Double {
      // Reflect about the edge: index −1 is 0, index `width` is `width − 1`.
      let rx = x < 0 ? -x - 1 : x >= width ? 2 * width - x - 1 : x
      let ry = y < 0 ? -y - 1 : y >= height ? 2 * height - y - 1 : y
      return values[min(max(ry, 0), height - 1) * width + min(max(rx, 0), width - 1)]
    }
    var sum = 0.0
    var sumOfSquares = 0.0
    for y in 0..<height {
      for x in 0..<width {
        let centre = values[y * width + x]
        let response = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * centre
        sum += response
        sumOfSquares += response * response
      }
    }
    let count = Double(width * height)
    let mean = sum / count
    return max(sumOfSquares / count - mean * mean, 0)
  }

  /// Immerkær's estimate: σ = √(π/2) / (6 (W − 2)(H − 2)) · Σ |I ∗ N| over the interior, with
  /// N = [[1, −2, 1], [−2, 4, −2], [1, −2, 1]]; 0 for a plane under 3 × 3.
  static func noiseSigma(_ values: [Double], width: Int, height: Int) -> Double {
    guard width >= 3, height >= 3 else { return 0 }
    var total = 0.0
    for y in 1..<(height - 1) {
      for x in 1..<(width - 1) {
        func v(_ dx: Int, _ dy: Int) -> Double { values[(y + dy) * width + x + dx] }
        let response =
          v(-1, -1) - 2 * v(0, -1) + v(1, -1) - 2 * v(-1, 0) + 4 * v(0, 0) - 2 * v(1, 0) + v(-1, 1) - 2 * v(0, 1)
          + v(1, 1)
        total += abs(response)
      }
    }
    return (Double.pi / 2).squareRoot() * total / (6 * Double(width - 2) * Double(height - 2))
  }
}
