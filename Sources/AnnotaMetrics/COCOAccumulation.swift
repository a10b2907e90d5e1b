// SPDX-License-Identifier: Apache-2.0

/// pycocotools' `COCOeval.accumulate()`: precision and recall per IoU threshold, category, area
/// range and detection limit, from the per-image verdicts.
struct COCOAccumulation {
  /// T × R × K × A × M, C order.
  private(set) var precision: [Double]
  /// T × K × A × M, C order.
  private(set) var recall: [Double]
  /// T × R × K × A × M, C order.
  private(set) var scores: [Double]

  init(_ evaluations: COCOImageEvaluations, parameters: COCOEvaluation.Parameters) {
    let thresholds = evaluations.thresholdCount
    let recallThresholds = parameters.recallThresholds
    let recalls = recallThresholds.count
    let categories = evaluations.categoryCount
    let areas = evaluations.areaCount
    let limits = parameters.maxDetections
    precision = [Double](repeating: -1, count: thresholds * recalls * categories * areas * limits.count)
    recall = [Double](repeating: -1, count: thresholds * categories * areas * limits.count)
    scores = precision

    // One category's kept detections, concatenated over images in image order.
    var entryScores: [Double] = []
    var entryRanks: [Int] = []
    var entryVerdicts: [Int] = []  // where the detection's first verdict is
    var entryStrides: [Int] = []  // its image's detection count
    var ranked: [Int] = []
    // The same, in score order: verdicts as (area, threshold) rows, and each detection limit's ranks.
    var sortedScores: [Double] = []
    var rows: [UInt8] = []
    var limited: [[Int]] = Array(repeating: [], count: limits.count)
    var curve = Curve()
    for category in 0..<categories {
      entryScores.removeAll(keepingCapacity: true)
      entryRanks.removeAll(keepingCapacity: true)
      entryVerdicts.removeAll(keepingCapacity: true)
      entryStrides.removeAll(keepingCapacity: true)
      let groups = evaluations.categoryOffsets[category]..<evaluations.categoryOffsets[category + 1]
      // No image has objects or detections of the category: `E` is empty, the entries stay −1.
      guard !groups.isEmpty else { continue }
      for group in groups {
        let start = evaluations.detectionOffsets[group]
        let count = evaluations.detectionOffsets[group + 1] - start
        for rank in 0..<count {
          entryScores.append(evaluations.scores[start + rank])
          entryRanks.append(rank)
          entryVerdicts.append(start * areas * thresholds + rank)
          entryStrides.append(count)
        }
      }
      // `np.argsort(-dtScores, kind='mergesort')`: stable, NaN last.
      ranked.removeAll(keepingCapacity: true)
      ranked.append(contentsOf: entryScores.indices)
      entryScores.withUnsafeBufferPointer { score in
        ranked.sort { a, b in
          let (x, y) = (score[a], score[b])
          if x > y || (y.isNaN && !x.isNaN) { return true }
          if y > x || (x.isNaN && !y.isNaN) { return false }
          return a < b
        }
      }
      let count = ranked.count
      sortedScores.removeAll(keepingCapacity: true)
      for entry in ranked { sortedScores.append(entryScores[entry]) }
      rows.removeAll(keepingCapacity: true)
      rows.append(contentsOf: repeatElement(0, count: areas * thresholds * count))
      evaluations.verdicts.withUnsafeBufferPointer { verdicts in
        rows.withUnsafeMutableBufferPointer { rows in
          for (position, entry) in ranked.enumerated() {
            let base = entryVerdicts[entry]
            let stride = entryStrides[entry]
            for row in 0..<areas * thresholds { rows[row * count + position] = verdicts[base + row * stride] }
          }
        }
      }
      // A limit that keeps every detection reads them all; `limited` lists the positions otherwise.
      let largestRank = entryRanks.max() ?? -1
      for (index, limit) in limits.enumerated() where limit <= largestRank {
        limited[index].removeAll(keepingCapacity: true)
        for (position, entry) in ranked.enumerated() where entryRanks[entry] < limit {
          limited[index].append(position)
        }
      }
      for area in 0..<areas {
        var truths = 0
        for group in groups { truths += evaluations.countedTruths[group * areas + area] }
        guard truths > 0 else { continue }
        for (limitIndex, limit) in limits.enumerated() {
          let cell = (category * areas + area) * limits.count + limitIndex
          for threshold in 0..<thresholds {
            let row = (area * thresholds + threshold) * count
            if limit > largestRank {
              curve.trace(rows, from: row, count: count, positions: nil, truths: truths)
            } else {
              curve.trace(rows, from: row, count: count, positions: limited[limitIndex], truths: truths)
            }
            recall[threshold * categories * areas * limits.count + cell] = curve.finalRecall
            let stride = categories * areas * limits.count
            for r in 0..<recalls {
              let target = (threshold * recalls + r) * stride + cell
              // pycocotools' `try: … except: pass`: past the last rank, this and later entries stay 0.
              guard let at = curve.firstRank(reaching: recallThresholds[r]) else {
                for rest in r..<recalls {
                  precision[(threshold * recalls + rest) * stride + cell] = 0
                  scores[(threshold * recalls + rest) * stride + cell] = 0
                }
                break
              }
              precision[target] = curve.precision[at]
              scores[target] = sortedScores[curve.position(at)]
            }
          }
        }
      }
    }
  }
}

