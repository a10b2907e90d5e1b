// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
public import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

/// What an import should do.
public struct ImportOptions: Sendable {
  /// The annotation set's id; by default derived from the source file's name.
  public var setID: String?
  /// The dataset image the annotations belong to; by default matched by file name.
  public var imageID: String?
  /// For label images: instance or semantic; by default inferred from the label statistics.
  public var kind: AnnotationKind?
  /// Where the annotations came from, if known.
  public var origin: Origin
  /// Replace an annotation set (and its files) that already has the id.
  public var replace: Bool
  /// Rewrite a manifest that is not in canonical form (its comments are lost).
  public var reformat: Bool
  /// For HDF5 files with several label volumes: the internal path of the one to import.
  public var dataset: String?
  /// Import a label image whose size differs from its image's (only with ``imageID`` given).
  public var allowSizeMismatch = false
  /// Plan and check everything, write nothing (``ImportResult/written`` is `false`).
  public var dryRun = false

  /// Creates options.
  /// - Parameters:
  ///   - setID: the annotation set's id.
  ///   - imageID: the dataset image.
  ///   - kind: instance or semantic.
  ///   - origin: where the annotations came from.
  ///   - replace: replace an existing set.
  ///   - reformat: allow rewriting a non-canonical manifest.
  ///   - dataset: the HDF5 internal path to import.
  public init(
    setID: String? = nil, imageID: String? = nil, kind: AnnotationKind? = nil, origin: Origin = .unknown,
    replace: Bool = false, reformat: Bool = false, dataset: String? = nil
  ) {
    self.dataset = dataset
    self.setID = setID
    self.imageID = imageID
    self.kind = kind
    self.origin = origin
    self.replace = replace
    self.reformat = reformat
  }
}

/// What an import did.
public struct ImportResult: Sendable {
  /// The annotation sets added (or replaced).
  public var sets: [AnnotationSet]
  /// The files written, relative to the dataset root.
  public var files: [String]
  /// The manifest file that was updated.
  public var manifest: String
  /// Things worth knowing.
  public var notes: [String]
  /// Whether anything was written (`false` for a dry run: ``files`` are what would be written).
  public var written = true
  /// The label tables added.
  public var labelTables: [LabelTable] = []
}

/// Imports a foreign file into a dataset: writes the annotations in the spec's encodings under
/// `annotations/<set>/`, adds the annotation set to the manifest with provenance, and checks the
/// result before anything is written.
///
/// The source file is never modified.
public enum DatasetImporter {
  /// The converter's version recorded in provenance.
  public static let converterVersion = AnnotaToolkit.version

