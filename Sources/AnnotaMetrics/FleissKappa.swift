// SPDX-License-Identifier: Apache-2.0

/// Fleiss' κ: the agreement of two or more raters who each put every subject (an image, an object)
/// into one category, as statsmodels computes it.
///
/// The numbers equal statsmodels' (0.15.0) `fleiss_kappa(table, method=...)` on the table
/// `aggregate_raters(ratings)` builds: one row per subject, one column per category seen (ascending),
/// each cell the number of raters who chose that category for that subject. With n raters per
/// subject, N subjects and t the table:
/// - P_i = (Σ_j t_ij² − n) / (n(n − 1)), the agreement on subject i, and P̄ their mean;
/// - p_j = Σ_i t_ij / (N n), the share of category j, and P̄e = Σ_j p_j² (Fleiss), or 1/k for k
///   categories (Randolph's free-marginal κ, `method="randolph"`);
/// - κ = (P̄ − P̄e) / (1 − P̄e).
///
/// Every subject must be rated by the same number of raters, at least two (statsmodels asserts the
/// first and divides by zero without the second); missing ratings are not supported. κ is `nil` where
/// statsmodels gives NaN: when P̄e is 1 (every rating is the same category, or Randolph's κ with one
/// category), and with no subjects (where statsmodels raises).
public struct FleissKappa<Category: Hashable & Comparable & Sendable>: Sendable, Hashable {
  /// How the agreement expected by chance is estimated.
  public enum Method: String, Sendable, CaseIterable {
    /// From the categories' shares in the ratings: Fleiss' κ (1971).
    case fleiss
    /// From a uniform share of the table's categories: Randolph's free-marginal κ (2005).
    case randolph
  }

  /// The categories, in the order of the table's columns.
  public private(set) var categories: [Category]
  /// The table: `counts[i][j]` raters put subject i into `categories[j]`.
  public private(set) var counts: [[Int]]
  /// The number of raters per subject; 0 with no subjects.
  public private(set) var raters: Int

  /// Builds the subjects × categories table from raw ratings, as `aggregate_raters` does: the columns
  /// are the categories seen, ascending.
  /// - Parameter ratings: for each subject, each rater's category (`ratings[subject][rater]`).
  /// - Throws: ``MetricInputError`` with ``MetricInputError/Code/unevenRaters`` when the subjects
  ///   have different numbers of ratings or fewer than two.
  public init(ratings: [[Category]]) throws(MetricInputError) {
    let raters = ratings.first?.count ?? 0
    try Self.checkRaters(ratings.map(\.count))
    let categories = Array(Set(ratings.joined())).sorted()
    var column: [Category: Int] = [:]
    for (index, category) in categories.enumerated() { column[category] = index }
    self.categories = categories
    self.counts = ratings.map { subject in
      var row = [Int](repeating: 0, count: categories.count)
      for category in subject { row[column[category] ?? 0] += 1 }
      return row
    }
    self.raters = raters
  }

  /// Takes a subjects × categories table as it is (statsmodels' `fleiss_kappa(table)`); columns of
  /// categories nobody chose count for Randolph's κ.
  /// - Parameters:
  ///   - counts: for each subject, how many raters chose each category.
  ///   - categories: the categories of the columns.
  /// - Throws: ``MetricInputError`` with ``MetricInputError/Code/lengthMismatch`` when a row's width
  ///   is not the number of categories, ``MetricInputError/Code/invalidParameter`` for a negative count
  ///   or a category listed twice, and ``MetricInputError/Code/unevenRaters`` when the rows' sums differ
  ///   or are below two.
  public init(counts: [[Int]], categories: [Category]) throws(MetricInputError) {
    guard Set(categories).count == categories.count else {
      throw MetricInputError(code: .invalidParameter, message: "a category is listed twice")
    }
    for (index, row) in counts.enumerated() {
      guard row.count == categories.count else {
        throw MetricInputError(
          code: .lengthMismatch, message: "subject \(index) has \(row.count) counts for \(categories.count) categories")
      }
      guard row.allSatisfy({ $0 >= 0 }) else {
        throw MetricInputError(code: .invalidParameter, message: "subject \(index) has a negative count")
      }
    }
    let sums = counts.map { $0.reduce(0, +) }
    try Self.checkRaters(sums)
    self.categories = categories
    self.counts = counts
    self.raters = sums.first ?? 0
  }

  private static func checkRaters(_ perSubject: [Int]) throws(MetricInputError) {
    guard let first = perSubject.first else { return }
    if let index = perSubject.firstIndex(where: { $0 != first }) {
      throw MetricInputError(
        code: .unevenRaters,
        message: "subject \(index) has \(perSubject[index]) ratings and subject 0 has \(first); each subject needs "
          + "one rating from every rater")
    }
    guard first >= 2 else {
      throw MetricInputError(
        code: .unevenRaters, message: "each subject has \(first) rating; κ needs two raters or more")
    }
  }

  /// Each category's share of all ratings (p_j), in the order of ``categories``; empty with no subjects.
  public var categoryShares: [Double] {
    guard !counts.isEmpty else { return [] }
    let ratings = Double(counts.count * raters)
    return categories.indices.map { column in Double(counts.reduce(0) { $0 + $1[column] }) / ratings }
  }

  /// The mean agreement over the subjects (P̄): the chance that two ratings of a subject, drawn
  /// without replacement, agree; `nil` with no subjects.
  public var observedAgreement: Double? {
    guard !counts.isEmpty else { return nil }
    let n = Double(raters)
    let sum = counts.reduce(0.0) { total, row in
      let squares = row.reduce(0.0) { $0 + Double($1) * Double($1) }
      return total + (squares - n) / (n * (n - 1))
    }
    return sum / Double(counts.count)
  }

  /// The agreement expected by chance (P̄e); `nil` with no subjects.
  /// - Parameter method: how it is estimated.
  /// - Returns: P̄e.
  public func expectedAgreement(method: Method = .fleiss) -> Double? {
    guard !counts.isEmpty else { return nil }
    switch method {
    case .fleiss: return categoryShares.reduce(0) { $0 + $1 * $1 }
    case .randolph: return 1 / Double(categories.count)
    }
  }

  /// κ = (P̄ − P̄e) / (1 − P̄e).
  /// - Parameter method: how the chance agreement is estimated.
  /// - Returns: κ, or `nil` when it is undefined (P̄e is 1, or there is no subject).
  public func kappa(method: Method = .fleiss) -> Double? {
    guard let observed = observedAgreement, let expected = expectedAgreement(method: method), expected != 1 else {
      return nil
    }
    return (observed - expected) / (1 - expected)
  }
}
