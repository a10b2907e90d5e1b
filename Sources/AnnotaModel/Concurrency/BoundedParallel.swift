// SPDX-License-Identifier: Apache-2.0
import Dispatch
import FoundationEssentials

/// Runs blocking per-item work on at most `width` tasks at once and hands results back in input
/// order as soon as each is next in line, so memory stays bounded by the window, not the input.
public enum BoundedParallel {
  /// The width every command and workflow uses unless told otherwise (`--jobs`): the active cores.
  public static var defaultWidth: Int { ProcessInfo.processInfo.activeProcessorCount }

  /// Applies `work` to every item, `width` at a time, and passes each result to `emit` in input order.
  /// - Parameters:
  ///   - items: the inputs.
  ///   - width: the most items worked on at once (the number of cores, usually).
  ///   - work: the blocking work for one item; runs on any thread.
  ///   - emit: receives each item's index and result, in input order, one at a time.
  /// - Throws: what `emit` throws (the remaining work is cancelled).
  public static func forEach<Item: Sendable, Output: Sendable>(
    _ items: [Item], width: Int, work: @escaping @Sendable (Item) -> Output,
    emit: (Int, Output) throws -> Void
  ) async throws {
    if width <= 1 {
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
          let item = items[index]
          group.addTask { (index, work(item)) }
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

  /// Applies `work` to every index below `count` on every core and returns the results in order,
  /// blocking until all are done.
  ///
  /// For a synchronous caller, a stream callback say, that cannot await a task group; keep
  /// `count` to a batch, since every result is held at once. The workers are Dispatch threads, not
  /// tasks: task-local values (the kits' read limits) must be carried into `work` by the caller.
  /// - Parameters:
  ///   - count: how many items.
  ///   - work: the work for one index; runs on any thread.
  /// - Returns: the results by index.
  public static func map<Output>(count: Int, work: @Sendable (Int) -> Output) -> [Output] {
    let slots = Slots<Output>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, work($0)) }
    return slots.values
  }
}

/// One slot per concurrent worker's result: each worker writes only its own index, and the slots
/// are read after every worker has returned, so no lock is needed.
private final class Slots<Value>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<Value?>

  init(count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func set(_ index: Int, _ value: Value) { slots[index] = value }

  /// Every slot's value; each was set by the time the workers returned.
  var values: [Value] { slots.map { $0! } }
}
