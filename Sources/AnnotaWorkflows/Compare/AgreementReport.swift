// SPDX-License-Identifier: Apache-2.0

public import AnnotaModel

/// How far several annotation sets of the same images agree: every pair compared, the pairwise
/// matrix, and the images ranked by disagreement (which to re-annotate first).
public struct AgreementReport: Sendable, Codable {
  /// The report format's version.
  public var schema = "annota-agreement/1"
  /// The sets (annotators), in the order given.
  public var sets: [String]
  /// The metric of the matrix: `f1` (instances, at ``threshold``) or `dice` (semantic, the mean over
  /// classes).
  public var metric: String
  /// The matching threshold for `f1`.
  public var threshold: Double?
  /// How it was measured, in words (what `--record` writes as the method).
  public var method: String
  /// `matrix[i][j]`: the metric of set j against set i over every image both annotate (pooled); 1 on
  /// the diagonal; `nil` where the two share no image.
  public var matrix: [[Double?]]
  /// Each pair of sets.
  public var pairs: [PairAgreement]
  /// The mean over the pairs.
  public var mean: Double?
  /// The standard deviation over the pairs (population), when there are two or more.
  public var sd: Double?
  /// Images by their mean pairwise agreement, lowest (most disagreement) first.
  public var images: [ImageAgreement]
  /// Each pair's full comparison.
  public var comparisons: [ComparisonReport]

  /// One pair of sets.
  public struct PairAgreement: Sendable, Codable, Hashable {
    /// The first set.
    public var a: String
    /// The second set.
    public var b: String
    /// The metric over every image both annotate.
    public var value: Double?
    /// Images compared.
    public var images: Int
  }

  /// One image's agreement.
  public struct ImageAgreement: Sendable, Codable, Hashable {
    /// The image.
    public var name: String
    /// The mean of the pairs' metric on this image.
    public var mean: Double
    /// The lowest pair's metric on this image.
    public var min: Double
    /// Pairs that annotate it.
    public var pairs: Int
  }

  /// Whether a pair could not be measured in full (a finding at error level or a file not read).
  public var isIncomplete: Bool {
    comparisons.contains { report in
      !report.couldNotCheck.isEmpty || report.findings.contains { $0.severity == .error }
    }
  }

  /// The measurement as the standard's `Agreement` (what `--record` writes).
  public var agreement: Agreement? {
    guard let mean else { return nil }
    var record = Agreement(metric: metric, value: mean)
    record.sd = sd
    record.images = Set(images.map(\.name)).count
    record.annotators = sets.count
    record.method = method
    record.threshold = threshold
    return record
  }
}
