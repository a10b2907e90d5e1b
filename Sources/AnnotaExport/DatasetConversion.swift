// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import FoundationEssentials

/// A new dataset built image by image while a tool's file is streamed (`convert --to annota`).
///
/// Each image's annotation files are planned and written into the staging folder as soon as the
/// image arrives, and only counts, names and the manifest's entries are kept: memory holds one
/// image's shapes, not the file's (a YOLO segmentation dataset of 2 000 images held 1.4 GB).
struct DatasetConversion {
  /// The file converted.
  let source: String
  /// The id of the set its shapes go into (`-masks`, `-classes` for the others).
  let setID: String
  /// Where files are written before the rename.
  let staging: String
  /// Where the annotations came from, as the person said (`.unknown` when not said).
  let origin: Origin
  /// The format as detected before reading, with no images: what each image's plan is told.
  private let header: ForeignAnnotations

  /// The manifest's images, in file order.
  private(set) var images: [AnnotaModel.Image] = []
  /// The sets, merged over images (files concatenated, types united).
  private(set) var sets: [AnnotationSet] = []
  /// Files written, relative to the folder.
  private(set) var written: [String] = []
  /// What the person should know, in the order found.
  private(set) var notes: [String] = []
  private var usedIDs: Set<String> = []
  private var shapeCounts: [String: Int] = [:]
  private var maskCount = 0
  /// `image<TAB>label` rows of the file's image tags, in file order.
  private var tagRows: [String] = []
  private var labelNames: [String] = []
  private var seenLabels: Set<String> = []
  private var shapeSources: Set<String> = []
  /// Images with annotations read but not yet converted, with their manifest entries.
  private var pending: [(entry: ForeignAnnotations.AnnotatedImage, image: AnnotaModel.Image)] = []
  /// How many images are converted at once: enough to keep every core busy, few enough that memory
  /// stays one batch's shapes.
  static let batchSize = 64

  /// The placeholder the per-image plans put where the source's convention goes; replaced at the end.
  private static let conventionPending = "\u{0}convention\u{0}"

  /// Starts a conversion of `source`, read by `reader`, into `staging`.
  init(source: String, reader: any ToolFormat, staging: String, origin: Origin) {
    self.source = source
    self.setID = DatasetImporter.identifier(from: DatasetImporter.stem(of: source))
    self.staging = staging
    self.origin = origin
    var header = ForeignAnnotations(
      format: reader.id, convention: Self.conventionPending, images: [], labels: [], notes: [])
    header.masksAreClasses = reader.masksAreClasses
    self.header = header
  }

  /// Adds one annotated image: its manifest entry now, its annotation files with its batch.
  ///
  /// An image with neither annotations nor a split is left out; one of a training layout's splits is
  /// kept without annotations (a background image, a test image: data too).
  mutating func add(_ entry: ForeignAnnotations.AnnotatedImage) throws {
    guard entry.split != nil || !entry.features.isEmpty || !entry.tags.isEmpty else { return }
    let image = manifestImage(for: entry)
    images.append(image)
    for feature in entry.features {
      if feature.mask == nil { shapeCounts[feature.shape, default: 0] += 1 } else { maskCount += 1 }
      if let name = feature.label { noteLabel(name) }
      if let source = DatasetImporter.shapeSource(feature) { shapeSources.insert(source) }
    }
    for tag in entry.tags {
      noteLabel(tag)
      tagRows.append("\(image.id)\t\(tag)")
    }
    // Tags go into one class table for the file, written at the end; each image's plan has its shapes.
    guard !entry.features.isEmpty else { return }
    var shapes = entry
    shapes.tags = []
    pending.append((shapes, image))
    if pending.count >= Self.batchSize { try flush() }
  }

  /// Plans and writes the images waiting, on every core.
  ///
  /// Their sets, notes and files are taken in file order. Called every ``batchSize`` images and
  /// once at the end, before ``manifest(_:)``.
  mutating func flush() throws {
    guard !pending.isEmpty else { return }
    let batch = pending
    pending = []
    let (header, source, setID, staging, origin) = (header, source, setID, staging, origin)
    let limits = KitLimits()
    let outcomes = BoundedParallel.map(count: batch.count) { index in
      Result {
        try limits.bind {
          try Self.convert(
            batch[index].entry, as: batch[index].image, header: header, source: source, setID: setID,
            staging: staging, origin: origin)
        }
      }
    }
    for outcome in outcomes {
      let converted = try outcome.get()
      merge(converted.sets)
      notes += converted.notes
      written += converted.files
    }
  }

  /// What one image's conversion wrote and found.
  private struct Outcome {
    var sets: [AnnotationSet]
    var notes: [String]
    var files: [String]
  }

  /// Plans one image's files against a manifest holding only it, and writes them.
  private static func convert(
    _ entry: ForeignAnnotations.AnnotatedImage, as image: AnnotaModel.Image, header: ForeignAnnotations,
    source: String, setID: String, staging: String, origin: Origin
  ) throws -> Outcome {
    var single = header
    single.images = [entry]
    var plan = DatasetImporter.Plan()
    let manifest = Manifest(study: draftStudy, images: [image], annotationSets: [])
    try DatasetImporter.planToolFile(
      source, annotations: single, setID: setID, manifest: manifest,
      options: ImportOptions(imageID: image.id, origin: origin), plan: &plan)
    var files: [String] = []
    for file in plan.files {
      let target = staging + "/" + file.path
      // `mkdir -p` is idempotent, so workers need not agree on who makes a folder.
      try FileManager.default.createDirectory(
        atPath: DatasetImporter.parent(of: target), withIntermediateDirectories: true)
      try file.write(target)
      files.append(file.path)
    }
    return Outcome(sets: plan.sets, notes: plan.notes, files: files)
  }

