// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// CVAT "for video" tracks land on the task's real frames, as CVAT itself shows them.
@Suite("CVAT video tracks")
struct CVATTrackTests {
  /// A task of frames 10, 13, …, 22 (`step=3`): track 0 moves from frame 10 to 16 and leaves at 19;
  /// track 1 appears at 13 and never leaves; track 2 changes its point count between keyframes.
  static let video = """
    <?xml version="1.0" encoding="utf-8"?>
    <annotations><version>1.1</version>
    <meta><task><size>5</size><mode>interpolation</mode>
    <start_frame>10</start_frame><stop_frame>22</stop_frame><frame_filter>step=3</frame_filter>
    <original_size><width>64</width><height>48</height></original_size></task></meta>
    <track id="0" label="cell">
      <box frame="10" outside="0" occluded="0" keyframe="1" xtl="0" ytl="0" xbr="4" ybr="4" z_order="0"/>
      <box frame="16" outside="0" occluded="0" keyframe="1" xtl="6" ytl="0" xbr="10" ybr="4" z_order="0"/>
      <box frame="19" outside="1" occluded="0" keyframe="1" xtl="6" ytl="0" xbr="10" ybr="4" z_order="0"/>
    </track>
    <track id="1" label="cell">
      <box frame="13" outside="0" occluded="0" keyframe="1" xtl="20" ytl="20" xbr="30" ybr="30" z_order="0"/>
    </track>
    <track id="2" label="cell">
      <polygon frame="10" outside="0" occluded="0" keyframe="1" points="1,1;5,1;5,5" z_order="0"/>
      <polygon frame="16" outside="1" occluded="0" keyframe="1" points="1,1;5,1;5,5;1,5" z_order="0"/>
    </track>
    </annotations>
    """

  func read(_ text: String) throws -> ForeignAnnotations {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    return try AnnotationFormats.read(try folder.write(text, to: "annotations.xml"))
  }

  /// The frames (`t`) one track is drawn on.
  func frames(of track: String, in annotations: ForeignAnnotations) -> [Int] {
    annotations.images.flatMap(\.features).filter { Self.track(of: $0) == track }.compactMap { feature in
      guard case .number(let frame) = feature.properties.first(where: { $0.0 == "t" })?.1 else { return nil }
      return Int(frame)
    }.sorted()
  }

  /// The `track` property of a feature.
  static func track(of feature: ShapeFeature) -> String? {
    guard case .string(let id) = feature.properties.first(where: { $0.0 == "track" })?.1 else { return nil }
    return id
  }

  @Test func tracksLandOnTheTasksFramesOnly() throws {
    let annotations = try read(Self.video)
    #expect(annotations.images.map(\.name) == ["frame 10", "frame 13", "frame 16", "frame 19", "frame 22"])
    #expect(frames(of: "0", in: annotations) == [10, 13, 16], "outside at 19 ends track 0")
    #expect(frames(of: "1", in: annotations) == [13, 16, 19, 22], "a visible last keyframe lasts to the stop frame")
    #expect(frames(of: "2", in: annotations) == [10, 13])
    #expect(annotations.images.allSatisfy { $0.width == 64 && $0.height == 48 })
  }

  @Test func shapesBetweenKeyframesAreInterpolated() throws {
    let annotations = try read(Self.video)
    let frame13 = try #require(annotations.images.first { $0.name == "frame 13" })
    let box = try #require(frame13.features.first { Self.track(of: $0) == "0" })
    // Halfway from x 0…4 (frame 10) to x 6…10 (frame 16).
    #expect(box.json.text.contains("[3, 0]") || box.json.text.contains("[3.0, 0.0]"), "\(box.json.text)")
  }

  @Test func aShapeThatCannotBeMorphedIsHeldAndSaidSo() throws {
    let annotations = try read(Self.video)
    #expect(annotations.notes.contains { $0.contains("1 interpolated shape(s) copy the earlier keyframe") })
  }

  @Test func withoutAStopFrameAVisibleTrackStaysOnItsKeyframeAndSaysSo() throws {
    let annotations = try read(Self.video.replacingOccurrences(of: "<stop_frame>22</stop_frame>", with: ""))
    #expect(frames(of: "1", in: annotations) == [13])
    #expect(annotations.notes.contains { $0.contains("no <stop_frame>") })
  }

  @Test func withoutAFrameFilterEveryFrameIsTheTasks() throws {
    let annotations = try read(Self.video.replacingOccurrences(of: "<frame_filter>step=3</frame_filter>", with: ""))
    #expect(frames(of: "0", in: annotations) == Array(10...18))
  }

  @Test func aTrackSpanningBillionsOfFramesIsAnErrorNotAHang() throws {
    let hostile = Self.video.replacingOccurrences(of: "<stop_frame>22</stop_frame>", with: "")
      .replacingOccurrences(of: "<frame_filter>step=3</frame_filter>", with: "")
      .replacingOccurrences(of: #"frame="19" outside="1""#, with: #"frame="9000000000" outside="1""#)
    let error = try #require(throws: ForeignFormatError.self) { try read(hostile) }
    #expect(error.message.contains("track 0 spans more than"))
  }

  /// The corpus's 2022 CVAT export: 200 task frames (0, 10, …, 1990), 265 tracks that each show a
  /// polygon on one keyframe and leave on the next frame of the task.
  @Test(.enabled(if: Paths.corpus != nil)) func realVideoExportStaysOnItsTwoHundredFrames() throws {
    let path = try #require(Paths.corpus("cvat/field_segmentation_video_annotations.xml"))
    let annotations = try AnnotationFormats.read(path)
    let frames = annotations.images.compactMap { Int($0.name.dropFirst("frame ".count)) }
    #expect(frames.count == annotations.images.count && frames.count <= 200)
    #expect(frames.allSatisfy { $0 % 10 == 0 && (0...1990).contains($0) })
    let features = annotations.images.flatMap(\.features)
    #expect(features.count < 300, "528 keyframes, 263 of them outside: not 2,632 shapes")
    #expect(Set(features.compactMap(Self.track(of:))).count == 265)
  }
}
