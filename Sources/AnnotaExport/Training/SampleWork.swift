// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// Per-image work of a layout writer, `jobs` images at a time: reading masks, tracing outlines and
/// copying files run in parallel; results come back in manifest order for the writer to add up.
enum SampleWork {
  /// Runs `work` on every sample and hands each result to `emit` in sample order.
  /// - Parameters:
  ///   - samples: the images.
  ///   - jobs: the most images worked on at once.
  ///   - progress: called with the number of images done.
  ///   - work: one image's work; runs on any thread.
  ///   - emit: receives each sample and its result, in order, one at a time.
  /// - Throws: the first ``ExportError`` of `work` or `emit`; the remaining work is cancelled.
  static func run<Output: Sendable>(
    _ samples: [TrainingDataset.Sample], jobs: Int, progress: (Int) -> Void,
    work: @escaping @Sendable (TrainingDataset.Sample) throws(ExportError) -> Output,
    emit: (TrainingDataset.Sample, Output) throws(ExportError) -> Void
  ) async throws(ExportError) {
    var failure: ExportError?
    var emitted = 0
    try? await BoundedParallel.forEach(samples, width: max(1, jobs)) { sample in
      Result { () throws(ExportError) in try work(sample) }
    } emit: { index, result in
      do {
        try emit(samples[index], try result.get())
        emitted += 1
        progress(index + 1)
      } catch let error as ExportError {
        failure = error
        throw error  // stops the remaining work
      }
    }
    if let failure { throw failure }
    // Cancelled before every image was written: nothing may be renamed into place as complete.
    guard emitted == samples.count else {
      throw ExportError(
        code: .notWritten, message: "the export was cancelled after \(emitted) of \(samples.count) image(s)",
        path: samples.first?.path ?? "")
    }
  }
}
