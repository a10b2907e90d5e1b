// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
package import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

// What an import will write, and which planner makes it: one per kind of source.
extension DatasetImporter {
  /// Provenance of a conversion by Annota: the source's name, format, SHA-256 and convention.
  package static func provenance(source: String, format: FormatID, convention: String, origin: Origin) throws
    -> Provenance
  {
    var provenance = Provenance(origin: origin)
    provenance.software = [Software(name: "annota", version: converterVersion)]
    var conversion = Conversion(
      sourcePath: source.split(separator: "/").last.map(String.init) ?? source, sourceFormat: format.rawValue,
      sourceSHA256: try FileDigest.sha256(source), converter: "annota", converterVersion: converterVersion)
    conversion.convention = convention
    provenance.conversion = conversion
    return provenance
  }

  /// Plans the import of `source` against `manifest`; nothing is written.
  ///
  /// The plan holds the annotation sets (with provenance), label tables and files it will add, and
  /// notes.
  static func plan(_ source: String, manifest: Manifest, options: ImportOptions) throws -> Plan {
    let stem = Self.stem(of: source)
    let baseID = options.setID ?? Self.identifier(from: stem)
    var plan = Plan()
    let sourceFormat: FormatID
    let convention: String
    var producer: ForeignAnnotations.Producer?
    if let tool = AnnotationFormats.detect(source).first(where: { $0.confidence > 0 }) {
      var annotations = try AnnotationFormats.read(source, format: tool.format)
      // Cell Counter's MarkerZ is a hyperstack position: decode it with the image's C and Z sizes.
      if tool.format == .cellCounter,
        let target = try? matchImage(
          source, name: Self.stem(of: annotations.images.first?.name ?? source), manifest: manifest, options: options),
        let dimensions = target.dimensions, (dimensions.c ?? 1) > 1, let data = FileManagerBridge.contents(source)
      {
        annotations = try CellCounterReader.read(data, path: source, channels: dimensions.c ?? 1, slices: dimensions.z)
      }
      try planToolFile(
        source, annotations: annotations, setID: baseID, manifest: manifest, options: options, plan: &plan)
      let annotated = annotations.images.filter { !$0.features.isEmpty || !$0.tags.isEmpty }
      if plan.sets.isEmpty, !annotated.isEmpty {
        // Annotations, but for none of the dataset's images: say that, not "no annotations".
        let names = annotated.prefix(3).map(\.name).joined(separator: ", ")
        throw ImportError(
          code: .unsupported,
          message:
            "none of the file's \(annotated.count) annotated image(s) (\(names)\(annotated.count > 3 ? ", …" : "")) "
            + "is an image of the dataset; add them to the manifest, name one with --image, or start a new dataset "
            + "with annota convert FILE --to annota",
          path: source)
      }
      sourceFormat = annotations.format
      convention = annotations.convention
      producer = annotations.producer
    } else {
      let inspection = try FileInspector.inspect(source, dataset: options.dataset)
      // A damaged file (a directory chain cut, an OME plane missing) is not imported from its readable
      // part: what came over would silently be less than the file says it holds.
      if let damage = inspection.damage.first {
        throw ImportError(
          code: .unreadable, message: "the file is damaged: \(damage); nothing was imported", path: source)
      }
      try planInspected(
        source, inspection: inspection, setID: baseID, manifest: manifest, options: options, plan: &plan)
      sourceFormat = inspection.format
      convention =
        switch inspection.format {
        case .tiff: "label-image"
        case .hdf5: "hdf5-\(inspection.layout ?? .generic):\(inspection.labelDataset ?? "")"
        default: "ome-roi-pixel-corners"
        }
    }
    guard !plan.sets.isEmpty else {
      throw ImportError(
        code: .unsupported, message: "the file holds no annotations (no ROIs, not a label image)", path: source)
    }

    // Provenance: where every set came from.
    var provenance = try provenance(
      source: source, format: sourceFormat, convention: convention,
      origin: options.origin == .unknown ? producer?.origin ?? plan.inferredOrigin ?? .unknown : options.origin)
    provenance.record(producer)
    for index in plan.sets.indices { plan.sets[index].provenance = provenance }
    return plan
  }

  /// Plans the import of an image, label image, OME or HDF5 file from its inspection.
  static func planInspected(
    _ source: String, inspection: FileInspection, setID baseID: String, manifest: Manifest, options: ImportOptions,
    plan: inout Plan
  ) throws {
    switch inspection.format {
    case .tiff:
      guard inspection.labels != nil else {
        throw ImportError(
          code: .unsupported, message: "not a label image (label images hold integer, single-channel pixels)",
          path: source)
      }
      try planLabelImage(
        source, inspection: inspection, setID: baseID, manifest: manifest, options: options, plan: &plan)
    case .hdf5 where inspection.layout == .ilastikProject && options.dataset == nil:
      try planIlastikProject(source, setID: baseID, manifest: manifest, options: options, plan: &plan)
    case .hdf5 where inspection.layout == .cremi && !inspection.shapes.isEmpty && options.dataset == nil:
      try planCREMIAnnotations(
        source, inspection: inspection, setID: baseID, manifest: manifest, options: options, plan: &plan)
    case .hdf5:
      guard inspection.labels != nil, let internalPath = inspection.labelDataset else {
        throw ImportError(
          code: .unsupported,
          message:
            "no label volume chosen: \(inspection.warnings.first ?? "the file holds no integer label dataset"); name one with --hdf5-path",
          path: source)
      }
      try planHDF5(
        source, inspection: inspection, internalPath: internalPath, setID: baseID, manifest: manifest, options: options,
        plan: &plan)
    case .omeTIFF, .omeXML:
      let dataset = try OMETIFFReader.open(source)
      try planOME(
        source, dataset: dataset, inspection: inspection, setID: baseID, manifest: manifest, options: options,
        plan: &plan)
      if plan.sets.isEmpty, inspection.labels != nil {
        try planLabelImage(
          source, inspection: inspection, setID: baseID, manifest: manifest, options: options, plan: &plan)
      }
    default:
      throw ImportError(code: .unsupported, message: "no importer for \(inspection.format)", path: source)
    }
  }

  /// What an import will write, gathered before anything touches the disk.
  package struct Plan {
    /// What the source says about how its shapes were made (CVAT's `source`), when it says.
    package var inferredOrigin: Origin?
    /// The annotation sets to add, with their provenance.
    package var sets: [AnnotationSet] = []
    /// The label tables to add.
    package var labelTables: [LabelTable] = []
    /// The files to write.
    package var files: [PlannedFile] = []
    /// What the user should know (skipped images, hidden shapes).
    package var notes: [String] = []
    /// An empty plan.
    package init() {}
  }

  /// A file the import will write, and how.
  package struct PlannedFile {
    /// Where, relative to the dataset.
    package var path: String
    /// Writes the file at the absolute path it is given.
    package var write: (String) throws -> Void
  }
}

extension Provenance {
  /// Adds what a tool's file records about the program and model that made its annotations.
  /// - Parameter producer: the file's producer, if it names one.
  package mutating func record(_ producer: ForeignAnnotations.Producer?) {
    guard let producer else { return }
    software.append(producer.software)
    if let model = producer.model { self.model = model }
  }
}
