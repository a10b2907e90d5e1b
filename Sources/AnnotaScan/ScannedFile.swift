// SPDX-License-Identifier: Apache-2.0
public import AnnotaImport
public import AnnotaModel

/// One file found in a dataset folder, classified by its content.
public struct ScannedFile: Sendable {
  /// What a file is to a dataset.
  public enum Role: String, Sendable, Hashable {
    /// A source image (TIFF, OME-TIFF, HDF5 image data, PNG, JPEG…).
    case image
    /// A label image (integer, single channel, named or placed as a mask).
    case labelImage = "label_image"
    /// Shapes in the spec's GeoJSON encoding (SPEC §5.3).
    case shapes
    /// An annotation-tool file (CVAT, VOC, Cell Counter, TrackMate, COCO, LabelMe) or an ilastik project.
    case toolAnnotations = "tool_annotations"
    /// A table or other metadata (TSV, CSV, OME companion).
    case metadata
    /// A manifest (`annota.yaml` / `annota.json`).
    case manifest
    /// Anything else.
    case other
  }

  /// The path relative to the scanned folder, `/`-separated.
  public var path: String
  /// The role.
  public var role: Role
  /// The detected format (`tiff`, `ome-tiff`, `hdf5-ilastik-project`, `png`, `cvat-1.1`, `coco`, `tsv`…).
  public var format: FormatID
  /// The file's size in bytes.
  public var size: Int
  /// Width and height in pixels, when known (images and label images).
  public var width: Int?, height: Int?
  /// Z planes and channels, when known.
  public var depth: Int?, channels: Int?
  /// Time points, when known (an ImageJ hyperstack's `frames`, OME's SizeT).
  public var timePoints: Int?
  /// Physical pixel size, when recorded (x, y, z and unit).
  public var physicalSize: PhysicalSize?
  /// For label images: the label statistics.
  public var labels: LabelStatistics?
  /// For tool files: the annotations (names of the images they describe, shapes).
  public var annotations: ForeignAnnotations?
  /// Why the role was chosen, and anything odd.
  public var notes: [String]
  /// An HDF5 label volume with its raw image in the same file (PlantSeg, CREMI): the file is an image
  /// and its own annotation.
  public var holdsImage = false
}