/// One precision–recall curve: `tp / npig` and the precision envelope over the ranked detections.
private struct Curve {
  /// The interpolated precision at each rank: `tp / (fp + tp + ε)`, made non-increasing.
  private(set) var precision: [Double] = []
  /// The recall at each rank.
  private(set) var recall: [Double] = []
  /// The positions of the ranks among all of the category's detections, or `nil` for all.
  private var positions: [Int]?

  /// The recall at the last rank, 0 with no detection.
  var finalRecall: Double { recall.last ?? 0 }

  /// Computes the curve from one row of verdicts.
  mutating func trace(_ rows: [UInt8], from start: Int, count: Int, positions: [Int]?, truths: Int) {
    self.positions = positions
    let n = positions?.count ?? count
    precision.removeAll(keepingCapacity: true)
    recall.removeAll(keepingCapacity: true)
    precision.append(contentsOf: repeatElement(0, count: n))
    recall.append(contentsOf: repeatElement(0, count: n))
    let counted = Double(truths)
    rows.withUnsafeBufferPointer { rows in
      precision.withUnsafeMutableBufferPointer { precision in
        recall.withUnsafeMutableBufferPointer { recall in
          var tp = 0
          var fp = 0
          for rank in 0..<n {
            let verdict = rows[start + (positions?[rank] ?? rank)]
            if verdict == COCOImageEvaluations.Verdict.truePositive {
              tp += 1
            } else if verdict == COCOImageEvaluations.Verdict.falsePositive {
              fp += 1
            }
            let (t, f) = (Double(tp), Double(fp))
            recall[rank] = t / counted
            precision[rank] = t / (f + t + Double.ulpOfOne)  // np.spacing(1)
          }
          // The precision envelope, right to left.
          var rank = n - 1
          while rank > 0 {
            if precision[rank] > precision[rank - 1] { precision[rank - 1] = precision[rank] }
            rank -= 1
          }
        }
      }
    }
  }

  /// `np.searchsorted(rc, threshold, side='left')` with numpy's float order (NaN above everything),
  /// or `nil` past the last rank.
  func firstRank(reaching threshold: Double) -> Int? {
    var low = 0
    var high = recall.count
    while low < high {
      let middle = (low + high) / 2
      let value = recall[middle]
      if value < threshold || (threshold.isNaN && !value.isNaN) {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low < recall.count ? low : nil
  }

  /// The position of a rank among all of the category's detections.
  func position(_ rank: Int) -> Int { positions?[rank] ?? rank }
}
