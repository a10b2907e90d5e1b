// SPDX-License-Identifier: Apache-2.0

/// A folder layout a training tool reads (`annota export --to`); an open vocabulary.
public struct TrainingLayout: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The layout's name as `--to` takes it.
  public var rawValue: String
  /// Creates a layout from its name.
  /// - Parameter rawValue: e.g. `yolo`.
  public init(rawValue: String) { self.rawValue = rawValue }

  /// nnU-Net v2 raw: `DatasetNNN_Name/{imagesTr,labelsTr,imagesTs}` and `dataset.json`.
  public static var nnunet: Self { Self(rawValue: "nnunet") }
  /// Ultralytics YOLO: `images/` and `labels/` per split and `data.yaml`.
  public static var yolo: Self { Self(rawValue: "yolo") }
  /// COCO: `images/<split>/` and one `annotations/instances_<split>.json` per split.
  public static var coco: Self { Self(rawValue: "coco") }
  /// ImageFolder (classification): `<split>/<class>/<image>`.
  public static var imageFolder: Self { Self(rawValue: "imagefolder") }

  /// Every layout Annota writes, in the order the guide presents them.
  public static var all: [Self] { [.nnunet, .yolo, .coco, .imageFolder] }

  /// The layout's name.
  public var description: String { rawValue }
}
