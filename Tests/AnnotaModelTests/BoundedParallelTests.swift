// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Synchronization
import Testing

/// Parallel work hands results back in input order, whatever order the workers finish in.
@Suite("Bounded parallel work")
struct BoundedParallelTests {
  /// The synchronous map returns every index's result at its index, and runs each index once.
  @Test(arguments: [0, 1, 2, 7, 64, 1000])
  func mapKeepsTheOrder(count: Int) {
    let calls = Atomic<Int>(0)
    let results = BoundedParallel.map(count: count) { index -> String in
      calls.add(1, ordering: .relaxed)
      // Early indices take longest, so workers finish out of order.
      var spin = 0
      for step in 0..<((count - index) * 50) { spin &+= step }
      return "\(index):\(spin >= 0)"
    }
    #expect(results == (0..<count).map { "\($0):true" })
    #expect(calls.load(ordering: .relaxed) == count)
  }

  /// The asynchronous form emits in input order too, a window at a time.
  @Test func forEachEmitsInInputOrder() async throws {
    var emitted: [Int] = []
    try await BoundedParallel.forEach(Array(0..<200), width: 3, work: { $0 * 2 }) { index, value in
      #expect(value == index * 2)
      emitted.append(index)
    }
    #expect(emitted == Array(0..<200))
  }
}
