// SPDX-License-Identifier: Apache-2.0

/// How two label images of one shape overlap.
///
/// Each object's size, and the pixels (voxels) every pair of reference and candidate objects share,
/// in one pass over the pixels; background (0) is no object. 2-D and 3-D alike: the images are flat
/// arrays of the same length. Labels need not be sequential (StarDist relabels them; the result is
/// the same).
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
    self = reference.withUnsafeBufferPointer { r in
      candidate.withUnsafeBufferPointer { c in Self.count(r, c) }
    }
  }

  /// Counts the overlap of two label images stored as unsigned 32-bit samples (what label TIFFs of 8,
  /// 16 and 32 bits widen to).
  /// - Parameters:
  ///   - reference: the reference labels, one per pixel.
  ///   - candidate: the candidate labels, one per pixel, in the same order.
  public init(reference: [UInt32], candidate: [UInt32]) {
    precondition(reference.count == candidate.count, "label images of different sizes")
    self = reference.withUnsafeBufferPointer { r in
      candidate.withUnsafeBufferPointer { c in Self.count(r, c) }
    }
  }

  /// Counts the overlap of two label images of 16-bit samples (8- and 16-bit files, unwidened).
  /// - Parameters:
  ///   - reference: the reference labels, one per pixel.
  ///   - candidate: the candidate labels, one per pixel, in the same order.
  public init(reference: [UInt16], candidate: [UInt16]) {
    precondition(reference.count == candidate.count, "label images of different sizes")
    self = reference.withUnsafeBufferPointer { r in
      candidate.withUnsafeBufferPointer { c in Self.count(r, c) }
    }
  }

  private init(
    referenceLabels: [Int], candidateLabels: [Int], referenceSizes: [Int], candidateSizes: [Int], shared: [Pair: Int]
  ) {
    self.referenceLabels = referenceLabels
    self.candidateLabels = candidateLabels
    self.referenceSizes = referenceSizes
    self.candidateSizes = candidateSizes
    self.shared = shared
  }

  /// Labels up to this value are counted in arrays indexed by label; larger ones (or negative ones)
  /// in dictionaries, which is slower but has no size limit.
  static let denseLabelLimit = 1 << 20
  /// A pair table up to this many cells is an array; otherwise pairs are hashed.
  static let densePairLimit = 1 << 22

  private static func count<T: FixedWidthInteger>(
    _ reference: UnsafeBufferPointer<T>, _ candidate: UnsafeBufferPointer<T>
  )
    -> LabelOverlap
  {
    // Simple loops the compiler vectorises: the extents first, then one increment per pixel.
    var maxReference = T.zero
    var maxCandidate = T.zero
    for value in reference { maxReference = max(maxReference, value) }
    for value in candidate { maxCandidate = max(maxCandidate, value) }
    var lowest = T.zero
    if T.isSigned {
      for value in reference { lowest = min(lowest, value) }
      for value in candidate { lowest = min(lowest, value) }
    }
    guard lowest >= 0, Int(maxReference) <= denseLabelLimit, Int(maxCandidate) <= denseLabelLimit else {
      return hashed(reference, candidate)
    }
    let rows = Int(maxReference) + 1
    let columns = Int(maxCandidate) + 1
    var referenceCount = [Int](repeating: 0, count: rows)
    var candidateCount = [Int](repeating: 0, count: columns)
    // A full table (background row and column included) when it is small next to the image: then
    // the sizes are its row and column sums.
    let full = rows * columns <= min(densePairLimit, 4 * reference.count + 65_536)
    var densePairs: [Int] =
      full || rows * columns <= densePairLimit ? [Int](repeating: 0, count: rows * columns) : []
    var hashedPairs: [Int: Int] = [:]
    let dense = !densePairs.isEmpty
    if full {
      densePairs.withUnsafeMutableBufferPointer { pairs in
        // Neighbouring pixels mostly share their pair: adding runs, not pixels, spares the memory
        // round trip of incrementing one cell again and again.
        guard !reference.isEmpty else { return }
        var previous = Int(reference[0]) &* columns &+ Int(candidate[0])
        var run = 0
        for index in 0..<reference.count {
          let key = Int(reference[index]) &* columns &+ Int(candidate[index])
          if key == previous {
            run &+= 1
          } else {
            pairs[previous] &+= run
            previous = key
            run = 1
          }
        }
        pairs[previous] &+= run
        for r in 0..<rows {
          for c in 0..<columns {
            let count = pairs[r * columns + c]
            referenceCount[r] &+= count
            candidateCount[c] &+= count
          }
        }
      }
    } else {
      referenceCount.withUnsafeMutableBufferPointer { referenceCount in
        candidateCount.withUnsafeMutableBufferPointer { candidateCount in
          densePairs.withUnsafeMutableBufferPointer { pairs in
            for index in 0..<reference.count {
              let r = Int(reference[index])
              let c = Int(candidate[index])
              referenceCount[r] &+= 1
              candidateCount[c] &+= 1
              guard r != 0, c != 0 else { continue }
              if dense { pairs[r * columns + c] &+= 1 } else { hashedPairs[r * columns + c, default: 0] += 1 }
            }
          }
        }
      }
    }
    let referenceLabels = (1..<rows).filter { referenceCount[$0] > 0 }
    let candidateLabels = (1..<columns).filter { candidateCount[$0] > 0 }
    var referenceIndex = [Int](repeating: -1, count: rows)
    for (position, label) in referenceLabels.enumerated() { referenceIndex[label] = position }
    var candidateIndex = [Int](repeating: -1, count: columns)
    for (position, label) in candidateLabels.enumerated() { candidateIndex[label] = position }
    var shared: [Pair: Int] = [:]
    func add(_ key: Int, _ count: Int) {
      shared[Pair(reference: referenceIndex[key / columns], candidate: candidateIndex[key % columns])] = count
    }
    if dense {
      // Only rows of present reference labels can hold pairs.
      for r in referenceLabels {
        for c in candidateLabels where densePairs[r * columns + c] > 0 {
          add(r * columns + c, densePairs[r * columns + c])
        }
      }
    } else {
      for (key, count) in hashedPairs { add(key, count) }
    }
    return LabelOverlap(
      referenceLabels: referenceLabels, candidateLabels: candidateLabels,
      referenceSizes: referenceLabels.map { referenceCount[$0] },
      candidateSizes: candidateLabels.map { candidateCount[$0] },
      shared: shared)
  }

  private static func hashed<T: FixedWidthInteger>(
    _ reference: UnsafeBufferPointer<T>, _ candidate: UnsafeBufferPointer<T>
  )
    -> LabelOverlap
  {
    var referenceCount: [Int: Int] = [:]
    var candidateCount: [Int: Int] = [:]
    var pairCount: [Int: [Int: Int]] = [:]
    for index in 0..<reference.count {
      let r = Int(reference[index])
      let c = Int(candidate[index])
      if r != 0 { referenceCount[r, default: 0] += 1 }
      if c != 0 { candidateCount[c, default: 0] += 1 }
      if r != 0, c != 0 { pairCount[r, default: [:]][c, default: 0] += 1 }
    }
    let referenceLabels = referenceCount.keys.sorted()
    let candidateLabels = candidateCount.keys.sorted()
    let referenceIndex = Dictionary(uniqueKeysWithValues: referenceLabels.enumerated().map { ($1, $0) })
    let candidateIndex = Dictionary(uniqueKeysWithValues: candidateLabels.enumerated().map { ($1, $0) })
    var shared: [Pair: Int] = [:]
    for (r, row) in pairCount {
      for (c, count) in row { shared[Pair(reference: referenceIndex[r]!, candidate: candidateIndex[c]!)] = count }
    }
    return LabelOverlap(
      referenceLabels: referenceLabels, candidateLabels: candidateLabels,
      referenceSizes: referenceLabels.map { referenceCount[$0]! },
      candidateSizes: candidateLabels.map { candidateCount[$0]! },
      shared: shared)
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
