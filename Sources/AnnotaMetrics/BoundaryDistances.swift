// SPDX-License-Identifier: Apache-2.0

/// Boundary metrics of one class's reference and candidate masks, as Metrics Reloaded computes them
/// for semantic segmentation: the Hausdorff distance, its percentile (HD95), the average symmetric
/// surface distance (ASSD), the mean average surface distance (MASD) and the normalised surface
/// distance (NSD, "surface Dice") at a tolerance τ.
///
/// What follows restates Project-MONAI/MetricsReloaded at commit `cb38dfc` (2025-06-02),
/// `MetricsReloaded/metrics/pairwise_measures.py`, class `BinaryPairwiseMeasures` (`border_distance`,
/// `measured_distance`, `normalised_surface_distance`), with the borders of
/// `MetricsReloaded/utility/utils.py` (`MorphologyOps.border_map`, see ``BoundaryMask``):
///
/// - Distances are between *border pixels*: `d(b, B)` is the distance from the centre of border pixel
///   `b` to the centre of the nearest pixel of the other mask's border `B`, from
///   `distance_transform_edt(1 - border, sampling=pixdim)`, in physical units. Border pixels both masks
///   share are at distance 0 and are counted in every sum and percentile.
/// - Hausdorff distance: the largest `d` in either direction.
/// - Percentile (`hd_perc`, 95 by default): `np.percentile` (linear interpolation) of each direction's
///   distances *separately*, `d(b, B_ref)` over the candidate's border and `d(b, B_cand)` over the
///   reference's, then the larger of the two, not the percentile of the pooled distances.
/// - ASSD: `(Σ_{b∈B_cand} d(b, B_ref) + Σ_{b∈B_ref} d(b, B_cand)) / (|B_ref| + |B_cand|)`.
/// - MASD: `(mean_{b∈B_cand} d(b, B_ref) + mean_{b∈B_ref} d(b, B_cand)) / 2`.
/// - NSD at τ: `(|{b∈B_cand : d(b, B_ref) ≤ τ}| + |{b∈B_ref : d(b, B_cand) ≤ τ}|) / (|B_ref| + |B_cand|)`,
///   τ inclusive and in the units of the spacing; border pixels are counted, not surface elements
///   weighted by area as DeepMind's `surface-distance` package does. Metrics Reloaded defaults τ to 1
///   (with a warning) when `dict_args["nsd"]` is missing; here τ is always given.
///
/// An empty mask (no foreground pixel) has no border, and ``EmptyConvention`` states what each metric
/// is then; ``EmptyConvention/metricsReloaded``, the default, is Metrics Reloaded's own behaviour.
/// The convention does not change anything when both masks have foreground.
public struct BoundaryDistances: Sendable, Hashable {
  /// What the metrics are when the reference, the candidate or both are empty.
  public enum EmptyConvention: String, Sendable, CaseIterable {
    /// Metrics Reloaded's behaviour (`pairwise_measures.py` at `cb38dfc`), the default.
    ///
    /// - Both empty: the distances are 0 (`measured_distance` returns `(0, 0, 0, 0)`, "Prediction and
    ///   reference empty - distances set to 0") and NSD is 1 ("setting to best").
    /// - One empty: the distances are undefined, `nil` here (`measured_distance` returns NaN for all
    ///   four, warning "Prediction empty but reference not empty - need to set to worse case in
    ///   aggregation", or for an empty reference "need be set to WORSE case").
    /// - One empty, NSD: `normalised_surface_distance` has no special case. It measures the non-empty
    ///   mask's border against an empty border, for which SciPy's `distance_transform_edt` (an input
    ///   without zeros) gives the distance to a point one step before the first pixel along axis 0,
    ///   index `(-1, 0, …, 0)`. NSD is then the fraction of the non-empty border within τ of that point:
    ///   0, unless that border comes within τ of the grid's first pixel. Reproduced as is.
    case metricsReloaded
    /// Every metric is `nil` as soon as either mask is empty: nothing to measure.
    case undefined
    /// The worst case Metrics Reloaded's warnings ask for, filled in: with one mask empty the distances
    /// are the grid's diagonal (the largest distance between two pixel centres on it) and NSD is 0;
    /// with both empty the distances are 0 and NSD is 1, as in Metrics Reloaded.
    case worstCase
  }

