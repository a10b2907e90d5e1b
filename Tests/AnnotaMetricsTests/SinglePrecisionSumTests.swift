// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// NumPy's float32 pairwise sum, bit for bit: by hand where the order shows, and against NumPy on
/// seeded arrays of every blocking regime (under 8, up to 128, split in two).
@Suite("Single-precision sum")
struct SinglePrecisionSumTests {
  @Test func theOrderShows() {
    // 2^24 + 1 + 1 in a row loses both ones; NumPy's eight lanes keep them apart the same way.
    let big: Float = 16_777_216
    #expect(SinglePrecisionSum.pairwise([big, 1, 1]) == big)
    let lanes: [Float] = [big, 1, 1, 1, 1, 1, 1, 1, 1]
    // Lanes: (2^24 + 1) + 1 ... then the ninth value added to the combined sum.
    #expect(SinglePrecisionSum.pairwise(lanes) == ((big + 1) + (1 + 1)) + ((1 + 1) + (1 + 1)) + 1)
    #expect(SinglePrecisionSum.pairwise([]) == 0)
  }

  @Test(.enabled(if: python(with: ["numpy"]) != nil))
  func equalsNumPy() throws {
    let interpreter = try #require(python(with: ["numpy"]))
    var generator = SeededGenerator(seed: 0x5EED_F10A)
    let lengths = [1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 255, 256, 257, 1000, 4099]
    let arrays = lengths.map { count in
      (0..<count).map { _ in Float.random(in: 0...1, using: &generator) * (Bool.random(using: &generator) ? 1 : 1e4) }
    }
    let script = """
      import json, sys
      import numpy as np
      arrays = json.load(open(sys.argv[1]))
      print(json.dumps([float(np.sum(np.array(a, dtype=np.float32))) for a in arrays]))
      """
    let expected = try PythonPeer.run(script, interpreter: interpreter, cases: arrays, as: [Double].self)
    for (array, sum) in zip(arrays, expected) {
      #expect(Double(SinglePrecisionSum.pairwise(array)) == sum, "\(array.count) values")
    }
  }
}
