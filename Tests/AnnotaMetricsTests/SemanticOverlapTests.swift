// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics
import Testing

/// Per-class Dice and IoU by their formulas, and the stated convention for a class absent from both.
@Suite("Semantic overlap")
struct SemanticOverlapTests {
  // Class 1: reference 4 pixels, candidate 3, 2 shared; class 2: reference 2, candidate 3, 2 shared.
  static let reference = [1, 1, 1, 1, 2, 2, 0, 0]
  static let candidate = [1, 1, 0, 2, 2, 2, 1, 0]

  @Test func perClassDiceAndIoU() throws {
    let overlap = SemanticOverlap(reference: Self.reference, candidate: Self.candidate)
    #expect(overlap.classes.map(\.value) == [1, 2])
    let one = overlap.classes[0]
    #expect(one.reference == 4 && one.candidate == 3 && one.shared == 2)
    #expect(one.dice == 4.0 / 7 && one.iou == 2.0 / 5)
    let two = overlap.classes[1]
    #expect(two.dice == 4.0 / 5 && two.iou == 2.0 / 3)
    let expectedMean: Double = (4.0 / 7 + 4.0 / 5) / 2
    #expect(try #require(overlap.meanDice) == expectedMean)
  }

  @Test func aClassAbsentFromBothFollowsTheStatedConvention() {
    let undefined = SemanticOverlap(reference: Self.reference, candidate: Self.candidate, classes: [1, 2, 3])
    #expect(undefined.classes[2].dice == nil && undefined.classes[2].iou == nil)
    let twoClasses: Double = (4.0 / 7 + 4.0 / 5) / 2
    #expect(undefined.meanDice == twoClasses, "an unscored class does not enter the mean")
    let perfect = SemanticOverlap(
      reference: Self.reference, candidate: Self.candidate, classes: [1, 2, 3], empty: .perfect)
    let threeClasses: Double = (4.0 / 7 + 4.0 / 5 + 1) / 3
    #expect(perfect.classes[2].dice == 1 && perfect.meanDice == threeClasses)
    // A class in one image only scores 0: no convention needed.
    let missed = SemanticOverlap(reference: [3, 3, 0], candidate: [0, 0, 0])
    #expect(missed.classes.map(\.dice) == [0] && missed.classes.map(\.iou) == [0])
    #expect(SemanticOverlap(reference: [0, 0], candidate: [0, 0]).meanDice == nil)
  }
}