  /// The convention applied when a mask is empty.
  public let empty: EmptyConvention
  /// Whether the reference mask has no foreground pixel.
  public let referenceIsEmpty: Bool
  /// Whether the candidate mask has no foreground pixel.
  public let candidateIsEmpty: Bool
  /// For each reference border pixel (in the order of its ``BoundaryMask/border``), the distance to the
  /// candidate's border; empty when either mask is empty.
  public let referenceToCandidate: [Double]
  /// For each candidate border pixel, the distance to the reference's border; empty when either mask is
  /// empty.
  public let candidateToReference: [Double]
  /// The grid's diagonal, the worst case of ``EmptyConvention/worstCase``.
  let diagonal: Double
  /// With exactly one mask empty, under ``EmptyConvention/metricsReloaded``: the other mask's border
  /// pixels' distances to SciPy's point `(-1, 0, …, 0)`, from which Metrics Reloaded computes NSD.
  let phantomDistances: [Double]

  /// Measures a candidate mask's border against a reference mask's.
  /// - Parameters:
  ///   - reference: the reference mask's border and distance map.
  ///   - candidate: the candidate mask's, on the same grid.
  ///   - empty: what the metrics are when a mask is empty.
  /// - Throws: ``MetricInputError`` with `dimensionMismatch` when the two masks have different shapes or
  ///   pixel sizes.
  public init(reference: BoundaryMask, candidate: BoundaryMask, empty: EmptyConvention = .metricsReloaded) throws {
    guard reference.grid == candidate.grid else {
      throw MetricInputError(
        code: .dimensionMismatch,
        message: "the reference mask has shape \(reference.shape) and spacing \(reference.spacing), "
          + "the candidate shape \(candidate.shape) and spacing \(candidate.spacing): they must be the same")
    }
    self.empty = empty
    referenceIsEmpty = reference.isEmpty
    candidateIsEmpty = candidate.isEmpty
    diagonal = reference.grid.diagonal
    if reference.isEmpty || candidate.isEmpty {
      referenceToCandidate = []
      candidateToReference = []
      let other = reference.isEmpty ? candidate : reference
      phantomDistances =
        empty == .metricsReloaded ? other.border.map { Self.distanceToSciPyPhantom($0, grid: other.grid) } : []
    } else {
      referenceToCandidate = reference.border.map { candidate.distanceToBorder[$0] }
      candidateToReference = candidate.border.map { reference.distanceToBorder[$0] }
      phantomDistances = []
    }
  }

  /// Measures a candidate mask against a reference mask.
  /// - Parameters:
  ///   - reference: the reference mask, one flag per pixel, row-major; `true` is foreground.
  ///   - candidate: the candidate mask, in the same order.
  ///   - shape: the extent of each axis, slowest first: `(y, x)` or `(z, y, x)`.
  ///   - spacing: the physical pixel size along each axis, in the order of `shape`.
  ///   - empty: what the metrics are when a mask is empty.
  /// - Throws: ``MetricInputError`` when the masks differ in length or do not fit `shape`, `spacing` has
  ///   the wrong number of axes, or a pixel size is zero, negative or not finite.
  public init(
    reference: [Bool], candidate: [Bool], shape: [Int], spacing: [Double], empty: EmptyConvention = .metricsReloaded
  ) throws {
    guard reference.count == candidate.count else {
      throw MetricInputError(
        code: .lengthMismatch,
        message: "the reference mask has \(reference.count) pixels, the candidate \(candidate.count)")
    }
    try self.init(
      reference: BoundaryMask(reference, shape: shape, spacing: spacing, name: "the reference mask"),
      candidate: BoundaryMask(candidate, shape: shape, spacing: spacing, name: "the candidate mask"), empty: empty)
  }

  /// Measures a candidate mask against a reference mask, both stored as bytes (non-zero is foreground).
  /// - Parameters:
  ///   - reference: the reference mask, one byte per pixel, row-major.
  ///   - candidate: the candidate mask, in the same order.
  ///   - shape: the extent of each axis, slowest first: `(y, x)` or `(z, y, x)`.
  ///   - spacing: the physical pixel size along each axis, in the order of `shape`.
  ///   - empty: what the metrics are when a mask is empty.
  /// - Throws: ``MetricInputError`` as the initialiser taking `[Bool]` masks does.
  public init(
    reference: [UInt8], candidate: [UInt8], shape: [Int], spacing: [Double],
    empty: EmptyConvention = .metricsReloaded
  ) throws {
    try self.init(
      reference: reference.map { $0 != 0 }, candidate: candidate.map { $0 != 0 }, shape: shape, spacing: spacing,
      empty: empty)
  }

  /// The Hausdorff distance: the largest border-to-border distance in either direction, or the empty
  /// case's value (`nil` when undefined).
  public var hausdorff: Double? {
    if let value = emptyDistance { return value }
    return max(referenceToCandidate.max() ?? 0, candidateToReference.max() ?? 0)
  }

  /// The 95th-percentile Hausdorff distance (HD95), as ``hausdorffPercentile(_:)`` with 95.
  public var hausdorff95: Double? { percentileOfBoth(95) }

