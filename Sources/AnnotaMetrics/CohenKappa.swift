// SPDX-License-Identifier: Apache-2.0

/// How Cohen's κ weighs a disagreement between the labels at positions i and j of the label list.
public enum KappaWeighting: String, Sendable, CaseIterable {
  /// Every disagreement weighs 1 (scikit-learn's `weights=None`): Cohen's original κ.
  case unweighted
  /// A disagreement weighs |i − j| (`weights="linear"`).
  case linear
  /// A disagreement weighs (i − j)² (`weights="quadratic"`).
  case quadratic

  func weight(_ row: Int, _ column: Int) -> Double {
    switch self {
    case .unweighted: row == column ? 0 : 1
    case .linear: Double(abs(row - column))
    case .quadratic: Double((row - column) * (row - column))
    }
  }
}

extension ConfusionMatrix {
  /// Cohen's κ of the two label sequences, as scikit-learn's `cohen_kappa_score` (1.9.1) computes it.
  ///
  /// With C the confusion matrix, r and c its row and column sums, n the number of samples and w the
  /// weights: E = c rᵀ / n, and κ = 1 − Σ w·C / Σ w·E. κ is symmetric in the two sequences. The
  /// weighted forms rank the labels by their position in ``labels`` (ascending unless listed), so they
  /// suit ordinal classes only.
  ///
  /// κ is undefined when Σ w·E is 0: no samples, or both sequences use one and the same label only
  /// (the expected agreement is 1). scikit-learn then warns and returns `replace_undefined_by`, NaN by
  /// default; Annota returns `nil`.
  /// - Parameter weighting: how disagreements are weighed.
  /// - Returns: κ, or `nil` when it is undefined.
  public func cohenKappa(weighting: KappaWeighting = .unweighted) -> Double? {
    guard total > 0 else { return nil }
    let size = labels.count
    // scikit-learn's `sum0` (column sums) and `sum1` (row sums), and E = outer(sum0, sum1) / n.
    let columnSums = labels.indices.map { column in Double(counts.reduce(0) { $0 + $1[column] }) }
    let rowSums = counts.map { Double($0.reduce(0, +)) }
    var observed = 0.0
    var expected = 0.0
    for row in 0..<size {
      for column in 0..<size {
        let weight = weighting.weight(row, column)
        observed += weight * Double(counts[row][column])
        expected += weight * (columnSums[row] * rowSums[column] / Double(total))
      }
    }
    guard expected != 0 else { return nil }
    return 1 - observed / expected
  }
}
