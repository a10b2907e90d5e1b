// SPDX-License-Identifier: Apache-2.0

/// The two-sample Kolmogorov–Smirnov test, as SciPy's `stats.ks_2samp` (1.17, two-sided,
/// `method="auto"`) computes it: whether two samples (an image statistic in two splits, say) come
/// from one distribution.
public struct KolmogorovSmirnov: Sendable, Hashable {
  /// D: the largest distance between the two empirical distribution functions, 0…1 (also the
  /// effect size: the share of one sample that would have to move to match the other).
  public var statistic: Double
  /// The probability of a D this large or larger when both samples come from one distribution.
  public var pValue: Double
  /// Whether ``pValue`` is exact (both samples of 10 000 or fewer values, as SciPy's `auto`), or
  /// Kolmogorov's limiting distribution.
  public var isExact: Bool

  /// The largest sample SciPy's `auto` method still computes exactly.
  public static let exactLimit = 10_000

  /// Tests two samples.
  /// - Parameters:
  ///   - first: the first sample (not empty; NaN left out by the caller).
  ///   - second: the second sample (not empty).
  /// - Returns: the test, or `nil` when a sample is empty.
  public static func twoSample(_ first: [Double], _ second: [Double]) -> KolmogorovSmirnov? {
    guard !first.isEmpty, !second.isEmpty else { return nil }
    let a = first.sorted()
    let b = second.sorted()
    let n1 = a.count
    let n2 = b.count
    // D over every observed value: the two step functions right-continuous, ties counted whole.
    var i = 0
    var j = 0
    var distance = 0.0
    while i < n1 || j < n2 {
      let value = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
      while i < n1, a[i] <= value { i += 1 }
      while j < n2, b[j] <= value { j += 1 }
      distance = max(distance, abs(Double(i) / Double(n1) - Double(j) / Double(n2)))
    }
    if max(n1, n2) <= exactLimit, let exact = exactPValue(n1, n2, distance) {
      return KolmogorovSmirnov(statistic: exact.statistic, pValue: exact.p, isExact: true)
    }
    let (m, n) = (Double(max(n1, n2)), Double(min(n1, n2)))
    let effective = m * n / (m + n)
    return KolmogorovSmirnov(
      statistic: distance, pValue: min(max(kolmogorovSurvival(effective.squareRoot() * distance), 0), 1), isExact: false
    )
  }

  /// The exact two-sided p-value, D first rounded to the lattice as SciPy does.
  ///
  /// The share of lattice paths from (0, 0) to (n1, n2) that leave the band |x/n1 − y/n2| < D
  /// (Hodges 1958), computed as 1 − p column by column to stay stable (Viehmann 2021).
  static func exactPValue(_ n1: Int, _ n2: Int, _ distance: Double) -> (statistic: Double, p: Double)? {
    let g = gcd(n1, n2)
    let lcm = (n1 / g) * n2
    let h = Int((distance * Double(lcm)).rounded(.toNearestOrEven))
    let statistic = Double(h) / Double(lcm)
    guard h > 0 else { return (statistic, 1) }
    let p = n1 == n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, g, h)
    guard p.isFinite, (0...1).contains(p) else { return nil }
    return (statistic, p)
  }

  /// Equal samples: the share of paths that cross x − y = ±h.
  private static func outsideSquare(_ n: Int, _ h: Int) -> Double {
    var p = 0.0
    var k = n / h
    while k >= 0 {
      var term = 1.0
      for step in 0..<h { term = Double(n - k * h - step) * term / Double(n + k * h + step + 1) }
      p = term * (1 - p)
      k -= 1
    }
    return 2 * p
  }

  /// Unequal samples: 1 − (paths inside the band) / (all paths).
  ///
  /// One column of the path-count grid at a time, each entry already divided by its binomial
  /// coefficient.
  private static func outsideBand(_ first: Int, _ second: Int, _ g: Int, _ h: Int) -> Double {
    let (m, n) = first >= second ? (first, second) : (second, first)
    let mg = m / g
    let ng = n / g
    var low = 0
    var high = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
    var length = high - low
    var column = [Double](repeating: 1, count: min(2 * high + 2, n + 1))
    for index in low..<high { column[index] = 0 }
    for x in 1...m {
      let lastLow = low
      let lastLength = length
      low = min(max(Int((Double(ng * x - h) / Double(mg)).rounded(.down)) + 1, 0), n)
      high = min(Int((Double(ng * x + h) / Double(mg)).rounded(.up)), n + 1)
      guard high > low else { return 1 }
      var value = low == 0 ? 0.0 : 1.0
      for offset in 0..<(high - low) {
        let y = offset + low
        value = (column[offset + low - lastLow] * Double(x) + value * Double(y)) / Double(x + y)
        column[offset] = value
      }
      length = high - low
      if lastLength > length {
        for index in length..<min(lastLength, column.count) { column[index] = 1 }
      }
    }
    return column[high - low - 1]
  }

  /// Kolmogorov's limiting survival function Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²) (SciPy's `kstwobign.sf`).
  static func kolmogorovSurvival(_ lambda: Double) -> Double {
    guard lambda > 0.2 else { return 1 }
    var sum = 0.0
    for k in 1...100 {
      let term = (k % 2 == 1 ? 1.0 : -1.0) * naturalExp(-2 * Double(k * k) * lambda * lambda)
      sum += term
      if abs(term) < 1e-17 { break }
    }
    return 2 * sum
  }

  /// e^x with the standard library only: x = k ln 2 + r, |r| ≤ ln 2 / 2, e^r by its Taylor series
  /// (to double precision), scaled by 2^k.
  @_spi(Testing) public static func naturalExp(_ x: Double) -> Double {
    // ln 2 in two parts (Cody and Waite), so k ln 2 is exact enough for |k| up to about 1 000.
    let ln2High = 6.931_471_803_691_238_164_90e-01
    let ln2Low = 1.908_214_929_270_587_700_02e-10
    guard x > -745 else { return 0 }
    let k = (x / 0.693_147_180_559_945_3).rounded()
    let r = (x - k * ln2High) - k * ln2Low
    var term = 1.0
    var sum = 1.0
    for n in 1...25 {
      term *= r / Double(n)
      sum += term
    }
    return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
  }

  private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
