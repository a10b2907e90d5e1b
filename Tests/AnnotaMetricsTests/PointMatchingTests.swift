// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// Point matching by hand-checkable cases, against literal values from Spotiflow's recipe, and against
/// that recipe run by scipy on seeded random point sets.
@Suite("Point matching")
struct PointMatchingTests {
  static func close(_ a: Double, _ b: Double, within tolerance: Double = 1e-12) -> Bool {
    abs(a - b) <= tolerance
  }

  static func pairs(_ result: PointMatching.Result) -> [[Double]] {
    result.pairs.map { [Double($0.reference), Double($0.candidate), $0.distance] }
  }

  @Test func aPairExactlyAtTheCutoffMatches() throws {
    let result = try PointMatching.match(
      reference: [[0, 0], [10, 0], [20, 0]], candidate: [[1, 0], [10, 2], [30, 0], [20, 3]], cutoff: 3)
    #expect(Self.pairs(result) == [[0, 0, 1], [1, 1, 2], [2, 3, 3]])
    #expect(result.tp == 3 && result.fp == 1 && result.fn == 0)
    #expect(result.falsePositives == [2] && result.falseNegatives.isEmpty)
    #expect(result.precision == 0.75 && result.recall == 1 && result.accuracy == 0.75)
    #expect(Self.close(result.f1, 6.0 / 7) && result.meanDistance == 2)
    // Σ (3 − d) / 3 = 1 over tp + fp/2 + fn/2 = 3.5.
    #expect(Self.close(result.panopticQuality, 2.0 / 7))
    let tighter = try PointMatching.match(
      reference: [[0, 0], [10, 0], [20, 0]], candidate: [[1, 0], [10, 2], [30, 0], [20, 3]], cutoff: 2.999)
    #expect(tighter.tp == 2 && tighter.falseNegatives == [2])
  }

  /// The most pairs within the cutoff come first: nearest-first pairing would leave one unmatched.
  @Test func theMostPairsWinOverTheNearestPair() throws {
    let result = try PointMatching.match(reference: [[0, 0], [2.5, 0]], candidate: [[1, 0], [-2.5, 0]], cutoff: 3)
    #expect(Self.pairs(result) == [[0, 1, 2.5], [1, 0, 1.5]])
    #expect(result.meanDistance == 2 && Self.close(result.panopticQuality, 1.0 / 3))
  }

  /// Spotiflow minimises squared distances (two pairs at 2.5) where the sum of distances prefers a
  /// pair at 0 and one at 4.
  @Test func squaredAndPlainDistancesPickDifferentPairs() throws {
    let reference: [[Double]] = [[0, 0], [1.5, 2]]
    let candidate: [[Double]] = [[0, 0], [1.5, -2]]
    let squared = try PointMatching.match(reference: reference, candidate: candidate, cutoff: 5)
    #expect(Self.pairs(squared) == [[0, 1, 2.5], [1, 0, 2.5]])
    #expect(squared.meanDistance == 2.5 && squared.panopticQuality == 0.5)
    let plain = try PointMatching.match(reference: reference, candidate: candidate, cutoff: 5, cost: .distance)
    #expect(Self.pairs(plain) == [[0, 0, 0], [1, 1, 4]])
    #expect(plain.meanDistance == 2 && Self.close(plain.panopticQuality, 0.6))
  }

