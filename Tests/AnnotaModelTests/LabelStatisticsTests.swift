// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Testing

@Suite("Label statistics")
struct LabelStatisticsTests {
  /// The obvious, slow computation to compare the streaming kernel with.
  static func naive<T: FixedWidthInteger>(_ values: [T], width: Int, height: Int, planes: Int) -> LabelStatistics {
    var slots: [Int128: (Int, Int, Int, Int, Int, Int, Int)] = [:]
    var background = 0
    for z in 0..<planes {
      for y in 0..<height {
        for x in 0..<width {
          let v = Int128(values[(z * height + y) * width + x])
          if v == 0 { background += 1; continue }
          var s = slots[v] ?? (0, .max, -1, .max, -1, .max, -1)
          s = (s.0 + 1, min(s.1, x), max(s.2, x), min(s.3, y), max(s.4, y), min(s.5, z), max(s.6, z))
          slots[v] = s
        }
      }
    }
    let labels = slots.keys.sorted().map { v -> LabelStatistics.Label in
      let s = slots[v]!
      return .init(value: v, pixels: s.0, bbox: [s.1, s.3, s.2 + 1, s.4 + 1], planes: [s.5, s.6 + 1])
    }
    return LabelStatistics(
      width: width, height: height, planeCount: planes, labels: labels, backgroundPixels: background)
  }

  static func kind<T>(_ type: T.Type) -> LabelStatisticsAccumulator.SampleKind {
    switch type {
    case is UInt8.Type: .uint8
    case is Int8.Type: .int8
    case is UInt16.Type: .uint16
    case is Int16.Type: .int16
    case is UInt32.Type: .uint32
    case is Int32.Type: .int32
    case is UInt64.Type: .uint64
    default: .int64
    }
  }

  static func stream<T: FixedWidthInteger>(
    _ values: [T], width: Int, height: Int, planes: Int, into accumulator: inout LabelStatisticsAccumulator
  ) -> LabelStatistics {
    accumulator.reset(width: width, height: height)
    values.withUnsafeBytes { raw in
      for z in 0..<planes {
        let start = z * width * height * MemoryLayout<T>.size
        accumulator.add(
          band: UnsafeRawBufferPointer(rebasing: raw[start..<start + width * height * MemoryLayout<T>.size]),
          kind: Self.kind(T.self), firstRow: 0, z: z)
      }
    }
    return accumulator.result()
  }

  func check<T: FixedWidthInteger>(_ type: T.Type, range: ClosedRange<Int64>, seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    var accumulator = LabelStatisticsAccumulator(width: 0, height: 0)
    for trial in 0..<20 {
      let width = Int.random(in: 1...40, using: &generator)
      let height = Int.random(in: 1...30, using: &generator)
      let planes = Int.random(in: 1...3, using: &generator)
      // Blocky data (runs), with a chance of a constant image.
      let constant = trial % 7 == 0
      var values: [T] = []
      var current = T(truncatingIfNeeded: Int64.random(in: range, using: &generator))
      for _ in 0..<(width * height * planes) {
        if !constant, Int.random(in: 0..<4, using: &generator) == 0 {
          current = T(truncatingIfNeeded: Int64.random(in: range, using: &generator))
        }
        values.append(current)
      }
      let expected = Self.naive(values, width: width, height: height, planes: planes)
      let actual = Self.stream(values, width: width, height: height, planes: planes, into: &accumulator)
      #expect(actual == expected, "\(T.self) trial \(trial)")
    }
  }

  @Test func matchesTheNaiveComputationForEveryIntegerType() {
    check(UInt8.self, range: 0...5, seed: 1)
    check(Int8.self, range: -3...3, seed: 2)
    check(UInt16.self, range: 0...65_535, seed: 3)
    check(Int16.self, range: -100...100, seed: 4)
    check(UInt32.self, range: 0...4_000_000_000, seed: 5)
    check(Int64.self, range: -9...9_000_000_000_000_000_000, seed: 6)
  }

  @Test func idsAbove2To53StayExact() {
    let big: UInt64 = (1 << 60) + 1
    var accumulator = LabelStatisticsAccumulator(width: 2, height: 1)
    [big, big - 1].withUnsafeBytes { accumulator.add(band: $0, kind: .uint64, firstRow: 0, z: 0) }
    #expect(accumulator.result().labels.map(\.value) == [Int128(big - 1), Int128(big)])
  }

  @Test func backgroundShareAndEmptyImages() {
    var accumulator = LabelStatisticsAccumulator(width: 4, height: 1)
    [UInt16](repeating: 0, count: 4).withUnsafeBytes { accumulator.add(band: $0, kind: .uint16, firstRow: 0, z: 0) }
    let empty = accumulator.result()
    #expect(empty.labels.isEmpty && empty.backgroundShare == 1)
  }
}
