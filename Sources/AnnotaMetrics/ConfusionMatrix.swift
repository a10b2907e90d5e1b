// SPDX-License-Identifier: Apache-2.0

/// The confusion matrix of paired class labels (a reference and a candidate label per sample) and the
/// scores read from it, as scikit-learn computes them.
///
/// The numbers equal scikit-learn's (1.9.1) `confusion_matrix(reference, candidate, labels=labels)`,
/// `accuracy_score`, `precision_recall_fscore_support(average=None, zero_division=0)` and its
/// `average="macro"` and `average="weighted"` forms:
/// - The labels are those given, in the order given, or else every label seen in either sequence,
///   ascending (`unique_labels` sorts them; Swift's `<` on `String` orders ASCII the way NumPy does).
/// - Rows are reference labels, columns candidate labels.
/// - A per-class ratio whose denominator is 0 is 0 (`zero_division=0`): precision of a class never
///   predicted, recall of a class absent from the reference, F1 of a class absent from both.
/// - F1 is `2tp / (2tp + fp + fn)`, the form scikit-learn computes (`(1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp)`
///   with β = 1), not `2PR / (P + R)`.
/// - The macro average is the plain mean over the labels, classes absent from the reference included;
///   the weighted average weights each class by its support.
///
/// Labels are open: `Int` ids, `String` names, or any `Hashable & Comparable` type. Where scikit-learn
/// drops the samples whose labels are not in `labels`, Annota refuses them (a typo in a label table
/// should not silently shrink the data). With no samples scikit-learn raises; Annota gives an empty
/// matrix whose ratios are all 0 (and no Cohen's κ, see ``cohenKappa(weighting:)``).
public struct ConfusionMatrix<Label: Hashable & Comparable & Sendable>: Sendable, Hashable {
  /// One class's counts and scores.
  public struct ClassScore: Sendable, Hashable {
    /// The class.
    public var label: Label
    /// Samples of the class in both the reference and the candidate.
    public var truePositives: Int
    /// Samples of the class in the reference (scikit-learn's support).
    public var support: Int
    /// Samples of the class in the candidate.
    public var predicted: Int
    /// truePositives / predicted; 0 when the class is never predicted.
    public var precision: Double
    /// truePositives / support; 0 when the class is absent from the reference.
    public var recall: Double
    /// 2 · truePositives / (support + predicted); 0 when the class is absent from both.
    public var f1: Double
  }

  /// The labels, in the order of the rows and columns.
  public private(set) var labels: [Label]
  /// The counts: `counts[i][j]` samples have reference label `labels[i]` and candidate label
  /// `labels[j]`.
  public private(set) var counts: [[Int]]
  /// The number of samples.
  public private(set) var total: Int

  /// Counts paired labels.
  /// - Parameters:
  ///   - reference: each sample's reference label (scikit-learn's `y_true`).
  ///   - candidate: each sample's candidate label (`y_pred`), in the same order.
  ///   - labels: the classes, in the order wanted (a label table's, which may include classes absent
  ///     from both), or `nil` for every label seen, ascending.
  /// - Throws: ``MetricInputError`` with ``MetricInputError/Code/lengthMismatch`` when the sequences
  ///   differ in length, ``MetricInputError/Code/unknownLabel`` for a label not in `labels`, and
  ///   ``MetricInputError/Code/invalidParameter`` when `labels` lists a label twice.
  public init(reference: [Label], candidate: [Label], labels: [Label]? = nil) throws(MetricInputError) {
    guard reference.count == candidate.count else {
      throw MetricInputError(
        code: .lengthMismatch,
        message: "\(reference.count) reference labels and \(candidate.count) candidate labels; they must pair up")
    }
    let ordered = labels ?? Array(Set(reference).union(candidate)).sorted()
    var position: [Label: Int] = [:]
    for (index, label) in ordered.enumerated() {
      guard position.updateValue(index, forKey: label) == nil else {
        throw MetricInputError(code: .invalidParameter, message: "the label \(label) is listed twice")
      }
    }
    var counts = [[Int]](repeating: [Int](repeating: 0, count: ordered.count), count: ordered.count)
    for (index, pair) in zip(reference, candidate).enumerated() {
      guard let row = position[pair.0], let column = position[pair.1] else {
        let which = position[pair.0] == nil ? "reference label \(pair.0)" : "candidate label \(pair.1)"
        throw MetricInputError(code: .unknownLabel, message: "sample \(index): the \(which) is not among the labels")
      }
      counts[row][column] += 1
    }
    self.labels = ordered
    self.counts = counts
    self.total = reference.count
  }

  /// The number of samples with the given reference and candidate labels (0 for a label not in the
  /// matrix).
  /// - Parameters:
  ///   - reference: the reference label.
  ///   - candidate: the candidate label.
  public subscript(reference reference: Label, candidate candidate: Label) -> Int {
    guard let row = labels.firstIndex(of: reference), let column = labels.firstIndex(of: candidate) else {
      return 0
    }
    return counts[row][column]
  }

  /// The fraction of samples whose labels agree (`accuracy_score`); 0 with no samples.
  public var accuracy: Double {
    Self.ratio(Double(labels.indices.reduce(0) { $0 + counts[$1][$1] }), Double(total))
  }

  /// Each class's counts and scores, in the order of ``labels``.
  public var classes: [ClassScore] {
    labels.indices.map { index in
      let tp = counts[index][index]
      let support = counts[index].reduce(0, +)
      let predicted = counts.reduce(0) { $0 + $1[index] }
      return ClassScore(
        label: labels[index], truePositives: tp, support: support, predicted: predicted,
        precision: Self.ratio(Double(tp), Double(predicted)), recall: Self.ratio(Double(tp), Double(support)),
        f1: Self.ratio(Double(2 * tp), Double(support + predicted)))
    }
  }

  /// The mean precision over the labels (`average="macro"`); 0 with no labels.
  public var macroPrecision: Double { Self.mean(classes.map(\.precision)) }
  /// The mean recall over the labels; 0 with no labels.
  public var macroRecall: Double { Self.mean(classes.map(\.recall)) }
  /// The mean F1 over the labels; 0 with no labels.
  public var macroF1: Double { Self.mean(classes.map(\.f1)) }
  /// The support-weighted mean precision (`average="weighted"`); 0 with no samples.
  public var weightedPrecision: Double { weightedMean(\.precision) }
  /// The support-weighted mean recall, which equals ``accuracy``; 0 with no samples.
  public var weightedRecall: Double { weightedMean(\.recall) }
  /// The support-weighted mean F1; 0 with no samples.
  public var weightedF1: Double { weightedMean(\.f1) }

  private func weightedMean(_ score: KeyPath<ClassScore, Double>) -> Double {
    let scores = classes
    let weighted = scores.reduce(0) { $0 + Double($1.support) * $1[keyPath: score] }
    return Self.ratio(weighted, Double(scores.reduce(0) { $0 + $1.support }))
  }

  static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
    denominator > 0 ? numerator / denominator : 0
  }

  private static func mean(_ values: [Double]) -> Double {
    ratio(values.reduce(0, +), Double(values.count))
  }
}
