// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// Fleiss' and Randolph's κ against literal values from statsmodels 0.15.0 (numpy 2.4.6), checked by
/// hand where small, and against statsmodels itself on seeded random ratings.
@Suite("Fleiss' kappa")
struct FleissKappaTests {
  static func close(_ a: Double?, _ b: Double?, within tolerance: Double = 1e-12) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance
  }

  /// Wikipedia's example (Fleiss 1971 style): 10 subjects, 14 raters, 5 categories, κ ≈ 0.210.
  static let wikipedia: [[Int]] = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
  ]

  @Test func theWikipediaTable() throws {
    let fleiss = try FleissKappa(counts: Self.wikipedia, categories: [1, 2, 3, 4, 5])
    #expect(fleiss.raters == 14)
    // Exactly: p = 1/7, 1/5, 39/140, 3/20, 8/35; P̄ = 172/455; P̄e = 417/1960; κ = 4211/20059.
    let shares = [1.0 / 7, 1.0 / 5, 39.0 / 140, 3.0 / 20, 8.0 / 35]
    #expect(zip(fleiss.categoryShares, shares).allSatisfy { Self.close($0, $1) })
    #expect(Self.close(fleiss.observedAgreement, 172.0 / 455) && Self.close(fleiss.expectedAgreement(), 417.0 / 1960))
    #expect(Self.close(fleiss.kappa(), 0.20993070442195522) && Self.close(fleiss.kappa(), 4211.0 / 20059))
    #expect(Self.close(fleiss.kappa(method: .randolph), 0.2225274725274725))
  }

  /// Three raters: P̄ = 5/9, P̄e = 29/81, κ = 4/13; Randolph's P̄e = 1/3, κ = 1/3.
  @Test func threeRatersByHand() throws {
    let ratings = [[1, 2, 1], [2, 2, 2], [3, 3, 1]]
    let fleiss = try FleissKappa(ratings: ratings)
    #expect(fleiss.categories == [1, 2, 3] && fleiss.counts == [[2, 1, 0], [0, 3, 0], [1, 0, 2]])
    #expect(Self.close(fleiss.observedAgreement, 5.0 / 9) && Self.close(fleiss.expectedAgreement(), 29.0 / 81))
    #expect(Self.close(fleiss.kappa(), 4.0 / 13) && Self.close(fleiss.kappa(), 0.3076923076923076))
    #expect(Self.close(fleiss.kappa(method: .randolph), 0.3333333333333332))
  }

  @Test func stringCategoriesAsAggregateRatersOrdersThem() throws {
    let ratings = [
      ["cell", "cell", "debris"], ["debris", "debris", "debris"], ["cell", "mitotic", "mitotic"],
      ["mitotic", "cell", "mitotic"], ["cell", "cell", "cell"],
    ]
    let fleiss = try FleissKappa(ratings: ratings)
    #expect(fleiss.categories == ["cell", "debris", "mitotic"])
    #expect(fleiss.counts == [[2, 1, 0], [0, 3, 0], [1, 0, 2], [1, 0, 2], [3, 0, 0]])
    #expect(Self.close(fleiss.kappa(), 0.37499999999999994))
    #expect(Self.close(fleiss.kappa(method: .randolph), 0.39999999999999997))
  }

  @Test func completeDisagreementAndUndefinedCases() throws {
    // Two raters who never agree on two categories used equally: P̄ = 0, P̄e = 1/2, κ = −1.
    #expect(try FleissKappa(counts: [[1, 1], [1, 1]], categories: ["a", "b"]).kappa() == -1)
    // Everyone picks one category: P̄e = 1, statsmodels' NaN.
    let unanimous = try FleissKappa(ratings: [["x", "x"], ["x", "x"], ["x", "x"]])
    #expect(unanimous.observedAgreement == 1 && unanimous.kappa() == nil && unanimous.kappa(method: .randolph) == nil)
    // A column nobody chose counts for Randolph only.
    let wider = try FleissKappa(counts: [[2, 1, 0, 0], [0, 3, 0, 0], [1, 0, 2, 0]], categories: [1, 2, 3, 4])
    #expect(Self.close(wider.kappa(), 4.0 / 13) && Self.close(wider.kappa(method: .randolph), (5.0 / 9 - 0.25) / 0.75))
    let nobody = try FleissKappa<Int>(ratings: [])
    #expect(nobody.raters == 0 && nobody.observedAgreement == nil && nobody.kappa() == nil)
    #expect(nobody.categoryShares.isEmpty && nobody.expectedAgreement() == nil)
  }

  @Test func badInputIsAnError() {
    let uneven = #expect(throws: MetricInputError.self) { try FleissKappa(ratings: [[1, 2, 1], [1, 2]]) }
    #expect(uneven?.code == .unevenRaters)
    let single = #expect(throws: MetricInputError.self) { try FleissKappa(ratings: [[1], [2]]) }
    #expect(single?.code == .unevenRaters)
    let sums = #expect(throws: MetricInputError.self) {
      try FleissKappa(counts: [[2, 1], [1, 1]], categories: [0, 1])
    }
    #expect(sums?.code == .unevenRaters)
    let width = #expect(throws: MetricInputError.self) {
      try FleissKappa(counts: [[2, 1], [1, 1, 1]], categories: [0, 1])
    }
    #expect(width?.code == .lengthMismatch)
    let negative = #expect(throws: MetricInputError.self) {
      try FleissKappa(counts: [[4, -1], [1, 2]], categories: [0, 1])
    }
    #expect(negative?.code == .invalidParameter)
    let twice = #expect(throws: MetricInputError.self) {
      try FleissKappa(counts: [[2, 1], [1, 2]], categories: [0, 0])
    }
    #expect(twice?.code == .invalidParameter)
  }
}

