// SPDX-License-Identifier: Apache-2.0

/// One-to-one matching of two point sets (spot detections, cell centroids) within a distance cutoff,
/// as Spotiflow's `points_matching` computes it.
///
/// The recipe of `spotiflow/utils/matching.py` (0.6.4, unchanged since October 2024):
/// 1. `D = cdist(p1, p2, metric="sqeuclidean")`: the *squared* Euclidean distances, reference points
///    in rows, candidate points in columns.
/// 2. `D[D > cutoff**2] = 1e10 * (1 + D.max())`: every pair beyond the cutoff gets one large cost.
/// 3. `linear_sum_assignment(D)` (scipy), then only the pairs with `D[i, j] <= cutoff**2` are kept:
///    a pair exactly at the cutoff matches.
///
/// So the matching first has as many pairs within the cutoff as possible, and among those matchings the
/// least sum of *squared* distances. Annota finds the same optimum, group by group: points linked by
/// chains of pairs within the cutoff form independent groups, each solved with ``LinearAssignment``
/// and a smaller penalty for its pairs beyond the cutoff, `(min(n, m) + 1) · max D_within + 1`. That is
/// as decisive, keeps the solver's arithmetic exact to the distances' precision, and keeps thousands
/// of sparse spots fast.
///
/// Two known differences from Spotiflow's numbers:
/// - Its penalty, 1e10 times the largest squared distance, swamps the distances on large images: on
///   1,500 to 3,000 random spots scipy returned matchings with the same counts but sums of squared
///   distances 0.02 to 0.6 larger than the optimum (relative 1e-5 to 3e-4), which Annota finds, as
///   scipy does when given Annota's penalty.
/// - Exact ties in the sum (points on a pixel grid) may be broken differently: the counts and the sum
///   are the same, the pairs and their mean distance may differ.
///
/// deepBlink's `f1_cutoff_score` minimises the sum of plain distances instead, with pairs at or beyond
/// the cutoff costing the largest distance; ``Cost/distance`` is that objective with Spotiflow's cutoff
/// rule.
///
/// Coordinates are in physical units: give pixel coordinates with a per-axis `scale` (the pixel size
/// of each axis, e.g. `[0.5, 0.1, 0.1]` µm for z, y, x), or coordinates already scaled.
///
/// The ratios are StarDist's `_safe_divide`: 0 when the denominator is 0. Spotiflow adds `eps = 1e-8`
/// to tp in every ratio instead, so its values differ by up to about 1e-8, and it scores two empty
/// sets 1 where Annota gives 0 (check ``Result/nReference`` and ``Result/nCandidate`` to score an
/// empty image otherwise).
///
/// A point with a NaN or infinite coordinate (after scaling) matches nothing: it counts as a false
/// negative or false positive and is listed in ``Result/nonFiniteReference`` or
/// ``Result/nonFiniteCandidate``. (Spotiflow fails on it: scipy rejects a cost matrix holding NaN.)
/// A pair whose squared distance overflows to infinity never matches either, even with an infinite
/// cutoff.
public enum PointMatching {
  /// What the assignment minimises among the matchings with the most pairs within the cutoff.
  public enum Cost: String, Sendable, CaseIterable {
    /// The sum of squared distances: Spotiflow's `points_matching`.
    case squaredDistance
    /// The sum of distances: deepBlink's objective.
    case distance
  }

  /// One matched pair.
  public struct Pair: Sendable, Hashable {
    /// The reference point's index.
    public var reference: Int
    /// The candidate point's index.
    public var candidate: Int
    /// Their Euclidean distance, in the coordinates' (scaled) units.
    public var distance: Double

    /// Creates a pair.
    /// - Parameters:
    ///   - reference: the reference point's index.
    ///   - candidate: the candidate point's index.
    ///   - distance: their distance.
    public init(reference: Int, candidate: Int, distance: Double) {
      self.reference = reference
      self.candidate = candidate
      self.distance = distance
    }
  }

  /// The matching and its scores, named as Spotiflow names them.
  public struct Result: Sendable, Hashable {
    /// The distance cutoff.
    public var cutoff: Double
    /// Reference points.
    public var nReference: Int
    /// Candidate points.
    public var nCandidate: Int
    /// The matched pairs (the true positives), by reference index ascending.
    public var pairs: [Pair]
    /// Reference points with a NaN or infinite coordinate, which match nothing, ascending.
    public var nonFiniteReference: [Int]
    /// Candidate points with a NaN or infinite coordinate, which match nothing, ascending.
    public var nonFiniteCandidate: [Int]

