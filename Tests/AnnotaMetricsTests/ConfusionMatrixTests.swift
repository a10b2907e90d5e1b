// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// The confusion matrix, per-class scores and Cohen's κ against literal values from scikit-learn
/// 1.9.1 (numpy 2.4.6), hand-checked where the fractions are small, and against scikit-learn itself on
/// seeded random labels.
@Suite("Confusion matrix and Cohen's kappa")
struct ConfusionMatrixTests {
  static func close(_ a: Double?, _ b: Double?, within tolerance: Double = 1e-12) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance
  }

  static func close(_ a: [Double], _ b: [Double], within tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, within: tolerance) }
  }

  static let reference = [
    "nucleus", "cytoplasm", "nucleus", "membrane", "background", "nucleus", "membrane", "cytoplasm", "nucleus",
    "background", "membrane", "nucleus",
  ]
  static let candidate = [
    "nucleus", "nucleus", "nucleus", "membrane", "background", "cytoplasm", "cytoplasm", "cytoplasm", "nucleus",
    "membrane", "membrane", "background",
  ]

  @Test func stringLabelsAsScikitLearnScoresThem() throws {
    let matrix = try ConfusionMatrix(reference: Self.reference, candidate: Self.candidate)
    #expect(matrix.labels == ["background", "cytoplasm", "membrane", "nucleus"])
    #expect(matrix.counts == [[1, 0, 1, 0], [0, 1, 0, 1], [0, 1, 2, 0], [1, 1, 0, 3]])
    #expect(matrix[reference: "nucleus", candidate: "cytoplasm"] == 1 && matrix.total == 12)
    #expect(matrix[reference: "nucleus", candidate: "mitosis"] == 0)
    #expect(Self.close(matrix.accuracy, 7.0 / 12))
    let classes = matrix.classes
    #expect(classes.map(\.support) == [2, 2, 3, 5] && classes.map(\.predicted) == [2, 3, 3, 4])
    #expect(classes.map(\.truePositives) == [1, 1, 2, 3])
    #expect(Self.close(classes.map(\.precision), [0.5, 1.0 / 3, 2.0 / 3, 0.75]))
    #expect(Self.close(classes.map(\.recall), [0.5, 0.5, 2.0 / 3, 0.6]))
    #expect(Self.close(classes.map(\.f1), [0.5, 0.4, 2.0 / 3, 2.0 / 3]))
    #expect(matrix.macroPrecision == 0.5625 && Self.close(matrix.macroRecall, 0.5666666666666667))
    #expect(Self.close(matrix.macroF1, 0.5583333333333333))
    #expect(Self.close(matrix.weightedPrecision, 0.6180555555555555))
    #expect(Self.close(matrix.weightedRecall, 0.5833333333333334) && Self.close(matrix.weightedF1, 0.5944444444444444))
    #expect(Self.close(matrix.cohenKappa(), 0.4285714285714286))
    #expect(Self.close(matrix.cohenKappa(weighting: .linear), 0.3181818181818181))
    #expect(Self.close(matrix.cohenKappa(weighting: .quadratic), 0.2542372881355932))
  }

  /// Cohen's example as Wikipedia gives it: 50 items, agreement 0.7, chance agreement 0.5, κ = 0.4.
  @Test func cohensKappaByHand() throws {
    let first = [String](repeating: "yes", count: 25) + [String](repeating: "no", count: 25)
    let second =
      [String](repeating: "yes", count: 20) + [String](repeating: "no", count: 5)
      + [String](repeating: "yes", count: 10) + [String](repeating: "no", count: 15)
    let matrix = try ConfusionMatrix(reference: first, candidate: second)
    #expect(matrix.accuracy == 0.7 && Self.close(matrix.cohenKappa(), 0.4))
    // κ is symmetric in the two raters.
    #expect(Self.close(try ConfusionMatrix(reference: second, candidate: first).cohenKappa(), 0.4))
    // 0, 1, 2, 0 against 0, 2, 1, 0: p_o = 1/2, p_e = 6/16, κ = 0.2; quadratic 7/11.
    let small = try ConfusionMatrix(reference: [0, 1, 2, 0], candidate: [0, 2, 1, 0])
    #expect(small.counts == [[2, 0, 0], [0, 0, 1], [0, 1, 0]])
    #expect(Self.close(small.cohenKappa(), 0.2) && Self.close(small.cohenKappa(weighting: .quadratic), 7.0 / 11))
  }

  /// A label list sets the rows' order, holds classes nobody used, and ranks the weighted κ's labels.
  @Test func aGivenLabelListSetsTheOrder() throws {
    let first = [3, 1, 2, 2, 5, 1, 3, 3, 2, 1]
    let second = [3, 2, 2, 2, 1, 1, 3, 1, 2, 1]
    let matrix = try ConfusionMatrix(reference: first, candidate: second, labels: [5, 3, 2, 1, 4])
    #expect(
      matrix.counts == [[0, 0, 0, 1, 0], [0, 2, 0, 1, 0], [0, 0, 3, 0, 0], [0, 0, 1, 2, 0], [0, 0, 0, 0, 0]])
    let classes = matrix.classes
    #expect(classes.map(\.label) == [5, 3, 2, 1, 4] && classes.map(\.support) == [1, 3, 3, 3, 0])
    #expect(Self.close(classes.map(\.precision), [0, 1, 0.75, 0.5, 0]))
    #expect(Self.close(classes.map(\.recall), [0, 2.0 / 3, 1, 2.0 / 3, 0]))
    #expect(Self.close(classes.map(\.f1), [0, 0.8, 0.8571428571428571, 0.5714285714285714, 0]))
    #expect(Self.close(matrix.macroPrecision, 0.45) && Self.close(matrix.macroRecall, 0.4666666666666666))
    #expect(Self.close(matrix.macroF1, 0.44571428571428573))
    #expect(Self.close(matrix.cohenKappa(), 0.5714285714285714))
    #expect(Self.close(matrix.cohenKappa(weighting: .linear), 0.4))
    #expect(Self.close(matrix.cohenKappa(weighting: .quadratic), 0.16666666666666652))
    let ascending = try ConfusionMatrix(reference: first, candidate: second, labels: [1, 2, 3, 4, 5])
    #expect(Self.close(ascending.cohenKappa(), 0.5714285714285714))
    #expect(Self.close(ascending.cohenKappa(weighting: .linear), 0.36363636363636365))
    #expect(Self.close(ascending.cohenKappa(weighting: .quadratic), 0.05405405405405406))
  }

  @Test func oneClassOnlyLeavesKappaUndefined() throws {
    let same = try ConfusionMatrix(reference: ["cell", "cell", "cell"], candidate: ["cell", "cell", "cell"])
    #expect(same.accuracy == 1 && same.classes.map(\.f1) == [1] && same.macroF1 == 1)
    for weighting in KappaWeighting.allCases { #expect(same.cohenKappa(weighting: weighting) == nil) }
    // One label in common and another used once: κ is 0 (scikit-learn's 0.0), per-class zeros where 0/0.
    let one = try ConfusionMatrix(reference: [1, 1], candidate: [1, 2])
    #expect(one.cohenKappa() == 0 && one.classes.map(\.recall) == [0.5, 0] && one.classes.map(\.precision) == [1, 0])
    #expect(Self.close(one.classes.map(\.f1), [2.0 / 3, 0]) && one.macroRecall == 0.25)
  }

  @Test func noSamplesGiveZerosAndNoKappa() throws {
    let empty = try ConfusionMatrix<Int>(reference: [], candidate: [])
    #expect(empty.labels.isEmpty && empty.counts.isEmpty && empty.total == 0)
    #expect(empty.accuracy == 0 && empty.macroF1 == 0 && empty.weightedF1 == 0 && empty.cohenKappa() == nil)
    let listed = try ConfusionMatrix<Int>(reference: [], candidate: [], labels: [1, 2])
    #expect(listed.counts == [[0, 0], [0, 0]] && listed.macroPrecision == 0 && listed.cohenKappa() == nil)
  }

  @Test func badInputIsAnError() {
    let length = #expect(throws: MetricInputError.self) {
      try ConfusionMatrix(reference: [1, 2, 3], candidate: [1, 2])
    }
    #expect(length?.code == .lengthMismatch)
    let unknown = #expect(throws: MetricInputError.self) {
      try ConfusionMatrix(reference: [1, 2], candidate: [1, 3], labels: [1, 2])
    }
    #expect(unknown?.code == .unknownLabel)
    let twice = #expect(throws: MetricInputError.self) {
      try ConfusionMatrix(reference: [1, 2], candidate: [1, 2], labels: [1, 2, 1])
    }
    #expect(twice?.code == .invalidParameter)
  }
}

