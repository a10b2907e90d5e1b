// SPDX-License-Identifier: Apache-2.0

/// A binary mask over a rectangle of an image, stored as row-major run lengths (first run
/// background, possibly 0), as CVAT stores masks: compact for the large, blobby objects annotators
/// paint, and cheap to hold by the thousand.
public struct MaskRegion: Sendable, Hashable {
  /// The rectangle's left column and top row in image pixels.
  public var left: Int, top: Int
  /// The rectangle's size in pixels.
  public var width: Int, height: Int
  /// Row-major runs over the rectangle, alternating background and foreground, background first;
  /// pixels after the last run are background.
  public private(set) var runs: [Int]

  /// Creates a mask from runs; `nil` when a run is negative or the runs cover more than the rectangle.
  /// - Parameters:
  ///   - left: left column.
  ///   - top: top row.
  ///   - width: width in pixels (> 0).
  ///   - height: height in pixels (> 0).
  ///   - runs: row-major runs, background first.
  public init?(left: Int, top: Int, width: Int, height: Int, runs: [Int]) {
    guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20 else { return nil }
    var total = 0
    for run in runs {
      guard run >= 0, run <= width * height - total else { return nil }
      total += run
    }
    self.left = left
    self.top = top
    self.width = width
    self.height = height
    self.runs = Self.normalized(runs)
  }

  /// Creates a mask from row-major 0/1 values (any non-zero value is foreground).
  /// - Parameters:
  ///   - left: left column.
  ///   - top: top row.
  ///   - width: width in pixels.
  ///   - height: height in pixels.
  ///   - bits: `width × height` values, row by row.
  public init?(left: Int, top: Int, width: Int, height: Int, bits: [UInt8]) {
    guard bits.count == width * height else { return nil }
    self.init(left: left, top: top, width: width, height: height, runs: MaskRegion.runs(of: bits))
  }

  /// Row-major 0/1 values of the rectangle.
  public var bits: [UInt8] {
    var bits = [UInt8](repeating: 0, count: width * height)
    var position = 0
    for (index, run) in runs.enumerated() {
      if index % 2 == 1 { bits.withUnsafeMutableBufferPointer { $0[position..<position + run].update(repeating: 1) } }
      position += run
    }
    return bits
  }

  /// Foreground pixels.
  public var pixelCount: Int { runs.enumerated().reduce(0) { $0 + ($1.offset % 2 == 1 ? $1.element : 0) } }

  /// The same foreground over the smallest rectangle that holds it; `nil` when the mask is empty.
  public var tightened: MaskRegion? {
    let values = bits
    var (x0, y0, x1, y1) = (Int.max, Int.max, -1, -1)
    for y in 0..<height {
      let row = y * width
      for x in 0..<width where values[row + x] != 0 {
        x0 = min(x0, x)
        x1 = max(x1, x)
        y0 = min(y0, y)
        y1 = max(y1, y)
      }
    }
    guard x1 >= 0 else { return nil }
    if (x0, y0, x1, y1) == (0, 0, width - 1, height - 1) { return self }
    var cropped: [UInt8] = []
    cropped.reserveCapacity((x1 - x0 + 1) * (y1 - y0 + 1))
    for y in y0...y1 { cropped += values[(y * width + x0)...(y * width + x1)] }
    return MaskRegion(left: left + x0, top: top + y0, width: x1 - x0 + 1, height: y1 - y0 + 1, bits: cropped)
  }

  /// Whether two masks cover exactly the same image pixels, wherever their rectangles are.
  /// - Parameter other: the other mask.
  /// - Returns: `true` when the foregrounds are pixel-identical.
  public func coversSamePixels(as other: MaskRegion) -> Bool {
    switch (tightened, other.tightened) {
    case (nil, nil): true
    case (let a?, let b?): a == b
    default: false
    }
  }

  /// Runs of 0/1 values in the order given, background first (the shared core of CVAT's row-major
  /// and COCO's column-major run-length encodings).
  /// - Parameter bits: the values.
  /// - Returns: the runs, the first possibly 0.
  public static func runs(of bits: [UInt8]) -> [Int] {
    var runs: [Int] = []
    var current: UInt8 = 0
    var length = 0
    for bit in bits {
      let value: UInt8 = bit == 0 ? 0 : 1
      if value == current {
        length += 1
      } else {
        runs.append(length)
        current = value
        length = 1
      }
    }
    runs.append(length)
    return runs
  }

  /// Merges runs split by empty runs and drops trailing background, so equal masks have equal runs.
  private static func normalized(_ runs: [Int]) -> [Int] {
    var out: [Int] = []
    for (index, run) in runs.enumerated() where run > 0 {
      let isForeground = index % 2 == 1
      if out.isEmpty, isForeground { out.append(0) }
      // The next position in `out` holds foreground when the count so far is odd.
      if (out.count % 2 == 1) == isForeground {
        out.append(run)
      } else {
        out[out.count - 1] += run
      }
    }
    if out.count % 2 == 1 { out.removeLast() }  // trailing background, or background only
    return out
  }
}