  /// The percentile Hausdorff distance: the larger of the two directions' percentiles (NumPy's linear
  /// interpolation), or the empty case's value.
  /// - Parameter percentile: the percentile, from 0 to 100 (Metrics Reloaded's `hd_perc`).
  /// - Returns: the distance, or `nil` when undefined.
  /// - Throws: ``MetricInputError`` with `invalidParameter` when `percentile` is outside 0...100 or NaN.
  public func hausdorffPercentile(_ percentile: Double) throws -> Double? {
    guard percentile >= 0, percentile <= 100 else {
      throw MetricInputError(
        code: .invalidParameter, message: "the percentile is \(percentile): it must be from 0 to 100")
    }
    return percentileOfBoth(percentile)
  }

  /// The average symmetric surface distance: the mean over both borders of each border pixel's distance
  /// to the other border, or the empty case's value.
  public var averageSymmetricSurfaceDistance: Double? {
    if let value = emptyDistance { return value }
    let total = referenceToCandidate.reduce(0, +) + candidateToReference.reduce(0, +)
    return total / Double(referenceToCandidate.count + candidateToReference.count)
  }

  /// The mean average surface distance: the mean of the two directions' mean distances, or the empty
  /// case's value.
  public var meanAverageSurfaceDistance: Double? {
    if let value = emptyDistance { return value }
    let toReference = candidateToReference.reduce(0, +) / Double(candidateToReference.count)
    let toCandidate = referenceToCandidate.reduce(0, +) / Double(referenceToCandidate.count)
    return 0.5 * (toReference + toCandidate)
  }

  /// The normalised surface distance (surface Dice): the fraction of both borders' pixels within
  /// `tolerance` of the other border, or the empty case's value.
  /// - Parameter tolerance: τ, in the units of the spacing; a pixel at exactly τ counts.
  /// - Returns: NSD from 0 to 1, or `nil` when undefined.
  /// - Throws: ``MetricInputError`` with `invalidParameter` when `tolerance` is negative or NaN.
  public func normalisedSurfaceDistance(tolerance: Double) throws -> Double? {
    guard tolerance >= 0 else {
      throw MetricInputError(
        code: .invalidParameter, message: "the NSD tolerance is \(tolerance): it must be 0 or more, and a number")
    }
    switch (referenceIsEmpty, candidateIsEmpty, empty) {
    case (false, false, _):
      let within =
        Self.count(referenceToCandidate, atMost: tolerance) + Self.count(candidateToReference, atMost: tolerance)
      return Double(within) / Double(referenceToCandidate.count + candidateToReference.count)
    case (_, _, .undefined): return nil
    case (true, true, _): return 1
    case (_, _, .worstCase): return 0
    case (_, _, .metricsReloaded):
      return Double(Self.count(phantomDistances, atMost: tolerance)) / Double(phantomDistances.count)
    }
  }

  /// The value of a distance metric when a mask is empty: `.some(nil)` when undefined, `nil` when both
  /// masks have foreground and the distances must be computed.
  private var emptyDistance: Double?? {
    guard referenceIsEmpty || candidateIsEmpty else { return nil }
    switch (referenceIsEmpty && candidateIsEmpty, empty) {
    case (_, .undefined), (false, .metricsReloaded): return .some(nil)
    case (true, _): return 0
    case (false, .worstCase): return diagonal
    }
  }

  /// The larger of the two directions' percentiles, or the empty case's value.
  /// - Parameter percentile: from 0 to 100.
  /// - Returns: the distance, or `nil` when undefined.
  private func percentileOfBoth(_ percentile: Double) -> Double? {
    if let value = emptyDistance { return value }
    return max(Percentile.numpy(referenceToCandidate, percentile), Percentile.numpy(candidateToReference, percentile))
  }

  /// How many of `values` are at most `limit`.
  /// - Parameters:
  ///   - values: the distances.
  ///   - limit: the tolerance.
  /// - Returns: the count.
  private static func count(_ values: [Double], atMost limit: Double) -> Int {
    var count = 0
    for value in values where value <= limit { count += 1 }
    return count
  }

  /// The distance from a pixel to index `(-1, 0, …, 0)`, as SciPy's `distance_transform_edt` reports it
  /// for every pixel of an input without zeros: `sqrt(Σ_axis ((feature − index) · spacing)²)`.
  /// - Parameters:
  ///   - pixel: a flat row-major index.
  ///   - grid: the grid.
  /// - Returns: the distance.
  private static func distanceToSciPyPhantom(_ pixel: Int, grid: GridGeometry) -> Double {
    var sum = 0.0
    for axis in grid.shape.indices {
      let coordinate = pixel / grid.strides[axis] % grid.shape[axis]
      let step = Double((axis == 0 ? -1 : 0) - coordinate) * grid.spacing[axis]
      sum += step * step
    }
    return sum.squareRoot()
  }
}
