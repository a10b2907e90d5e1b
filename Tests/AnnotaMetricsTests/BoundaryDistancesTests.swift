// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// Boundary metrics (Hausdorff, HD95, ASSD, MASD, NSD) by hand on small masks, against the values
/// Metrics Reloaded (`cb38dfc`, `pairwise_measures.py`) gives, and against its code on seeded random
/// masks; the empty-mask conventions and bad input.
@Suite("Boundary distances")
struct BoundaryDistancesTests {
  static func close(_ a: Double?, _ b: Double?, within tolerance: Double = 1e-12) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance
  }

  /// A mask of `shape` with the box `ranges` (one per axis) set.
  static func box(_ shape: [Int], _ ranges: [Range<Int>]) -> [Bool] {
    var mask = [Bool](repeating: false, count: shape.reduce(1, *))
    func fill(_ axis: Int, _ offset: Int) {
      for coordinate in ranges[axis] {
        let index = offset * shape[axis] + coordinate
        if axis == shape.count - 1 { mask[index] = true } else { fill(axis + 1, index) }
      }
    }
    fill(0, 0)
    return mask
  }

  /// A mask of `shape` with every box of `boxes` set.
  static func union(_ shape: [Int], _ boxes: [[Range<Int>]]) -> [Bool] {
    var mask = [Bool](repeating: false, count: shape.reduce(1, *))
    for ranges in boxes {
      for (index, set) in box(shape, ranges).enumerated() where set { mask[index] = true }
    }
    return mask
  }

  /// Two 4 × 4 squares on a 10 × 12 grid, the candidate 3 pixels right of the reference (rows 3-6,
  /// columns 2-5 and 5-8).
  static let squares = (reference: box([10, 12], [3..<7, 2..<6]), candidate: box([10, 12], [3..<7, 5..<9]))

  @Test func twoSquaresOffsetByThreePixels() throws {
    let distances = try BoundaryDistances(
      reference: Self.squares.reference, candidate: Self.squares.candidate, shape: [10, 12], spacing: [1, 1])
    // Each border has 12 pixels. The candidate's: its left column lies on the reference's right one
    // (4 × 0); top and bottom rows 1, 2, 3 right of it; the right column's two middle pixels 3.
    #expect(distances.candidateToReference.sorted() == [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 3])
    #expect(distances.referenceToCandidate.sorted() == [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 3])
    #expect(distances.hausdorff == 3 && distances.hausdorff95 == 3)
    #expect(distances.averageSymmetricSurfaceDistance == 1.5 && distances.meanAverageSurfaceDistance == 1.5)
    #expect(try distances.normalisedSurfaceDistance(tolerance: 1) == 0.5)  // 4 + 2 of 12 on each side
    #expect(try distances.normalisedSurfaceDistance(tolerance: 2) == 16.0 / 24)
    #expect(try distances.normalisedSurfaceDistance(tolerance: 0) == 8.0 / 24)
    // Percentile 40: index 0.4 · 11 = 4.4 of the sorted distances, between 1 and 1.
    #expect(try distances.hausdorffPercentile(40) == 1)
    // Percentile 30: index 3.3, between 0 and 1: 0.3 of the way (NumPy's linear interpolation).
    #expect(Self.close(try distances.hausdorffPercentile(30), 0.3))
  }

  @Test func anisotropicSpacingScalesEachAxis() throws {
    let (reference, candidate) = Self.squares
    // Pixels 2 tall and 0.5 wide: the offset is along x, every distance halves.
    let narrow = try BoundaryDistances(reference: reference, candidate: candidate, shape: [10, 12], spacing: [2, 0.5])
    #expect(narrow.hausdorff == 1.5 && narrow.hausdorff95 == 1.5)
    #expect(narrow.averageSymmetricSurfaceDistance == 0.75 && narrow.meanAverageSurfaceDistance == 0.75)
    #expect(try narrow.normalisedSurfaceDistance(tolerance: 0.5) == 0.5)
    // Pixels 0.5 tall and 2 wide: every distance doubles; moving along y does not help.
    let wide = try BoundaryDistances(reference: reference, candidate: candidate, shape: [10, 12], spacing: [0.5, 2])
    #expect(wide.hausdorff == 6 && wide.averageSymmetricSurfaceDistance == 3)
    #expect(try wide.normalisedSurfaceDistance(tolerance: 2) == 0.5)
  }

  @Test func twoCubesInAnisotropicVolume() throws {
    // 3 × 3 × 3 cubes on a 9 × 7 × 7 grid, z 2-4 and 4-6, slices 2.5 apart, pixels 1 × 1.
    let shape = [9, 7, 7]
    let reference = try BoundaryMask(Self.box(shape, [2..<5, 2..<5, 2..<5]), shape: shape, spacing: [2.5, 1, 1])
    let candidate = try BoundaryMask(Self.box(shape, [4..<7, 2..<5, 2..<5]), shape: shape, spacing: [2.5, 1, 1])
    #expect(reference.border.count == 26 && candidate.border.count == 26)  // all but the centre voxel
    let distances = try BoundaryDistances(reference: reference, candidate: candidate)
    // The candidate's border: its bottom face (9) on the reference's top, its middle ring (8) one
    // slice (2.5) above it, its top face (9) two slices (5) above.
    #expect(
      distances.candidateToReference.sorted() == Array(repeating: 0, count: 9) + Array(repeating: 2.5, count: 8)
        + Array(repeating: 5, count: 9))
    #expect(distances.hausdorff == 5 && distances.hausdorff95 == 5)
    #expect(distances.averageSymmetricSurfaceDistance == 2.5 && distances.meanAverageSurfaceDistance == 2.5)
    // Percentile 35: index 0.35 · 25 = 8.75, between the last 0 and the first 2.5.
    #expect(Self.close(try distances.hausdorffPercentile(35), 1.875))
    #expect(try distances.normalisedSurfaceDistance(tolerance: 2.5) == 34.0 / 52)
  }

  /// Values Metrics Reloaded gives (`BinaryPairwiseMeasures(pred, ref, pixdim=…, dict_args={"nsd": τ,
  /// "hd_perc": q})`, run at `cb38dfc` with numpy 2.4.6 and scipy 1.17.1): HD, HD at q, ASSD, MASD, NSD.
  struct Published: Sendable, CustomStringConvertible {
    var name: String
    var shape: [Int]
    var spacing: [Double]
    var reference: [[Range<Int>]]
    var candidate: [[Range<Int>]]
    var tolerance: Double
    var percentile: Double
    var values: [Double]
    var description: String { name }
  }

  static let published: [Published] = [
    // The pitfalls paper's figure SN 2.10 (MR `test_pairwise_measures.py`: `ref210`, `pred210_1/2`).
    Published(
      name: "SN 2.10, inner", shape: [14, 14], spacing: [1, 1], reference: [[5..<9, 5..<9]],
      candidate: [[6..<8, 6..<8]], tolerance: 1, percentile: 95,
      values: [1.4142135623730951, 1.4142135623730951, 1.1035533905932737, 1.0690355937288492, 0.75]),
    Published(
      name: "SN 2.10, outer", shape: [14, 14], spacing: [1, 1], reference: [[5..<9, 5..<9]],
      candidate: [[4..<10, 4..<10]], tolerance: 1, percentile: 95,
      values: [1.4142135623730951, 1.4142135623730951, 1.051776695296637, 1.0414213562373096, 0.875]),
    Published(
      name: "SN 2.10, inner, anisotropic", shape: [14, 14], spacing: [0.5, 1.5], reference: [[5..<9, 5..<9]],
      candidate: [[6..<8, 6..<8]], tolerance: 1.5, percentile: 95,
      values: [1.5811388300841898, 1.5811388300841898, 1.0202847075210475, 0.8468564716806983, 0.75]),
    // Figure 5c (MR `ref5c`, `pred5c`): one stray reference pixel far from the rest.
    Published(
      name: "5c", shape: [14, 14], spacing: [1, 1], reference: [[1..<2, 1..<2], [9..<12, 9..<12]],
      candidate: [[9..<12, 9..<12]], tolerance: 1, percentile: 95,
      values: [11.313708498984761, 6.788225099390853, 0.6655122646461624, 0.628539361054709, 0.9411764705882353]),
    // The 3 × 5 cross over a 5 × 5 square (MR `p_pred`, `p_ref`).
    Published(
      name: "cross", shape: [11, 11], spacing: [1, 1], reference: [[3..<8, 3..<8]],
      candidate: [[3..<8, 3..<8], [5..<6, 1..<10], [1..<10, 5..<6]], tolerance: 1, percentile: 95,
      values: [2, 2, 0.4444444444444444, 0.425, 0.8888888888888888]),
    // Two boxes in a volume, offset along every axis, with three different pixel sizes.
    Published(
      name: "boxes in 3-D", shape: [9, 7, 7], spacing: [2.5, 0.65, 0.8], reference: [[2..<5, 2..<5, 2..<5]],
      candidate: [[3..<7, 3..<6, 1..<5]], tolerance: 1.3, percentile: 95,
      values: [5.105144464165535, 5.06036717435579, 1.7688963190960747, 1.626957905318279, 0.5571428571428572]),
  ]

  @Test(arguments: published)
  func agreesWithMetricsReloadedsValues(_ example: Published) throws {
    let reference = Self.union(example.shape, example.reference)
    let candidate = Self.union(example.shape, example.candidate)
    let distances = try BoundaryDistances(
      reference: reference, candidate: candidate, shape: example.shape, spacing: example.spacing)
    let ours = [
      distances.hausdorff, try distances.hausdorffPercentile(example.percentile),
      distances.averageSymmetricSurfaceDistance, distances.meanAverageSurfaceDistance,
      try distances.normalisedSurfaceDistance(tolerance: example.tolerance),
    ]
    for (name, (value, expected)) in zip(["HD", "HD95", "ASSD", "MASD", "NSD"], zip(ours, example.values)) {
      #expect(Self.close(value, expected), "\(name): \(String(describing: value)), Metrics Reloaded \(expected)")
    }
  }

  @Test func bordersAreWhatOneErosionRemoves() throws {
    // A full grid: the pixels on its edge (erosion treats the outside as background).
    let full = try BoundaryMask([Bool](repeating: true, count: 12), shape: [3, 4], spacing: [1, 1])
    #expect(full.border == [0, 1, 2, 3, 4, 7, 8, 9, 10, 11] && full.foregroundCount == 12)
    // Face neighbours only: a diagonal gap does not make a border.
    var ring = Self.box([5, 5], [0..<5, 0..<5])
    ring[0] = false
    let cornerless = try BoundaryMask(ring, shape: [5, 5], spacing: [1, 1])
    #expect(!cornerless.border.contains(6) && cornerless.border.count == 15)
    // One slice of a volume: every voxel is border.
    let slab = try BoundaryMask([UInt8](repeating: 7, count: 16), shape: [1, 4, 4], spacing: [3, 1, 1])
    #expect(slab.border.count == 16 && slab.distanceToBorder.allSatisfy { $0 == 0 })
    let none = try BoundaryMask([UInt8](repeating: 0, count: 16), shape: [4, 4], spacing: [1, 1])
    #expect(none.isEmpty && none.border.isEmpty && none.distanceToBorder.isEmpty)
  }

  @Test func oneMaskMeetsSeveralAndBytesMeanTheSame() throws {
    let (reference, candidate) = Self.squares
    let shared = try BoundaryMask(reference, shape: [10, 12], spacing: [1, 1])
    let viaMasks = try BoundaryDistances(
      reference: shared, candidate: BoundaryMask(candidate, shape: [10, 12], spacing: [1, 1]))
    let viaArrays = try BoundaryDistances(
      reference: reference, candidate: candidate, shape: [10, 12], spacing: [1, 1])
    let viaBytes = try BoundaryDistances(
      reference: reference.map { $0 ? UInt8(255) : 0 }, candidate: candidate.map { $0 ? UInt8(1) : 0 },
      shape: [10, 12],
      spacing: [1, 1])
    #expect(viaMasks == viaArrays && viaBytes == viaArrays)
    let itself = try BoundaryDistances(reference: shared, candidate: shared)
    #expect(try itself.hausdorff == 0 && itself.hausdorff95 == 0 && itself.normalisedSurfaceDistance(tolerance: 0) == 1)
  }

  // MARK: Empty masks

  /// A 6 × 6 grid: nothing, a 3 × 3 square at the origin, one at the far corner.
  static let nothing = [Bool](repeating: false, count: 36)
  static let atOrigin = box([6, 6], [0..<3, 0..<3])
  static let farCorner = box([6, 6], [3..<6, 3..<6])

  static func measure(
    _ reference: [Bool], _ candidate: [Bool], spacing: [Double] = [1, 1],
    _ empty: BoundaryDistances.EmptyConvention = .metricsReloaded
  ) throws -> BoundaryDistances {
    try BoundaryDistances(reference: reference, candidate: candidate, shape: [6, 6], spacing: spacing, empty: empty)
  }

  @Test func emptyMasksFollowMetricsReloadedByDefault() throws {
    let both = try Self.measure(Self.nothing, Self.nothing)
    #expect(both.hausdorff == 0 && both.hausdorff95 == 0 && both.averageSymmetricSurfaceDistance == 0)
    #expect(try both.meanAverageSurfaceDistance == 0 && both.normalisedSurfaceDistance(tolerance: 1) == 1)
    for (reference, candidate) in [(Self.nothing, Self.atOrigin), (Self.atOrigin, Self.nothing)] {
      let one = try Self.measure(reference, candidate)
      #expect(try one.hausdorff == nil && one.hausdorff95 == nil && one.hausdorffPercentile(50) == nil)
      #expect(one.averageSymmetricSurfaceDistance == nil && one.meanAverageSurfaceDistance == nil)
      #expect(one.referenceToCandidate.isEmpty && one.candidateToReference.isEmpty)
      // SciPy's distance to "no border" is to index (-1, 0): of the square's 8 border pixels, (0, 0),
      // (0, 1) and (1, 0) are within 2 of it (1, √2, 2).
      #expect(try one.normalisedSurfaceDistance(tolerance: 2) == 3.0 / 8)
    }
    #expect(try Self.measure(Self.nothing, Self.farCorner).normalisedSurfaceDistance(tolerance: 2) == 0)
    // Pixels 0.5 tall and 2 wide: only (0, 0) at 0.5 and (1, 0) at 1 are within 1 of (-1, 0).
    let anisotropic = try Self.measure(Self.nothing, Self.atOrigin, spacing: [0.5, 2])
    #expect(try anisotropic.normalisedSurfaceDistance(tolerance: 1) == 2.0 / 8)
  }

  @Test func emptyMasksUnderTheOtherConventions() throws {
    for (reference, candidate) in [
      (Self.nothing, Self.nothing), (Self.nothing, Self.atOrigin), (Self.atOrigin, Self.nothing),
    ] {
      let undefined = try Self.measure(reference, candidate, .undefined)
      #expect(undefined.hausdorff == nil && undefined.hausdorff95 == nil)
      #expect(undefined.averageSymmetricSurfaceDistance == nil && undefined.meanAverageSurfaceDistance == nil)
      #expect(try undefined.normalisedSurfaceDistance(tolerance: 100) == nil)
    }
    let both = try Self.measure(Self.nothing, Self.nothing, .worstCase)
    #expect(try both.hausdorff == 0 && both.normalisedSurfaceDistance(tolerance: 1) == 1)
    let one = try Self.measure(Self.nothing, Self.atOrigin, spacing: [0.5, 2], .worstCase)
    // The grid's diagonal: 5 rows of 0.5 and 5 columns of 2.
    let diagonal = (2.5 * 2.5 + 10.0 * 10.0).squareRoot()
    #expect(one.hausdorff == diagonal && one.hausdorff95 == diagonal)
    #expect(one.averageSymmetricSurfaceDistance == diagonal && one.meanAverageSurfaceDistance == diagonal)
    #expect(try one.normalisedSurfaceDistance(tolerance: 100) == 0)
    // Both masks with foreground: the convention changes nothing.
    let plain = try Self.measure(Self.atOrigin, Self.farCorner)
    for convention in BoundaryDistances.EmptyConvention.allCases {
      let other = try Self.measure(Self.atOrigin, Self.farCorner, convention)
      #expect(other.hausdorff == plain.hausdorff && other.hausdorff95 == plain.hausdorff95)
      #expect(try other.normalisedSurfaceDistance(tolerance: 2) == plain.normalisedSurfaceDistance(tolerance: 2))
    }
  }

  // MARK: Bad input

  @Test func badInputIsAnError() throws {
    let (reference, candidate) = Self.squares
    let lengths = #expect(throws: MetricInputError.self) {
      try BoundaryDistances(
        reference: reference, candidate: Array(candidate.dropLast()), shape: [10, 12], spacing: [1, 1])
    }
    #expect(lengths?.code == .lengthMismatch)
    let shape = #expect(throws: MetricInputError.self) {
      try BoundaryDistances(reference: reference, candidate: candidate, shape: [12, 12], spacing: [1, 1])
    }
    #expect(shape?.code == .lengthMismatch)
    let axes = #expect(throws: MetricInputError.self) {
      try BoundaryDistances(reference: reference, candidate: candidate, shape: [10, 12], spacing: [1, 1, 1])
    }
    #expect(axes?.code == .dimensionMismatch)
    for spacing in [[0, 1], [1, -1], [1, .nan], [.infinity, 1]] {
      let size = #expect(throws: MetricInputError.self) {
        try BoundaryDistances(reference: reference, candidate: candidate, shape: [10, 12], spacing: spacing)
      }
      #expect(size?.code == .invalidParameter, "spacing \(spacing)")
    }
    // Two masks measured on different grids: same pixels, other shape or other pixel size.
    let wide = try BoundaryMask(reference, shape: [10, 12], spacing: [1, 1])
    for other in [
      try BoundaryMask(candidate, shape: [12, 10], spacing: [1, 1]),
      try BoundaryMask(candidate, shape: [10, 12], spacing: [1, 2]),
    ] {
      let grids = #expect(throws: MetricInputError.self) { try BoundaryDistances(reference: wide, candidate: other) }
      #expect(grids?.code == .dimensionMismatch)
    }
    // τ and the percentile are checked whatever the masks, empty ones too.
    for distances in [
      try BoundaryDistances(reference: reference, candidate: candidate, shape: [10, 12], spacing: [1, 1]),
      try Self.measure(Self.nothing, Self.nothing),
    ] {
      for tolerance in [-1, -0.0001, Double.nan] {
        let tau = #expect(throws: MetricInputError.self) {
          try distances.normalisedSurfaceDistance(tolerance: tolerance)
        }
        #expect(tau?.code == .invalidParameter, "τ \(tolerance)")
      }
      for percentile in [-1, 100.5, Double.nan] {
        let q = #expect(throws: MetricInputError.self) { try distances.hausdorffPercentile(percentile) }
        #expect(q?.code == .invalidParameter, "percentile \(percentile)")
      }
    }
  }
}

