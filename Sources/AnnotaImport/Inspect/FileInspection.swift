// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// What a file holds, as `annota inspect` reports it.
public struct FileInspection: Sendable {
  /// A pixel's size in micrometres along x, y and z, each where the file records it.
  public struct PixelSize: Sendable, Hashable {
    /// Along x (a pixel's width).
    public var x: Double?
    /// Along y (a pixel's height).
    public var y: Double?
    /// Along z (a plane's spacing).
    public var z: Double?

    /// Creates a pixel size.
    /// - Parameters:
    ///   - x: along x, in micrometres.
    ///   - y: along y, in micrometres.
    ///   - z: along z, in micrometres.
    public init(x: Double?, y: Double?, z: Double?) {
      self.x = x
      self.y = y
      self.z = z
    }
  }

  /// One image in the file.
  public struct ImageInfo: Sendable, Hashable {
    /// Its name (OME `Name`, or the file name).
    public var name: String
    /// Axes in order, for example `ZYX`, `TCZYX`; axes of size 1 other than Y and X are left out.
    public var axes: String
    /// The size along each of `axes`.
    public var shape: [Int]
    /// The sample type, numpy style (`uint16`, `int8`, `float32`…).
    public var dtype: String
    /// The pixel size in micrometres, where known.
    public var physicalSize: PixelSize?
    /// Whether the axis of the pages was guessed (`Z`): a plain multi-page TIFF says nothing of
    /// whether its pages are planes, time points or channels.
    public var pagesAxisGuessed = false

    /// Equality over every field.
    public static func == (lhs: ImageInfo, rhs: ImageInfo) -> Bool {
      lhs.name == rhs.name && lhs.axes == rhs.axes && lhs.shape == rhs.shape && lhs.dtype == rhs.dtype
        && lhs.physicalSize == rhs.physicalSize
    }

    /// Hashes name, axes and shape.
    /// - Parameter hasher: the hasher.
    public func hash(into hasher: inout Hasher) {
      hasher.combine(name)
      hasher.combine(axes)
      hasher.combine(shape)
    }
  }

  /// The format: `FormatID.tiff`, `omeTIFF`, `omeXML`, `png`, `jpeg` or `hdf5`.
  public var format: FormatID
  /// For HDF5: the layout.
  public var layout: HDF5Layout.Kind? = nil
  /// For HDF5: the dataset the label statistics are about.
  public var labelDataset: String? = nil
  /// The file.
  public var path: String
  /// The images.
  public var images: [ImageInfo]
  /// Shapes found (OME ROIs), in the spec's GeoJSON convention.
  public var shapes: [ShapeFeature]
  /// Label statistics, for integer single-channel TIFFs.
  public var labels: LabelStatistics?
  /// Things worth knowing that did not stop the inspection.
  public var warnings: [String]
  /// Damage found while reading.
  ///
  /// Planes the metadata declares that the file does not hold, member files missing, directories
  /// that belong to no plane. Validation reports each as an error
  /// (`FILE-005`); `inspect` lists them with the warnings.
  public var damage: [String] = []

  /// Shape counts per kind.
  public var shapeCounts: [String: Int] {
    Dictionary(grouping: shapes, by: \.shape).mapValues(\.count)
  }

  /// The JSON report (`annota inspect --format json`).
  /// - Parameter includeShapes: whether to list every shape's geometry.
  /// - Returns: the report as an ordered JSON object.
  public func json(includeShapes: Bool) -> JSONValue {
    var entries: [(String, JSONValue)] = [("format", .string(format.rawValue)), ("path", .string(path))]
    if let layout { entries.append(("layout", .string(layout.rawValue))) }
    entries.append(
      (
        "images",
        .array(
          images.map { image in
            var item: [(String, JSONValue)] = [
              ("name", .string(image.name)), ("axes", .string(image.axes)),
              ("shape", .array(image.shape.map { .number(Double($0)) })), ("dtype", .string(image.dtype)),
            ]
            if let size = image.physicalSize {
              item.append(
                (
                  "physical_size",
                  .object([
                    ("x", size.x.map { .number($0) } ?? .null), ("y", size.y.map { .number($0) } ?? .null),
                    ("z", size.z.map { .number($0) } ?? .null), ("unit", "um"),
                  ])
                ))
            }
            return .object(item)
          })
      ))
    var shapeEntries: [(String, JSONValue)] = [
      ("counts", .object(shapeCounts.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
    ]
    if includeShapes { shapeEntries.append(("features", .array(shapes.map(\.json)))) }
    entries.append(("shapes", .object(shapeEntries)))
    if let labels {
      entries.append(
        (
          "labels",
          .array(
            labels.labels.map { label in
              .object(
                [
                  ("value", .integer(label.value)), ("pixels", .number(Double(label.pixels))),
                  ("bbox", .array(label.bbox.map { .number(Double($0)) })),
                ] + (labels.planeCount > 1 ? [("planes", .array(label.planes.map { .number(Double($0)) }))] : []))
            })
        ))
      entries.append(("background_pixels", .number(Double(labels.backgroundPixels))))
      entries.append(("background_share", .number(labels.backgroundShare)))
    }
    entries.append(("warnings", .array((damage + warnings).map { .string($0) })))
    return .object(entries)
  }
}
