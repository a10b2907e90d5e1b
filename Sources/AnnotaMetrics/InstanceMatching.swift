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
  ///
  /// StarDist 0.9.2 keeps pair scores in single precision (its `_safe_divide` writes into a float32
  /// array) and sums them in single precision; the scores here are rounded and summed the same way,
  /// so every number equals StarDist's to the last digit.
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
    /// The sum of the true positives' scores, in single precision as StarDist sums them.
    public var sumMatchedScore: Float

    /// Counts and a score sum at one threshold.
    /// - Parameters:
    ///   - criterion: the criterion.
    ///   - threshold: the threshold τ.
    ///   - tp: true positives.
    ///   - nTrue: reference objects.
    ///   - nPred: candidate objects.
    ///   - sumMatchedScore: the sum of the true positives' scores.
    public init(criterion: Criterion, threshold: Double, tp: Int, nTrue: Int, nPred: Int, sumMatchedScore: Float) {
      self.criterion = criterion
      self.threshold = threshold
      self.tp = tp
      self.fp = nPred - tp
      self.fn = nTrue - tp
      self.nTrue = nTrue
      self.nPred = nPred
      self.sumMatchedScore = sumMatchedScore
    }

    /// tp / (tp + fp); 0 when there is no true positive.
    public var precision: Double { Self.ratio(tp, tp + fp) }
    /// tp / (tp + fn); 0 when there is no true positive.
    public var recall: Double { Self.ratio(tp, tp + fn) }
    /// tp / (tp + fp + fn): StarDist's accuracy, Cellpose's "average precision".
    public var accuracy: Double { Self.ratio(tp, tp + fp + fn) }
    /// 2tp / (2tp + fp + fn).
    public var f1: Double { Self.ratio(2 * tp, 2 * tp + fp + fn) }
    /// The mean score of the true positives.
    public var meanMatchedScore: Double { tp > 0 ? Double(sumMatchedScore) / Double(tp) : 0 }
    /// The true positives' scores summed over the reference objects (single precision, as StarDist).
    public var meanTrueScore: Double { Double(meanTrueScoreSingle) }
    /// Panoptic quality, Σ S(tp) / (tp + fp/2 + fn/2), as Kirillov and others define it (2019).
    public var panopticQuality: Double {
      let denominator = Double(tp) + Double(fp) / 2 + Double(fn) / 2
      return denominator > 0 ? Double(sumMatchedScore) / denominator : 0
    }

    /// `mean_true_score` as StarDist keeps it: a float32 sum over an integer count, in float32.
    var meanTrueScoreSingle: Float { nTrue > 0 ? sumMatchedScore / Float(nTrue) : 0 }

    /// StarDist's ratios: 0 unless there is a true positive.
    static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
      numerator > 0 ? Double(numerator) / Double(denominator) : 0
    }
  }

  /// The score matrix of an overlap, row-major `nTrue × nPred` (pairs that share no pixel score 0),
  /// each score rounded to single precision as StarDist stores it.
  /// - Parameters:
  ///   - overlap: the two images' overlap.
  ///   - criterion: how a pair is scored.
  /// - Returns: the scores.
  public static func scores(_ overlap: LabelOverlap, criterion: Criterion = .iou) -> [Float] {
    let columns = overlap.candidateLabels.count
    var scores = [Float](repeating: 0, count: overlap.referenceLabels.count * columns)
    for (pair, intersection) in overlap.shared {
      let truth = overlap.referenceSizes[pair.reference]
      let predicted = overlap.candidateSizes[pair.candidate]
      let denominator =
        switch criterion {
        case .iou: truth + predicted - intersection
        case .iot: truth
        case .iop: predicted
        }
      scores[pair.reference * columns + pair.candidate] = Float(Double(intersection) / Double(denominator))
    }
    return scores
  }

  /// Matches the objects of two label images at each threshold.
  ///
  /// A score meets τ when it is at least τ in single precision (StarDist compares its float32 scores
  /// with a Python float that way).
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
      guard matchable > 0 else {
        return Result(
          criterion: criterion, threshold: threshold, tp: 0, nTrue: rows, nPred: columns, sumMatchedScore: 0)
      }
      let least = Float(threshold)
      let tieBreak = Float(2 * matchable)
      let cost = scores.map { score in -(score >= least ? 1 : 0) - Double(score / tieBreak) }
      var matched: [Float] = []
      for pair in LinearAssignment.solve(cost, rows: rows, columns: columns) {
        let score = scores[pair.row * columns + pair.column]
        if score >= least { matched.append(score) }
      }
      return Result(
        criterion: criterion, threshold: threshold, tp: matched.count, nTrue: rows, nPred: columns,
        sumMatchedScore: SinglePrecisionSum.pairwise(matched))
    }
  }

  /// The numbers of one image or of a dataset, with the ratios stored: what a report prints.
  ///
  /// For one image they are its ``Result``'s; over a dataset they are either pooled (counts and score
  /// sums added over the images, the ratios computed from the sums: `matching_dataset(by_image=False)`)
  /// or averaged (each ratio the mean of the images' ratios, the counts still added:
  /// `by_image=True`; an image without objects on either side then counts with ratios of 0, as
  /// StarDist does).
  public struct Summary: Sendable, Hashable, Codable {
    /// The criterion, `iou`, `iot` or `iop`.
    public var criterion: String
    /// The threshold τ.
    public var threshold: Double
    /// Whether the ratios are means of per-image ratios (`true`) or computed from pooled counts.
    public var byImage: Bool
    /// True positives.
    public var tp: Int
    /// False positives.
    public var fp: Int
    /// False negatives.
    public var fn: Int
    /// Reference objects.
    public var nTrue: Int
    /// Candidate objects.
    public var nPred: Int
    /// tp / (tp + fp).
    public var precision: Double
    /// tp / (tp + fn).
    public var recall: Double
    /// tp / (tp + fp + fn), Cellpose's "average precision".
    public var accuracy: Double
    /// 2tp / (2tp + fp + fn).
    public var f1: Double
    /// The mean score of the true positives.
    public var meanMatchedScore: Double
    /// The true positives' scores summed over the reference objects.
    public var meanTrueScore: Double
    /// Panoptic quality.
    public var panopticQuality: Double

    /// One image's numbers.
    /// - Parameter result: the image's result.
    public init(_ result: Result) {
      criterion = result.criterion.rawValue
      threshold = result.threshold
      byImage = false
      tp = result.tp
      fp = result.fp
      fn = result.fn
      nTrue = result.nTrue
      nPred = result.nPred
      precision = result.precision
      recall = result.recall
      accuracy = result.accuracy
      f1 = result.f1
      meanMatchedScore = result.meanMatchedScore
      meanTrueScore = result.meanTrueScore
      panopticQuality = result.panopticQuality
    }

    enum CodingKeys: String, CodingKey {
      case criterion, threshold, tp, fp, fn, precision, recall, accuracy, f1
      case byImage = "by_image"
      case nTrue = "n_true"
      case nPred = "n_pred"
      case meanMatchedScore = "mean_matched_score"
      case meanTrueScore = "mean_true_score"
      case panopticQuality = "panoptic_quality"
    }
  }

  /// Numbers over many images, as StarDist's `matching_dataset` gives them.
  /// - Parameters:
  ///   - perImage: each image's results, at the same thresholds in the same order.
  ///   - byImage: average the images' ratios (`true`) or compute them from pooled counts (`false`).
  /// - Returns: one summary per threshold; empty when there is no image.
  public static func summarize(_ perImage: [[Result]], byImage: Bool) -> [Summary] {
    guard byImage else { return pooled(perImage).map(Summary.init) }
    guard let first = perImage.first else { return [] }
    let count = Double(perImage.count)
    return first.indices.map { index in
      var total = Summary(first[index])
      total.byImage = true
      // StarDist adds the images' float32 mean true scores in float32, then divides in float32.
      var meanTrueScore = first[index].meanTrueScoreSingle
      for image in perImage.dropFirst() {
        let result = image[index]
        total.tp += result.tp
        total.fp += result.fp
        total.fn += result.fn
        total.nTrue += result.nTrue
        total.nPred += result.nPred
        total.precision += result.precision
        total.recall += result.recall
        total.accuracy += result.accuracy
        total.f1 += result.f1
        total.meanMatchedScore += result.meanMatchedScore
        meanTrueScore += result.meanTrueScoreSingle
        total.panopticQuality += result.panopticQuality
      }
      total.precision /= count
      total.recall /= count
      total.accuracy /= count
      total.f1 /= count
      total.meanMatchedScore /= count
      total.meanTrueScore = Double(meanTrueScore / Float(perImage.count))
      total.panopticQuality /= count
      return total
    }
  }

  /// Results over many images, as StarDist's `matching_dataset`: counts and score sums pooled over
  /// the images, the ratios computed from the pooled numbers (`by_image=False`).
  /// - Parameter perImage: each image's results, at the same thresholds in the same order.
  /// - Returns: the pooled results, one per threshold.
  public static func pooled(_ perImage: [[Result]]) -> [Result] {
    guard let first = perImage.first else { return [] }
    return first.indices.map { index in
      var total = Result(
        criterion: first[index].criterion, threshold: first[index].threshold, tp: 0, nTrue: 0, nPred: 0,
        sumMatchedScore: 0)
      for image in perImage {
        let result = image[index]
        total.tp += result.tp
        total.fp += result.fp
        total.fn += result.fn
        total.nTrue += result.nTrue
        total.nPred += result.nPred
        // StarDist recovers each image's sum as its float32 mean true score times n_true, in float32.
        total.sumMatchedScore += result.meanTrueScoreSingle * Float(result.nTrue)
      }
      return total
    }
  }
}
