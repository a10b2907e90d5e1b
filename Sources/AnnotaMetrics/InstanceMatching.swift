// SPDX-License-Identifier: Apache-2.0

/// Instance matching as StarDist's `matching` computes it.
///
/// As in `stardist/matching.py` (0.9.2): objects of a reference and a candidate label image are
/// paired one to one by the Hungarian method on the cost
/// `−(S ≥ τ) − S / (2·min(n_true, n_pred))`, a pair counting as a true positive when its score S is at
/// least the threshold τ. `accuracy` is what Cellpose calls average precision (`tp/(tp+fp+fn)`), not
/// COCO's AP.
public enum InstanceMatching {
  /// How a pair of objects is scored.
  public enum Criterion: String, Sendable, CaseIterable {
    /// Intersection over union.
    case iou
    /// Intersection over the reference (true) object.
    case iot
    /// Intersection over the candidate (predicted) object.
    case iop
  }

  /// The counts and scores at one threshold, as StarDist names them.
  public struct Result: Sendable, Hashable {
    /// The criterion.
    public var criterion: Criterion
    /// The threshold τ.
    public var threshold: Double
    /// Matched pairs with a score of at least τ.
    public var tp: Int
    /// Candidate objects not matched at τ.
    public var fp: Int
    /// Reference objects not matched at τ.
    public var fn: Int
    /// Reference objects.
    public var nTrue: Int
    /// Candidate objects.
    public var nPred: Int
    /// The sum of the true positives' scores.
    public var sumMatchedScore: Double

    /// tp / (tp + fp); 0 when there is no candidate object.
    public var precision: Double { Self.ratio(Double(tp), Double(tp + fp)) }
    /// tp / (tp + fn); 0 when there is no reference object.
    public var recall: Double { Self.ratio(Double(tp), Double(tp + fn)) }
    /// tp / (tp + fp + fn): StarDist's accuracy, Cellpose's "average precision".
    public var accuracy: Double { Self.ratio(Double(tp), Double(tp + fp + fn)) }
    /// 2tp / (2tp + fp + fn).
    public var f1: Double { Self.ratio(Double(2 * tp), Double(2 * tp + fp + fn)) }
    /// The mean score of the true positives.
    public var meanMatchedScore: Double { Self.ratio(sumMatchedScore, Double(tp)) }
    /// The true positives' scores summed over the reference objects.
    public var meanTrueScore: Double { Self.ratio(sumMatchedScore, Double(nTrue)) }
    /// Panoptic quality, Σ S(tp) / (tp + fp/2 + fn/2), as Kirillov and others define it (2019).
    public var panopticQuality: Double {
      Self.ratio(sumMatchedScore, Double(tp) + Double(fp) / 2 + Double(fn) / 2)
    }

    /// StarDist's `_safe_divide`: 0 when the denominator is 0.
    static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
      denominator > 0 ? numerator / denominator : 0
    }
  }

  /// The score matrix of an overlap, row-major `nTrue × nPred` (pairs that share no pixel score 0).
  /// - Parameters:
  ///   - overlap: the two images' overlap.
  ///   - criterion: how a pair is scored.
  /// - Returns: the scores.
  public static func scores(_ overlap: LabelOverlap, criterion: Criterion = .iou) -> [Double] {
    let columns = overlap.candidateLabels.count
    var scores = [Double](repeating: 0, count: overlap.referenceLabels.count * columns)
    for (pair, intersection) in overlap.shared {
      let truth = Double(overlap.referenceSizes[pair.reference])
      let predicted = Double(overlap.candidateSizes[pair.candidate])
      let shared = Double(intersection)
      scores[pair.reference * columns + pair.candidate] =
        switch criterion {
        case .iou: shared / (truth + predicted - shared)
        case .iot: shared / truth
        case .iop: shared / predicted
        }
    }
    return scores
  }

  /// Matches the objects of two label images at each threshold.
  /// - Parameters:
  ///   - overlap: the two images' overlap.
  ///   - thresholds: the thresholds τ, in (0, 1].
  ///   - criterion: how a pair is scored.
  /// - Returns: one result per threshold, in the order given.
  public static func match(_ overlap: LabelOverlap, thresholds: [Double], criterion: Criterion = .iou) -> [Result] {
    let rows = overlap.referenceLabels.count
    let columns = overlap.candidateLabels.count
    let scores = scores(overlap, criterion: criterion)
    let matchable = min(rows, columns)
    return thresholds.map { threshold in
      var result = Result(
        criterion: criterion, threshold: threshold, tp: 0, fp: columns, fn: rows, nTrue: rows, nPred: columns,
        sumMatchedScore: 0)
      guard matchable > 0 else { return result }
      let cost = scores.map { score in -(score >= threshold ? 1 : 0) - score / (2 * Double(matchable)) }
      for pair in LinearAssignment.solve(cost, rows: rows, columns: columns) {
        let score = scores[pair.row * columns + pair.column]
        guard score >= threshold else { continue }
        result.tp += 1
        result.sumMatchedScore += score
      }
      result.fp = columns - result.tp
      result.fn = rows - result.tp
      return result
    }
  }

  /// Results over many images, as StarDist's `matching_dataset`: counts and score sums pooled over
  /// the images, the ratios computed from the pooled numbers (`by_image=False`).
  /// - Parameter perImage: each image's results, at the same thresholds in the same order.
  /// - Returns: the pooled results, one per threshold.
  public static func pooled(_ perImage: [[Result]]) -> [Result] {
    guard let first = perImage.first else { return [] }
    return first.indices.map { index in
      var total = first[index]
      for image in perImage.dropFirst() {
        let result = image[index]
        total.tp += result.tp
        total.fp += result.fp
        total.fn += result.fn
        total.nTrue += result.nTrue
        total.nPred += result.nPred
        total.sumMatchedScore += result.sumMatchedScore
      }
      return total
    }
  }
}
