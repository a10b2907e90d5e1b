// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics
import AnnotaTestSupport
import Foundation
import Testing

/// Image statistics against NumPy (mean, std, percentiles) and SciPy (`ndimage.laplace` for focus,
/// `ndimage.convolve` for Immerkær's noise estimate) on seeded planes.
@Suite struct ImageStatisticsTests {
  @Test func aFlatPlaneHasNoNoiseNorFocus() throws {
    let statistics = try #require(ImageStatistics.measure([Double](repeating: 7, count: 20), width: 5, height: 4))
    #expect(statistics.mean == 7 && statistics.standardDeviation == 0)
    #expect(statistics.p1 == 7 && statistics.p99 == 7)
    #expect(statistics.noise == 0 && statistics.signalToNoise == nil && statistics.focus == 0)
  }

  @Test func aSizeTheValuesDoNotFillHasNoStatistics() {
    #expect(ImageStatistics.measure([1, 2, 3], width: 2, height: 2) == nil)
    #expect(ImageStatistics.measure([], width: 0, height: 0) == nil)
  }

  @Test func blurLowersFocusAndNoiseRaisesTheNoiseEstimate() throws {
    var random = SeededGenerator(seed: 3)
    let (width, height) = (64, 48)
    let edges = (0..<width * height).map { Double(($0 % width) / 8 % 2 * 100) }
    let noisy = edges.map { $0 + Double.random(in: -20...20, using: &random) }
    var blurred = edges
    for y in 0..<height {
      for x in 1..<(width - 1) {
        blurred[y * width + x] = (edges[y * width + x - 1] + edges[y * width + x] + edges[y * width + x + 1]) / 3
      }
    }
    let sharp = try #require(ImageStatistics.measure(edges, width: width, height: height))
    let soft = try #require(ImageStatistics.measure(blurred, width: width, height: height))
    let grainy = try #require(ImageStatistics.measure(noisy, width: width, height: height))
    #expect(soft.focus < sharp.focus)
    #expect(grainy.noise > sharp.noise + 5)
  }

  struct Case: Codable {
    var values: [Double]
    var width: Int
    var height: Int
  }

  struct Result: Codable {
    var mean: Double
    var std: Double
    var p1: Double
    var p50: Double
    var p99: Double
    var focus: Double
    var noise: Double
  }

  static let script = """
    import json, math, sys
    import numpy as np
    from scipy import ndimage
    out = []
    for case in json.load(open(sys.argv[1])):
        image = np.array(case["values"], dtype=np.float64).reshape(case["height"], case["width"])
        kernel = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], dtype=np.float64)
        interior = ndimage.convolve(image, kernel)[1:-1, 1:-1]
        h, w = image.shape
        noise = math.sqrt(math.pi / 2) * np.abs(interior).sum() / (6 * (w - 2) * (h - 2))
        p1, p50, p99 = np.percentile(image, [1, 50, 99])
        out.append({"mean": float(image.mean()), "std": float(image.std()), "p1": float(p1), "p50": float(p50),
                    "p99": float(p99), "focus": float(ndimage.laplace(image).var()), "noise": float(noise)})
    print(json.dumps(out))
    """

  @Test(.enabled(if: python(with: ["numpy", "scipy"]) != nil))
  func equalsNumPyAndSciPy() throws {
    let interpreter = try #require(python(with: ["numpy", "scipy"]))
    var random = SeededGenerator(seed: 22)
    let cases = [(31, 17, 1.0), (64, 64, 4095.0), (3, 3, 10.0), (128, 5, 0.5)].map { width, height, scale in
      Case(
        values: (0..<width * height).map { index in
          (Double(index % width) * 3 + Double.random(in: 0..<scale, using: &random)).rounded()
        }, width: width, height: height)
    }
    let expected = try PythonPeer.run(Self.script, interpreter: interpreter, cases: cases, as: [Result].self)
    for (input, peer) in zip(cases, expected) {
      let mine = try #require(ImageStatistics.measure(input.values, width: input.width, height: input.height))
      func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(b)) }
      #expect(close(mine.mean, peer.mean) && close(mine.standardDeviation, peer.std), "\(input.width)×\(input.height)")
      #expect(close(mine.p1, peer.p1) && close(mine.p50, peer.p50) && close(mine.p99, peer.p99))
      #expect(close(mine.focus, peer.focus), "focus \(mine.focus) vs \(peer.focus)")
      #expect(close(mine.noise, peer.noise), "noise \(mine.noise) vs \(peer.noise)")
      // The integer path (unsigned samples, as images are read) gives the same numbers.
      let unsigned = try #require(
        ImageStatistics.measure(unsigned: input.values.map { UInt32($0) }, width: input.width, height: input.height))
      #expect(close(unsigned.mean, peer.mean) && close(unsigned.standardDeviation, peer.std))
      #expect(close(unsigned.p1, peer.p1) && close(unsigned.p50, peer.p50) && close(unsigned.p99, peer.p99))
      #expect(close(unsigned.focus, peer.focus) && close(unsigned.noise, peer.noise))
    }
  }
}
