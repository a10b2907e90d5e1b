// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// Instance matching against the numbers StarDist 0.9.2 gives (`../shared/reference/wave2-formats.md`
/// §8.3), and the assignment against brute force.
@Suite("Instance matching")
struct InstanceMatchingTests {
  /// §8.3: GT with objects 1, 2, 3 and PRED with 7, 9, 4 on an 8 × 8 grid.
  static let truth: [Int] = [
    1, 1, 1, 1, 0, 2, 2, 2,
    1, 1, 1, 1, 0, 2, 2, 2,
    1, 1, 1, 1, 0, 0, 0, 0,
    1, 1, 1, 1, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 3, 3, 3,
    0, 0, 0, 0, 0, 3, 3, 3,
    0, 0, 0, 0, 0, 3, 3, 3,
  ]
  static let predicted: [Int] = [
    0, 7, 7, 7, 0, 0, 9, 9,
    0, 7, 7, 7, 0, 0, 9, 9,
    0, 7, 7, 7, 0, 0, 0, 0,
    0, 7, 7, 7, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0,
    4, 4, 0, 0, 0, 0, 0, 0,
    4, 4, 0, 0, 0, 0, 0, 0,
  ]

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 5e-7 }

  @Test func theReferenceVectorAtHalf() {
    let overlap = LabelOverlap(reference: Self.truth, candidate: Self.predicted)
    let scores = InstanceMatching.scores(overlap)
    // Reference 1, 2, 3 against candidate 4, 7, 9: IoU(1,7) = 12/16, IoU(2,9) = 4/6.
    #expect(scores == [0, 0.75, 0, 0, 0, Float(4.0 / 6), 0, 0, 0])
    let result = InstanceMatching.match(overlap, thresholds: [0.5])[0]
    #expect(result.tp == 2 && result.fp == 1 && result.fn == 1)
    #expect(Self.close(result.precision, 0.666667) && Self.close(result.recall, 0.666667))
    #expect(Self.close(result.f1, 0.666667) && result.accuracy == 0.5)
    #expect(Self.close(result.meanMatchedScore, 0.708333) && Self.close(result.meanTrueScore, 0.472222))
    #expect(Self.close(result.panopticQuality, 0.472222))
  }

  @Test func theReferenceVectorAtThreeQuarters() {
    let overlap = LabelOverlap(reference: Self.truth, candidate: Self.predicted)
    let result = InstanceMatching.match(overlap, thresholds: [0.75])[0]
    #expect(result.tp == 1 && result.fp == 2 && result.fn == 2)
    #expect(Self.close(result.precision, 0.333333) && Self.close(result.f1, 0.333333))
    #expect(result.accuracy == 0.2 && result.meanMatchedScore == 0.75)
    #expect(result.meanTrueScore == 0.25 && result.panopticQuality == 0.25)
  }

  @Test func foregroundDiceAndIoU() {
    let overlap = LabelOverlap(reference: Self.truth, candidate: Self.predicted)
    #expect(overlap.referenceForeground == 31 && overlap.candidateForeground == 20 && overlap.sharedForeground == 16)
    #expect(Self.close(overlap.foregroundDice, 0.627451) && Self.close(overlap.foregroundIoU, 0.457143))
  }

  @Test func criteriaAndEmptyImages() {
    let overlap = LabelOverlap(reference: Self.truth, candidate: Self.predicted)
    // Intersection over the true object: 12/16 for (1, 7); over the predicted: 12/12.
    #expect(InstanceMatching.scores(overlap, criterion: .iot)[1] == 0.75)
    #expect(InstanceMatching.scores(overlap, criterion: .iop)[1] == 1)
    let empty = [Int](repeating: 0, count: Self.truth.count)
    let none = InstanceMatching.match(LabelOverlap(reference: empty, candidate: Self.predicted), thresholds: [0.5])[0]
    #expect(none.tp == 0 && none.fp == 3 && none.fn == 0 && none.precision == 0 && none.f1 == 0)
    let nothing = InstanceMatching.match(LabelOverlap(reference: empty, candidate: empty), thresholds: [0.5])[0]
    #expect(nothing.tp == 0 && nothing.fp == 0 && nothing.fn == 0 && nothing.accuracy == 0)
  }

  @Test func poolingSumsCountsAndScoresBeforeTheRatios() {
    let overlap = LabelOverlap(reference: Self.truth, candidate: Self.predicted)
    let same = LabelOverlap(reference: Self.truth, candidate: Self.truth)
    let pooled = InstanceMatching.pooled([
      InstanceMatching.match(overlap, thresholds: [0.5]), InstanceMatching.match(same, thresholds: [0.5]),
    ])[0]
    #expect(pooled.tp == 5 && pooled.fp == 1 && pooled.fn == 1 && pooled.nTrue == 6)
    #expect(Self.close(Double(pooled.sumMatchedScore), 0.75 + 4.0 / 6 + 3))
  }

  /// Dense counting (small labels), a hashed pair table (large label products) and hashed labels
  /// (labels beyond a million, or negative) give the same overlap.
  @Test(arguments: [0, 5_000, 3_000_000, -100])
  func everyCountingPathAgrees(offset: Int) {
    var generator = SeededGenerator(seed: 0x0E1A_0000 &+ UInt64(bitPattern: Int64(offset)))
    let truth = (0..<4096).map { _ in Int.random(in: 0...40, using: &generator) }
    let candidate = truth.map { $0 == 0 ? 0 : ($0 * 7 + Int.random(in: 0...2, using: &generator)) % 50 }
    let base = LabelOverlap(reference: truth, candidate: candidate)
    let shifted = LabelOverlap(
      reference: truth.map { $0 == 0 ? 0 : $0 + offset }, candidate: candidate.map { $0 == 0 ? 0 : $0 + 2 * offset })
    #expect(shifted.referenceSizes == base.referenceSizes && shifted.candidateSizes == base.candidateSizes)
    #expect(shifted.shared == base.shared && shifted.referenceLabels.count == base.referenceLabels.count)
    let unsigned = LabelOverlap(
      reference: truth.map { UInt32($0 == 0 ? 0 : $0 + abs(offset)) }, candidate: candidate.map { UInt32($0) })
    #expect(unsigned.shared == base.shared && unsigned.referenceSizes == base.referenceSizes)
    let narrow = LabelOverlap(
      reference: truth.map { UInt16($0 == 0 ? 0 : $0 + abs(offset) % 60_000) }, candidate: candidate.map { UInt16($0) })
    #expect(narrow.shared == base.shared && narrow.candidateSizes == base.candidateSizes)
    #expect(
      InstanceMatching.match(shifted, thresholds: [0.3, 0.5]) == InstanceMatching.match(base, thresholds: [0.3, 0.5]))
  }

  /// The least total cost over every assignment of min(rows, columns) rows, by brute force.
  static func bruteForce(_ cost: [Double], rows: Int, columns: Int) -> Double {
    func best(_ row: Int, _ used: Set<Int>, _ assigned: Int) -> Double {
      let needed = min(rows, columns)
      if assigned == needed { return 0 }
      if row == rows { return .infinity }
      var answer = rows - row > needed - assigned ? best(row + 1, used, assigned) : Double.infinity
      for column in 0..<columns where !used.contains(column) {
        answer = min(answer, cost[row * columns + column] + best(row + 1, used.union([column]), assigned + 1))
      }
      return answer
    }
    return best(0, [], 0)
  }

  @Test(arguments: 0..<60)
  func theAssignmentIsOptimal(seed: Int) {
    var generator = SeededGenerator(seed: UInt64(seed))
    let rows = Int.random(in: 1...5, using: &generator)
    let columns = Int.random(in: 1...5, using: &generator)
    // Few distinct values: ties, as thresholded scores make them.
    let cost = (0..<rows * columns).map { _ in Double(Int.random(in: -3...3, using: &generator)) / 2 }
    let pairs = LinearAssignment.solve(cost, rows: rows, columns: columns)
    #expect(pairs.count == min(rows, columns))
    #expect(Set(pairs.map(\.row)).count == pairs.count && Set(pairs.map(\.column)).count == pairs.count)
    let total = pairs.reduce(0) { $0 + cost[$1.row * columns + $1.column] }
    #expect(abs(total - Self.bruteForce(cost, rows: rows, columns: columns)) < 1e-9, "\(rows)×\(columns) \(cost)")
  }
}