  /// An anisotropic 3-D case; the expected values are Spotiflow's `points_matching` recipe (with
  /// `eps=0`) run by scipy 1.17.1 and numpy 2.4.6 on the scaled coordinates.
  @Test func anisotropicPointsInThreeDimensions() throws {
    let reference: [[Double]] = [
      [0.5, 3.25, 7.0], [2.0, 1.0, 1.5], [4.75, 6.5, 2.25], [9.0, 9.0, 9.0], [3.0, 3.0, 3.5], [6.0, 0.5, 4.0],
    ]
    let candidate: [[Double]] = [
      [0.0, 3.0, 6.0], [2.5, 1.5, 2.0], [4.0, 6.0, 3.0], [3.5, 2.5, 3.0], [7.5, 1.0, 4.5],
    ]
    let result = try PointMatching.match(
      reference: reference, candidate: candidate, cutoff: 1.5, scale: [2.0, 0.65, 0.65])
    #expect(result.pairs.map(\.reference) == [0, 1, 4] && result.pairs.map(\.candidate) == [0, 1, 3])
    #expect(result.pairs.map(\.distance) == [1.2037052172355154, 1.100568035152757, 1.100568035152757])
    #expect(result.tp == 3 && result.fp == 2 && result.fn == 3)
    #expect(result.precision == 0.6 && result.recall == 0.5 && result.accuracy == 0.375)
    #expect(Self.close(result.f1, 0.5454545454545454) && Self.close(result.meanDistance, 1.1349470958470098))
    #expect(Self.close(result.panopticQuality, 0.13274651060108736))
    // Unscaled, the z axis no longer dominates: other pairs fall within the cutoff.
    let unscaled = try PointMatching.match(reference: reference, candidate: candidate, cutoff: 1.5)
    #expect(unscaled.tp == 4)
  }

  @Test func scaleIsAppliedPerAxis() throws {
    // z, y, x with a z step four times the xy pixel: the z neighbour is 2 µm away, the x one 0.5 µm.
    let result = try PointMatching.match(
      reference: [[0, 0, 0]], candidate: [[1, 0, 0], [0, 0, 1]], cutoff: 1.5, scale: [2, 0.5, 0.5])
    #expect(Self.pairs(result) == [[0, 1, 0.5]])
  }

  @Test func emptySetsScoreZero() throws {
    let none = try PointMatching.match(reference: [], candidate: [])
    #expect(none.tp == 0 && none.fp == 0 && none.fn == 0 && none.pairs.isEmpty)
    #expect(none.precision == 0 && none.recall == 0 && none.f1 == 0 && none.accuracy == 0)
    #expect(none.meanDistance == 0 && none.panopticQuality == 0)
    let missed = try PointMatching.match(reference: [], candidate: [[1, 2], [3, 4], [5, 6]])
    #expect(missed.fp == 3 && missed.fn == 0 && missed.precision == 0 && missed.falsePositives == [0, 1, 2])
    let noCandidate = try PointMatching.match(reference: [[1, 2]], candidate: [])
    #expect(noCandidate.fn == 1 && noCandidate.recall == 0 && noCandidate.falseNegatives == [0])
  }

  @Test func nonFiniteCoordinatesMatchNothing() throws {
    let result = try PointMatching.match(
      reference: [[.nan, 0], [1, 1]], candidate: [[1, 1], [0, .infinity], [1, 1.5]], cutoff: 3)
    #expect(result.nonFiniteReference == [0] && result.nonFiniteCandidate == [1])
    #expect(Self.pairs(result) == [[1, 0, 0]])
    #expect(result.tp == 1 && result.fn == 1 && result.fp == 2)
    // An overflowing distance never matches, even with an infinite cutoff.
    let far = try PointMatching.match(reference: [[-1e300, 0]], candidate: [[1e300, 0]], cutoff: .infinity)
    #expect(far.tp == 0 && far.nonFiniteReference.isEmpty)
    let anywhere = try PointMatching.match(reference: [[0, 0]], candidate: [[1e100, 0]], cutoff: .infinity)
    #expect(anywhere.tp == 1 && anywhere.panopticQuality == 1)
  }

  @Test func aZeroCutoffMatchesCoincidentPointsOnly() throws {
    let result = try PointMatching.match(reference: [[1, 1], [2, 2]], candidate: [[1, 1], [2, 2.5]], cutoff: 0)
    #expect(Self.pairs(result) == [[0, 0, 0]] && result.panopticQuality == 0.5)
  }

  /// Points on a pixel grid tie: any one of the equally near pairs, at the same distance.
  @Test func tiesKeepTheCounts() throws {
    let result = try PointMatching.match(reference: [[0, 0], [0, 2]], candidate: [[0, 1]], cutoff: 1)
    #expect(result.tp == 1 && result.fn == 1 && result.meanDistance == 1)
  }

