// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import Foundation
import Testing

@testable import AnnotaReport

/// GeoJSON shapes as SVG in image coordinates.
@Suite struct ShapeSVGTests {
  private func svg(_ text: String, colours: [String: LabelOverlay.Colour] = [:]) throws -> String {
    ShapeSVG.markup(try GeoJSONReader.read(Array(text.utf8), path: "shapes.geojson"), colours: colours)
  }

  @Test func polygonsLinesAndPointsInTheirLabelsColours() throws {
    let markup = try svg(
      """
      {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[1, 2], [5, 2], [5, 6.5], [1, 2]]]}, "properties": {"label": "a<b"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [3, 4]]}, "properties": {"label": "x"}},
        {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[7, 8], [9, 10]]}, "properties": {}}
      ]}
      """, colours: ["a<b": LabelOverlay.Colour(255, 0, 0)])
    #expect(markup.contains("<path class=\"shape\" d=\"M1 2L5 2L5 6.5L1 2Z\" stroke=\"#ff0000\""))
    #expect(markup.contains("<title>a&lt;b</title>"))
    #expect(markup.contains("<path class=\"line\" d=\"M0 0L3 4\""))
    #expect(markup.components(separatedBy: "<circle class=\"point\"").count - 1 == 2)
  }

  @Test func tracksFollowTheirEdgesElseTheirTimes() throws {
    let features = """
        {"type": "Feature", "id": 1, "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"track": 1, "t": 0}},
        {"type": "Feature", "id": 2, "geometry": {"type": "Point", "coordinates": [10, 0]}, "properties": {"track": 1, "t": 2}},
        {"type": "Feature", "id": 3, "geometry": {"type": "Point", "coordinates": [5, 5]}, "properties": {"track": 1, "t": 1}}
      """
    let byTime = try svg("{\"type\": \"FeatureCollection\", \"features\": [\(features)]}")
    #expect(byTime.contains("<path class=\"track\" d=\"M0 0L5 5M5 5L10 0\""))
    let byEdges = try svg("{\"type\": \"FeatureCollection\", \"features\": [\(features)], \"edges\": [[1, 2], [1, 3]]}")
    #expect(byEdges.contains("<path class=\"track\" d=\"M0 0L10 0M0 0L5 5\""))
  }

  @Test func backticksBecomeCodeAndMarkupStaysText() {
    #expect(inlineCode("run `annota init` <now>") == "run <code>annota init</code> &lt;now&gt;")
    #expect(inlineCode("a `b") == "a `b")
    #expect(inlineCode("`<x>` and `y`") == "<code>&lt;x&gt;</code> and <code>y</code>")
  }
}
