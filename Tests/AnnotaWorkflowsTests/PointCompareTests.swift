// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaModel
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

/// `annota compare A.xml B.xml`: point annotations of two tools' files matched one to one within a
/// distance, with the numbers of ``PointMatching`` (checked against Spotiflow's recipe in
/// AnnotaMetricsTests), per image and pooled.
@Suite("Compare points")
struct PointCompareTests {
  /// A Cell Counter file of `points` (x, y, z), all of type 1.
  static func cellCounter(_ points: [(Int, Int, Int)], image: String = "cells.tif") -> String {
    let markers = points.map {
      "<Marker><MarkerX>\($0.0)</MarkerX><MarkerY>\($0.1)</MarkerY><MarkerZ>\($0.2)</MarkerZ></Marker>"
    }
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <CellCounter_Marker_File><Image_Properties><Image_Filename>\(image)</Image_Filename></Image_Properties>
      <Marker_Data><Current_Type>1</Current_Type><Marker_Type><Type>1</Type>\(markers.joined())</Marker_Type>
      </Marker_Data></CellCounter_Marker_File>
      """
  }

  @Test func twoAnnotatorsMarkers() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let truth = [(10, 10, 1), (40, 12, 1), (25, 30, 2), (60, 60, 2)]
    // A: 2 px off; B: 2.5 px off; C: missed; D: 5 px off (beyond 3); plus one false positive.
    let found = [(12, 10, 1), (40, 14, 1), (25, 32, 2), (65, 60, 2), (90, 90, 1)]
    let reference = try folder.write(Self.cellCounter(truth), to: "annotator-a.xml")
    let candidate = try folder.write(Self.cellCounter(found, image: "renamed.tif"), to: "annotator-b.xml")
    let report = AnnotationComparer.comparePoints(reference: reference, candidate: candidate, options: .init())
    #expect(report.couldNotCheck.isEmpty && report.findings.isEmpty, "\(report.findings)")
    let points = try #require(report.dataset.points)
    let direct = try PointMatching.match(
      reference: truth.map { [Double($0.0) + 0.5, Double($0.1) + 0.5, Double($0.2)] },
      candidate: found.map { [Double($0.0) + 0.5, Double($0.1) + 0.5, Double($0.2)] }, cutoff: 3)
    #expect(points.tp == direct.tp && points.tp == 3 && points.fp == 2 && points.fn == 1)
    #expect(points.f1 == direct.f1 && points.meanDistance == direct.meanDistance)
    // One image on each side pairs whatever the files call it.
    #expect(report.images.count == 1 && report.images.first?.points == points)
    var wider = ComparisonOptions()
    wider.tolerance = 6
    let loose = AnnotationComparer.comparePoints(reference: reference, candidate: candidate, options: wider)
    #expect(loose.dataset.points?.tp == 4)
    // In micrometres: 0.5 µm pixels halve every distance, so 5 px is 2.5 µm, within 3.
    var physical = ComparisonOptions()
    physical.pixelSize = [0.5, 0.5, 0.5]
    let scaled = AnnotationComparer.comparePoints(reference: reference, candidate: candidate, options: physical)
    #expect(scaled.dataset.points?.tp == 4 && scaled.conventions.contains { $0.contains("pixel size 0.5") })
    let text = ComparisonRenderer.render(report, as: .text)
    #expect(text.contains("Points matched within 3.0") && text.contains("(all)"))
    #expect(ComparisonRenderer.render(report, as: .csv).split(separator: "\n").count == 2)
    #expect(MetricGate("f1=0.9")?.failure(in: report)?.contains("below") == true)
    #expect(MetricGate("f1@0.5=0.1")?.failure(in: report)?.contains("instance matching only") == true)
  }

  @Test func filesThatHoldNoPointsOrDoNotReadAreSaid() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let markers = try folder.write(Self.cellCounter([(1, 1, 1)]), to: "m.xml")
    let nonsense = try folder.write("<nothing/>", to: "n.xml")
    let unread = AnnotationComparer.comparePoints(reference: markers, candidate: nonsense, options: .init())
    #expect(unread.couldNotCheck.count == 1 && unread.dataset.points == nil)
    let missing = AnnotationComparer.comparePoints(
      reference: folder.file("absent.xml"), candidate: markers, options: .init())
    #expect(missing.couldNotCheck.first?.reason.contains("no such file") == true)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func corpusFilesAgreeWithThemselves() throws {
    let corpus = try #require(Paths.corpus)
    for (file, count) in [
      ("cellcounter/CellCounter_51715_glom6.xml", 48), ("cellcounter/brainglobe_cells_two_types.xml", 827),
      ("trackmate/pytrackmate_FakeTracks.xml", nil),
    ] {
      let path = corpus + "/" + file
      let report = AnnotationComparer.comparePoints(reference: path, candidate: path, options: .init())
      let points = try #require(report.dataset.points, "\(file): \(report.couldNotCheck)")
      #expect(points.f1 == 1 && points.fp == 0 && points.meanDistance ?? 0 == 0, "\(file)")
      if let count { #expect(points.nReference == count, "\(file)") }
    }
  }

  /// Two annotation sets of point files: each file named by the manifest's image, and only the
  /// images both sets cover compared.
  @Test func twoSetsOverTheImagesBothCover() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let demo = folder.file("demo")
    try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo"), toPath: demo)
    try FileManager.default.createDirectory(atPath: demo + "/points", withIntermediateDirectories: true)
    try Self.cellCounter([(10, 10, 1), (30, 30, 1)]).write(
      toFile: demo + "/points/a1.xml", atomically: true, encoding: .utf8)
    try Self.cellCounter([(50, 50, 1)]).write(toFile: demo + "/points/a2.xml", atomically: true, encoding: .utf8)
    try Self.cellCounter([(11, 10, 1)]).write(toFile: demo + "/points/b1.xml", atomically: true, encoding: .utf8)
    var manifest = try #require(ManifestReader.read(contentsOf: demo + "/annota.yaml").manifest)
    for (id, files) in [("marks-a", [("a1", "cells_01"), ("a2", "cells_02")]), ("marks-b", [("b1", "cells_01")])] {
      var set = AnnotationSet(
        id: id, name: id, overview: "Nucleus centres.", types: [.pointAnnotations], encoding: .other,
        files: files.map { AnnotationFile(path: "points/\($0.0).xml", image: $0.1) })
      set.provenance = Provenance(origin: .manual)
      manifest.annotationSets.append(set)
    }
    try ManifestWriter.write(manifest, to: demo + "/annota.yaml")
    let report = AnnotationComparer.comparePoints(
      reference: try ComparisonSource.annotationSet("marks-a", in: demo),
      candidate: try ComparisonSource.annotationSet("marks-b", in: demo), options: .init())
    #expect(report.images.map(\.name) == ["cells_01"], "\(report.findings)")
    #expect(report.dataset.points?.tp == 1 && report.dataset.points?.fn == 1 && report.dataset.points?.fp == 0)
    #expect(report.findings.contains { $0.rule.rawValue == "COMPARE-001" && $0.message.contains("cells_02") })
  }
}
