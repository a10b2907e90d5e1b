// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// A transformation as MIFA and the BIA record it: prose (`description`), a matrix, or both.
@Suite("Transformations")
struct TransformationTests {
  static func manifest(transformation: String) -> String {
    TestManifest.yaml(set: TestManifest.geojsonSet("    transformation:\n" + transformation))
  }

  func read(_ text: String) -> ManifestReadResult { TestManifest.read(text) }

  @Test func proseAloneIsATransformation() throws {
    let result = read(Self.manifest(transformation: "      description: Rotation_angle = 37°"))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let transformation = try #require(result.manifest?.annotationSets.first?.transformation)
    #expect(transformation.matrix == nil && transformation.description == "Rotation_angle = 37°")
    #expect(transformation.apply(x: 1, y: 1) == nil, "prose cannot be applied to coordinates")
  }

  @Test func aMatrixAloneStillIs() throws {
    let result = read(Self.manifest(transformation: "      matrix: [[1, 0, 2], [0, 1, 3], [0, 0, 1]]"))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let moved = try #require(result.manifest?.annotationSets.first?.transformation?.apply(x: 1, y: 1))
    #expect(moved.x == 3 && moved.y == 4)
  }

  @Test func neitherIsMissingAField() {
    let result = read(Self.manifest(transformation: "      {}"))
    #expect(
      result.diagnostics.contains {
        $0.rule == "MANIFEST-003" && $0.message.contains("`matrix` or `description`")
      }, "\(result.diagnostics)")
  }
}
