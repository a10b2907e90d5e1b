// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// The exact Euclidean distance transform against literal values and against brute force on seeded
/// random 1-D, 2-D and 3-D grids with anisotropic pixel sizes.
@Suite("Distance transform")
struct DistanceTransformTests {
  @Test func literalDistancesWithAnisotropicSpacing() throws {
    // 1-D, pixel size 0.5: sites at 1 and 5.
    let line = try DistanceTransform.euclidean(
      sites: [false, true, false, false, false, true, false], shape: [7], spacing: [0.5])
    #expect(line == [0.5, 0, 0.5, 1, 0.5, 0, 0.5])
    // 2-D (y, x) with pixels 2 tall and 1 wide, one site at the origin.
    let plane = try DistanceTransform.euclidean(
      sites: [true, false, false, false, false, false], shape: [2, 3], spacing: [2, 1])
    #expect(plane == [0, 1, 2, 2, Double(5).squareRoot(), Double(8).squareRoot()])
    // 3-D (z, y, x): the site at the far corner of a 2 × 2 × 2 grid with pixel sizes 3, 2, 1.
    var sites = [Bool](repeating: false, count: 8)
    sites[7] = true
    let volume = try DistanceTransform.euclidean(sites: sites, shape: [2, 2, 2], spacing: [3, 2, 1])
    #expect(volume == [14, 13, 10, 9, 5, 4, 1, 0].map { Double($0).squareRoot() })
  }

  @Test func withoutASiteEveryDistanceIsInfinite() throws {
    let distances = try DistanceTransform.euclidean(
      sites: [Bool](repeating: false, count: 12), shape: [3, 4], spacing: [1, 1])
    #expect(distances.count == 12 && distances.allSatisfy { $0 == .infinity })
  }

  /// The distance to the nearest site by trying every site, summed per axis as SciPy sums it.
  static func bruteForce(_ sites: [Bool], shape: [Int], spacing: [Double]) -> [Double] {
    func coordinates(_ index: Int) -> [Int] {
      var rest = index
      var result = [Int](repeating: 0, count: shape.count)
      for axis in shape.indices.reversed() {
        result[axis] = rest % shape[axis]
        rest /= shape[axis]
      }
      return result
    }
    let siteCoordinates = sites.indices.filter { sites[$0] }.map(coordinates)
    return sites.indices.map { index in
      let pixel = coordinates(index)
      var best = Double.infinity
      for site in siteCoordinates {
        var sum = 0.0
        for axis in shape.indices {
          let step = Double(site[axis] - pixel[axis]) * spacing[axis]
          sum += step * step
        }
        best = min(best, sum.squareRoot())
      }
      return best
    }
  }

  @Test(arguments: 0..<60)
  func agreesWithBruteForce(seed: Int) throws {
    var generator = SeededGenerator(seed: UInt64(seed) &+ 0xED7)
    let rank = [1, 2, 3][seed % 3]
    let shape = (0..<rank).map { _ in Int.random(in: 1...(rank == 3 ? 9 : 16), using: &generator) }
    let spacing = (0..<rank).map { _ in
      seed % 2 == 0
        ? [0.3, 0.65, 1, 2.5].randomElement(using: &generator)! : Double.random(in: 0.1...4, using: &generator)
    }
    let density = [0.005, 0.05, 0.3, 0.9][seed % 4]
    var sites = (0..<shape.reduce(1, *)).map { _ in Double.random(in: 0..<1, using: &generator) < density }
    if !sites.contains(true) { sites[Int.random(in: 0..<sites.count, using: &generator)] = true }
    let distances = try DistanceTransform.euclidean(sites: sites, shape: shape, spacing: spacing)
    let expected = Self.bruteForce(sites, shape: shape, spacing: spacing)
    // Equal to the last bit unless two sites are equally near; then within rounding.
    let worst = zip(distances, expected).map { abs($0 - $1) / max($1, 1) }.max() ?? 0
    #expect(worst <= 1e-15, "shape \(shape), spacing \(spacing)")
  }

  @Test func badGridsAreErrors() {
    let sites = [Bool](repeating: true, count: 6)
    let count = #expect(throws: MetricInputError.self) {
      try DistanceTransform.euclidean(sites: sites, shape: [2, 4], spacing: [1, 1])
    }
    #expect(count?.code == .lengthMismatch)
    let axes = #expect(throws: MetricInputError.self) {
      try DistanceTransform.euclidean(sites: sites, shape: [2, 3], spacing: [1])
    }
    #expect(axes?.code == .dimensionMismatch)
    for spacing in [[0, 1], [1, -0.5], [Double.nan, 1], [1, .infinity]] {
      let size = #expect(throws: MetricInputError.self) {
        try DistanceTransform.euclidean(sites: sites, shape: [2, 3], spacing: spacing)
      }
      #expect(size?.code == .invalidParameter, "spacing \(spacing)")
    }
    let extent = #expect(throws: MetricInputError.self) {
      try DistanceTransform.euclidean(sites: [], shape: [0, 3], spacing: [1, 1])
    }
    #expect(extent?.code == .invalidParameter)
    let noAxes = #expect(throws: MetricInputError.self) {
      try DistanceTransform.euclidean(sites: [true], shape: [], spacing: [])
    }
    #expect(noAxes?.code == .invalidParameter)
  }
}
