// SPDX-License-Identifier: Apache-2.0

/// Per-class Dice and IoU of two semantic label images (class values, 0 background), as Metrics
/// Reloaded defines them for semantic segmentation: for class c, Dice = 2|R_c ∩ C_c| / (|R_c| + |C_c|)
/// and IoU = |R_c ∩ C_c| / |R_c ∪ C_c|, where R_c and C_c are the pixels of class c in the reference
/// and the candidate.
public struct SemanticOverlap: Sendable {
  /// How a class absent from both images is scored, which Metrics Reloaded leaves to be stated.
  public enum EmptyConvention: String, Sendable, CaseIterable {
    /// Not scored (`nil`): nothing to agree or disagree on.
    case undefined
    /// Scored 1: both agree that the class is absent.
    case perfect
  }

  /// One class's numbers.
  public struct ClassScore: Sendable, Hashable {
    /// The class value.
    public var value: Int
    /// Its pixels in the reference.
    public var reference: Int
    /// Its pixels in the candidate.
    public var candidate: Int
    /// Pixels of the class in both.
    public var shared: Int
    /// Dice, or `nil` for a class absent from both under ``EmptyConvention/undefined``.
    public var dice: Double?
    /// IoU, or `nil` as for ``dice``.
    public var iou: Double?
  }

  /// The scores, by class value ascending.
  public private(set) var classes: [ClassScore]

  /// Scores every class of `classes`, or every non-zero value present in either image.
  /// - Parameters:
  ///   - reference: the reference class values, one per pixel.
  ///   - candidate: the candidate class values, one per pixel, in the same order.
  ///   - classes: the classes to score (a label table's), or `nil` for those present.
  ///   - empty: how a class absent from both is scored.
  public init(reference: [Int], candidate: [Int], classes: [Int]? = nil, empty: EmptyConvention = .undefined) {
    precondition(reference.count == candidate.count, "label images of different sizes")
    var inReference: [Int: Int] = [:]
    var inCandidate: [Int: Int] = [:]
    var inBoth: [Int: Int] = [:]
    for index in reference.indices {
      let r = reference[index]
      let c = candidate[index]
      if r != 0 { inReference[r, default: 0] += 1 }
      if c != 0 { inCandidate[c, default: 0] += 1 }
      if r != 0, r == c { inBoth[r, default: 0] += 1 }
    }
    let values = classes ?? Array(Set(inReference.keys).union(inCandidate.keys))
    self.classes = values.sorted().map { value in
      let r = inReference[value] ?? 0
      let c = inCandidate[value] ?? 0
      let both = inBoth[value] ?? 0
      guard r + c > 0 else {
        let score: Double? = empty == .perfect ? 1 : nil
        return ClassScore(value: value, reference: 0, candidate: 0, shared: 0, dice: score, iou: score)
      }
      return ClassScore(
        value: value, reference: r, candidate: c, shared: both, dice: 2 * Double(both) / Double(r + c),
        iou: Double(both) / Double(r + c - both))
    }
  }

  /// The mean Dice over the scored classes (those with a value), or `nil` when none is.
  public var meanDice: Double? { Self.mean(classes.compactMap(\.dice)) }

  /// The mean IoU over the scored classes, or `nil` when none is.
  public var meanIoU: Double? { Self.mean(classes.compactMap(\.iou)) }

  static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}
