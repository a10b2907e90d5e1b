// SPDX-License-Identifier: Apache-2.0

extension COCOEvaluation {
  /// The twelve numbers `COCOeval.summarize()` prints and keeps in `stats`, in its order.
  ///
  /// Each is the mean of the precision (AP) or recall (AR) entries above −1 for its IoU thresholds,
  /// area range and detection limit, −1 when there is none. The limits are `maxDetections[0]`, `[1]`,
  /// `[2]` as in pycocotools (100 for `ap`), −1 where the settings have no such limit.
  public struct Summary: Sendable, Hashable, Codable {
    /// AP at IoU 0.50:0.95, all areas, 100 detections.
    public var ap: Double
    /// AP at IoU 0.50.
    public var ap50: Double
    /// AP at IoU 0.75.
    public var ap75: Double
    /// AP for small objects.
    public var apSmall: Double
    /// AP for medium objects.
    public var apMedium: Double
    /// AP for large objects.
    public var apLarge: Double
    /// AR with 1 detection per image.
    public var ar1: Double
    /// AR with 10 detections per image.
    public var ar10: Double
    /// AR with 100 detections per image.
    public var ar100: Double
    /// AR for small objects.
    public var arSmall: Double
    /// AR for medium objects.
    public var arMedium: Double
    /// AR for large objects.
    public var arLarge: Double

    /// The twelve numbers in pycocotools' order (`COCOeval.stats`).
    public var stats: [Double] {
      [ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge]
    }

    /// The keys of the JSON form: pycocotools' names, snake_case.
    enum CodingKeys: String, CodingKey {
      case ap, ap50, ap75, ar1, ar10, ar100
      case apSmall = "ap_small"
      case apMedium = "ap_medium"
      case apLarge = "ap_large"
      case arSmall = "ar_small"
      case arMedium = "ar_medium"
      case arLarge = "ar_large"
    }

    /// Creates a summary from pycocotools' `stats`.
    /// - Parameter stats: twelve numbers; missing ones are −1.
    public init(stats: [Double]) {
      let value = { (index: Int) in index < stats.count ? stats[index] : -1 }
      ap = value(0)
      ap50 = value(1)
      ap75 = value(2)
      apSmall = value(3)
      apMedium = value(4)
      apLarge = value(5)
      ar1 = value(6)
      ar10 = value(7)
      ar100 = value(8)
      arSmall = value(9)
      arMedium = value(10)
      arLarge = value(11)
    }

    /// `_summarizeDets` over accumulated arrays.
    init(precision: [Double], recall: [Double], parameters: Parameters, categoryCount: Int) {
      let limits = parameters.maxDetections
      let third = limits.count > 2 ? limits[2] : nil
      let table = SummaryTable(
        precision: precision, recall: recall, parameters: parameters, categoryCount: categoryCount)
      self.init(stats: [
        table.mean(precision: true, iou: nil, area: "all", limit: 100),
        table.mean(precision: true, iou: 0.5, area: "all", limit: third),
        table.mean(precision: true, iou: 0.75, area: "all", limit: third),
        table.mean(precision: true, iou: nil, area: "small", limit: third),
        table.mean(precision: true, iou: nil, area: "medium", limit: third),
        table.mean(precision: true, iou: nil, area: "large", limit: third),
        table.mean(precision: false, iou: nil, area: "all", limit: limits.first),
        table.mean(precision: false, iou: nil, area: "all", limit: limits.count > 1 ? limits[1] : nil),
        table.mean(precision: false, iou: nil, area: "all", limit: third),
        table.mean(precision: false, iou: nil, area: "small", limit: third),
        table.mean(precision: false, iou: nil, area: "medium", limit: third),
        table.mean(precision: false, iou: nil, area: "large", limit: third),
      ])
    }
  }
}

/// `COCOeval.summarize`'s `_summarize`: selecting entries as numpy indexing does and averaging them.
private struct SummaryTable {
  let precision: [Double]
  let recall: [Double]
  let parameters: COCOEvaluation.Parameters
  let categoryCount: Int

  /// The mean of the selected entries above −1, or −1.
  func mean(precision isPrecision: Bool, iou: Double?, area: String, limit: Int?) -> Double {
    let thresholds = parameters.iouThresholds.indices.filter { iou == nil || parameters.iouThresholds[$0] == iou }
    let areaIndices = parameters.areaRanges.indices.filter { parameters.areaRanges[$0].label == area }
    let limitIndices = parameters.maxDetections.indices.filter { parameters.maxDetections[$0] == limit }
    // `s[..., aind, mind]`: two index lists broadcast together (pycocotools raises where they cannot).
    var pairs: [(area: Int, limit: Int)] = []
    if areaIndices.count == limitIndices.count {
      pairs = Array(zip(areaIndices, limitIndices))
    } else if areaIndices.count == 1 {
      pairs = limitIndices.map { (areaIndices[0], $0) }
    } else if limitIndices.count == 1 {
      pairs = areaIndices.map { ($0, limitIndices[0]) }
    }
    let recalls = isPrecision ? parameters.recallThresholds.count : 1
    let areas = parameters.areaRanges.count
    let limits = parameters.maxDetections.count
    let values = isPrecision ? precision : recall
    var selected: [Double] = []
    for t in thresholds {
      for r in 0..<recalls {
        for k in 0..<categoryCount {
          for pair in pairs {
            let value = values[(((t * recalls + r) * categoryCount + k) * areas + pair.area) * limits + pair.limit]
            if value > -1 { selected.append(value) }
          }
        }
      }
    }
    guard !selected.isEmpty else { return -1 }
    return selected.withUnsafeBufferPointer { Self.pairwiseSum($0) } / Double(selected.count)
  }

  /// numpy's pairwise summation of float64 (`pairwise_sum` in `loops_utils.h.src`), which `np.mean`
  /// uses over a contiguous array: blocks of up to 128 summed with eight accumulators.
  static func pairwiseSum(_ values: UnsafeBufferPointer<Double>) -> Double {
    let n = values.count
    if n < 8 {
      var sum = 0.0
      for value in values { sum += value }
      return sum
    }
    if n <= 128 {
      var r = (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7])
      var i = 8
      while i < n - n % 8 {
        r.0 += values[i]
        r.1 += values[i + 1]
        r.2 += values[i + 2]
        r.3 += values[i + 3]
        r.4 += values[i + 4]
        r.5 += values[i + 5]
        r.6 += values[i + 6]
        r.7 += values[i + 7]
        i += 8
      }
      var sum = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
      while i < n {
        sum += values[i]
        i += 1
      }
      return sum
    }
    var half = n / 2
    half -= half % 8
    return pairwiseSum(UnsafeBufferPointer(rebasing: values[0..<half]))
      + pairwiseSum(UnsafeBufferPointer(rebasing: values[half..<n]))
  }
}
