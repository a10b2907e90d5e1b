// SPDX-License-Identifier: Apache-2.0

/// How two label images of one shape overlap.
///
/// Each object's size, and the pixels (voxels) every pair of reference and candidate objects share,
/// in one pass over the pixels; background (0) is no object. 2-D and 3-D alike: the images are flat
/// arrays of the same length.
public struct LabelOverlap: Sendable {
  /// The reference's object labels, ascending.
  public private(set) var referenceLabels: [Int]
  /// The candidate's object labels, ascending.
  public private(set) var candidateLabels: [Int]
  /// Each reference object's size in pixels, by position in ``referenceLabels``.
  public private(set) var referenceSizes: [Int]
  /// Each candidate object's size in pixels, by position in ``candidateLabels``.
  public private(set) var candidateSizes: [Int]
  /// Shared pixels of overlapping pairs, keyed by (reference index, candidate index).
  public private(set) var shared: [Pair: Int]

  /// A pair of object indices.
  public struct Pair: Sendable, Hashable {
    /// The position in ``LabelOverlap/referenceLabels``.
    public var reference: Int
    /// The position in ``LabelOverlap/candidateLabels``.
    public var candidate: Int
  }

  /// Counts the overlap of two label images.
  /// - Parameters:
  ///   - reference: the reference labels, one per pixel.
  ///   - candidate: the candidate labels, one per pixel, in the same order.
  public init(reference: [Int], candidate: [Int]) {
    precondition(reference.count == candidate.count, "label images of different sizes")
    var referenceCount: [Int: Int] = [:]
    var candidateCount: [Int: Int] = [:]
    var pairCount: [Int: [Int: Int]] = [:]
    for index in reference.indices {
      let r = reference[index]
      let c = candidate[index]
      if r != 0 { referenceCount[r, default: 0] += 1 }
      if c != 0 { candidateCount[c, default: 0] += 1 }
      if r != 0, c != 0 { pairCount[r, default: [:]][c, default: 0] += 1 }
    }
    referenceLabels = referenceCount.keys.sorted()
    candidateLabels = candidateCount.keys.sorted()
    referenceSizes = referenceLabels.map { referenceCount[$0]! }
    candidateSizes = candidateLabels.map { candidateCount[$0]! }
    let referenceIndex = Dictionary(uniqueKeysWithValues: referenceLabels.enumerated().map { ($1, $0) })
    let candidateIndex = Dictionary(uniqueKeysWithValues: candidateLabels.enumerated().map { ($1, $0) })
    shared = [:]
    for (r, row) in pairCount {
      for (c, count) in row { shared[Pair(reference: referenceIndex[r]!, candidate: candidateIndex[c]!)] = count }
    }
  }

  /// Foreground pixels of the reference.
  public var referenceForeground: Int { referenceSizes.reduce(0, +) }
  /// Foreground pixels of the candidate.
  public var candidateForeground: Int { candidateSizes.reduce(0, +) }
  /// Pixels foreground in both.
  public var sharedForeground: Int { shared.values.reduce(0, +) }

  /// Binary foreground Dice, 2|A∩B| / (|A| + |B|); 1 when both are empty (nothing to disagree on).
  public var foregroundDice: Double {
    let total = referenceForeground + candidateForeground
    return total == 0 ? 1 : 2 * Double(sharedForeground) / Double(total)
  }

  /// Binary foreground IoU, |A∩B| / |A∪B|; 1 when both are empty.
  public var foregroundIoU: Double {
    let union = referenceForeground + candidateForeground - sharedForeground
    return union == 0 ? 1 : Double(sharedForeground) / Double(union)
  }
}
