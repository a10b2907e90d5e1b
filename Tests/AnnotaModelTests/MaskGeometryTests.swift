// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Testing

/// Masks, rasterisation by pixel centre, and the spec's GeoJSON read back.
@Suite("Mask geometry")
struct MaskGeometryTests {
  /// A small deterministic generator, so failures reproduce.
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
  }

  @Test func regionsRoundTripEveryMaskIncludingEmptyAndFull() throws {
    var random = Generator(state: 7)
    for trial in 0..<300 {
      let width = Int.random(in: 1...17, using: &random), height = Int.random(in: 1...13, using: &random)
      let bits: [UInt8] =
        switch trial {
        case 0: [UInt8](repeating: 0, count: width * height)
        case 1: [UInt8](repeating: 1, count: width * height)
        default: (0..<width * height).map { _ in UInt8.random(in: 0...1, using: &random) }
        }
      let mask = try #require(MaskRegion(left: 3, top: -2, width: width, height: height, bits: bits))
      #expect(mask.bits == bits)
      #expect(mask.pixelCount == bits.reduce(0) { $0 + Int($1) })
      // Runs with empty runs inserted or trailing background describe the same mask.
      let padded = MaskRegion.runs(of: bits).flatMap { [$0, 0, 0] }
      let same = try #require(MaskRegion(left: 3, top: -2, width: width, height: height, runs: padded))
      #expect(same == mask)
      if let tight = mask.tightened {
        #expect(tight.pixelCount == mask.pixelCount)
        #expect(tight.coversSamePixels(as: mask))
        #expect(tight.bits.first(where: { $0 != 0 }) != nil)
      } else {
        #expect(mask.pixelCount == 0)
      }
    }
  }

  @Test func runsThatDoNotFitAreRefused() {
    #expect(MaskRegion(left: 0, top: 0, width: 2, height: 2, runs: [1, 4]) == nil)
    #expect(MaskRegion(left: 0, top: 0, width: 2, height: 2, runs: [1, -1]) == nil)
    #expect(MaskRegion(left: 0, top: 0, width: 0, height: 2, runs: []) == nil)
    #expect(MaskRegion(left: 0, top: 0, width: 2, height: 2, bits: [1, 0, 1]) == nil)
  }

  @Test func boxesCoverExactlyTheirPixels() throws {
    let box = ShapeFeature(geometry: ShapeFeature.boxGeometry(x0: 2, y0: 1, x1: 12, y1: 6), shape: "box")
    let mask = try #require(ShapeRaster.mask(of: box))
    #expect((mask.left, mask.top, mask.width, mask.height) == (2, 1, 10, 5))
    #expect(mask.pixelCount == 50)
    // Half a pixel short of a centre on every side: no centre is inside.
    let thin = ShapeFeature(geometry: ShapeFeature.boxGeometry(x0: 2.6, y0: 1, x1: 3.4, y1: 6), shape: "box")
    #expect(ShapeRaster.mask(of: thin) == nil)
  }

  @Test func abuttingPolygonsShareNoPixelAndLeaveNoGap() throws {
    let left = ShapeRaster.polygon([[0, 0], [7.3, 0], [4.1, 10], [0, 10]])
    let right = ShapeRaster.polygon([[7.3, 0], [12, 0], [12, 10], [4.1, 10]])
    let a = try #require(left), b = try #require(right)
    var covered = [Int](repeating: 0, count: 12 * 10)
    for mask in [a, b] {
      let bits = mask.bits
      for y in 0..<mask.height {
        for x in 0..<mask.width where bits[y * mask.width + x] != 0 {
          covered[(mask.top + y) * 12 + mask.left + x] += 1
        }
      }
    }
    #expect(covered.allSatisfy { $0 == 1 }, "every pixel of the 12×10 square belongs to exactly one polygon")
  }

  @Test func polygonRasterMatchesABruteForceCentreTest() throws {
    var random = Generator(state: 42)
    for _ in 0..<200 {
      let count = Int.random(in: 3...9, using: &random)
      let ring = (0..<count).map { _ in
        [Double.random(in: -3...30, using: &random), Double.random(in: -3...30, using: &random)]
      }
      let mask = ShapeRaster.polygon(ring)
      for y in -4..<32 {
        for x in -4..<32 {
          let inside = Self.evenOdd(ring, x: Double(x) + 0.5, y: Double(y) + 0.5)
          var painted = false
          if let mask, x >= mask.left, x < mask.left + mask.width, y >= mask.top, y < mask.top + mask.height {
            painted = mask.bits[(y - mask.top) * mask.width + x - mask.left] != 0
          }
          #expect(painted == inside, "pixel (\(x), \(y)) of \(ring)")
          if painted != inside { return }
        }
      }
    }
  }

  /// The textbook crossing test, independent of the scanline code.
  static func evenOdd(_ ring: [[Double]], x: Double, y: Double) -> Bool {
    var inside = false
    var j = ring.count - 1
    for i in ring.indices {
      let (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1])
      if (yi <= y) != (yj <= y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
      j = i
    }
    return inside
  }

  @Test func ellipsesAndRotatedBoxes() throws {
    let circle = ShapeFeature(
      geometry: ShapeFeature.pointGeometry(x: 10, y: 10), shape: "ellipse", properties: [("rx", 3), ("ry", 3)])
    let disc = try #require(ShapeRaster.mask(of: circle))
    #expect(disc.pixelCount == 32, "pixel centres within radius 3 of (10, 10)")
    // A 4×2 box turned 90° clockwise about its centre (2, 1) stands 2 wide and 4 tall.
    let turned = ShapeFeature.rotatedBoxGeometry(x0: 0, y0: 0, x1: 4, y1: 2, degrees: 90)
    let ring = try #require(ShapeFeature(geometry: turned, shape: "box").outerRing)
    let xs = ring.map { $0[0] }, ys = ring.map { $0[1] }
    #expect(abs(xs.max()! - xs.min()! - 2) < 1e-9 && abs(ys.max()! - ys.min()! - 4) < 1e-9)
    // Clockwise on screen (y down): the top-left corner moves to the top-right.
    #expect(abs(ring[0][0] - 3) < 1e-9 && abs(ring[0][1] - (-1)) < 1e-9, "\(ring[0])")
  }

  /// The outer ring as flat coordinates, and as positions; nothing for a geometry that is not a
  /// polygon, or a position that is not two numbers.
  @Test func outerRingsAreReadFlatOrAsPositions() {
    let box = ShapeFeature(geometry: ShapeFeature.boxGeometry(x0: 1, y0: 2, x1: 4, y1: 6), shape: "box")
    #expect(box.outerRingCoordinates == [1, 2, 4, 2, 4, 6, 1, 6, 1, 2])
    #expect(box.outerRing == [[1, 2], [4, 2], [4, 6], [1, 6], [1, 2]])
    #expect(ShapeFeature(geometry: ShapeFeature.pointGeometry(x: 1, y: 2), shape: "point").outerRingCoordinates == nil)
    let broken: JSONValue = .object([("type", "Polygon"), ("coordinates", [[[1, 2], ["x", 3], [1, 2]]])])
    #expect(ShapeFeature(geometry: broken, shape: "polygon").outerRingCoordinates == nil)
    // Built from flat coordinates: the same geometry as from positions, closed once.
    #expect(
      ShapeFeature.polygonGeometry(coordinates: [1, 2, 4, 2, 4, 6])
        == ShapeFeature.polygonGeometry([[1, 2], [4, 2], [4, 6]]))
    #expect(
      ShapeFeature.polygonGeometry(coordinates: [1, 2, 4, 2, 4, 6, 1, 2])
        == ShapeFeature.polygonGeometry([[1, 2], [4, 2], [4, 6]]))
  }

  @Test func geoJSONReadsBackWhatTheWriterWrote() throws {
    let features = [
      ShapeFeature(
        geometry: ShapeFeature.polygonGeometry([[0.25, 1], [3, 1e-7], [2, 5]]), shape: "polygon",
        properties: [("label", "cell"), ("attributes", .object([("occluded", true)])), ("t", 3)], id: "a"),
      ShapeFeature(
        geometry: ShapeFeature.pointGeometry(x: 1, y: 2), shape: "point", properties: [("next", .array(["a"]))], id: "b"
      ),
    ]
    let (stripped, edges) = GeoJSONWriter.edges(fromLinks: features)
    let text = GeoJSONWriter.text(stripped, edges: edges)
    let collection = try GeoJSONReader.read(Array(text.utf8), path: "x.geojson")
    #expect(collection.edges.count == 1)
    #expect(GeoJSONWriter.links(collection.features, edges: collection.edges) == features)
  }

  @Test(arguments: [
    ("[]", "not a GeoJSON FeatureCollection"),
    ("{\"type\": \"FeatureCollection\"}", "needs a `features` list"),
    (
      "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"1\", 2]}}]}",
      "no valid geometry"
    ),
    (
      "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Circle\", \"coordinates\": [1, 2]}}]}",
      "no valid geometry"
    ),
    ("{\"type\": \"FeatureCollection\", \"features\": [], \"edges\": [[1]]}", "not a [source, target] pair"),
    ("{\"type\": \"FeatureCollection\", \"features\": [", "line 1"),
    (String(repeating: "[", count: 10_000), "nesting"),
  ])
  func geoJSONErrorsAreLocated(text: String, expected: String) {
    #expect {
      _ = try GeoJSONReader.read(Array(text.utf8), path: "bad.geojson")
    } throws: { error in
      guard let error = error as? GeoJSONError else { return false }
      return error.description.hasPrefix("bad.geojson")
        && (error.description.contains(expected) || (expected == "line 1" && error.line == 1))
    }
  }
}
