// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
public import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

/// Turns an annotation-tool file into a new Annota dataset folder (`annota convert --to annota`):
/// shapes as GeoJSON (SPEC §5.3), masks as instance label images with instance tables (§5.2),
/// image tags as a class table (§5.5), and a draft manifest listing the images, sets, label table
/// and provenance, with the study fields a person must fill in marked `TODO`.
public enum DatasetExporter {
  /// The text that marks a value a person must fill in.
  public static let todo = ManifestReader.todoMarker

  /// What was written.
  public struct Result: Sendable {
    /// The dataset folder.
    public var folder: String
    /// Files written, relative to the folder, manifest last.
    public var files: [String]
    /// Things worth knowing (overlapping masks, skipped shapes…).
    public var notes: [String]
  }

  /// Creates the dataset folder `folder` from `source`.
  ///
  /// The folder is built beside its final place under a temporary name and renamed at the end, so
  /// a failure leaves nothing that looks complete. The images themselves are not copied: the
  /// manifest lists them under `images/` for the person to put there.
  /// - Parameters:
  ///   - source: a CVAT, Pascal VOC, Cell Counter, TrackMate, COCO or LabelMe file.
  ///   - folder: the folder to create; it must not exist (or be empty).
  ///   - origin: where the annotations came from, when known.
  /// - Returns: what was written.
  /// - Throws: `AnnotaImport/ImportError` or `AnnotaImport/ForeignFormatError`.
  public static func createDataset(from source: String, at folder: String, origin: Origin = .unknown) throws -> Result {
    let fileManager = FileManager.default
    if fileManager.fileExists(atPath: folder) {
      guard (try? fileManager.contentsOfDirectory(atPath: folder))?.isEmpty == true else {
        throw ImportError(code: .conflict, message: "the folder exists and is not empty", path: folder)
      }
    }
    let annotations = try AnnotationFormats.read(source)
    // A training layout's images without objects (background images, a test split) are data too.
    let hasSplits = annotations.images.contains { $0.split != nil }
    let annotated = annotations.images.filter { hasSplits || !$0.features.isEmpty || !$0.tags.isEmpty }
    guard !annotated.isEmpty else {
      throw ImportError(code: .unsupported, message: "the file holds no annotations", path: source)
    }
    var images: [AnnotaModel.Image] = []
    var usedIDs: Set<String> = []
    for entry in annotated {
      let name = (entry.name.split(separator: "/").last.map(String.init) ?? entry.name)
      let fileName = name.isEmpty ? DatasetImporter.stem(of: source) : name
      var id = DatasetImporter.identifier(from: DatasetImporter.stem(of: fileName))
      var suffix = 2
      while usedIDs.contains(id) {
        id = DatasetImporter.identifier(from: DatasetImporter.stem(of: fileName)) + "-\(suffix)"
        suffix += 1
      }
      usedIDs.insert(id)
      var image = AnnotaModel.Image(id: id, path: "images/" + fileName)
      if let width = entry.width, let height = entry.height, width > 0, height > 0 {
        image.dimensions = Dimensions(x: width, y: height)
      }
      image.split = entry.split.map { $0 == "val" ? "validation" : $0 }
      images.append(image)
    }
    var study = Study(
      title: "\(todo): a title for the study", description: "\(todo): what was imaged and annotated, and why",
      authors: [Author(name: "\(todo): the annotators and authors")], licence: todo)
    study.keywords = []
    var manifest = Manifest(study: study, images: images, annotationSets: [])
    // Splits the source had (YOLO's train/val/test), in the order first used.
    for split in images.compactMap(\.split) where !manifest.splits.contains(where: { $0.name == split }) {
      manifest.splits.append(Split(name: split))
    }

    // One dataset image per annotated image, matched by its own id (names may repeat stems).
    var plan = DatasetImporter.Plan()
    let setID = DatasetImporter.identifier(from: DatasetImporter.stem(of: source))
    for (entry, image) in zip(annotated, images) {
      var single = annotations
      single.images = [entry]
      single.notes = []
      let options = ImportOptions(imageID: image.id, origin: origin)
      try DatasetImporter.planToolFile(
        source, annotations: single, setID: setID, manifest: manifest, options: options, plan: &plan)
    }
    plan.notes += annotations.notes
    var sets = merged(plan.sets)
    // The overview counts every image's shapes, not the first image's.
    let shapes = annotated.flatMap(\.features).filter { $0.mask == nil }
    for index in sets.indices where sets[index].id == setID && sets[index].encoding != .classTable && !shapes.isEmpty {
      sets[index].overview = "Converted from \(annotations.format): \(DatasetImporter.describe(shapes))."
    }
    let table = labelTable(annotations, id: setID + "-labels")
    var provenance = try DatasetImporter.provenance(
      source: source, format: annotations.format, convention: annotations.convention,
      origin: origin == .unknown ? annotations.producer?.origin ?? plan.inferredOrigin ?? .unknown : origin)
    provenance.record(annotations.producer)
    for var set in sets {
      set.provenance = provenance
      // Keypoints (DeepLabCut, YOLO pose) carry their body parts, skeleton and individuals (SPEC §5.3).
      if set.encoding == .geojson, set.keypoints == nil, let schema = annotations.keypoints, !schema.bodyparts.isEmpty {
        set.keypoints = schema
        if !set.types.contains(.pointAnnotations) { set.types.append(.pointAnnotations) }
      }
      if set.encoding != .classTable, let table { set.labelTable = table.id }
      manifest.annotationSets.append(set)
    }
    if let table { manifest.labelTables.append(table) }

    // Build beside the target, then rename: an interrupted run leaves only a `.partial` folder.
    let parent = DatasetImporter.parent(of: folder)
    let staging =
      parent + "/." + (folder.split(separator: "/").last.map(String.init) ?? "dataset") + ".partial-"
      + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
    do {
      var written: [String] = []
      for file in plan.files {
        let target = staging + "/" + file.path
        try fileManager.createDirectory(atPath: DatasetImporter.parent(of: target), withIntermediateDirectories: true)
        try file.write(target)
        written.append(file.path)
      }
      for s in manifest.annotationSets.indices {
        for f in manifest.annotationSets[s].files.indices {
          let path = manifest.annotationSets[s].files[f].path
          manifest.annotationSets[s].files[f].checksum = "sha256:" + (try FileDigest.sha256(staging + "/" + path))
        }
      }
      let manifestPath = staging + "/annota.yaml"
      try ManifestWriter.write(manifest, to: manifestPath)
      written.append("annota.yaml")
      if fileManager.fileExists(atPath: folder) { try fileManager.removeItem(atPath: folder) }  // empty, checked above
      try fileManager.moveItem(atPath: staging, toPath: folder)
      let notes =
        plan.notes + [
          "the manifest is a draft: fill in the \(todo) fields, and put the images under \(folder)/images/"
        ]
      return Result(folder: folder, files: written, notes: notes)
    } catch {
      try? fileManager.removeItem(atPath: staging)
      throw error
    }
  }

