// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics

/// An image as a person looks at it in Fiji: one plane of a stack (the middle one, or the maximum
/// projection), its values stretched to 0…255 between two percentiles (auto-contrast).
public struct DisplayPlane: Sendable, Hashable {
  /// How a stack becomes one plane.
  public enum Projection: String, Sendable, CaseIterable {
    /// The middle plane (plane `depth / 2`).
    case middle
    /// The largest value along Z at each pixel.
    case maximum
  }

  /// Pixels per row.
  public var width: Int
  /// Rows.
  public var height: Int
  /// Grey levels, row-major.
  public var levels: [UInt8]
  /// The values shown as black and white (the two percentiles).
  public var range: (low: Double, high: Double) { (low, high) }
  private var low: Double
  private var high: Double

  /// Projects `volume` and stretches it between two percentiles (NumPy's linear interpolation).
  /// - Parameters:
  ///   - volume: an image read as one channel of integers (a label image, or a grey image).
  ///   - projection: the plane of a stack to show.
  ///   - lowPercentile: the percentile shown as black (0.1, as the report).
  ///   - highPercentile: the percentile shown as white (99.9).
  public init(
    _ volume: LabelVolume, projection: Projection = .middle, lowPercentile: Double = 0.1, highPercentile: Double = 99.9
  ) {
    let values = Self.plane(volume, projection: projection)
    width = volume.width
    height = volume.height
    let (low, high) = Self.percentiles(values, lowPercentile, highPercentile)
    self.low = low
    self.high = max(high, low + 1)
    let span = self.high - low
    levels = values.map { UInt8(max(0, min(255, ((Double($0) - low) / span * 255).rounded()))) }
  }

  /// The plane of `volume` to show: the middle plane, or the maximum along Z.
  /// - Parameters:
  ///   - volume: the volume.
  ///   - projection: which.
  /// - Returns: `width × height` values.
  public static func plane(_ volume: LabelVolume, projection: Projection) -> [UInt32] {
    let size = volume.width * volume.height
    let labels = volume.labels
    guard volume.depth > 1 else { return Array(labels.prefix(size)) }
    switch projection {
    case .middle:
      let z = volume.depth / 2
      return Array(labels[z * size..<(z + 1) * size])
    case .maximum:
      var result = Array(labels.prefix(size))
      for z in 1..<volume.depth {
        for index in 0..<size { result[index] = max(result[index], labels[z * size + index]) }
      }
      return result
    }
  }

  /// Two percentiles of `values` as NumPy's `percentile`: by a histogram for values under 2¹⁶, so a
  /// 16-bit plane of any size needs no sort.
  static func percentiles(_ values: [UInt32], _ lowQ: Double, _ highQ: Double) -> (Double, Double) {
    guard !values.isEmpty else { return (0, 0) }
    if let largest = values.max(), largest < 1 << 16 {
      var counts = [Int](repeating: 0, count: Int(largest) + 1)
      for value in values { counts[Int(value)] += 1 }
      let levels = Percentile.histogram(counts, total: values.count, [lowQ, highQ])
      return (levels[0], levels[1])
    }
    let wide = values.map(Double.init)
    return (Percentile.numpy(wide, lowQ), Percentile.numpy(wide, highQ))
  }
}

extension DisplayPlane {
  /// The plane shrunk to `width × height` by averaging the source pixels each output pixel covers
  /// (area sampling: noise averages out as it does in a viewer's zoomed-out view).
  /// - Parameters:
  ///   - width: the output's width (at most the plane's).
  ///   - height: the output's height (at most the plane's).
  /// - Returns: `width × height` grey levels.
  public func downscaled(width outWidth: Int, height outHeight: Int) -> [UInt8] {
    guard outWidth > 0, outHeight > 0, width > 0, height > 0 else { return [] }
    if outWidth == width, outHeight == height { return levels }
    var out = [UInt8](repeating: 0, count: outWidth * outHeight)
    for y in 0..<outHeight {
      let y0 = y * height / outHeight
      let y1 = max(y0 + 1, (y + 1) * height / outHeight)
      for x in 0..<outWidth {
        let x0 = x * width / outWidth
        let x1 = max(x0 + 1, (x + 1) * width / outWidth)
        var sum = 0
        for sy in y0..<min(y1, height) {
          let row = sy * width
          for sx in x0..<min(x1, width) { sum += Int(levels[row + sx]) }
        }
        let count = (min(y1, height) - y0) * (min(x1, width) - x0)
        out[y * outWidth + x] = UInt8(count > 0 ? (sum + count / 2) / count : 0)
      }
    }
    return out
  }
}

extension DisplayPlane {
  /// A plane of any sample type (signed, float) stretched between two percentiles (NumPy's linear
  /// interpolation over the sorted values; not-a-number samples shown black).
  /// - Parameters:
  ///   - values: `width × height` samples, row-major.
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - lowPercentile: the percentile shown as black.
  ///   - highPercentile: the percentile shown as white.
  public init(
    values: [Double], width: Int, height: Int, lowPercentile: Double = 0.1, highPercentile: Double = 99.9
  ) {
    self.width = width
    self.height = height
    let finite = values.filter(\.isFinite)
    func percentile(_ q: Double) -> Double { finite.isEmpty ? 0 : Percentile.numpy(finite, q) }
    let low = percentile(lowPercentile)
    let high = percentile(highPercentile)
    self.low = low
    // Float images may span less than one unit: stretch whatever span there is.
    self.high = high > low ? high : low + 1
    let span = self.high - low
    levels = values.map { $0.isFinite ? UInt8(max(0, min(255, (($0 - low) / span * 255).rounded()))) : 0 }
  }
}
