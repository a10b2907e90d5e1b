// SPDX-License-Identifier: Apache-2.0

/// What expanding a file's tracks did that a reader should know, and the bound on its size.
struct TrackExpansion {
  /// Shapes made so far.
  private(set) var shapes = 0
  /// Interpolated shapes held at the earlier keyframe (the keyframes' point counts differ).
  var held = 0
  /// Tracks whose last visible shape stayed on its keyframe: the file gives no stop frame.
  var unknownStop = 0

  /// Counts `count` more shapes; `false` past ``maximumShapes``.
  mutating func add(_ count: Int) -> Bool {
    shapes += count
    return shapes <= Self.maximumShapes
  }

  /// Notes for the conversion's report.
  var notes: [String] {
    var notes: [String] = []
    if held > 0 {
      notes.append(
        "\(held) interpolated shape(s) copy the earlier keyframe: its next keyframe has another point count "
          + "(CVAT morphs these)")
    }
    if unknownStop > 0 {
      notes.append("\(unknownStop) track(s) end visible but the file has no <stop_frame>: kept on their last keyframe")
    }
    return notes
  }

  /// The most shapes a file's tracks may expand to.
  static let maximumShapes = 1 << 22
}
