// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import Testing

/// Label images as transparent layers, and planes shrunk for thumbnails.
@Suite struct LabelLayerTests {
  /// A 6×6 label image with one 4×4 object (value 3) at (1, 1).
  let labels: [UInt32] = (0..<36).map { ((1...4).contains($0 % 6) && (1...4).contains($0 / 6)) ? 3 : 0 }

  @Test func bordersAreSolidInsidesTranslucentBackgroundClear() {
    let red = LabelOverlay.Colour(255, 0, 0)
    let rgba = LabelLayer.rgba(labels, sourceWidth: 6, sourceHeight: 6, width: 6, height: 6, colours: [3: red])
    func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(rgba[(y * 6 + x) * 4..<(y * 6 + x) * 4 + 4]) }
    #expect(pixel(0, 0) == [0, 0, 0, 0])
    #expect(pixel(1, 1) == [255, 0, 0, 255])
    #expect(pixel(2, 2) == [255, 0, 0, 115])
  }

  @Test func outlinesOnlyInOneColour() {
    let blue = LabelOverlay.Colour(0, 0, 255)
    let rgba = LabelLayer.rgba(
      labels, sourceWidth: 6, sourceHeight: 6, width: 6, height: 6, opacity: 0, colour: blue)
    #expect(Array(rgba[(1 * 6 + 1) * 4..<(1 * 6 + 1) * 4 + 4]) == [0, 0, 255, 255])
    #expect(rgba[(2 * 6 + 2) * 4 + 3] == 0)
  }

  @Test func aLayerOfTheWrongSizeIsClear() {
    let rgba = LabelLayer.rgba(labels, sourceWidth: 5, sourceHeight: 6, width: 6, height: 6)
    #expect(rgba.count == 144 && rgba.allSatisfy { $0 == 0 })
  }

  @Test func thumbnailsKeepTheAspectAndNeverGrow() {
    #expect(LabelLayer.fit(width: 512, height: 256, side: 192) == (192, 96))
    #expect(LabelLayer.fit(width: 64, height: 48, side: 192) == (64, 48))
    #expect(LabelLayer.fit(width: 0, height: 10, side: 192) == (1, 1))
  }

  @Test func shrinkingAveragesTheCoveredPixels() {
    // A 4×2 plane 0, 255, 0, 255 / 255, 0, 255, 0 shrinks to two mid-grey pixels.
    let plane = DisplayPlane(
      LabelVolume(labels: [0, 10, 0, 10, 10, 0, 10, 0], width: 4, height: 2), lowPercentile: 0, highPercentile: 100)
    #expect(plane.downscaled(width: 2, height: 1) == [128, 128])
    #expect(plane.downscaled(width: 4, height: 2) == plane.levels)
  }
}