// MARK: Peer: Metrics Reloaded's code

extension BoundaryDistancesTests {
  /// A seeded random case, as the peer script reads it: masks as strings of `0` and `1`, row-major.
  struct Case: Codable, Sendable {
    var shape: [Int]
    var spacing: [Double]
    var tolerance: Double
    var percentile: Double
    var reference: String
    var candidate: String
  }

  /// What the peer prints per case; `nil` for Metrics Reloaded's NaN.
  struct Expected: Codable, Sendable {
    var hd: Double?
    var hdPerc: Double?
    var assd: Double?
    var masd: Double?
    var nsd: Double?
    /// Whether Metrics Reloaded itself was importable and checked the re-statement.
    var original: Bool
  }

  /// The peer: Metrics Reloaded's functions, re-stated line for line.
  ///
  /// Metrics Reloaded is not on PyPI, so the script re-states its functions (Project-MONAI/MetricsReloaded
  /// at `cb38dfc`) and runs them with the pinned numpy and scipy. When the package is importable
  /// (installed from its repository), the script also runs the original and fails unless both give
  /// identical numbers.
  static let script = """
    import json, sys, warnings
    import numpy as np
    from scipy import ndimage

    warnings.filterwarnings("ignore")  # Metrics Reloaded warns for every empty mask


    # MetricsReloaded/utility/utils.py, MorphologyOps.border_map
    def border_map(binary_img):
        binary_map = np.asarray(binary_img, dtype=np.int8)
        eroded = ndimage.binary_erosion(binary_map)
        return binary_map - eroded


    # MetricsReloaded/metrics/pairwise_measures.py, BinaryPairwiseMeasures.border_distance
    def border_distance(pred, ref, pixdim):
        border_ref = border_map(ref)
        border_pred = border_map(pred)
        distance_ref = ndimage.distance_transform_edt(1 - border_ref, sampling=pixdim)
        distance_pred = ndimage.distance_transform_edt(1 - border_pred, sampling=pixdim)
        return border_pred * distance_ref, border_ref * distance_pred, border_ref, border_pred


    # BinaryPairwiseMeasures.normalised_surface_distance, tau = dict_args["nsd"]
    def normalised_surface_distance(pred, ref, pixdim, tau):
        if int(np.sum(pred)) == 0 and int(np.sum(ref)) == 0:
            return 1
        dist_ref, dist_pred, border_ref, border_pred = border_distance(pred, ref, pixdim)
        reg_ref = np.where(dist_ref <= tau, np.ones_like(dist_ref), np.zeros_like(dist_ref))
        reg_pred = np.where(dist_pred <= tau, np.ones_like(dist_pred), np.zeros_like(dist_pred))
        numerator = np.sum(border_pred * reg_ref) + np.sum(border_ref * reg_pred)
        denominator = np.sum(border_ref) + np.sum(border_pred)
        return numerator / denominator


    # BinaryPairwiseMeasures.measured_distance, perc = dict_args["hd_perc"]: (hd, assd, hd_perc, masd)
    def measured_distance(pred, ref, pixdim, perc):
        if np.sum(pred + ref) == 0:
            return 0, 0, 0, 0
        if np.sum(pred) == 0 and np.sum(ref) > 0:
            return np.nan, np.nan, np.nan, np.nan
        if np.sum(ref) == 0 and np.sum(pred) > 0:
            return np.nan, np.nan, np.nan, np.nan
        ref_border_dist, pred_border_dist, ref_border, pred_border = border_distance(pred, ref, pixdim)
        average_distance = (np.sum(ref_border_dist) + np.sum(pred_border_dist)) / (np.sum(pred_border + ref_border))
        masd = 0.5 * (np.sum(ref_border_dist) / np.sum(pred_border) + np.sum(pred_border_dist) / np.sum(ref_border))
        hausdorff_distance = np.max([np.max(ref_border_dist), np.max(pred_border_dist)])
        hausdorff_distance_perc = np.max([
            np.percentile(ref_border_dist[pred_border > 0], q=perc),
            np.percentile(pred_border_dist[ref_border > 0], q=perc),
        ])
        return hausdorff_distance, average_distance, hausdorff_distance_perc, masd


    try:
        from MetricsReloaded.metrics.pairwise_measures import BinaryPairwiseMeasures
    except ImportError:
        BinaryPairwiseMeasures = None


    def number(value):
        value = float(value)
        return None if np.isnan(value) else value


    out = []
    for case in json.load(open(sys.argv[1])):
        shape = tuple(case["shape"])
        ref = (np.frombuffer(case["reference"].encode(), np.uint8) - 48).astype(np.int64).reshape(shape)
        pred = (np.frombuffer(case["candidate"].encode(), np.uint8) - 48).astype(np.int64).reshape(shape)
        pixdim, tau, perc = case["spacing"], case["tolerance"], case["percentile"]
        values = [number(v) for v in measured_distance(pred, ref, pixdim, perc)]
        values.append(number(normalised_surface_distance(pred, ref, pixdim, tau)))
        if BinaryPairwiseMeasures is not None:
            bpm = BinaryPairwiseMeasures(pred, ref, pixdim=pixdim, dict_args={"nsd": tau, "hd_perc": perc})
            original = [number(v) for v in bpm.measured_distance()] + [number(bpm.normalised_surface_distance())]
            assert original == values, ("the re-statement departs from Metrics Reloaded", case, original, values)
        hd, assd, hd_perc, masd, nsd = values
        checked = BinaryPairwiseMeasures is not None
        out.append(dict(hd=hd, hdPerc=hd_perc, assd=assd, masd=masd, nsd=nsd, original=checked))
    print(json.dumps(out))
    """