extension ConfusionMatrixTests {
  struct Case<Label: Codable>: Codable {
    var reference: [Label]
    var candidate: [Label]
    var labels: [Label]?
  }

  struct Expected<Label: Codable>: Codable {
    var labels: [Label]
    var confusion: [[Int]]
    var accuracy: Double
    var precision: [Double]
    var recall: [Double]
    var f1: [Double]
    var support: [Int]
    var macro: [Double]
    var weighted: [Double]
    /// Unweighted, linear, quadratic; `nil` for NaN.
    var kappa: [Double?]
  }

  static let script = """
    import json, math, sys, warnings
    from sklearn.metrics import (accuracy_score, cohen_kappa_score, confusion_matrix,
        precision_recall_fscore_support)
    from sklearn.utils.multiclass import unique_labels
    warnings.simplefilter("ignore")
    out = []
    for case in json.load(open(sys.argv[1])):
        y1, y2, labels = case["reference"], case["candidate"], case.get("labels")
        p, r, f, s = precision_recall_fscore_support(y1, y2, labels=labels, average=None, zero_division=0)
        macro = precision_recall_fscore_support(y1, y2, labels=labels, average="macro", zero_division=0)
        weighted = precision_recall_fscore_support(y1, y2, labels=labels, average="weighted", zero_division=0)
        kappa = [cohen_kappa_score(y1, y2, labels=labels, weights=w) for w in (None, "linear", "quadratic")]
        out.append(dict(
            labels=labels if labels is not None else unique_labels(y1, y2).tolist(),
            confusion=confusion_matrix(y1, y2, labels=labels).tolist(),
            accuracy=accuracy_score(y1, y2),
            precision=p.tolist(), recall=r.tolist(), f1=f.tolist(), support=s.tolist(),
            macro=list(macro[:3]), weighted=list(weighted[:3]),
            kappa=[None if math.isnan(k) else float(k) for k in kappa]))
    print(json.dumps(out))
    """

