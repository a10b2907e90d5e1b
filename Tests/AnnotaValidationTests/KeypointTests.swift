// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// Keypoints (standard 0.2, SPEC §5.3): points naming the body parts and individuals their set
/// declares, as DeepLabCut and COCO keypoint files hold them.
@Suite("Keypoints")
struct KeypointTests {
  static let schemaYAML = """
    keypoints:
      bodyparts: [snout, tailbase]
      unique_bodyparts: [arena-corner]
      skeleton:
        - [snout, tailbase]
      individuals: [mouse1, mouse2]
    """

  /// A keypoint at (x, y) with extra properties.
  static func keypoint(_ id: Int, _ x: Double, _ y: Double, _ properties: String) -> String {
    ShapeRuleTests.feature(
      id, #"{"type": "Point", "coordinates": [\#(x), \#(y)]}"#, #""shape": "keypoint", \#(properties)"#)
  }

  /// The demo with a keypoint set on cells_01 holding `features`, its schema `schema` (or none).
  static func validate(_ features: [String], schema: KeypointSchema?) async throws -> [String] {
    let demo = try TemporaryFolder.demoCopy()
    defer { demo.remove() }
    try Data(ShapeRuleTests.collection(features).utf8).write(
      to: URL(fileURLWithPath: demo.file("shapes/pose_01.geojson")))
    var manifest = try ManifestReader.load(contentsOf: demo.file("annota.yaml"))
    var set = AnnotationSet(
      id: "pose", name: "Mouse pose", overview: "Body parts of two mice.", types: [.pointAnnotations],
      encoding: .geojson, files: [AnnotationFile(path: "shapes/pose_01.geojson", image: "cells_01")])
    set.method = "Labelled in DeepLabCut by one annotator."
    set.keypoints = schema
    manifest.annotationSets.append(set)
    try ManifestWriter.write(manifest, to: demo.file("annota.yaml"))
    let report = await DatasetValidator.validate(demo.path)
    return report.diagnostics.map { "\($0.rule) \($0.location.annotation ?? "")" }
  }

  static var schema: KeypointSchema {
    var schema = KeypointSchema(bodyparts: ["snout", "tailbase"])
    schema.uniqueBodyparts = ["arena-corner"]
    schema.skeleton = [["snout", "tailbase"]]
    schema.individuals = ["mouse1", "mouse2"]
    return schema
  }

  @Test func declaredKeypointsPass() async throws {
    let features = [
      Self.keypoint(1, 10, 10, #""bodypart": "snout", "individual": "mouse1", "likelihood": 0.98"#),
      Self.keypoint(2, 20, 12, #""bodypart": "tailbase", "individual": "mouse1", "visible": false"#),
      Self.keypoint(3, 50, 50, #""bodypart": "snout", "individual": "mouse2""#),
      Self.keypoint(4, 0, 0, #""bodypart": "arena-corner""#),
    ]
    #expect(try await Self.validate(features, schema: Self.schema) == [])
  }

  @Test func eachKeypointRule() async throws {
    let features = [
      Self.keypoint(1, 10, 10, #""bodypart": "snout", "individual": "mouse1""#),
      Self.keypoint(2, 11, 10, #""bodypart": "snout", "individual": "mouse1""#),  // SHAPE-010
      Self.keypoint(3, 10, 10, #""bodypart": "ear", "individual": "mouse1""#),  // SHAPE-009
      Self.keypoint(4, 10, 10, #""bodypart": "snout", "individual": "mouse3""#),  // SHAPE-009
      Self.keypoint(5, 10, 10, #""bodypart": "tailbase""#),  // SHAPE-009: which mouse?
      Self.keypoint(6, 10, 10, #""bodypart": "tailbase", "individual": "mouse2", "likelihood": 1.5"#),
      Self.keypoint(7, 12, 10, #""bodypart": "snout", "individual": "mouse2", "visible": "yes""#),
      Self.keypoint(8, 12, 10, #""individual": "mouse2""#),  // SHAPE-009: no body part
      Self.keypoint(9, 300, 10, #""bodypart": "arena-corner""#),  // SHAPE-001
      ShapeRuleTests.feature(10, ShapeRuleTests.box(1, 1, 5, 5), #""shape": "keypoint", "bodypart": "arena-corner""#),
    ]
    let found = try await Self.validate(features, schema: Self.schema)
    #expect(
      found.sorted() == [
        "SHAPE-001 9", "SHAPE-002 10", "SHAPE-009 3", "SHAPE-009 4", "SHAPE-009 5", "SHAPE-009 6", "SHAPE-009 7",
        "SHAPE-009 8", "SHAPE-010 10", "SHAPE-010 2",
      ], "\(found)")
  }

  @Test func keypointsWithoutASchemaAreReportedOnce() async throws {
    let features = [
      Self.keypoint(1, 10, 10, #""bodypart": "snout""#), Self.keypoint(2, 12, 10, #""bodypart": "tailbase""#),
    ]
    #expect(try await Self.validate(features, schema: nil) == ["SHAPE-009 1"])
  }

  @Test func theSchemaIsReadAndChecked() throws {
    let good = TestManifestText.withPoseSet(Self.schemaYAML)
    let read = ManifestReader.read(bytes: Array(good.utf8), syntax: .yaml, file: "annota.yaml")
    #expect(read.diagnostics.isEmpty, "\(read.diagnostics)")
    #expect(read.manifest?.annotationSets.last?.keypoints == Self.schema)
    let broken = TestManifestText.withPoseSet(
      Self.schemaYAML.replacing("bodyparts: [snout, tailbase]", with: "bodyparts: [snout, tailbase, snout]")
        .replacing("- [snout, tailbase]", with: "- [snout, tail, ear]"))
    let findings = ManifestReader.read(bytes: Array(broken.utf8), syntax: .yaml, file: "annota.yaml").diagnostics
    #expect(
      Set(findings.map { "\($0.rule) \($0.location.pointer ?? "")" }) == [
        "MANIFEST-010 /annotation_sets/0/keypoints/bodyparts/2",
        "MANIFEST-014 /annotation_sets/0/keypoints/skeleton/0",
        "MANIFEST-011 /annotation_sets/0/keypoints/skeleton/0/1",
        "MANIFEST-011 /annotation_sets/0/keypoints/skeleton/0/2",
      ], "\(findings)")
  }
}

/// A small 0.2 manifest with one keypoint set.
enum TestManifestText {
  static func withPoseSet(_ schema: String) -> String {
    """
    annota: "0.2"
    study:
      title: Mouse pose in an open field arena
      description: Body parts of two mice labelled in DeepLabCut.
      authors:
        - name: Ada Example
      licence: CC-BY-4.0
    images:
      - id: frame0
        path: frames/img000.png
    annotation_sets:
      - id: pose
        name: Mouse pose
        overview: Body parts of two mice.
        types: [point_annotations]
        encoding: geojson
    \(schema.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        files:
          - path: pose/img000.geojson
            image: frame0

    """
  }
}
