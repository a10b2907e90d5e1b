// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

extension DatasetImporter {
  /// A label TIFF (or a label image in an OME-TIFF) becomes a label image of the dataset, its planes
  /// narrowed to the smallest type, matched to its image and checked against its size.
  static func planLabelImage(
    _ source: String, inspection: FileInspection, setID: String, manifest: Manifest, options: ImportOptions,
    plan: inout Plan, name: String? = nil, loadPlanes: (() throws -> [Plane])? = nil,
    physicalSize: FileInspection.PixelSize? = nil, stack: OMEStack? = nil
  ) throws {
    guard let labels = inspection.labels else { return }
    let image = try matchImage(source, name: name ?? stem(of: source), manifest: manifest, options: options)
    try checkSize(source, inspection: inspection, image: image, options: options, plan: &plan)
    let kind = options.kind ?? inferKind(labels)
    // Time points must survive: a time series is written as an OME-TIFF that says which pages are
    // which (an ImageJ hyperstack's frames, an HDF5 volume's T axis).
    let stack =
      stack
      ?? inspection.images.first.flatMap { info in
        Self.pagesAreTimePoints(info, image: image)
          ? OMEStack(z: 1, t: info.shape[0], zFastest: true) : OMEStack.of(axes: info.axes, shape: info.shape)
      }
    // With a known pixel size or time points the labels go into an OME-TIFF, which records them.
    let path =
      "annotations/\(setID)/\(image.id)_labels" + (physicalSize == nil && stack == nil ? ".tif" : ".ome.tif")
    var set = AnnotationSet(
      id: setID, name: "Label image \(stem(of: source))",
      overview:
        "Imported from \(source.split(separator: "/").last ?? ""): \(labels.labels.count) label values over \(labels.planeCount) plane(s); 0 is background.",
      types: [.segmentationMask], encoding: .labelImage, files: [AnnotationFile(path: path, image: image.id)])
    set.kind = kind
    if kind == .semantic {
      let table = LabelTable(
        id: setID + "-labels",
        labels: [Label(value: 0, name: "background")]
          + labels.labels.map { Label(value: Int(truncatingIfNeeded: $0.value), name: "class \($0.value)") })
      set.labelTable = table.id
      plan.labelTables.append(table)
      plan.notes.append(
        "inferred a semantic label table with \(labels.labels.count) classes named `class N`; rename them in \(table.id)"
      )
    } else {
      plan.notes.append(
        "inferred instance labels (\(labels.labels.count) objects); pass --kind semantic if the values are classes")
    }
    plan.sets.append(set)
    let load: () throws -> [Plane]
    if let loadPlanes {
      load = loadPlanes
    } else {
      let reader = try TIFFReader(path: source)
      load = {
        let pages = reader.directories.filter { if case .main = $0.location { true } else { false } }
        return try pages.map { try reader.readPlane($0) }
      }
    }
    plan.files.append(
      PlannedFile(path: path) { target in
        let planes = try load().map(narrowed(labels: labels))
        if physicalSize != nil || stack != nil {
          try OMETIFFWriter.write(
            planes, to: target, name: image.id + " labels", physicalSize: physicalSize, stack: stack)
        } else {
          try TIFFWriter.write(planes, to: target, compression: .fastDeflate)
        }
      })
  }

  /// Label planes in the smallest unsigned type that holds every value (uint8, uint16, uint32),
  /// as SPEC §5.2 asks; planes with negative or wider values are kept as they are.
  static func narrowed(labels: LabelStatistics) -> (Plane) throws -> Plane {
    let largest = labels.labels.last?.value ?? 0
    let negative = (labels.labels.first?.value ?? 0) < 0
    let target: SampleType? =
      negative ? nil : largest <= 255 ? .uint8 : largest <= 65_535 ? .uint16 : largest <= 4_294_967_295 ? .uint32 : nil
    return { plane in
      guard let target, target != plane.sampleType else { return plane }
      let count = plane.width * plane.height
      var bytes = [UInt8](repeating: 0, count: count * target.byteWidth)
      bytes.withUnsafeMutableBytes { out in
        for index in 0..<count {
          let value = plane.value(x: index % plane.width, y: index / plane.width)
          switch target {
          case .uint8: out.storeBytes(of: UInt8(value), toByteOffset: index, as: UInt8.self)
          case .uint16: out.storeBytes(of: UInt16(value), toByteOffset: index * 2, as: UInt16.self)
          default: out.storeBytes(of: UInt32(value), toByteOffset: index * 4, as: UInt32.self)
          }
        }
      }
      return try Plane(width: plane.width, height: plane.height, sampleType: target, bytes: bytes)
    }
  }
}