    /// Matched pairs.
    public var tp: Int { pairs.count }
    /// Candidate points left unmatched.
    public var fp: Int { nCandidate - pairs.count }
    /// Reference points left unmatched.
    public var fn: Int { nReference - pairs.count }
    /// tp / (tp + fp); 0 when there is no candidate point.
    public var precision: Double { Self.ratio(Double(tp), Double(nCandidate)) }
    /// tp / (tp + fn); 0 when there is no reference point.
    public var recall: Double { Self.ratio(Double(tp), Double(nReference)) }
    /// 2tp / (2tp + fp + fn); 0 when both sets are empty.
    public var f1: Double { Self.ratio(Double(2 * tp), Double(nReference + nCandidate)) }
    /// tp / (tp + fp + fn), Spotiflow's `accuracy`; 0 when both sets are empty.
    public var accuracy: Double { Self.ratio(Double(tp), Double(tp + fp + fn)) }
    /// The mean distance of the matched pairs (the localisation error), Spotiflow's `mean_dist`;
    /// 0 when nothing matched, as in Spotiflow.
    public var meanDistance: Double {
      tp > 0 ? pairs.reduce(0) { $0 + $1.distance } / Double(tp) : 0
    }
    /// Spotiflow's `panoptic_quality`, each pair scored by how far inside the cutoff it lies.
    ///
    /// Σ (cutoff − d) / cutoff over the pairs, divided by tp + fp/2 + fn/2; 0 when both sets are
    /// empty. With a cutoff of 0 or infinity every pair scores 1.
    public var panopticQuality: Double {
      let matched: Double
      if cutoff > 0, cutoff.isFinite {
        matched = pairs.reduce(0) { $0 + (cutoff - $1.distance) } / cutoff
      } else {
        matched = Double(tp)
      }
      return Self.ratio(matched, Double(tp) + Double(fp) / 2 + Double(fn) / 2)
    }
    /// The unmatched reference points' indices, ascending.
    public var falseNegatives: [Int] { Self.unmatched(nReference, matched: pairs.map(\.reference)) }
    /// The unmatched candidate points' indices, ascending.
    public var falsePositives: [Int] { Self.unmatched(nCandidate, matched: pairs.map(\.candidate)) }

    private static func ratio(_ numerator: Double, _ denominator: Double) -> Double {
      denominator > 0 ? numerator / denominator : 0
    }

    private static func unmatched(_ count: Int, matched: [Int]) -> [Int] {
      var isMatched = [Bool](repeating: false, count: count)
      for index in matched { isMatched[index] = true }
      return (0..<count).filter { !isMatched[$0] }
    }
  }