  /// Imports `source` into the dataset at `root`.
  /// - Parameters:
  ///   - source: a label TIFF, OME-TIFF or OME-XML file.
  ///   - root: the dataset folder (with a manifest).
  ///   - options: how.
  /// - Returns: what was done.
  /// - Throws: ``ImportError`` (nothing is written then), or inspection errors for unreadable sources.
  public static func importFile(_ source: String, into root: String, options: ImportOptions = ImportOptions()) throws
    -> ImportResult
  {
    guard let manifestPath = ManifestReader.locate(in: root) else {
      throw ImportError(
        code: .invalidManifest, message: "no manifest (annota.yaml or annota.json) in this folder", path: root)
    }
    if let conflict = ManifestReader.conflict(in: root) {
      throw ImportError(code: .invalidManifest, message: "\(conflict.message) (\(conflict.rule))", path: root)
    }
    let read = ManifestReader.read(contentsOf: manifestPath)
    guard var manifest = read.manifest else {
      let first = read.diagnostics.first.map { ": \($0)" } ?? ""
      throw ImportError(
        code: .invalidManifest, message: "the manifest does not conform; fix it first\(first)", path: manifestPath)
    }
    let syntax = ManifestSyntax.forPath(manifestPath)
    let current = FileManager.default.contents(atPath: manifestPath).map { String(decoding: $0, as: UTF8.self) }
    let original = manifest
    // A hand-edited YAML manifest (the draft `init` writes, with its comments) is extended in place
    // when the import only adds; rewriting it would lose the comments and layout.
    let canonical = current == (try? ManifestWriter.text(for: manifest, syntax: syntax))
    let extendInPlace = !canonical && !options.reformat && syntax == .yaml && current != nil
    let notCanonical = ImportError(
      code: .conflict,
      message:
        "the manifest is not in canonical form, so rewriting it would lose its comments or layout; run `annota format` to see the canonical form, or pass --reformat",
      path: manifestPath)
    if !canonical, !options.reformat, !extendInPlace { throw notCanonical }
    func render(_ updated: Manifest) throws -> String {
      guard extendInPlace, let current else { return try ManifestWriter.text(for: updated, syntax: syntax) }
      do {
        return try ManifestTextSplice.append(to: current, existing: original, merged: updated)
      } catch {
        throw ImportError(
          code: .conflict, message: "\(error); pass --reformat to rewrite the manifest (its comments are lost)",
          path: manifestPath)
      }
    }

    let plan = try plan(source, manifest: manifest, options: options)

    // Merge into the manifest, refusing silent replacement.
    for set in plan.sets {
      if let existing = manifest.annotationSets.firstIndex(where: { $0.id == set.id }) {
        // Replacing is not adding: a hand-edited manifest is then rewritten only when asked.
        if extendInPlace { throw notCanonical }
        guard options.replace else {
          throw ImportError(
            code: .conflict,
            message:
              "the manifest already has an annotation set `\(set.id)`; choose another --set-id or pass --replace",
            path: manifestPath)
        }
        manifest.annotationSets.remove(at: existing)
      }
      manifest.annotationSets.append(set)
    }
    for table in plan.labelTables {
      if extendInPlace, manifest.labelTables.contains(where: { $0.id == table.id }), options.replace {
        throw notCanonical
      }
      manifest.labelTables.removeAll { $0.id == table.id && options.replace }
      guard !manifest.labelTables.contains(where: { $0.id == table.id }) else {
        throw ImportError(
          code: .conflict, message: "the manifest already has a label table `\(table.id)`", path: manifestPath)
      }
      manifest.labelTables.append(table)
    }
    for file in plan.files {
      let target = root + "/" + file.path
      if FileManager.default.fileExists(atPath: target), !options.replace {
        throw ImportError(code: .conflict, message: "\(file.path) exists; pass --replace to overwrite it", path: root)
      }
    }
    // Check the new manifest before writing anything.
    let text = try render(manifest)
    let check = ManifestReader.read(bytes: Array(text.utf8), syntax: syntax, file: manifestPath)
    if check.hasErrors {
      throw ImportError(
        code: .invalidManifest,
        message:
          "the updated manifest would not conform: \(check.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "; "))",
        path: manifestPath)
    }
    if options.dryRun {
      var result = ImportResult(
        sets: manifest.annotationSets.filter { set in plan.sets.contains { $0.id == set.id } },
        files: plan.files.map(\.path), manifest: manifestPath, notes: plan.notes)
      result.written = false
      result.labelTables = plan.labelTables
      return result
    }
    var written: [String] = []
    for file in plan.files {
      let target = root + "/" + file.path
      try FileManager.default.createDirectory(atPath: Self.parent(of: target), withIntermediateDirectories: true)
      try file.write(target)
      written.append(file.path)
    }
    // Record checksums of what was written, then write the manifest last (atomically).
    for (s, set) in manifest.annotationSets.enumerated() where plan.sets.contains(where: { $0.id == set.id }) {
      for (f, file) in set.files.enumerated() where written.contains(file.path) {
        manifest.annotationSets[s].files[f].checksum = "sha256:" + (try FileDigest.sha256(root + "/" + file.path))
      }
    }
    try Data(try render(manifest).utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
    var result = ImportResult(
      sets: manifest.annotationSets.filter { set in plan.sets.contains { $0.id == set.id } }, files: written,
      manifest: manifestPath, notes: plan.notes)
    result.labelTables = plan.labelTables
    return result
  }

  // MARK: - Plans

  /// Provenance of a conversion by Annota: the source's name, format, SHA-256 and convention.
  static func provenance(source: String, format: FormatID, convention: String, origin: Origin) throws -> Provenance {
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
      sourceFormat = annotations.format
      convention = annotations.convention
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
    let provenance = try provenance(
      source: source, format: sourceFormat, convention: convention,
      origin: options.origin == .unknown ? plan.inferredOrigin ?? .unknown : options.origin)
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

  /// CVAT, VOC, Cell Counter, TrackMate, COCO or LabelMe: one GeoJSON per annotated image that matches
  /// a dataset image (by file name), image-level tags into a class table (SPEC §5.5).
  static func planToolFile(
    _ source: String, annotations: ForeignAnnotations, setID: String, manifest: Manifest, options: ImportOptions,
    plan: inout Plan
  ) throws {
    var files: [AnnotationFile] = []
    var tagRows: [String] = []
    var featuresByImage:
      [(image: AnnotaModel.Image, source: ForeignAnnotations.AnnotatedImage, features: [ShapeFeature])] = []
    for image in annotations.images where !image.features.isEmpty || !image.tags.isEmpty {
      let name = stem(of: image.name.isEmpty ? source : image.name)
      let match: AnnotaModel.Image
      do { match = try matchImage(source, name: name, manifest: manifest, options: options) } catch {
        if annotations.images.count == 1 { throw error }
        plan.notes.append("\(image.name): no dataset image matches; skipped")
        continue
      }
      // Several annotated images may map to one dataset image (video frames, --image): one file each.
      if let index = featuresByImage.firstIndex(where: { $0.image.id == match.id }) {
        featuresByImage[index].features += image.features
      } else if !image.features.isEmpty {
        featuresByImage.append((match, image, image.features))
      }
      tagRows += image.tags.map { "\(match.id)\t\($0)" }
    }
    var maskFiles: [AnnotationFile] = []
    for (image, annotated, features) in featuresByImage where !features.isEmpty {
      // Masks with pixels go into an instance label image; GeoJSON cannot hold pixels.
      let masks = features.filter { $0.mask != nil }
      let shapes = features.filter { $0.mask == nil }
      if !shapes.isEmpty {
        let path = "annotations/\(setID)/\(image.id).geojson"
        files.append(AnnotationFile(path: path, image: image.id))
        // Track links travel as the collection's `edges` (SPEC §5.4).
        let (linked, edges) = GeoJSONWriter.edges(fromLinks: shapes)
        let text = GeoJSONWriter.text(linked, edges: edges)
        plan.files.append(
          PlannedFile(path: path) { target in try Data(text.utf8).write(to: URL(fileURLWithPath: target)) })
      }
      guard !masks.isEmpty else { continue }
      guard let width = image.dimensions?.x ?? annotated.width, let height = image.dimensions?.y ?? annotated.height
      else {
        plan.notes.append("\(image.id): \(masks.count) mask(s) skipped: the image's size is not known")
        continue
      }
      let path = "annotations/\(setID)-masks/\(image.id)_labels.tif"
      maskFiles.append(AnnotationFile(path: path, image: image.id))
      // Painted when written, so a long video's label images are never all in memory at once.
      plan.files.append(
        PlannedFile(path: path) { target in
          let painted = try LabelMaskRaster.paint(masks, width: width, height: height)
          try TIFFWriter.write([painted.plane], to: target, compression: .deflate)
          try Data(InstanceTable.text(painted.instances).utf8).write(
            to: URL(fileURLWithPath: InstanceTable.path(forLabelImage: target)))
        })
      // Painted once now for the notes (and dropped): overlaps must be told before anything is written.
      let preview = try LabelMaskRaster.paint(masks, width: width, height: height)
      let (hidden, clipped) = (preview.hiddenPixels, preview.clippedPixels)
      if hidden > 0 {
        plan.notes.append(
          "\(image.id): overlapping masks: \(hidden) pixel(s) are hidden under masks drawn on top (a label image holds one value per pixel)"
        )
      }
      if clipped > 0 {
        plan.notes.append("\(image.id): \(clipped) mask pixel(s) lie outside the image and were dropped")
      }
      if !preview.hiddenShapes.isEmpty {
        plan.notes.append(
          "\(image.id): \(LabelMaskExport.describeHidden(preview.hiddenShapes)): not in the label image or its table")
      }
    }
    plan.notes += annotations.notes
    // CVAT records per shape whether it was drawn (manual), predicted (auto) or assisted (semi-auto).
    let sources = Set(
      annotations.images.flatMap(\.features).compactMap { feature in
        feature.properties.first { $0.0 == "source" }.flatMap {
          if case .string(let value) = $0.1 { value } else { nil }
        }
      })
    if !sources.isEmpty {
      plan.inferredOrigin =
        sources == ["manual"]
        ? .manual
        : sources == ["auto"]
          ? .model : sources.isSubset(of: ["manual", "auto", "semi-auto", "file"]) ? .semiAutomatic : nil
    }
    if !files.isEmpty {
      let shapes = featuresByImage.flatMap(\.features).filter { $0.mask == nil }
      let counts = describe(shapes)
      let isTracks = annotations.mifaTypes.contains(.tracks)
      let types = mifaTypes(shapes).filter { $0 != .other } + (isTracks ? [.tracks] : [])
      var set = AnnotationSet(
        id: setID, name: "\(annotations.format) annotations from \(source.split(separator: "/").last ?? "")",
        overview: "Converted from \(annotations.format): \(counts).", types: types.isEmpty ? [.other] : types,
        encoding: isTracks ? .tracks : .geojson, files: files)
      set.spatialInformation =
        "Pixel coordinates, origin at the top-left corner of the top-left pixel, y down (from \(annotations.convention))."
      plan.sets.append(set)
    }
    if !maskFiles.isEmpty {
      let count = featuresByImage.reduce(0) { $0 + $1.features.filter { $0.mask != nil }.count }
      var set = AnnotationSet(
        id: setID + "-masks", name: "\(annotations.format) masks from \(source.split(separator: "/").last ?? "")",
        overview:
          "\(count) mask(s) converted from \(annotations.format), one value per object; each value's class is in the instance table beside the label image.",
        types: [.segmentationMask], encoding: .labelImage, files: maskFiles)
      set.kind = .instance
      plan.sets.append(set)
    }
    if !tagRows.isEmpty {
      let path = "annotations/\(setID)/classes.tsv"
      let text = "image\tlabel\n" + tagRows.joined(separator: "\n") + "\n"
      plan.files.append(
        PlannedFile(path: path) { target in try Data(text.utf8).write(to: URL(fileURLWithPath: target)) })
      plan.sets.append(
        AnnotationSet(
          id: files.isEmpty ? setID : setID + "-classes", name: "Image-level classes",
          overview: "Image tags converted from \(annotations.format).",
          types: [.classLabels], encoding: .classTable, files: [AnnotationFile(path: path, image: nil)]))
    }
  }

  /// What an import will write, gathered before anything touches the disk.
  struct Plan {
    /// What the source says about how its shapes were made (CVAT's `source`), when it says.
    var inferredOrigin: Origin?
    var sets: [AnnotationSet] = []
    var labelTables: [LabelTable] = []
    var files: [PlannedFile] = []
    var notes: [String] = []
  }

  struct PlannedFile {
    var path: String
    var write: (String) throws -> Void
  }

  static func planLabelImage(
    _ source: String, inspection: FileInspection, setID: String, manifest: Manifest, options: ImportOptions,
    plan: inout Plan, name: String? = nil, loadPlanes: (() throws -> [Plane])? = nil,
    physicalSize: (x: Double, y: Double, z: Double?)? = nil, stack: OMEStack? = nil
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
          try TIFFWriter.write(planes, to: target, compression: .deflate)
        }
      })
  }

  /// ilastik training labels: one semantic label image per lane (unpainted pixels are 0), with the
  /// project's label names and colours as the label table.
  ///
  /// MIFA calls such strokes weak annotations.
  static func planIlastikProject(
    _ source: String, setID: String, manifest: Manifest, options: ImportOptions, plan: inout Plan
  ) throws {
    let project = try IlastikProjectLabels.read(try HDF5File(path: source))
    guard !project.lanes.isEmpty, !project.names.isEmpty else {
      throw ImportError(code: .unsupported, message: "the ilastik project has no painted labels", path: source)
    }
    let table = LabelTable(id: setID + "-labels", labels: project.labelTable)
    var files: [AnnotationFile] = []
    for lane in project.lanes {
      let inputName = lane.inputName ?? "lane\(lane.index)"
      let image = try matchImage(source, name: stem(of: inputName), manifest: manifest, options: options)
      let path = "annotations/\(setID)/\(image.id)_ilastik_labels.tif"
      files.append(AnnotationFile(path: path, image: image.id))
      plan.files.append(PlannedFile(path: path) { target in try TIFFWriter.write(try lane.tiffPlanes(), to: target) })
    }
    var set = AnnotationSet(
      id: setID, name: "ilastik training labels",
      overview: "Brush strokes painted in ilastik's Pixel Classification, one class per label value; 0 is unlabelled.",
      types: [.weakAnnotations], encoding: .labelImage, files: files)
    set.kind = .semantic
    set.labelTable = table.id
    plan.labelTables.append(table)
    plan.sets.append(set)
    plan.notes.append(
      "imported \(project.lanes.count) lane(s) of ilastik labels: \(project.names.joined(separator: ", "))")
  }

  /// CREMI synaptic sites become one GeoJSON of points with their types and partners.
  static func planCREMIAnnotations(
    _ source: String, inspection: FileInspection, setID: String, manifest: Manifest, options: ImportOptions,
    plan: inout Plan
  ) throws {
    let image = try matchImage(source, name: stem(of: source), manifest: manifest, options: options)
    let path = "annotations/\(setID)/\(image.id).geojson"
    let text = GeoJSONWriter.text(inspection.shapes)
    plan.files.append(PlannedFile(path: path) { target in try Data(text.utf8).write(to: URL(fileURLWithPath: target)) })
    let hasPartners = inspection.shapes.contains { feature in feature.properties.contains { $0.0 == "partners" } }
    var set = AnnotationSet(
      id: setID, name: "CREMI synaptic sites",
      overview:
        "CREMI annotations: \(inspection.shapes.count) sites as points (label = site type, z = plane), pre-synaptic sites listing their post-synaptic partners.",
      types: hasPartners ? [.pointAnnotations, .graphs] : [.pointAnnotations], encoding: .geojson,
      files: [AnnotationFile(path: path, image: image.id)])
    set.spatialInformation =
      "Pixels of the raw volume: nanometre locations plus offsets divided by the resolution; points at voxel centres."
    plan.sets.append(set)
  }

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
        volume.physicalSize["Y"].map { (x, $0, volume.physicalSize["Z"]) }
      }, stack: OMEStack.of(axes: volume.axes, shape: volume.shape))
    if let index = plan.sets.indices.last {
      plan.sets[index].name = "Label volume \(internalPath) of \(source.split(separator: "/").last ?? "")"
      plan.notes.append(
        "imported \(internalPath) (\(volume.axes) \(volume.shape.map(String.init).joined(separator: "×")), layout \(layout.name))"
      )
    }
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

  static func planOME(
    _ source: String, dataset: OMEDataset, inspection: FileInspection, setID: String, manifest: Manifest,
    options: ImportOptions, plan: inout Plan
  ) throws {
    guard !dataset.document.rois.isEmpty else { return }
    var shapesByImage:
      [(image: AnnotaModel.Image, omeImage: OMEImage, features: [ShapeFeature], masks: [(String, OMEShape)])] = []
    // Each ROI goes to the image that references it. With ROIs for several images, each image is
    // matched by name only: none is re-targeted onto another (or onto the dataset's only image).
    let annotated = dataset.document.images.enumerated().compactMap { index, omeImage -> (Int, OMEImage, [OMEROI])? in
      let refs = Set(omeImage.roiRefs)
      // ROIs without any ImageRef belong to the only image, when there is one.
      let rois = dataset.document.rois.filter {
        refs.contains($0.id) || (refs.isEmpty && dataset.document.images.count == 1)
      }
      return rois.isEmpty ? nil : (index, omeImage, rois)
    }
    let several = annotated.count > 1
    var roiSeen: [String: Set<String>] = [:]
    let referenced = Set(annotated.flatMap { $0.2.map(\.id) })
    let orphans = dataset.document.rois.filter { !referenced.contains($0.id) }
    if !orphans.isEmpty {
      plan.notes.append(
        "\(orphans.count) ROI(s) no image references (\(orphans.prefix(5).map(\.id).joined(separator: ", "))): not imported"
      )
    }
    if several, options.imageID != nil {
      throw ImportError(
        code: .ambiguous,
        message:
          "the file holds ROIs for \(annotated.count) images; --image would put them all on one. Import without --image: each image's ROIs go to the dataset image of the same name",
        path: source)
    }
    for (index, omeImage, rois) in annotated {
      let name = omeImage.name.map(stem(of:)) ?? "\(stem(of: source))_\(index)"
      let image: AnnotaModel.Image
      if several {
        let wanted = baseName(name)
        guard let match = manifest.images.first(where: { baseName(stem(of: $0.path)) == wanted || $0.id == wanted })
        else {
          plan.notes.append(
            "ROIs of OME image \(omeImage.id) (\(omeImage.name ?? "unnamed"), \(rois.count) ROI(s)): no dataset image of that name; not imported"
          )
          continue
        }
        image = match
      } else if options.imageID == nil, let omeName = omeImage.name {
        // A named image's ROIs go to the dataset image of that name, not to whichever image is alone.
        let wanted = baseName(stem(of: omeName))
        guard let match = manifest.images.first(where: { baseName(stem(of: $0.path)) == wanted || $0.id == wanted })
        else {
          throw ImportError(
            code: .ambiguous,
            message:
              "the ROIs belong to OME image \(omeImage.id) (\(omeName)); the dataset has no image of that name. Name the image they belong to with --image",
            path: source)
        }
        image = match
      } else {
        image = try matchImage(source, name: name, manifest: manifest, options: options)
      }
      // OME images of one name (an OMERO export of two planes of `combined_result.tiff`) are one
      // dataset image: their ROIs go to one file, a ROI both reference once.
      let entry = shapesByImage.firstIndex { $0.image.id == image.id }
      if let entry {
        plan.notes.append(
          "OME images \(shapesByImage[entry].omeImage.id) and \(omeImage.id) are both dataset image \(image.id): their ROIs are imported together"
        )
      }
      var features: [ShapeFeature] = []
      var masks: [(String, OMEShape)] = []
      for roi in rois where roiSeen[image.id, default: []].insert(roi.id).inserted {
        for shape in roi.shapes {
          if case .mask = shape.geometry {
            masks.append((roi.id, shape))
          } else {
            features.append(shape.feature(roi: roi.id))
          }
        }
      }
      if let entry {
        shapesByImage[entry].features += features
        shapesByImage[entry].masks += masks
      } else {
        shapesByImage.append((image, omeImage, features, masks))
      }
    }
    if several, shapesByImage.isEmpty {
      throw ImportError(
        code: .ambiguous,
        message:
          "the file holds ROIs for \(annotated.count) images (\(annotated.map { $0.1.name ?? $0.1.id }.joined(separator: ", "))) and none of them is a dataset image of the same name; nothing was imported",
        path: source)
    }
    let allFeatures = shapesByImage.flatMap(\.features)
    if !allFeatures.isEmpty {
      var files: [AnnotationFile] = []
      for entry in shapesByImage where !entry.features.isEmpty {
        let path = "annotations/\(setID)/\(entry.image.id).geojson"
        files.append(AnnotationFile(path: path, image: entry.image.id))
        let text = GeoJSONWriter.text(entry.features)
        plan.files.append(
          PlannedFile(path: path) { target in try Data(text.utf8).write(to: URL(fileURLWithPath: target)) })
      }
      var set = AnnotationSet(
        id: setID, name: "Shapes from \(source.split(separator: "/").last ?? "")",
        overview: "OME ROIs converted to GeoJSON: \(describe(allFeatures)).", types: mifaTypes(allFeatures),
        encoding: .geojson, files: files)
      set.spatialInformation =
        "Pixel coordinates, origin at the top-left corner of the top-left pixel, y down (OME ROI convention, unchanged)."
      plan.sets.append(set)
    }
    let withMasks = shapesByImage.filter { !$0.masks.isEmpty }
    if !withMasks.isEmpty {
      let maskSetID = allFeatures.isEmpty ? setID : setID + "-masks"
      var files: [AnnotationFile] = []
      for entry in withMasks {
        let path = "annotations/\(maskSetID)/\(entry.image.id)_masks.tif"
        files.append(AnnotationFile(path: path, image: entry.image.id))
        let pixels = entry.omeImage.pixels
        let masks = entry.masks
        plan.files.append(
          PlannedFile(path: path) { target in
            try TIFFWriter.write(try rasterize(masks, pixels: pixels), to: target, compression: .deflate)
          })
      }
      var set = AnnotationSet(
        id: maskSetID, name: "Masks from \(source.split(separator: "/").last ?? "")",
        overview:
          "OME Mask ROIs drawn into one uint16 instance label image per image (one id per mask, in ROI order; 0 is background).",
        types: [.segmentationMask], encoding: .labelImage, files: files)
      set.kind = .instance
      plan.sets.append(set)
    }
  }

  /// Mask shapes into uint16 planes of the image's size, one plane per Z (masks without TheZ go to every plane).
  static func rasterize(_ masks: [(String, OMEShape)], pixels: OMEPixels) throws -> [Plane] {
    var planes = [[UInt16]](repeating: [UInt16](repeating: 0, count: pixels.sizeX * pixels.sizeY), count: pixels.sizeZ)
    for (index, entry) in masks.enumerated() {
      guard case .mask(let x0, let y0, let width, let height, let bits) = entry.1.geometry else { continue }
      let id = UInt16(min(index + 1, Int(UInt16.max)))
      let zs = entry.1.theZ.map { [$0] } ?? Array(0..<pixels.sizeZ)
      for z in zs where z < pixels.sizeZ {
        for row in 0..<height {
          let y = Int(y0.rounded(.down)) + row
          guard y >= 0, y < pixels.sizeY else { continue }
          for column in 0..<width where bits[row * width + column] != 0 {
            let x = Int(x0.rounded(.down)) + column
            guard x >= 0, x < pixels.sizeX else { continue }
            planes[z][y * pixels.sizeX + x] = id
          }
        }
      }
    }
    return try planes.map { try Plane(width: pixels.sizeX, height: pixels.sizeY, uint16: $0) }
  }

  // MARK: - Helpers

  /// Whether `info`'s pages, whose axis a plain TIFF does not record, are `image`'s time points: as
  /// many pages as the image declares time points, and one Z plane.
  static func pagesAreTimePoints(_ info: FileInspection.ImageInfo, image: AnnotaModel.Image) -> Bool {
    guard info.pagesAxisGuessed, info.axes == "ZYX", let dimensions = image.dimensions else { return false }
    let sameXY = info.shape[1] == dimensions.y && info.shape[2] == dimensions.x
    return sameXY && (dimensions.z ?? 1) == 1 && dimensions.t == info.shape[0]
  }

  /// A label image must have its image's X, Y (and Z) size: a mismatch is refused with both sizes,
  /// unless the person named the image and allowed it.
  static func checkSize(
    _ source: String, inspection: FileInspection, image: AnnotaModel.Image, options: ImportOptions, plan: inout Plan
  ) throws {
    guard let info = inspection.images.first else { return }
    let axes = Array(info.axes)
    func size(_ axis: Character) -> Int { axes.firstIndex(of: axis).map { info.shape[$0] } ?? 1 }
    let label = (x: size("X"), y: size("Y"), z: size("Z"))
    guard let dimensions = image.dimensions else {
      plan.notes.append("image \(image.id) declares no dimensions: the label image's size was not compared with it")
      return
    }
    let target = (x: dimensions.x, y: dimensions.y, z: dimensions.z ?? 1)
    guard label != target else { return }
    // A plain multi-page label TIFF does not say its pages are time points; its image does.
    if Self.pagesAreTimePoints(info, image: image) { return }
    func describe(_ size: (x: Int, y: Int, z: Int)) -> String {
      size.z > 1 ? "\(size.x)×\(size.y)×\(size.z) (X×Y×Z)" : "\(size.x)×\(size.y) (X×Y)"
    }
    let mismatch = "the label image is \(describe(label)), image \(image.id) is \(describe(target))"
    guard options.allowSizeMismatch, options.imageID != nil else {
      throw ImportError(
        code: .conflict,
        message:
          "\(mismatch); a label image must be pixel-aligned with its image. Name the right image with --image, or pass --image and --allow-size-mismatch to import it anyway",
        path: source)
    }
    plan.notes.append("\(mismatch): imported anyway (--allow-size-mismatch); validate reports it as MASK-002")
  }

  /// The dataset image the annotations belong to: `--image`, else the image the manifest already
  /// pairs the source file with (as `init` drafted it), else the image whose file stem matches `name`
  /// (ignoring `_mask`, `_labels`… suffixes), else the only image.
  static func matchImage(_ source: String, name: String, manifest: Manifest, options: ImportOptions) throws
    -> AnnotaModel.Image
  {
    if let id = options.imageID {
      guard let image = manifest.images.first(where: { $0.id == id }) else {
        throw ImportError(code: .ambiguous, message: "the manifest has no image `\(id)`", path: source)
      }
      return image
    }
    let listed = manifest.annotationSets.flatMap(\.files).filter {
      $0.image != nil && (source == $0.path || source.hasSuffix("/" + $0.path))
    }
    if let id = listed.first?.image, Set(listed.compactMap(\.image)).count == 1,
      let image = manifest.images.first(where: { $0.id == id })
    {
      return image
    }
    let wanted = baseName(name)
    let matches = manifest.images.filter { baseName(stem(of: $0.path)) == wanted || $0.id == wanted }
    if matches.count == 1 { return matches[0] }
    if manifest.images.count == 1 { return manifest.images[0] }
    throw ImportError(
      code: .ambiguous,
      message: matches.isEmpty
        ? "no dataset image matches `\(name)`; name it with --image ID"
        : "several dataset images match `\(name)` (\(matches.map(\.id).joined(separator: ", "))); name one with --image ID",
      path: source)
  }

  /// Instance or semantic, from label statistics: a few values that each spread over much of the
  /// image are classes; many compact ones are objects.
  /// - Parameter labels: the statistics.
  /// - Returns: the inferred kind.
  public static func inferKind(_ labels: LabelStatistics) -> AnnotationKind {
    let area = Double(max(1, labels.width * labels.height))
    let spread = labels.labels.contains { label in
      Double((label.bbox[2] - label.bbox[0]) * (label.bbox[3] - label.bbox[1])) > area * 0.25
    }
    return labels.labels.count <= 10 && spread ? .semantic : .instance
  }

  static func mifaTypes(_ features: [ShapeFeature]) -> [AnnotationType] {
    var types: [AnnotationType] = []
    let kinds = Set(features.map(\.shape))
    if kinds.contains("box") { types.append(.boundingBoxes) }
    if !kinds.isDisjoint(with: ["polygon", "polyline", "line", "ellipse"]) { types.append(.geometricalAnnotations) }
    if !kinds.isDisjoint(with: ["point", "label"]) { types.append(.pointAnnotations) }
    return types.isEmpty ? [.other] : types
  }

  static func describe(_ features: [ShapeFeature]) -> String {
    Dictionary(grouping: features, by: \.shape).sorted { $0.key < $1.key }.map { "\($0.value.count) \($0.key)" }
      .joined(separator: ", ")
  }

  static func stem(of path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    for suffix in [
      ".ome.tiff", ".ome.tif", ".ome.xml", ".companion.ome", ".tiff", ".tif", ".xml", ".ome", ".hdf5", ".h5", ".ilp",
      ".png", ".jpg", ".jpeg", ".bmp", ".geojson", ".json",
    ]
    where name.lowercased().hasSuffix(suffix) {
      name = String(name.dropLast(suffix.count))
      break
    }
    return name
  }

  static func baseName(_ stem: String) -> String {
    var name = stem
    for suffix in ["_mask", "_masks", "_labels", "_label", "_seg", "_segmentation", "-mask", "-labels"]
    where name.lowercased().hasSuffix(suffix) {
      name = String(name.dropLast(suffix.count))
    }
    return name
  }

  /// The local id Annota derives from a file or folder name: ASCII letters, digits, `_`, `.` and `-`,
  /// accented Latin letters as their base letter, other scripts as their code points, and one hyphen
  /// for each run of anything else.
  /// - Parameter stem: the name.
  /// - Returns: the id (`imported` when nothing of the name is left).
  public static func identifier(from stem: String) -> String {
    var cleaned = ""
    for scalar in stem.unicodeScalars {
      if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || scalar == "_" || scalar == "."
      {
        cleaned.unicodeScalars.append(scalar)
      } else if let latin = latinLetters[Character(scalar)] {
        // Accented Latin letters keep their base letter: `Zellkern_ä` → `Zellkern_a`, not `Zellkern_-`.
        cleaned += latin
      } else if let latin = latinLetters[Character(String(scalar).lowercased())] {
        cleaned += latin.uppercased()
      } else if scalar.properties.isAlphabetic {
        // Other scripts: the code point, so that two names never become one id.
        cleaned += "u" + String(scalar.value, radix: 16)
      } else if !cleaned.hasSuffix("-") {
        // Spaces, brackets, punctuation: one hyphen for a run of them.
        cleaned += "-"
      }
    }
    let trimmed = cleaned.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { $0 == "-" || $0 == "." }.reversed()
    return trimmed.isEmpty ? "imported" : String(trimmed)
  }

  /// Lower-case accented Latin letters and their plain spelling.
  private static let latinLetters: [Character: String] = {
    var table: [Character: String] = [
      "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th",
    ]
    let groups: [(String, String)] = [
      ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
      ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöōŏő", "o"),
      ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
    ]
    for (letters, plain) in groups { for letter in letters { table[letter] = plain } }
    return table
  }()

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
  }
}
