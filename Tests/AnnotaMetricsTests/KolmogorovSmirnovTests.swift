// SPDX-License-Identifier: Apache-2.0
@_spi(Testing) import AnnotaMetrics
import AnnotaTestSupport
import Foundation
import Testing

/// The two-sample Kolmogorov–Smirnov test against SciPy's `stats.ks_2samp` (1.17.1): D and the
/// p-value, exact for samples up to 10 000, on seeded random samples with and without ties.
@Suite struct KolmogorovSmirnovTests {
  @Test func separatedSamplesHaveTheTextbookPValue() throws {
    // D = 1; the exact p is the share of arrangements as extreme: 2 / C(6, 3) = 0.1.
    let test = try #require(KolmogorovSmirnov.twoSample([1, 2, 3], [4, 5, 6]))
    #expect(test.statistic == 1)
    #expect(abs(test.pValue - 0.1) < 1e-12)
    #expect(test.isExact)
  }

  @Test func identicalSamplesHaveDZeroAndPOne() throws {
    let test = try #require(KolmogorovSmirnov.twoSample([3, 1, 2, 2], [2, 3, 1, 2]))
    #expect(test.statistic == 0 && test.pValue == 1)
  }

  @Test func theExponentialIsTheLibrarys() {
    for x in [-700.0, -50.5, -2.25, -1e-9, 0, 0.3, 1, 12.75] {
      let expected = Foundation.exp(x)
      #expect(abs(KolmogorovSmirnov.naturalExp(x) - expected) <= 1e-14 * expected, "e^\(x)")
    }
  }

  @Test func anEmptySampleHasNoTest() {
    #expect(KolmogorovSmirnov.twoSample([], [1]) == nil)
  }

  struct Case: Codable {
    var first: [Double]
    var second: [Double]
  }

  struct Result: Codable {
    var statistic: Double
    var p: Double
    var limit: Double
  }

  static func cases() -> [Case] {
    var random = SeededGenerator(seed: 21)
    func sample(_ count: Int, shift: Double, ties: Bool) -> [Double] {
      (0..<count).map { _ in
        let value = Double.random(in: 0..<1, using: &random) + Double.random(in: 0..<1, using: &random) + shift
        return ties ? (value * 4).rounded() : value
      }
    }
    let sizes: [(Int, Int, Double, Bool)] = [
      (5, 5, 0.4, false), (7, 13, 0.3, false), (30, 45, 0.2, true), (200, 150, 0.1, false), (1000, 10, 0.5, true),
      (64, 64, 0, false), (333, 777, 0.05, true), (12_000, 15_000, 0.02, false),
    ]
    return sizes.map { Case(first: sample($0.0, shift: 0, ties: $0.3), second: sample($0.1, shift: $0.2, ties: $0.3)) }
  }

  static let script = """
    import json, math, sys
    from scipy import stats
    cases = json.load(open(sys.argv[1]))
    out = []
    for case in cases:
        result = stats.ks_2samp(case["first"], case["second"])
        m, n = sorted([len(case["first"]), len(case["second"])], reverse=True)
        en = m * n / (m + n)
        out.append({"statistic": float(result.statistic), "p": float(result.pvalue),
                    "limit": float(stats.kstwobign.sf(math.sqrt(en) * result.statistic))})
    print(json.dumps(out))
    """

  @Test(.enabled(if: python(with: ["scipy"]) != nil))
  func equalsSciPy() throws {
    let interpreter = try #require(python(with: ["scipy"]))
    let cases = Self.cases()
    let expected = try PythonPeer.run(Self.script, interpreter: interpreter, cases: cases, as: [Result].self)
    for (index, (input, peer)) in zip(cases, expected).enumerated() {
      let test = try #require(KolmogorovSmirnov.twoSample(input.first, input.second))
      #expect(abs(test.statistic - peer.statistic) < 1e-12, "case \(index): D")
      if test.isExact {
        #expect(abs(test.pValue - peer.p) <= 1e-9 * max(1, peer.p), "case \(index): p \(test.pValue) vs \(peer.p)")
      } else {
        // Past 10 000 values: Kolmogorov's limit (SciPy's kstwobign) exactly, and SciPy's own
        // finite-n p-value closely.
        #expect(abs(test.pValue - peer.limit) < 1e-12, "case \(index): limit")
        #expect(abs(test.pValue - peer.p) < 0.01, "case \(index): p \(test.pValue) vs \(peer.p)")
      }
    }
  }
}