extension FleissKappaTests {
  struct Expected<Category: Codable>: Codable {
    var categories: [Category]
    var table: [[Int]]
    /// Fleiss', Randolph's; `nil` for NaN.
    var kappa: [Double?]
  }

  static let script = """
    import json, math, sys, warnings
    import numpy as np
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
    warnings.simplefilter("ignore")
    out = []
    for ratings in json.load(open(sys.argv[1])):
        table, categories = aggregate_raters(np.array(ratings))
        kappa = [fleiss_kappa(table, method=m) for m in ("fleiss", "randolph")]
        out.append(dict(categories=categories.tolist(), table=table.tolist(),
            kappa=[None if math.isnan(k) else float(k) for k in kappa]))
    print(json.dumps(out))
    """

  /// Seeded random ratings: 1 to 30 subjects, 2 to 7 raters, 1 to 5 categories; each rater picks the
  /// subject's most likely category 60 % of the time.
  static func cases<Category>(count: Int, seed: UInt64, pool: [Category]) -> [[[Category]]] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
      let kinds = Array(pool.shuffled(using: &generator).prefix(Int.random(in: 1...5, using: &generator)))
      let raters = Int.random(in: 2...7, using: &generator)
      return (0..<Int.random(in: 1...30, using: &generator)).map { _ in
        let likely = kinds.randomElement(using: &generator) ?? kinds[0]
        return (0..<raters).map { _ in
          Double.random(in: 0..<1, using: &generator) < 0.6 ? likely : kinds.randomElement(using: &generator) ?? likely
        }
      }
    }
  }

  static func check<Category: Codable & Hashable & Comparable & Sendable>(
    _ cases: [[[Category]]], interpreter: String
  ) throws {
    let expected = try PythonPeer.run(
      Self.script, interpreter: interpreter, cases: cases, as: [Expected<Category>].self)
    try #require(expected.count == cases.count)
    for (index, (ratings, peer)) in zip(cases, expected).enumerated() {
      let fleiss = try FleissKappa(ratings: ratings)
      #expect(fleiss.categories == peer.categories && fleiss.counts == peer.table, "case \(index)")
      #expect(close(fleiss.kappa(), peer.kappa[0], within: 1e-9), "case \(index): Fleiss")
      #expect(close(fleiss.kappa(method: .randolph), peer.kappa[1], within: 1e-9), "case \(index): Randolph")
    }
  }

  @Test(.enabled(if: python(with: ["statsmodels"]) != nil))
  func statsmodelsAgreesOnRandomRatings() throws {
    let interpreter = try #require(python(with: ["statsmodels"]))
    try Self.check(Self.cases(count: 300, seed: 0xF1E5, pool: [0, 1, 2, 5, 9]), interpreter: interpreter)
    try Self.check(
      Self.cases(count: 300, seed: 0xF1E6, pool: ["cell", "debris", "mitotic", "Nucleus", "unsure"]),
      interpreter: interpreter)
  }
}
