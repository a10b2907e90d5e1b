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
    let counts = reference.withUnsafeBufferPointer { r in candidate.withUnsafeBufferPointer { Self.count(r, $0) } }
    self.init(counts: counts, classes: classes, empty: empty)
  }

  /// Scores every class of `classes`, or every non-zero value present in either image, from labels
  /// stored as unsigned 32-bit samples.
  /// - Parameters:
  ///   - reference: the reference class values, one per pixel.
  ///   - candidate: the candidate class values, one per pixel, in the same order.
  ///   - classes: the classes to score (a label table's), or `nil` for those present.
  ///   - empty: how a class absent from both is scored.
  public init(reference: [UInt32], candidate: [UInt32], classes: [Int]? = nil, empty: EmptyConvention = .undefined) {
    precondition(reference.count == candidate.count, "label images of different sizes")
    let counts = reference.withUnsafeBufferPointer { r in candidate.withUnsafeBufferPointer { Self.count(r, $0) } }
    self.init(counts: counts, classes: classes, empty: empty)
  }

  /// Scores classes from pixel counts already summed (over several images, for a pooled score).
  /// - Parameters:
  ///   - counts: per class value, its pixels in the reference, the candidate and both.
  ///   - classes: the classes to score, or `nil` for those counted.
  ///   - empty: how a class absent from both is scored.
  public init(counts: [Int: ClassCounts], classes: [Int]? = nil, empty: EmptyConvention = .undefined) {
    let values = classes ?? Array(counts.keys)
    self.classes = values.sorted().map { value in
      let count = counts[value] ?? ClassCounts()
      let (r, c, both) = (count.reference, count.candidate, count.shared)
      guard r + c > 0 else {
        let score: Double? = empty == .perfect ? 1 : nil
        return ClassScore(value: value, reference: 0, candidate: 0, shared: 0, dice: score, iou: score)
      }
      return ClassScore(
        value: value, reference: r, candidate: c, shared: both, dice: 2 * Double(both) / Double(r + c),
        iou: Double(both) / Double(r + c - both))
    }
  }

  /// One class's pixels on each side and in both.
  public struct ClassCounts: Sendable, Hashable {
    /// Pixels of the class in the reference.
    public var reference = 0
    /// Pixels of the class in the candidate.
    public var candidate = 0
    /// Pixels of the class in both.
    public var shared = 0

    /// Creates counts of zero.
    public init() {}

    /// Adds another image's counts.
    /// - Parameter other: the counts to add.
    public mutating func add(_ other: ClassCounts) {
      reference += other.reference
      candidate += other.candidate
      shared += other.shared
    }
  }

  /// The counts behind ``classes``, by class value (to pool images).
  public var counts: [Int: ClassCounts] {
    var result: [Int: ClassCounts] = [:]
    for score in classes where score.reference + score.candidate > 0 {
      var count = ClassCounts()
      count.reference = score.reference
      count.candidate = score.candidate
      count.shared = score.shared
      result[score.value] = count
    }
    return result
  }

  /// Per-class pixel counts; values up to 2²⁰ in arrays, larger or negative ones hashed.
  private static func count<T: FixedWidthInteger>(
    _ reference: UnsafeBufferPointer<T>, _ candidate: UnsafeBufferPointer<T>
  )
    -> [Int: ClassCounts]
  {
    var lowest = T.zero
    var highest = T.zero
    for index in 0..<reference.count {
      highest = max(highest, max(reference[index], candidate[index]))
      lowest = min(lowest, min(reference[index], candidate[index]))
    }
    var result: [Int: ClassCounts] = [:]
    if lowest >= 0, Int(highest) <= 1 << 20 {
      let size = Int(highest) + 1
      var inReference = [Int](repeating: 0, count: size)
      var inCandidate = [Int](repeating: 0, count: size)
      var inBoth = [Int](repeating: 0, count: size)
      for index in 0..<reference.count {
        let r = Int(reference[index])
        let c = Int(candidate[index])
        inReference[r] &+= 1
        inCandidate[c] &+= 1
        if r == c { inBoth[r] &+= 1 }
      }
      for value in 1..<size where inReference[value] + inCandidate[value] > 0 {
        var count = ClassCounts()
        count.reference = inReference[value]
        count.candidate = inCandidate[value]
        count.shared = inBoth[value]
        result[value] = count
      }
      return result
    }
    for index in 0..<reference.count {
      let r = Int(reference[index])
      let c = Int(candidate[index])
      if r != 0 { result[r, default: ClassCounts()].reference += 1 }
      if c != 0 { result[c, default: ClassCounts()].candidate += 1 }
      if r != 0, r == c { result[r, default: ClassCounts()].shared += 1 }
    }
    return result
  }

  /// The mean Dice over the scored classes (those with a value), or `nil` when none is.
  public var meanDice: Double? { Self.mean(classes.compactMap(\.dice)) }

  /// The mean IoU over the scored classes, or `nil` when none is.
  public var meanIoU: Double? { Self.mean(classes.compactMap(\.iou)) }

  static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }
}