  /// The manifest once every image is in: study fields to fill in, splits, sets with their overviews,
  /// provenance and label table, and each written file's SHA-256.
  /// - Parameter annotations: what the reader returned at the end (format, convention, labels,
  ///   regions, keypoints, producer, notes).
  /// The file's image tags as one class table (SPEC §5.5), after every image is in: the set is the
  /// file's own when it has no shapes, else `-classes` beside them.
  /// - Parameter format: the source format, for the overview.
  mutating func writeClassTable(format: FormatID) throws {
    guard !tagRows.isEmpty else { return }
    let table = DatasetImporter.classTable(
      tagRows, setID: setID, besideShapes: sets.contains { $0.id == setID }, format: format)
    let path = table.set.files[0].path
    let target = staging + "/" + path
    try FileManager.default.createDirectory(
      atPath: DatasetImporter.parent(of: target), withIntermediateDirectories: true)
    try DatasetImporter.PlannedFile.write(table.text, to: target)
    written.append(path)
    sets.append(table.set)
  }

  /// - Precondition: ``flush()`` and ``writeClassTable(format:)`` were called after the last image.
  func manifest(_ annotations: ForeignAnnotations) throws -> Manifest {
    var study = Study(
      title: "\(DatasetExporter.todo): a title for the study",
      description: "\(DatasetExporter.todo): what was imaged and annotated, and why",
      authors: [Author(name: "\(DatasetExporter.todo): the annotators and authors")], licence: DatasetExporter.todo)
    study.keywords = []
    var manifest = Manifest(study: study, images: images, annotationSets: [])
    // Splits the source had (YOLO's train/val/test), in the order first used.
    for split in images.compactMap(\.split) where !manifest.splits.contains(where: { $0.name == split }) {
      manifest.splits.append(Split(name: split))
    }
    let table = DatasetImporter.labelTable(
      id: setID + "-labels", labels: annotations.labels, used: labelNames, regions: annotations.regions)
    var provenance = try DatasetImporter.provenance(
      source: source, format: annotations.format, convention: annotations.convention,
      origin: origin == .unknown
        ? annotations.producer?.origin ?? DatasetImporter.origin(fromSources: shapeSources) ?? .unknown : origin)
    provenance.record(annotations.producer)
    for var set in sets {
      set.provenance = provenance
      set.spatialInformation = set.spatialInformation?.replacing(Self.conventionPending, with: annotations.convention)
      // Each image's plan described its own objects; the set holds them all.
      if set.id == setID, set.encoding != .classTable, !shapeCounts.isEmpty {
        set.overview = DatasetImporter.shapeOverview(
          format: annotations.format, counts: DatasetImporter.describe(counts: shapeCounts))
      }
      if set.id == setID + "-masks", set.kind == .semantic {
        set.overview = DatasetImporter.classMaskOverview(format: annotations.format)
      } else if set.id == setID + "-masks" {
        set.overview =
          DatasetImporter.instanceMaskOverview(format: annotations.format, count: maskCount)
      }
      // Keypoints (DeepLabCut, YOLO pose) carry their body parts, skeleton and individuals (SPEC §5.3).
      if set.encoding == .geojson, set.keypoints == nil, let schema = annotations.keypoints, !schema.bodyparts.isEmpty {
        set.keypoints = schema
        if !set.types.contains(.pointAnnotations) { set.types.append(.pointAnnotations) }
      }
      if set.encoding != .classTable, let table { set.labelTable = table.id }
      for index in set.files.indices {
        set.files[index].checksum = "sha256:" + (try FileDigest.sha256(staging + "/" + set.files[index].path))
      }
      manifest.annotationSets.append(set)
    }
    if let table { manifest.labelTables.append(table) }
    return manifest
  }

  /// The image's manifest entry: an id from its file name, unique (`-2`, `-3`… on repeats).
  private mutating func manifestImage(for entry: ForeignAnnotations.AnnotatedImage) -> AnnotaModel.Image {
    let name = (entry.name.split(separator: "/").last.map(String.init) ?? entry.name)
    let fileName = name.isEmpty ? DatasetImporter.stem(of: source) : name
    let base = DatasetImporter.identifier(from: DatasetImporter.stem(of: fileName))
    var id = base
    var suffix = 2
    while usedIDs.contains(id) {
      id = base + "-\(suffix)"
      suffix += 1
    }
    usedIDs.insert(id)
    var image = AnnotaModel.Image(id: id, path: "images/" + fileName)
    if let width = entry.width, let height = entry.height, width > 0, height > 0 {
      image.dimensions = Dimensions(x: width, y: height)
    }
    image.split = entry.split.map { $0 == "val" ? "validation" : $0 }
    return image
  }

  private mutating func noteLabel(_ name: String) {
    if seenLabels.insert(name).inserted { labelNames.append(name) }
  }

  /// One image's sets merged into the sets so far, by id (files concatenated, types united).
  private mutating func merge(_ planned: [AnnotationSet]) {
    for set in planned {
      guard let index = sets.firstIndex(where: { $0.id == set.id }) else {
        sets.append(set)
        continue
      }
      sets[index].files += set.files
      // One image's shapes in tracks make the set a track set, whichever image came first.
      if set.encoding == .tracks { sets[index].encoding = .tracks }
      var types = sets[index].types
      types += set.types.filter { !types.contains($0) }
      if types.count > 1 { types.removeAll { $0 == .other } }
      sets[index].types = types
    }
  }

  /// The study each image's plan is matched in: only its image matters there.
  private static let draftStudy = Study(title: "", description: "", authors: [], licence: "")
}
