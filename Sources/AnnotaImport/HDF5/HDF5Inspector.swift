// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF

/// `annota inspect` for HDF5: the layout, every image-like dataset, and label statistics for the
/// label volume (the only candidate, or the one `--hdf5-path` names).
enum HDF5Inspector {
  static func inspect(
    _ path: String, labelStatistics: Bool, dataset: String?, decodePixels: Bool = false,
    planeVisitor: ((Int, Plane) -> Void)? = nil
  ) throws -> FileInspection {
    let file = try HDF5File(path: path)
    let layout = try HDF5Layout.detect(file)
    var warnings = layout.notes
    let images = layout.volumes.map { volume -> FileInspection.ImageInfo in
      let size = volume.physicalSize
      return FileInspection.ImageInfo(
        name: volume.path, axes: volume.axes, shape: volume.shape, dtype: volume.type.description,
        physicalSize: size.isEmpty ? nil : FileInspection.PixelSize(x: size["X"], y: size["Y"], z: size["Z"]))
    }
    var inspection = FileInspection(format: .hdf5, path: path, images: images, shapes: [], labels: nil, warnings: [])
    inspection.layout = layout.name
    if layout.name == .ilastikProject, dataset == nil {
      let project = try IlastikProjectLabels.read(file)
      warnings.append(
        "ilastik project: \(project.lanes.count) lane(s); label names \(project.names.joined(separator: ", ")); painted labels are summarised for lane 0"
      )
      if labelStatistics, let lane = project.lanes.first {
        inspection.labels = lane.statistics()
        inspection.labelDataset = "/PixelClassification/LabelSets/labels000"
      }
      inspection.warnings = warnings
      return inspection
    }
    // Label statistics decode their volume; every other volume is decoded at the end when asked,
    // chunk by chunk.
    func statistics(_ volume: HDF5Volume) throws -> LabelStatistics {
      do {
        return try HDF5VolumeStatistics.compute(file, volume, planeVisitor: planeVisitor)
      } catch let error as HDF5Error where error.code == .malformed {
        try file.decodeEveryChunk(volume.path)  // names the damaged chunk
        throw error
      }
    }
    if let dataset {
      guard let volume = layout.volumes.first(where: { $0.path == dataset || $0.path == "/" + dataset }) else {
        throw InspectError(
          path: path,
          message:
            "no image-like dataset \(dataset); the file has \(layout.volumes.map(\.path).joined(separator: ", "))")
      }
      if labelStatistics {
        inspection.labels = try statistics(volume)
        inspection.labelDataset = volume.path
      }
    } else if labelStatistics {
      let candidates = layout.volumes.filter(\.isLabels)
      if candidates.count == 1 {
        inspection.labels = try statistics(candidates[0])
        inspection.labelDataset = candidates[0].path
      } else if candidates.count > 1 {
        warnings.append(
          "several label volumes (\(candidates.map(\.path).joined(separator: ", "))); choose one with --hdf5-path")
      }
    }
    if layout.name == .cremi, let annotations = try CREMIAnnotations.read(file) {
      inspection.shapes = annotations.features
    }
    if let volume = layout.volumes.first(where: { $0.path == inspection.labelDataset }), volume.cremiBackground,
      var labels = inspection.labels
    {
      labels.applyCREMIBackground()
      inspection.labels = labels
      warnings.append("CREMI clefts: 0xFFFFFFFFFFFFFFFF means no cleft and is counted as background")
    }
    if decodePixels {
      for volume in layout.volumes where volume.path != inspection.labelDataset {
        try file.decodeEveryChunk(volume.path)
      }
    }
    inspection.warnings = warnings
    return inspection
  }
}

extension HDF5Volume {
  /// CREMI cleft volumes mark "no cleft" with the largest uint64, not 0.
  var cremiBackground: Bool { path.hasPrefix("/volumes/labels/clefts") && type == .integer(bits: 64, signed: false) }
}

extension LabelStatistics {
  /// Moves the value 2^64 − 1 (CREMI's "no cleft") into the background count.
  mutating func applyCREMIBackground() {
    let none = Int128(UInt64.max)
    if let index = labels.firstIndex(where: { $0.value == none }) {
      backgroundPixels += labels[index].pixels
      labels.remove(at: index)
    }
  }
}
