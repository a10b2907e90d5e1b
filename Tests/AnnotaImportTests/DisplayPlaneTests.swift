// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaTestSupport
import Foundation
import Testing

/// Images as people look at them: Fiji-style auto-contrast between percentiles (NumPy's), the middle
/// plane or maximum projection of a stack, and labels laid over the image in their colours with
/// solid borders, scaled to a tile with the aspect kept.
@Suite struct DisplayPlaneTests {
  @Test func aStackShowsItsMiddlePlaneOrItsMaximum() throws {
    // Three 2×1 planes: [1, 9], [5, 2], [3, 4].
    let volume = LabelVolume(labels: [1, 9, 5, 2, 3, 4], width: 2, height: 1, depth: 3)
    #expect(DisplayPlane.plane(volume, projection: .middle) == [5, 2])
    #expect(DisplayPlane.plane(volume, projection: .maximum) == [5, 9])
  }

  @Test func contrastStretchesBetweenThePercentiles() throws {
    // 0…999 once each: the 0.1st percentile is 0.999, the 99.9th 998.001 (linear interpolation).
    let values = (0..<1000).map(UInt32.init)
    let plane = DisplayPlane(LabelVolume(labels: values, width: 1000, height: 1))
    #expect(abs(plane.range.low - 0.999) < 1e-9 && abs(plane.range.high - 998.001) < 1e-9)
    #expect(plane.levels.first == 0 && plane.levels.last == 255)
    #expect(plane.levels[500] == 128)
  }

  @Test func aFlatImageIsBlackNotADivisionByZero() {
    let plane = DisplayPlane(LabelVolume(labels: [7, 7, 7, 7], width: 2, height: 2))
    #expect(plane.levels == [0, 0, 0, 0])
  }

  @Test func labelsAreBlendedInsideAndSolidOnTheirBorders() {
    // A 5×5 grey image (all 100 → black after stretching) with a 3×3 object in the middle.
    let grey = DisplayPlane(LabelVolume(labels: [UInt32](repeating: 100, count: 25), width: 5, height: 5))
    var labels = [UInt32](repeating: 0, count: 25)
    for y in 1...3 { for x in 1...3 { labels[y * 5 + x] = 4 } }
    let red = LabelOverlay.Colour(200, 0, 0)
    let rgb = LabelOverlay.render(grey, labels: labels, colours: [4: red], width: 5, height: 5, opacity: 0.5)
    func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(rgb[(y * 5 + x) * 3..<(y * 5 + x) * 3 + 3]) }
    #expect(pixel(0, 0) == [0, 0, 0], "background keeps the image")
    #expect(pixel(2, 2) == [100, 0, 0], "inside: half the colour")
    #expect(pixel(1, 1) == [200, 0, 0], "border: the colour")
    // A value without a colour takes the palette, the same on every run.
    #expect(LabelOverlay.palette(4) == LabelOverlay.palette(4) && LabelOverlay.palette(4) != LabelOverlay.palette(5))
  }

  @Test func aWideImageIsFittedWithItsAspectKept() {
    let plane = DisplayPlane(LabelVolume(labels: (0..<8).map(UInt32.init), width: 4, height: 2))
    let rgb = LabelOverlay.render(plane, labels: nil, width: 8, height: 8)
    // 4×2 scaled ×2 to 8×4, centred: rows 0–1 and 6–7 stay black.
    #expect(rgb[0..<8 * 3 * 2].allSatisfy { $0 == 0 })
    #expect(rgb[8 * 3 * 6..<8 * 3 * 8].allSatisfy { $0 == 0 })
    #expect(rgb[(4 * 8 + 7) * 3] == 255, "the brightest sample, at the right end of the second image row")
    #expect(rgb[(2 * 8 + 0) * 3] == 0, "the darkest, at the start of the first")
  }

  @Test func hexColoursAreReadAsLabelTablesWriteThem() {
    #expect(LabelOverlay.Colour(hex: "#1f77b4") == LabelOverlay.Colour(0x1F, 0x77, 0xB4))
    #expect(LabelOverlay.Colour(hex: "blue") == nil)
  }

  @Test(.enabled(if: python(with: ["numpy"]) != nil))
  func percentilesEqualNumPys() throws {
    let interpreter = try #require(python(with: ["numpy"]))
    var random = SeededGenerator(seed: 12)
    let values = (0..<10_007).map { _ in UInt32.random(in: 0..<4096, using: &random) }
    let plane = DisplayPlane(LabelVolume(labels: values, width: values.count, height: 1))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(values.map(String.init).joined(separator: " "), to: "values.txt")
    let run = try runProcess(
      interpreter,
      [
        "-c",
        "import numpy as np, sys; v = np.loadtxt(sys.argv[1]); print(*np.percentile(v, [0.1, 99.9]))", path,
      ])
    let expected = run.stdout.split(separator: " ").compactMap {
      Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #expect(expected.count == 2)
    #expect(abs(plane.range.low - expected[0]) < 1e-9 && abs(plane.range.high - expected[1]) < 1e-9)
  }
}
