// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Testing

/// Outlines traced along pixel edges draw back, by the pixel-centre rule, to the pixels they came from.
@Suite struct MaskContourTests {
  /// A mask from rows of `#` (foreground) and `.` at the given offset.
  private func mask(_ rows: [String], left: Int = 3, top: Int = 5) -> MaskRegion {
    let bits = rows.flatMap { $0.map { $0 == "#" ? UInt8(1) : 0 } }
    return MaskRegion(left: left, top: top, width: rows[0].count, height: rows.count, bits: bits)!
  }

  @Test func aSinglePixelIsItsFourCorners() throws {
    let contour = try #require(MaskContour.trace(mask(["#"])))
    #expect(contour.ring == [[3, 5], [4, 5], [4, 6], [3, 6]])
    #expect(contour.droppedPartPixels == 0 && contour.filledHolePixels == 0)
  }

  @Test func concaveShapesDrawBackExactly() throws {
    let shapes: [[String]] = [
      ["##.", "###", ".##"],
      ["#.#", "###", "#.#"],
      ["####", "#..#", "#.##", "###."],  // a notch, not a hole: open to the outside? no, closed below
      ["..#..", ".###.", "#####", ".###.", "..#.."],
      ["###", "#.#", "###"],
    ]
    for rows in shapes {
      let source = mask(rows)
      let contour = try #require(MaskContour.trace(source))
      let drawn = try #require(ShapeRaster.polygon(contour.ring))
      // Holes are filled: compare with the source plus its filled holes.
      #expect(drawn.pixelCount == source.pixelCount + contour.filledHolePixels, "\(rows)")
      #expect(drawn.left == source.left && drawn.top == source.top, "\(rows)")
      if contour.filledHolePixels == 0 { #expect(drawn.coversSamePixels(as: source), "\(rows)") }
    }
  }

  @Test func onlyTheLargestPartIsTracedAndTheRestCounted() throws {
    let contour = try #require(MaskContour.trace(mask(["##..#", "##...", "....."])))
    #expect(contour.droppedPartPixels == 1)
    #expect(ShapeRaster.polygon(contour.ring)?.pixelCount == 4)
    // Touching only at a corner is two parts.
    let parts = MaskContour.traceParts(mask(["#.", ".#"]))
    #expect(parts.count == 2)
    #expect(parts.map { ShapeRaster.polygon($0.ring)?.pixelCount } == [1, 1])
  }

  @Test func holesAreFilledAndCounted() throws {
    let contour = try #require(MaskContour.trace(mask(["#####", "#...#", "#...#", "#####"])))
    #expect(contour.filledHolePixels == 6)
    #expect(ShapeRaster.polygon(contour.ring)?.pixelCount == 20)
  }

  @Test func anEmptyMaskHasNoOutline() {
    #expect(MaskContour.trace(mask(["..", ".."])) == nil)
    #expect(MaskContour.traceParts(mask([".."])).isEmpty)
  }

  @Test func randomBlobsDrawBackExactly() throws {
    var state: UInt64 = 7
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    for _ in 0..<200 {
      let (width, height) = (Int(next() % 12) + 1, Int(next() % 12) + 1)
      let bits = (0..<width * height).map { _ in UInt8(next() % 3 == 0 ? 0 : 1) }
      guard let source = MaskRegion(left: 0, top: 0, width: width, height: height, bits: bits) else { continue }
      var covered = Set<Int>()
      for contour in MaskContour.traceParts(source) {
        let drawn = try #require(ShapeRaster.polygon(contour.ring))
        let drawnBits = drawn.bits
        var background = 0
        for y in 0..<drawn.height {
          for x in 0..<drawn.width where drawnBits[y * drawn.width + x] == 1 {
            let index = (y + drawn.top) * width + x + drawn.left
            covered.insert(index)
            background += bits[index] == 0 ? 1 : 0
          }
        }
        // Background inside the ring is a filled hole (a hole may also hold other parts).
        #expect(background <= contour.filledHolePixels, "\(width)×\(height) \(bits.map(String.init).joined())")
      }
      // Every foreground pixel is inside some part's ring.
      #expect(bits.indices.filter { bits[$0] == 1 }.allSatisfy(covered.contains))
    }
  }
}