  /// Thousands of sparse spots split into small groups instead of one cubic-time assignment.
  @Test func manySparseSpotsMatchQuickly() throws {
    let reference = (0..<1500).map { [Double($0 / 30) * 10, Double($0 % 30) * 10] }
    let candidate = reference.reversed().map { [$0[0] + 0.5, $0[1] - 1] }
    let result = try PointMatching.match(reference: reference, candidate: candidate, cutoff: 3)
    #expect(result.tp == 1500 && result.pairs.allSatisfy { $0.reference + $0.candidate == 1499 })
    #expect(Self.close(result.meanDistance, 1.25.squareRoot()))
  }

  @Test func badInputIsAnError() {
    #expect(throws: MetricInputError.self) { try PointMatching.match(reference: [[0, 0]], candidate: [[0, 0, 0]]) }
    let mixed = #expect(throws: MetricInputError.self) {
      try PointMatching.match(reference: [[0, 0], [1]], candidate: [])
    }
    #expect(mixed?.code == .dimensionMismatch)
    let scale = #expect(throws: MetricInputError.self) {
      try PointMatching.match(reference: [[0, 0]], candidate: [[1, 1]], scale: [1, 1, 1])
    }
    #expect(scale?.code == .dimensionMismatch)
    let none = #expect(throws: MetricInputError.self) { try PointMatching.match(reference: [[]], candidate: [[]]) }
    #expect(none?.code == .dimensionMismatch)
    for cutoff in [-1, Double.nan] {
      let error = #expect(throws: MetricInputError.self) {
        try PointMatching.match(reference: [[0, 0]], candidate: [[1, 1]], cutoff: cutoff)
      }
      #expect(error?.code == .invalidParameter)
    }
    for factor in [0, -1, Double.nan, .infinity] {
      let error = #expect(throws: MetricInputError.self) {
        try PointMatching.match(reference: [[0, 0]], candidate: [[1, 1]], scale: [1, factor])
      }
      #expect(error?.code == .invalidParameter)
    }
  }
}

extension PointMatchingTests {
  struct Case: Codable {
    var reference: [[Double]]
    var candidate: [[Double]]
    var axes: Int
    var cutoff: Double
    var scale: [Double]
    var cost: String
    /// Integer coordinates, where the assignment may tie.
    var grid: Bool
  }

  struct Expected: Codable {
    var tp: Int
    var fp: Int
    var fn: Int
    var pairs: [[Double]]
    /// The sum of the matched pairs' costs (squared or plain distances).
    var objective: Double
    var precision: Double
    var recall: Double
    var f1: Double
    var accuracy: Double
    var meanDistance: Double
    var panopticQuality: Double
  }

  /// Spotiflow's `points_matching` (0.6.4) with `eps=0`, which makes its ratios StarDist's
  /// `_safe_divide`; the `distance` cost puts plain distances into the same recipe.
  static let script = """
    import json, sys
    import numpy as np
    from scipy.optimize import linear_sum_assignment
    from scipy.spatial.distance import cdist
    out = []
    for case in json.load(open(sys.argv[1])):
        scale = np.array(case["scale"], dtype=float)
        p1 = np.array(case["reference"], dtype=float).reshape(-1, case["axes"]) * scale
        p2 = np.array(case["candidate"], dtype=float).reshape(-1, case["axes"]) * scale
        cutoff_distance = case["cutoff"]
        if len(p1) == 0 or len(p2) == 0:
            D = np.zeros((0, 0))
        else:
            D = cdist(p1, p2, metric="sqeuclidean")
        C = D.copy() if case["cost"] == "squaredDistance" else np.sqrt(D)
        if D.size > 0:
            C[D > cutoff_distance**2] = 1e10 * (1 + C.max())
        i, j = linear_sum_assignment(C)
        valid = D[i, j] <= cutoff_distance**2
        i, j = i[valid], j[valid]
        tp = len(i); fp = len(p2) - tp; fn = len(p1) - tp
        dist = np.sqrt(D[i, j])
        pq_den = tp + fp / 2 + fn / 2
        out.append(dict(
            tp=tp, fp=fp, fn=fn,
            pairs=[[int(a), int(b), float(d)] for a, b, d in zip(i, j, dist)],
            objective=float(np.sum(C[i, j])),
            precision=tp / (tp + fp) if tp > 0 else 0,
            recall=tp / (tp + fn) if tp > 0 else 0,
            f1=2 * tp / (2 * tp + fp + fn) if tp > 0 else 0,
            accuracy=tp / (tp + fp + fn) if tp > 0 else 0,
            meanDistance=float(np.mean(dist)) if len(dist) > 0 else 0,
            panopticQuality=float(np.sum(cutoff_distance - dist) / cutoff_distance / pq_den) if tp > 0 else 0))
    print(json.dumps(out))
    """