  /// Seeded random cases: 1 to 60 samples over 1 to 6 labels, the candidate agreeing with the
  /// reference about 60 % of the time; every fourth case lists the labels, shuffled, with one unused.
  static func cases<Label: Codable & Hashable>(count: Int, seed: UInt64, pool: [Label]) -> [Case<Label>] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { index in
      let kinds = Array(pool.shuffled(using: &generator).prefix(Int.random(in: 1...6, using: &generator)))
      let size = Int.random(in: 1...60, using: &generator)
      let reference = (0..<size).map { _ in kinds.randomElement(using: &generator) ?? kinds[0] }
      let candidate = reference.map { label in
        Double.random(in: 0..<1, using: &generator) < 0.6 ? label : kinds.randomElement(using: &generator) ?? label
      }
      let unused = pool.first { !kinds.contains($0) }
      let labels = index % 4 == 3 ? (kinds + (unused.map { [$0] } ?? [])).shuffled(using: &generator) : nil
      return Case(reference: reference, candidate: candidate, labels: labels)
    }
  }

  static func check<Label: Codable & Hashable & Comparable & Sendable>(
    _ cases: [Case<Label>], interpreter: String
  ) throws {
    let expected = try PythonPeer.run(Self.script, interpreter: interpreter, cases: cases, as: [Expected<Label>].self)
    try #require(expected.count == cases.count)
    for (index, (test, peer)) in zip(cases, expected).enumerated() {
      let matrix = try ConfusionMatrix(reference: test.reference, candidate: test.candidate, labels: test.labels)
      #expect(matrix.labels == peer.labels && matrix.counts == peer.confusion, "case \(index)")
      let classes = matrix.classes
      #expect(classes.map(\.support) == peer.support, "case \(index)")
      #expect(close(matrix.accuracy, peer.accuracy, within: 1e-9), "case \(index)")
      #expect(close(classes.map(\.precision), peer.precision, within: 1e-9), "case \(index)")
      #expect(close(classes.map(\.recall), peer.recall, within: 1e-9), "case \(index)")
      #expect(close(classes.map(\.f1), peer.f1, within: 1e-9), "case \(index)")
      #expect(close([matrix.macroPrecision, matrix.macroRecall, matrix.macroF1], peer.macro, within: 1e-9))
      #expect(close([matrix.weightedPrecision, matrix.weightedRecall, matrix.weightedF1], peer.weighted, within: 1e-9))
      for (weighting, kappa) in zip(KappaWeighting.allCases, peer.kappa) {
        #expect(close(matrix.cohenKappa(weighting: weighting), kappa, within: 1e-9), "case \(index): \(weighting)")
      }
    }
  }

  @Test(.enabled(if: python(with: ["sklearn"]) != nil))
  func scikitLearnAgreesOnRandomIntegerLabels() throws {
    let interpreter = try #require(python(with: ["sklearn"]))
    try Self.check(Self.cases(count: 300, seed: 0xC1A5, pool: [0, 1, 2, 3, 7, 10, 42, -1]), interpreter: interpreter)
  }

  /// String labels sort by code point in both (capitals first, `class-10` before `class-2`).
  @Test(.enabled(if: python(with: ["sklearn"]) != nil))
  func scikitLearnAgreesOnRandomStringLabels() throws {
    let interpreter = try #require(python(with: ["sklearn"]))
    let pool = ["nucleus", "Nucleus", "class-10", "class-2", "débris", "background", "mitosis", "cell"]
    try Self.check(Self.cases(count: 300, seed: 0x57A1, pool: pool), interpreter: interpreter)
  }
}