  /// Sets planned image by image, merged into one set per id (files concatenated).
  static func merged(_ sets: [AnnotationSet]) -> [AnnotationSet] {
    var result: [AnnotationSet] = []
    for set in sets {
      if let index = result.firstIndex(where: { $0.id == set.id }) {
        result[index].files += set.files
        // Each image's plan names only its own shapes' types: the set holds them all.
        var types = result[index].types
        types += set.types.filter { !types.contains($0) }
        if types.count > 1 { types.removeAll { $0 == .other } }
        result[index].types = types
      } else {
        result.append(set)
      }
    }
    return result
  }

  /// The tool's labels as a label table (values in declaration order from 1; 0 is background), with
  /// colours where the tool gave valid ones, then its regions.
  static func labelTable(_ annotations: ForeignAnnotations, id: String) -> LabelTable? {
    var names = annotations.labels.map(\.name)
    for image in annotations.images {
      for feature in image.features {
        if let name = feature.label, !names.contains(name) {
          names.append(name)
        }
      }
      for tag in image.tags where !names.contains(tag) { names.append(tag) }
    }
    names = names.filter { !$0.isEmpty }
    guard !names.isEmpty else { return nil }
    let labels = names.enumerated().map { index, name -> Label in
      var label = Label(value: index + 1, name: name)
      if let colour = annotations.labels.first(where: { $0.name == name })?.colour,
        StringFormat.colour.accepts(colour.lowercased())
      {
        label.colour = colour.lowercased()
      }
      return label
    }
    // Regions after the classes, uniting the values of the classes they name.
    let regions = annotations.regions.enumerated().compactMap { index, region -> Label? in
      let values = region.unites.compactMap { name in labels.first { $0.name == name }?.value }
      guard !values.isEmpty else { return nil }
      var label = Label(value: labels.count + index + 1, name: region.name)
      label.unites = values
      return label
    }
    return LabelTable(id: id, labels: labels + regions)
  }
}
