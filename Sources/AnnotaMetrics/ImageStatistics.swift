// SPDX-License-Identifier: Apache-2.0

/// What one image plane looks like to a model, as numbers to compare across splits and batches: its
/// intensity distribution, noise and focus.
///
/// Each statistic is computed as NumPy and SciPy compute it (the tests hold them to `numpy.mean`,
/// `numpy.std`, `numpy.percentile` and `scipy.ndimage.laplace`), so a batch effect Annota reports can
/// be reproduced in a notebook.
public struct ImageStatistics: Sendable, Hashable, Codable {
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

  /// Statistics measured before (read back from a cache).
  /// - Parameters:
  ///   - mean: the mean intensity.
  ///   - standardDeviation: the population standard deviation.
  ///   - p1: the 1st percentile.
  ///   - p50: the median.
  ///   - p99: the 99th percentile.
  ///   - noise: the noise's standard deviation.
  ///   - signalToNoise: (p99 − p1) / noise, when there is noise.
  ///   - focus: the variance of the Laplacian.
  public init(
    mean: Double, standardDeviation: Double, p1: Double, p50: Double, p99: Double, noise: Double,
    signalToNoise: Double?, focus: Double
  ) {
    self.mean = mean
    self.standardDeviation = standardDeviation
    self.p1 = p1
    self.p50 = p50
    self.p99 = p99
    self.noise = noise
    self.signalToNoise = signalToNoise
    self.focus = focus
  }

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
    let (p1, p50, p99) = percentiles(values, [1, 50, 99])
    let noise = noiseSigma(values, width: width, height: height)
    return ImageStatistics(
      mean: mean, standardDeviation: variance.squareRoot(), p1: p1, p50: p50, p99: p99, noise: noise,
      signalToNoise: noise > 0 ? (p99 - p1) / noise : nil,
      focus: laplacianVariance(values, width: width, height: height))
  }

  /// Measures a plane of unsigned integer samples (what microscopes write) in integer arithmetic.
  ///
  /// The numbers of ``measure(_:width:height:)``: mean, spread and percentiles from one histogram,
  /// the two kernels summed exactly. Several times faster, and no `Double` copy of the plane.
  /// - Parameters:
  ///   - values: the samples, row-major (x fastest).
  ///   - width: pixels per row.
  ///   - height: rows.
  /// - Returns: the statistics, or `nil` for an empty plane or a size the values do not fill.
  public static func measure(unsigned values: [UInt32], width: Int, height: Int) -> ImageStatistics? {
    guard width > 0, height > 0, values.count == width * height else { return nil }
    guard let largest = values.max(), largest < 65_536 else {
      return measure(values.map(Double.init), width: width, height: height)
    }
    var counts = [Int](repeating: 0, count: Int(largest) + 1)
    for value in values { counts[Int(value)] += 1 }
    let n = Double(values.count)
    var total = 0.0
    for (level, count) in counts.enumerated() where count > 0 { total += Double(level) * Double(count) }
    let mean = total / n
    var squares = 0.0
    for (level, count) in counts.enumerated() where count > 0 {
      squares += Double(count) * (Double(level) - mean) * (Double(level) - mean)
    }
    let levels = Percentile.histogram(counts, total: values.count, [1, 50, 99])
    let (p1, p50, p99) = (levels[0], levels[1], levels[2])
    var noiseTotal = 0
    var laplacianSum = 0
    var laplacianSquares = 0.0
    // Wrapping arithmetic on row pointers, edges apart: the inner loops vectorise. Samples are under
    // 2¹⁶, so a response is under 2²¹ and a row's sums stay far inside 64 bits.
    values.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      if width >= 3, height >= 3 {
        for y in 1..<(height - 1) {
          let (up, row, down) = (base + (y - 1) * width, base + y * width, base + (y + 1) * width)
          var rowTotal = 0
          for x in 1..<(width - 1) {
            let corners = Int(up[x - 1]) &+ Int(up[x + 1]) &+ Int(down[x - 1]) &+ Int(down[x + 1])
            let sides = Int(up[x]) &+ Int(row[x - 1]) &+ Int(row[x + 1]) &+ Int(down[x])
            let response = corners &- 2 &* sides &+ 4 &* Int(row[x])
            rowTotal &+= response < 0 ? 0 &- response : response
          }
          noiseTotal &+= rowTotal
        }
      }
      // The Laplacian with reflected borders (the edge sample repeated).
      let edges = width >= 2 ? [0, width - 1] : [0]
      for y in 0..<height {
        let row = base + y * width
        let up = base + (y == 0 ? 0 : y - 1) * width
        let down = base + (y == height - 1 ? height - 1 : y + 1) * width
        func response(_ x: Int, _ left: Int, _ right: Int) -> Int {
          Int(row[left]) &+ Int(row[right]) &+ Int(up[x]) &+ Int(down[x]) &- 4 &* Int(row[x])
        }
        var rowSum = 0
        var rowSquares = 0
        if width >= 3 {
          for x in 1..<(width - 1) {
            let r = Int(row[x - 1]) &+ Int(row[x + 1]) &+ Int(up[x]) &+ Int(down[x]) &- 4 &* Int(row[x])
            rowSum &+= r
            rowSquares &+= r &* r
          }
        }
        for x in edges {
          let r = response(x, max(0, x - 1), min(width - 1, x + 1))
          rowSum &+= r
          rowSquares &+= r &* r
        }
        laplacianSum &+= rowSum
        laplacianSquares += Double(rowSquares)
      }
    }
    let noise =
      width >= 3 && height >= 3
      ? (Double.pi / 2).squareRoot() * Double(noiseTotal) / (6 * Double(width - 2) * Double(height - 2)) : 0
    let laplacianMean = Double(laplacianSum) / n
    return ImageStatistics(
      mean: mean, standardDeviation: (squares / n).squareRoot(), p1: p1, p50: p50, p99: p99, noise: noise,
      signalToNoise: noise > 0 ? (p99 - p1) / noise : nil,
      focus: max(laplacianSquares / n - laplacianMean * laplacianMean, 0))
  }

  /// Three percentiles: from a histogram when every value is an integer from 0 to 65 535 (image
  /// samples), else by selection.
  static func percentiles(_ values: [Double], _ qs: [Double]) -> (Double, Double, Double) {
    var counts = [Int](repeating: 0, count: 65_536)
    var histogram = true
    for value in values {
      guard value >= 0, value < 65_536, value == value.rounded(.down) else {
        histogram = false
        break
      }
      counts[Int(value)] += 1
    }
    let levels =
      histogram ? Percentile.histogram(counts, total: values.count, qs) : qs.map { Percentile.numpy(values, $0) }
    return (levels[0], levels[1], levels[2])
  }

  /// SciPy's `ndimage.laplace` (the sum of [1, −2, 1] along each axis, `mode="reflect"`: the edge
  /// sample repeated), then its population variance.
  static func laplacianVariance(_ values: [Double], width: Int, height: Int) -> Double {
    var sum = 0.0
    var sumOfSquares = 0.0
    values.withUnsafeBufferPointer { v in
      for y in 0..<height {
        let row = y * width
        let up = (y == 0 ? 0 : y - 1) * width
        let down = (y == height - 1 ? height - 1 : y + 1) * width
        for x in 0..<width {
          let left = x == 0 ? 0 : x - 1
          let right = x == width - 1 ? width - 1 : x + 1
          let response = v[row + left] + v[row + right] + v[up + x] + v[down + x] - 4 * v[row + x]
          sum += response
          sumOfSquares += response * response
        }
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
    values.withUnsafeBufferPointer { v in
      for y in 1..<(height - 1) {
        let (up, row, down) = ((y - 1) * width, y * width, (y + 1) * width)
        for x in 1..<(width - 1) {
          let response =
            v[up + x - 1] - 2 * v[up + x] + v[up + x + 1] - 2 * v[row + x - 1] + 4 * v[row + x] - 2 * v[row + x + 1]
            + v[down + x - 1] - 2 * v[down + x] + v[down + x + 1]
          total += abs(response)
        }
      }
    }
    return (Double.pi / 2).squareRoot() * total / (6 * Double(width - 2) * Double(height - 2))
  }
}
