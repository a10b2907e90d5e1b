// SPDX-License-Identifier: Apache-2.0

/// The frames of a CVAT video task: `start_frame`, then every `step`-th frame (`frame_filter`
/// `step=N`) up to `stop_frame`.
///
/// CVAT writes a track's shapes with the video's own frame numbers, but annotates, interpolates and
/// propagates only on the task's frames; a frame between two of them was never part of the task.
struct CVATFrameGrid: Equatable {
  /// The first frame of the task.
  var start = 0
  /// The distance between two frames of the task.
  var step = 1
  /// The last frame of the task, when the file says.
  var stop: Int?

  /// Reads `step=N` from a `frame_filter`; an empty or unknown filter keeps every frame.
  mutating func setFilter(_ filter: String) {
    let parts = filter.split(separator: "=", maxSplits: 1).map { String($0).trimmed }
    if parts.count == 2, parts[0] == "step", let step = Int(parts[1]), step > 0 { self.step = step }
  }

  /// The task's frames from `first` up to, not including, `end` — `first` itself always, even off the grid.
  ///
  /// - Returns: `nil` when that is more than ``maximumFrames`` frames (a hostile or broken file).
  func frames(from first: Int, before end: Int) -> [Int]? {
    var frames = [first]
    var frame = nextFrame(after: first)
    while frame < end {
      guard frames.count < Self.maximumFrames else { return nil }
      frames.append(frame)
      let (next, overflow) = frame.addingReportingOverflow(step)
      if overflow { break }
      frame = next
    }
    return frames
  }

  /// The task's frames from `first` through `stop`; only `first` when the stop frame is unknown.
  func frames(from first: Int) -> [Int]? {
    guard let stop, stop > first, stop < Int.max else { return [first] }
    return frames(from: first, before: stop + 1)
  }

  /// The first frame of the task after `frame`.
  private func nextFrame(after frame: Int) -> Int {
    guard frame >= start else { return start }
    let (quotient, overflow) = ((frame - start) / step).addingReportingOverflow(1)
    guard !overflow else { return Int.max }
    let (offset, overflowed) = quotient.multipliedReportingOverflow(by: step)
    return overflowed || offset > Int.max - start ? Int.max : start + offset
  }

  /// The most frames one track segment expands to; CVAT tasks hold far fewer.
  static let maximumFrames = 1 << 20
}
