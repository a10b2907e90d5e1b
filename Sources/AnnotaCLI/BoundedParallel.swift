// SPDX-License-Identifier: Apache-2.0

/// Runs blocking per-item work on at most `width` tasks at once and hands results back in input
/// order as soon as each is next in line, so memory stays bounded by the window, not the input.
enum BoundedParallel {
  static func forEach<Output: Sendable>(
    _ items: [String], width: Int, work: @escaping @Sendable (String) -> Output,
    emit: (Int, Output) throws -> Void
  ) async throws {
    if width == 1 {
      // One at a time needs no tasks: no thread hand-off per item.
      for (index, item) in items.enumerated() { try emit(index, work(item)) }
      return
    }
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
      var next = 0
      var running = 0
      var pending: [Int: Output] = [:]
      var emitted = 0
      // Keep `width` tasks busy, but never run more than a few windows ahead of the output.
      func refill() {
        while running < width, next < items.count, pending.count < width * 4, !Task.isCancelled {
          let index = next
          group.addTask { (index, work(items[index])) }
          next += 1
          running += 1
        }
      }
      refill()
      while let (index, output) = try await group.next() {
        running -= 1
        pending[index] = output
        while let ready = pending.removeValue(forKey: emitted) {
          try emit(emitted, ready)
          emitted += 1
        }
        refill()
      }
    }
  }
}
