// SPDX-License-Identifier: Apache-2.0

/// What `annota export` writes and from which annotation sets.
public struct TrainingExportOptions: Sendable, Hashable {
  /// What YOLO label rows hold.
  public enum YOLOTask: String, Sendable, Hashable, CaseIterable {
    /// `class cx cy w h` rows.
    case detect
    /// `class x1 y1 … xn yn` rows.
    case segment
  }

  /// The layout to write.
  public var layout: TrainingLayout
  /// The annotation sets to export; empty takes every set the layout can hold.
  public var sets: [String] = []
  /// nnU-Net: turn instance label images into class label images (objects take their class).
  public var semanticFromInstance = false
  /// YOLO: boxes or polygons; `nil` chooses polygons when any object has an outline.
  public var yoloTask: YOLOTask?
  /// ImageFolder: copy files even where hard links are possible.
  public var copyOnly = false

  /// Options for a layout, every other choice at its default.
  /// - Parameter layout: the layout.
  public init(layout: TrainingLayout) { self.layout = layout }
}
