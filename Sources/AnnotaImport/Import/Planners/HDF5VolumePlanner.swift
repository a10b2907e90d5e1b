// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

extension DatasetImporter {
  /// An HDF5 label volume becomes a multi-page label TIFF (one page per plane, Y rows).
  static func planHDF5(
    _ source: String, inspection: FileInspection, internalPath: String, setID: String, manifest: Manifest,
    options: ImportOptions, plan: inout Plan
  ) throws {
    let file = try HDF5File(path: source)
    let layout = try HDF5Layout.detect(file)
    guard let volume = layout.volumes.first(where: { $0.path == internalPath }) else {
      throw ImportError(code: .unsupported, message: "no volume \(internalPath)", path: source)
    }
    try planLabelImage(
      source, inspection: inspection, setID: setID, manifest: manifest, options: options, plan: &plan,
      name: stem(of: source), loadPlanes: { try HDF5VolumeStatistics.planes(file, volume) },
      physicalSize: volume.physicalSize["X"].flatMap { x in
        volume.physicalSize["Y"].map { FileInspection.PixelSize(x: x, y: $0, z: volume.physicalSize["Z"]) }
      }, stack: OMEStack.of(axes: volume.axes, shape: volume.shape))
    if let index = plan.sets.indices.last {
      plan.sets[index].name = "Label volume \(internalPath) of \(source.split(separator: "/").last ?? "")"
      plan.notes.append(
        "imported \(internalPath) (\(volume.axes) \(volume.shape.map(String.init).joined(separator: "×")), layout \(layout.name))"
      )
    }
  }
}
