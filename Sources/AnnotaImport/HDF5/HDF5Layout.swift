// SPDX-License-Identifier: Apache-2.0
public import AnnotaHDF5
import AnnotaXMLSupport
import FoundationEssentials

/// One image-like dataset of an HDF5 file, with the axes and pixel size its layout implies.
public struct HDF5Volume: Sendable, Hashable {
  /// The internal path, for example `/exported_data`.
  public var path: String
  /// Axes in the dataset's own order (slowest first), for example `TYXC`, `ZYX`, `TXYC`.
  public var axes: String
  /// The dataset's shape, in `axes` order.
  public var shape: [Int]
  /// The element type (for BigDataViewer `cells`: uint16, stored as int16).
  public var type: HDF5ElementType
  /// Pixel size in micrometres along x, y, z, where the layout records it.
  public var physicalSize: [Character: Double]
  /// Whether the layout or the name marks it as labels (a segmentation, a label upload, a mask).
  public var isLabels: Bool
  /// Whether integer samples stored as signed are really unsigned (BigDataViewer's int16 cells).
  public var reinterpretAsUnsigned: Bool
}

/// Which program's conventions an HDF5 file follows, and the volumes they imply.
public struct HDF5Layout: Sendable {
  /// Which program's conventions: an open set, named as `annota inspect` prints it.
  public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The layout's name.
    public var rawValue: String
    /// Creates a layout from its name.
    /// - Parameter rawValue: the name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The name.
    public var description: String { rawValue }
    /// An ilastik project (`.ilp`): painted label blocks per lane.
    public static let ilastikProject = Kind(rawValue: "ilastik-project")
    /// An ilastik export (`exported_data` with `axistags`).
    public static let ilastikExport = Kind(rawValue: "ilastik-export")
    /// An ilastik label export (`labels` with `axistags`).
    public static let ilastikLabels = Kind(rawValue: "ilastik-labels")
    /// A CREMI challenge file (`/volumes/raw`, `/volumes/labels/…`, `/annotations`).
    public static let cremi = Kind(rawValue: "cremi")
    /// A BigDataViewer file (`/tTTTTT/sSS/L/cells`).
    public static let bigDataViewer = Kind(rawValue: "bigdataviewer")
    /// Datasets with `element_size_um` (PlantSeg and Fiji-HDF5 style).
    public static let elementSizeMicrometres = Kind(rawValue: "element-size-um")
    /// None of the above.
    public static let generic = Kind(rawValue: "generic")
  }

  /// The layout.
  public var name: Kind
  /// The image-like datasets, label volumes first.
  public var volumes: [HDF5Volume]
  /// Things worth knowing (unsupported filters, unreadable attributes…).
  public var notes: [String]

  /// Names that mark a dataset as labels.
  static let labelWords = [
    "label", "labels", "mask", "masks", "seg", "segmentation", "neuron_ids", "clefts", "instances",
  ]

  /// Works out the layout of an open file.
  /// - Parameter file: the file.
  /// - Returns: the layout and its volumes.
  /// - Throws: `AnnotaHDF5/HDF5Error` when the structure cannot be read.
  public static func detect(_ file: HDF5File) throws -> HDF5Layout {
    let objects = try file.objects()
    let datasets = objects.filter { $0.kind == .dataset }.map(\.path)
    let root = (try? file.attributes(of: "/")) ?? [:]
    var notes: [String] = []
    var volumes: [HDF5Volume] = []
    var layout = Kind.generic
    if root["ilastikVersion"] != nil || datasets.contains(where: { $0.hasPrefix("/PixelClassification/") }) {
      layout = .ilastikProject
    } else if root["file_format"]?.string != nil, datasets.contains(where: { $0.hasPrefix("/volumes/") }) {
      layout = .cremi
    } else if datasets.contains(where: { $0.hasSuffix("/cells") && $0.hasPrefix("/t") }) {
      layout = .bigDataViewer
    }
    for path in datasets {
      guard let info = try? file.dataset(path) else { continue }
      // Image-like: numeric, at least 2-D, and not a small table (colour lists, pyramid factors…).
      let spatial = info.shape.suffix(from: max(0, info.shape.count - 2)).filter { $0 > 1 }
      guard info.shape.count >= 2, info.type.byteWidth != nil,
        info.shape.filter({ $0 > 1 }).count >= 2 || spatial.count == 2,
        info.shape.reduce(1, *) >= 16,
        !["resolutions", "subdivisions", "LabelColors", "PmapColors"].contains(
          path.split(separator: "/").last.map(String.init) ?? "")
      else { continue }
      if let unavailable = info.filters.first(where: { !$0.isAvailable }) {
        notes.append("\(path) uses unsupported compression filter \(unavailable.id) (\(unavailable.name))")
      }
      let name = path.split(separator: "/").last.map { String($0).lowercased() } ?? ""
      var axes = defaultAxes(info.shape.count)
      var physical: [Character: Double] = [:]
      var labels = labelWords.contains { name == $0 || name.hasSuffix("_" + $0) || name.hasPrefix($0 + "_") }
      var unsignedCells = false
      if let tags = info.attributes["axistags"]?.string, let parsed = ilastikAxes(tags),
        parsed.count == info.shape.count
      {
        axes = parsed
        if layout == .generic { layout = name == "labels" ? .ilastikLabels : .ilastikExport }
        // ilastik exports: integer `exported_data` is a segmentation (simple: class ids; objects: ids).
        if name == "exported_data", info.type.isInteger { labels = true }
      }
      if let sizes = info.attributes["element_size_um"]?.doubles, sizes.count == info.shape.count || sizes.count == 3 {
        if layout == .generic { layout = .elementSizeMicrometres }
        let spatial = Array(axes.suffix(sizes.count))
        for (axis, size) in zip(spatial, sizes) where size > 0 && "XYZ".contains(axis) { physical[axis] = size }
      }
      if layout == .cremi, let resolution = info.attributes["resolution"]?.doubles, resolution.count == 3 {
        // CREMI resolution is z, y, x in nanometres.
        physical = ["Z": resolution[0] / 1000, "Y": resolution[1] / 1000, "X": resolution[2] / 1000]
        labels = labels || path.hasPrefix("/volumes/labels/")
      }
      if layout == .bigDataViewer, name == "cells" {
        axes = "ZYX"
        unsignedCells = info.type == .integer(bits: 16, signed: true)
      }
      var type = info.type
      if unsignedCells { type = .integer(bits: 16, signed: false) }
      volumes.append(
        HDF5Volume(
          path: path, axes: axes, shape: info.shape, type: type, physicalSize: physical,
          isLabels: labels && info.type.isInteger,
          reinterpretAsUnsigned: unsignedCells))
    }
    if layout == .bigDataViewer {
      // /tTTTTT/sSS/L/cells: time points, setups and resolution levels.
      let parts = volumes.map { $0.path.split(separator: "/") }.filter { $0.count == 4 && $0[3] == "cells" }
      let timepoints = Set(parts.map { $0[0] }).count
      let setups = Set(parts.map { $0[1] }).count
      let levels = Set(parts.map { $0[2] }).count
      notes.append(
        "BigDataViewer: \(setups) setup(s), \(timepoints) time point(s), \(levels) resolution level(s); "
          + "int16 cells are uint16 pixels")
    }
    if layout == .bigDataViewer, let xml = bdvVoxelSize(nextTo: file.path) {
      for index in volumes.indices where volumes[index].path.hasSuffix("/0/cells") { volumes[index].physicalSize = xml }
    }
    volumes.sort { ($0.isLabels ? 0 : 1, $0.path) < ($1.isLabels ? 0 : 1, $1.path) }
    return HDF5Layout(name: layout, volumes: volumes, notes: notes)
  }

  static func defaultAxes(_ rank: Int) -> String {
    switch rank {
    case 2: "YX"
    case 3: "ZYX"
    case 4: "TZYX"
    case 5: "TCZYX"
    default: String(repeating: "Q", count: max(0, rank - 2)) + "YX"
    }
  }

  /// `TYXC` from vigra AxisTags JSON: `{"axes": [{"key": "t", …}, {"key": "y"…}…]}`.
  static func ilastikAxes(_ json: String) -> String? {
    guard let object = try? JSONDecoder().decode(AxisTags.self, from: Data(json.utf8))
    else { return nil }
    let keys = object.axes.map { $0.key.uppercased() }
    guard keys.allSatisfy({ $0.count == 1 && "TZYXC".contains($0) }) else { return nil }
    return keys.joined()
  }

  private struct AxisTags: Decodable {
    struct Axis: Decodable { var key: String }
    var axes: [Axis]
  }

  /// Voxel size (x, y, z, µm) of the first setup in a BigDataViewer XML beside the `.h5`.
  static func bdvVoxelSize(nextTo h5: String) -> [Character: Double]? {
    let xmlPath = (h5.hasSuffix(".h5") ? String(h5.dropLast(3)) : h5) + ".xml"
    guard let bytes = FileManager.default.contents(atPath: xmlPath),
      let root = try? XMLSafeParser.document(Array(bytes)),
      let voxel = root.descendants("voxelSize").first,
      let sizes = voxel.child("size")?.text.split(separator: " ").compactMap({ Double($0) }), sizes.count == 3
    else { return nil }
    let unit = String(voxel.child("unit")?.text.filter { !$0.isWhitespace } ?? "micrometer")
    let scale: Double = unit.hasPrefix("nano") ? 0.001 : unit.hasPrefix("milli") ? 1000 : 1
    return ["X": sizes[0] * scale, "Y": sizes[1] * scale, "Z": sizes[2] * scale]
  }
}