  /// Seeded random cases: 2-D and 3-D, 0 to 20 points a side, continuous coordinates (no ties, the
  /// pairs must be scipy's) and integer ones (ties: the counts and the optimum must be scipy's).
  static func cases(count: Int) -> [Case] {
    var generator = SeededGenerator(seed: 0x5907)
    return (0..<count).map { index in
      let axes = Int.random(in: 2...3, using: &generator)
      let grid = index % 3 == 2
      let point = { (generator: inout SeededGenerator) -> [Double] in
        (0..<axes).map { _ in
          grid ? Double(Int.random(in: 0..<10, using: &generator)) : Double.random(in: 0..<30, using: &generator)
        }
      }
      let reference = (0..<Int.random(in: 0...20, using: &generator)).map { _ in point(&generator) }
      let candidate = (0..<Int.random(in: 0...20, using: &generator)).map { _ in point(&generator) }
      let scale: [Double] =
        grid
        ? (0..<axes).map { $0 == 0 && Bool.random(using: &generator) ? 2 : 1 }
        : (0..<axes).map { _ in Double.random(in: 0.2...2, using: &generator) }
      let cutoff = grid ? [1, 1.5, 2, 3][index % 4] : Double.random(in: 0.5...8, using: &generator)
      return Case(
        reference: reference, candidate: candidate, axes: axes, cutoff: cutoff, scale: scale,
        cost: index % 2 == 0 ? "squaredDistance" : "distance", grid: grid)
    }
  }

  @Test(.enabled(if: python(with: ["numpy", "scipy"]) != nil))
  func spotiflowsRecipeAgreesOnRandomPoints() throws {
    let interpreter = try #require(python(with: ["numpy", "scipy"]))
    let cases = Self.cases(count: 600)
    let expected = try PythonPeer.run(Self.script, interpreter: interpreter, cases: cases, as: [Expected].self)
    try #require(expected.count == cases.count)
    for (index, (test, peer)) in zip(cases, expected).enumerated() {
      let result = try PointMatching.match(
        reference: test.reference, candidate: test.candidate, cutoff: test.cutoff, scale: test.scale,
        cost: test.cost == "distance" ? .distance : .squaredDistance)
      #expect(result.tp == peer.tp && result.fp == peer.fp && result.fn == peer.fn, "case \(index)")
      let objective = result.pairs.reduce(0.0) {
        $0 + (test.cost == "distance" ? $1.distance : $1.distance * $1.distance)
      }
      #expect(Self.close(objective, peer.objective, within: 1e-9), "case \(index)")
      for (name, ours, theirs) in [
        ("precision", result.precision, peer.precision), ("recall", result.recall, peer.recall),
        ("f1", result.f1, peer.f1), ("accuracy", result.accuracy, peer.accuracy),
      ] {
        #expect(Self.close(ours, theirs, within: 1e-9), "case \(index): \(name)")
      }
      guard !test.grid else { continue }
      #expect(
        result.pairs.map { [Double($0.reference), Double($0.candidate)] } == peer.pairs.map { Array($0.prefix(2)) })
      #expect(
        zip(result.pairs, peer.pairs).allSatisfy { Self.close($0.distance, $1[2], within: 1e-9) }, "case \(index)")
      #expect(Self.close(result.meanDistance, peer.meanDistance, within: 1e-9), "case \(index)")
      #expect(Self.close(result.panopticQuality, peer.panopticQuality, within: 1e-9), "case \(index)")
    }
  }
}