  /// Matches the candidate points to the reference points one to one within `cutoff`.
  /// - Parameters:
  ///   - reference: the reference points, each its coordinates (any number of axes, the same for all
  ///     points of both sets; 2 or 3 in practice).
  ///   - candidate: the candidate points, with the same axes.
  ///   - cutoff: the largest distance of a matched pair, in the scaled units (Spotiflow's default is
  ///     3 pixels); a pair exactly at the cutoff matches. Infinity matches every pair it can.
  ///   - scale: each axis's factor (a pixel size), applied to both sets; `nil` for coordinates
  ///     already in physical units.
  ///   - cost: what the assignment minimises among the matchings with the most pairs.
  /// - Returns: the matching and its scores.
  /// - Throws: ``MetricInputError`` with ``MetricInputError/Code/dimensionMismatch`` when the points
  ///   do not all have the same number of coordinates (or none) or `scale` has another number of
  ///   axes, and ``MetricInputError/Code/invalidParameter`` for a negative or NaN cutoff or a scale
  ///   factor that is not a positive finite number.
  public static func match(
    reference: [[Double]], candidate: [[Double]], cutoff: Double = 3, scale: [Double]? = nil,
    cost: Cost = .squaredDistance
  ) throws(MetricInputError) -> Result {
    guard cutoff >= 0 else {
      throw MetricInputError(code: .invalidParameter, message: "the cutoff is \(cutoff); it must be 0 or more")
    }
    if let scale, let bad = scale.first(where: { !($0 > 0 && $0.isFinite) }) {
      throw MetricInputError(
        code: .invalidParameter, message: "a scale factor is \(bad); each must be a positive finite number")
    }
    let axes = (reference.first ?? candidate.first)?.count ?? 0
    for (name, points) in [("reference", reference), ("candidate", candidate)] {
      if let index = points.firstIndex(where: { $0.count != axes }) {
        throw MetricInputError(
          code: .dimensionMismatch,
          message: "\(name) point \(index) has \(points[index].count) coordinates and the first point \(axes); "
            + "all points need the same number")
      }
    }
    if axes == 0, !(reference.isEmpty && candidate.isEmpty) {
      throw MetricInputError(code: .dimensionMismatch, message: "the points have no coordinates")
    }
    if let scale, axes > 0, scale.count != axes {
      throw MetricInputError(
        code: .dimensionMismatch, message: "the scale has \(scale.count) axes; the points have \(axes)")
    }
    let scaled = { (point: [Double]) -> [Double] in
      guard let scale else { return point }
      return zip(point, scale).map { $0 * $1 }
    }
    let first = reference.map(scaled)
    let second = candidate.map(scaled)
    let finiteFirst = first.map { $0.allSatisfy(\.isFinite) }
    let finiteSecond = second.map { $0.allSatisfy(\.isFinite) }
    var result = Result(
      cutoff: cutoff, nReference: first.count, nCandidate: second.count, pairs: [],
      nonFiniteReference: finiteFirst.indices.filter { !finiteFirst[$0] },
      nonFiniteCandidate: finiteSecond.indices.filter { !finiteSecond[$0] })
    let rows = first.count
    let columns = second.count
    guard rows > 0, columns > 0 else { return result }

    // Squared distances as `cdist(..., "sqeuclidean")` sums them, kept for the pairs within the cutoff.
    let limit = cutoff * cutoff
    var within = [[(column: Int, squared: Double)]](repeating: [], count: rows)
    var groups = UnionFind(count: rows + columns)
    var linked = [Bool](repeating: false, count: columns)
    for row in 0..<rows where finiteFirst[row] {
      for column in 0..<columns where finiteSecond[column] {
        var sum = 0.0
        for axis in 0..<axes {
          let difference = first[row][axis] - second[column][axis]
          sum += difference * difference
        }
        guard sum.isFinite, sum <= limit else { continue }
        within[row].append((column, sum))
        linked[column] = true
        groups.union(row, rows + column)
      }
    }
    // Points linked by pairs within the cutoff form independent groups: the optimum is each group's.
    var members: [Int: (rows: [Int], columns: [Int])] = [:]
    for row in 0..<rows where !within[row].isEmpty { members[groups.find(row), default: ([], [])].rows.append(row) }
    for column in 0..<columns where linked[column] {
      members[groups.find(rows + column), default: ([], [])].columns.append(column)
    }
    for group in members.values {
      result.pairs += solve(group.rows, group.columns, within: within, cost: cost)
    }
    result.pairs.sort { $0.reference < $1.reference }
    return result
  }

  /// The optimal pairs of one group: as many pairs within the cutoff as possible, then the least cost.
  private static func solve(
    _ rows: [Int], _ columns: [Int], within: [[(column: Int, squared: Double)]], cost: Cost
  ) -> [Pair] {
    var local = [Int: Int](minimumCapacity: columns.count)
    for (index, column) in columns.enumerated() { local[column] = index }
    var squared = [Double?](repeating: nil, count: rows.count * columns.count)
    var largest = 0.0
    for (index, row) in rows.enumerated() {
      for (column, value) in within[row] {
        guard let position = local[column] else { continue }
        squared[index * columns.count + position] = value
        largest = max(largest, cost == .squaredDistance ? value : value.squareRoot())
      }
    }
    // One penalty for every pair beyond the cutoff, larger than any sum of min(rows, columns) pairs
    // within it; the costs are scaled down when that would overflow.
    let matchable = Double(min(rows.count, columns.count))
    var unit = 1.0
    var penalty = (matchable + 1) * largest + 1
    if !penalty.isFinite {
      unit = largest
      penalty = matchable + 2
    }
    let costs = squared.map { value -> Double in
      guard let value else { return penalty }
      return (cost == .squaredDistance ? value : value.squareRoot()) / unit
    }
    return LinearAssignment.solve(costs, rows: rows.count, columns: columns.count).compactMap { pair in
      squared[pair.row * columns.count + pair.column].map {
        Pair(reference: rows[pair.row], candidate: columns[pair.column], distance: $0.squareRoot())
      }
    }
  }
}

/// Disjoint sets of indices, merged by `union`, with path halving.
private struct UnionFind {
  private var parent: [Int]

  init(count: Int) { parent = Array(0..<count) }

  mutating func find(_ index: Int) -> Int {
    var index = index
    while parent[index] != index {
      parent[index] = parent[parent[index]]
      index = parent[index]
    }
    return index
  }

  mutating func union(_ a: Int, _ b: Int) {
    let rootA = find(a)
    let rootB = find(b)
    if rootA != rootB { parent[rootB] = rootA }
  }
}
