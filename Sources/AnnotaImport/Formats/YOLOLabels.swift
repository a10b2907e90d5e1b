// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One YOLO label file read as Ultralytics' `verify_image_label` reads it (wave2-formats §5.3).
///
/// Rows are `class cx cy w h` (detection), `class x1 y1 … xn yn` (segmentation, at least three
/// points) or `class cx cy w h` plus `nkpt × ndim` keypoint values (pose). A file whose rows
/// Ultralytics would refuse is refused whole, with its reason, as Ultralytics drops such an image.
public enum YOLOLabels {
  /// One row, coordinates still normalised to [0, 1].
  public enum Row: Sendable, Hashable {
    /// A box: class, centre x, centre y, width, height.
    case box(class: Int, cx: Double, cy: Double, width: Double, height: Double)
    /// A polygon: class and its points as `x1, y1, x2, y2, …` (one array: segmentation rows run to
    /// thousands of points).
    case polygon(class: Int, coordinates: [Double])
    /// A pose: class, its box, and its keypoints as `[x, y]` or `[x, y, visibility]`.
    case pose(class: Int, box: [Double], keypoints: [[Double]])
  }

  /// Why a label file is refused (Ultralytics' messages where it has one).
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The 1-based line, when one line is at fault.
    public var line: Int?
    /// `line N: message`.
    public var description: String { line.map { "line \($0): \(message)" } ?? message }
  }

  /// The longest label file read (Ultralytics' are a few KiB; a larger one is not a label file).
  public static let maxBytes = 64 << 20

  /// Parses a label file.
  /// - Parameters:
  ///   - bytes: the file (UTF-8, a BOM allowed).
  ///   - classes: the number of classes (`nc`).
  ///   - keypoints: `kpt_shape` (`[nkpt, ndim]`) for pose datasets.
  /// - Returns: the rows, duplicates removed as Ultralytics removes them.
  /// - Throws: ``Problem`` for a row Ultralytics would refuse.
  public static func parse(_ bytes: [UInt8], classes: Int, keypoints: (count: Int, dimensions: Int)? = nil)
    throws(Problem) -> [Row]
  {
    let lines = try numbers(bytes)
    let segments = keypoints == nil && lines.contains { $0.values.count > 6 }
    var rows: [Row] = []
    var seen = Set<[Double]>()
    for (number, values) in lines {
      guard seen.insert(values).inserted else { continue }  // duplicate rows are removed
      let label = values[0]
      guard label == label.rounded(), label >= 0 else {
        throw Problem(message: "class \(label) is not a class index: a whole number from 0 is expected", line: number)
      }
      guard label < Double(classes) else {
        throw Problem(message: "label \(label) exceeds dataset class count \(classes)", line: number)
      }
      let coordinates = Array(values.dropFirst())
      if let keypoints {
        let expected = 4 + keypoints.count * keypoints.dimensions
        guard coordinates.count == expected else {
          throw Problem(message: "labels require \(expected + 1) columns each", line: number)
        }
        try checkBounds(Array(coordinates.prefix(4)), line: number)
        let points = stride(from: 4, to: coordinates.count, by: keypoints.dimensions).map {
          Array(coordinates[$0..<$0 + keypoints.dimensions])
        }
        rows.append(.pose(class: Int(label), box: Array(coordinates.prefix(4)), keypoints: points))
      } else if segments {
        guard coordinates.count >= 6, coordinates.count % 2 == 0 else {
          throw Problem(
            message: coordinates.count == 4
              ? "labels mix segment and detection rows" : "a polygon needs an even number of values, at least 6",
            line: number)
        }
        try checkBounds(coordinates, line: number)
        rows.append(.polygon(class: Int(label), coordinates: coordinates))
      } else {
        guard coordinates.count == 4 else {
          throw Problem(message: "labels require 5 columns, \(values.count) columns detected", line: number)
        }
        try checkBounds(coordinates, line: number)
        rows.append(
          .box(
            class: Int(label), cx: coordinates[0], cy: coordinates[1], width: coordinates[2], height: coordinates[3]))
      }
    }
    return rows
  }

  /// Every non-blank line's numbers, read from the bytes (no `String` per field: label files of
  /// segmentation datasets run to a hundred megabytes).
  private static func numbers(_ bytes: [UInt8]) throws(Problem) -> [(number: Int, values: [Double])] {
    var text = bytes
    if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
    text.append(0)  // strtod stops at the terminator
    var lines: [(number: Int, values: [Double])] = []
    var problem: Problem?
    text.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress!
      var position = 0
      var line = 1
      var values: [Double] = []
      func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
      while position < buffer.count - 1 {
        let byte = buffer[position]
        if byte == 0x0A {
          if !values.isEmpty { lines.append((line, values)) }
          values.removeAll(keepingCapacity: true)
          line += 1
          position += 1
          continue
        }
        if isSpace(byte) {
          position += 1
          continue
        }
        // A field: digits, sign, point and exponent only (no hex, no inf or nan), as Python's
        // float() accepts them from Ultralytics' split rows, then converted by strtod.
        var end = position
        while end < buffer.count - 1, !isSpace(buffer[end]), buffer[end] != 0x0A { end += 1 }
        let field = buffer[position..<end]
        let valid = field.allSatisfy {
          ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 | 0x20 == 0x65
        }
        var parsedEnd: UnsafeMutablePointer<CChar>?
        let value =
          valid ? strtod(UnsafeRawPointer(base + position).assumingMemoryBound(to: CChar.self), &parsedEnd) : .nan
        let consumed = parsedEnd.map { UnsafeRawPointer($0) - UnsafeRawPointer(base + position) } ?? 0
        guard valid, consumed == end - position, value.isFinite else {
          problem = Problem(
            message: "\"\(String(decoding: field.prefix(20), as: UTF8.self))\" is not a number", line: line)
          return
        }
        values.append(value)
        position = end
      }
      if !values.isEmpty { lines.append((line, values)) }
    }
    if let problem { throw problem }
    return lines
  }

  /// Ultralytics: every coordinate ≤ 1 (1.01 tolerated), none negative (−0.01 tolerated).
  private static func checkBounds(_ values: [Double], line: Int) throws(Problem) {
    if let high = values.first(where: { $0 > 1.01 }) {
      throw Problem(message: "non-normalized or out of bounds coordinates (\(high))", line: line)
    }
    if let low = values.first(where: { $0 < -0.01 }) {
      throw Problem(message: "negative label values (\(low))", line: line)
    }
  }
}