  /// Seeded random cases, 2-D and 3-D alternately: boxes, noise, full and empty masks, pixel sizes from
  /// a list (where τ can fall exactly on a distance) or arbitrary; every 10th case has an empty
  /// reference, candidate or both, the non-empty one at the grid's origin (Metrics Reloaded's NSD for
  /// one empty mask depends on it).
  static func cases(count: Int) -> [Case] {
    var generator = SeededGenerator(seed: 0xB0DA)
    return (0..<count).map { index in
      let shape =
        index % 2 == 0
        ? (0..<2).map { _ in Int.random(in: 1...32, using: &generator) }
        : (0..<3).map { _ in Int.random(in: 1...12, using: &generator) }
      let pixels = shape.reduce(1, *)
      let spacing = shape.map { _ in
        Bool.random(using: &generator)
          ? [0.3, 0.5, 0.65, 1, 1.7, 2, 3.1].randomElement(using: &generator)!
          : Double.random(in: 0.1...4, using: &generator)
      }
      func randomMask(_ generator: inout SeededGenerator) -> [Bool] {
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return [Bool](repeating: false, count: pixels)
        case 1:
          let density = Double.random(in: 0..<1, using: &generator)
          return (0..<pixels).map { _ in Double.random(in: 0..<1, using: &generator) < density }
        case 2: return [Bool](repeating: true, count: pixels)
        default:
          let boxes = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
            shape.map { extent in
              let low = Int.random(in: 0..<extent, using: &generator)
              return low..<min(extent, low + Int.random(in: 1...extent, using: &generator))
            }
          }
          return union(shape, boxes)
        }
      }
      var reference = randomMask(&generator)
      var candidate = randomMask(&generator)
      let atOrigin = box(shape, shape.map { 0..<min($0, Int.random(in: 1...4, using: &generator)) })
      switch index % 10 {
      case 1: (reference, candidate) = ([Bool](repeating: false, count: pixels), atOrigin)
      case 3: (reference, candidate) = (atOrigin, [Bool](repeating: false, count: pixels))
      case 5:
        (reference, candidate) = ([Bool](repeating: false, count: pixels), [Bool](repeating: false, count: pixels))
      default: break
      }
      let tolerance =
        Bool.random(using: &generator)
        ? [0, 0.5, 0.65, 1, 1.3, 1.95, 2, 3].randomElement(using: &generator)!
        : Double.random(in: 0...8, using: &generator)
      let text = { (mask: [Bool]) in String(mask.map { $0 ? "1" as Character : "0" }) }
      return Case(
        shape: shape, spacing: spacing, tolerance: tolerance,
        percentile: [95, 95, 50, 0, 100, 37.5, 99].randomElement(using: &generator)!, reference: text(reference),
        candidate: text(candidate))
    }
  }

  @Test(.enabled(if: python(with: ["numpy", "scipy"]) != nil))
  func agreesWithMetricsReloadedOnRandomMasks() throws {
    let interpreter = try #require(python(with: ["numpy", "scipy"]))
    let cases = Self.cases(count: 300)
    let expected = try PythonPeer.run(Self.script, interpreter: interpreter, cases: cases, as: [Expected].self)
    try #require(expected.count == cases.count)
    #expect(cases.contains { !$0.reference.contains("1") && $0.candidate.contains("1") })
    #expect(expected.contains { $0.hd == nil } && expected.contains { ($0.nsd ?? 0) > 0 && $0.hd == nil })
    for (index, (test, peer)) in zip(cases, expected).enumerated() {
      let distances = try BoundaryDistances(
        reference: test.reference.map { $0 == "1" }, candidate: test.candidate.map { $0 == "1" }, shape: test.shape,
        spacing: test.spacing)
      let ours = [
        distances.hausdorff, try distances.hausdorffPercentile(test.percentile),
        distances.averageSymmetricSurfaceDistance, distances.meanAverageSurfaceDistance,
        try distances.normalisedSurfaceDistance(tolerance: test.tolerance),
      ]
      let theirs = [peer.hd, peer.hdPerc, peer.assd, peer.masd, peer.nsd]
      for (name, (value, reference)) in zip(["HD", "HD percentile", "ASSD", "MASD", "NSD"], zip(ours, theirs)) {
        #expect(
          Self.close(value, reference, within: 1e-9),
          "case \(index) \(name): \(String(describing: value)), Metrics Reloaded \(String(describing: reference))")
      }
    }
  }
}
