// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaScan
import FoundationEssentials

/// A dataset as a training layout sees it: every image with its split, and what the chosen
/// annotation sets say about it (a label image, shapes, a class), with one list of classes.
struct TrainingDataset: Sendable {
  /// A class of the export, in the order layouts number them.
  struct Category: Sendable, Hashable {
    /// The class name.
    var name: String
    /// Its ontology term (CURIE), when the label table gives one.
    var term: String?
    /// Whether it is nnU-Net's ignore label (a label-table entry named `ignore`).
    var isIgnore: Bool { name.lowercased() == "ignore" }
  }

  /// A label-table region: the union of some classes (nnU-Net's region-based training).
  struct Region: Sendable, Hashable {
    /// The region's name.
    var name: String
    /// The classes it unites, by name.
    var classes: [String]
  }

  /// A label image and how to read its values.
  struct LabelSource: Sendable, Hashable {
    /// The file.
    var path: String
    /// The set it belongs to.
    var set: String
    /// Instance ids or class values.
    var kind: AnnotationKind
    /// For class values: value → class name (from the set's label table).
    var classNames: [Int: String]
    /// For instance ids: id → class name (from the instance table beside the file).
    var instanceClasses: [Int: String]
    /// For instance ids without a class: the class every object takes.
    var defaultClass: String
  }

  /// One image and its annotations.
  struct Sample: Sendable {
    /// The manifest's image.
    var image: AnnotaModel.Image
    /// The file as it can be opened.
    var path: String
    /// The manifest's split name (`train` when the dataset declares none).
    var split: String
    /// The label image the chosen sets give it.
    var labelImage: LabelSource?
    /// Its shapes from GeoJSON sets, in the spec's pixel convention.
    var shapes: [ShapeFeature] = []
    /// Its image-level class from a class table.
    var classLabel: String?

    /// The file's extension, lowercased, with `.ome` kept (`.ome.tif`).
    var fileExtension: String {
      let name = path.split(separator: "/").last.map(String.init) ?? path
      let lower = name.lowercased()
      for suffix in [".ome.tiff", ".ome.tif"] where lower.hasSuffix(suffix) { return suffix }
      guard let dot = lower.lastIndex(of: ".") else { return "" }
      return String(lower[dot...])
    }
  }

  /// The dataset folder.
  var folder: String
  /// The manifest.
  var manifest: Manifest
  /// Every image, in manifest order.
  var samples: [Sample]
  /// The classes, in label-table order then in order of first use (for nnU-Net, `ignore` last).
  var categories: [Category]
  /// The label tables' regions, in table order (only nnU-Net has a place for them).
  var regions: [Region] = []
  /// The sets read.
  var sets: [String]
  /// What a person should know (defaults taken, things left out).
  var notes: [String]

  /// Reads the dataset at `folder` for `options.layout`.
  /// - Parameters:
  ///   - folder: the dataset folder.
  ///   - options: the layout and the chosen sets.
  /// - Returns: the dataset.
  /// - Throws: ``ExportError`` for a manifest that does not decode, an unknown or unusable set, two
  ///   sets that annotate one image the same way, or an annotation file that cannot be read.
  static func load(_ folder: String, options: TrainingExportOptions) throws(ExportError) -> TrainingDataset {
    let (manifestPath, manifest) = try ExportManifest.load(folder)
    var notes: [String] = []
    let sets = try chooseSets(manifest, options: options, path: manifestPath)
    let anySplit = manifest.images.contains { $0.split != nil }
    if !anySplit { notes.append("no image has a split: every image is exported as train") }
    let unsplit = manifest.images.filter { $0.split == nil }.map(\.id)
    if anySplit, !unsplit.isEmpty {
      throw ExportError(
        code: .unsupported,
        message:
          "\(unsplit.count) image(s) have no split (\(unsplit.prefix(5).joined(separator: ", "))): give every image a split, or none",
        path: manifestPath)
    }
    var samples: [Sample] = []
    var index: [String: Int] = [:]
    for image in manifest.images {
      if let problem = PathRules.problem(in: image.path, allowPlaceholders: false) {
        throw ExportError(code: .unsupported, message: "unsafe image path: \(problem)", path: image.path)
      }
      index[image.id] = samples.count
      samples.append(Sample(image: image, path: folder + "/" + image.path, split: image.split ?? "train"))
    }
    var categories: [Category] = []
    func declare(_ name: String, term: String? = nil) {
      if !categories.contains(where: { $0.name == name }) { categories.append(Category(name: name, term: term)) }
    }
    var regions: [Region] = []
    for set in sets {
      let table = set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id } }
      let foreground = (table?.labels ?? []).filter { $0.value != 0 && !$0.isRegion }
      for label in foreground { declare(label.name, term: label.term) }
      for label in table?.labels ?? [] where label.isRegion && !regions.contains(where: { $0.name == label.name }) {
        let names = label.unites.compactMap { value in foreground.first { $0.value == value }?.name }
        regions.append(Region(name: label.name, classes: names))
      }
      switch set.encoding {
      case .labelImage:
        let kind = set.kind ?? .instance
        // SPEC §5.2: objects an instance table does not list have no class; a layout needs one.
        let defaultClass = foreground.count == 1 ? foreground[0].name : "object"
        for (imageID, path) in try files(of: set, in: folder, manifest: manifest) {
          guard let at = index[imageID] else { continue }
          if let other = samples[at].labelImage {
            throw ExportError(
              code: .ambiguous,
              message:
                "sets \(other.set) and \(set.id) both give image \(imageID) a label image; choose one with --set",
              path: manifestPath)
          }
          var source = LabelSource(
            path: path, set: set.id, kind: kind,
            classNames: Dictionary(foreground.map { ($0.value, $0.name) }, uniquingKeysWith: { first, _ in first }),
            instanceClasses: [:], defaultClass: defaultClass)
          if kind == .instance {
            source.instanceClasses = try instanceClasses(beside: path)
            for name in source.instanceClasses.values.sorted() { declare(name) }
          }
          samples[at].labelImage = source
        }
        if kind == .instance, foreground.count != 1,
          samples.contains(where: { $0.labelImage?.set == set.id && $0.labelImage?.instanceClasses.isEmpty == true })
        {
          declare(defaultClass)
          notes.append(
            "set \(set.id): objects without a class (no instance table, and the set's label table has not one class) "
              + "are class \"object\"")
        }
      case .geojson, .tracks:
        for (imageID, path) in try files(of: set, in: folder, manifest: manifest) {
          guard let at = index[imageID] else { continue }
          let features = try shapes(path)
          for feature in features { declare(feature.label ?? "object") }
          samples[at].shapes += features
        }
      case .classTable:
        for (imageID, path) in try files(of: set, in: folder, manifest: manifest, anyImage: true) where imageID.isEmpty
        {
          for row in try classRows(path) {
            let (image, cell) = (row.image, row.label)
            guard let at = index[image] else { continue }
            // SPEC §5.5: a label is a label-table name, or its value.
            let label = Int(cell).flatMap { value in foreground.first { $0.value == value }?.name } ?? cell
            if let other = samples[at].classLabel, other != label {
              throw ExportError(
                code: .ambiguous,
                message:
                  "image \(image) has two classes, \(other) and \(label) (set \(set.id)): an ImageFolder holds one "
                  + "class per image; choose the sets with --set",
                path: path)
            }
            samples[at].classLabel = label
            declare(label)
          }
        }
      default:
        break
      }
    }
    if options.layout == .nnunet {
      // nnU-Net's ignore label must be the largest value: last.
      categories = categories.filter { !$0.isIgnore } + categories.filter(\.isIgnore)
    } else {
      categories.removeAll(where: \.isIgnore)
      if !regions.isEmpty {
        notes.append(
          "region label(s) \(regions.map(\.name).joined(separator: ", ")) left out: only nnU-Net trains on regions")
        regions = []
      }
    }
    return TrainingDataset(
      folder: folder, manifest: manifest, samples: samples, categories: categories, regions: regions,
      sets: sets.map(\.id), notes: notes)
  }

  /// The sets named in `options`, or every set the layout can hold.
  private static func chooseSets(_ manifest: Manifest, options: TrainingExportOptions, path: String) throws(ExportError)
    -> [AnnotationSet]
  {
    let usable: Set<AnnotationEncoding> =
      switch options.layout {
      case .nnunet: [.labelImage]
      case .imageFolder: [.classTable]
      default: [.labelImage, .geojson, .tracks]
      }
    let wanted = usable.map(\.rawValue).sorted().joined(separator: ", ")
    guard !options.sets.isEmpty else {
      let chosen = manifest.annotationSets.filter { usable.contains($0.encoding) }
      guard !chosen.isEmpty else {
        throw ExportError(
          code: .unsupported, message: "no annotation set the \(options.layout) layout can hold (it takes \(wanted))",
          path: path)
      }
      return chosen
    }
    var chosen: [AnnotationSet] = []
    for id in options.sets {
      guard let set = manifest.annotationSets.first(where: { $0.id == id }) else {
        let known = manifest.annotationSets.map(\.id).joined(separator: ", ")
        throw ExportError(
          code: .unknownSet, message: "no annotation set \(id); the manifest declares \(known)", path: path)
      }
      guard usable.contains(set.encoding) else {
        throw ExportError(
          code: .unsupported,
          message: "set \(id) is encoded as \(set.encoding.rawValue); the \(options.layout) layout takes \(wanted)",
          path: path)
      }
      chosen.append(set)
    }
    return chosen
  }

  /// A set's files with the image each annotates.
  ///
  /// Listed files come first, then files its pairing rule finds. Files that annotate many images
  /// (a class table) come with an empty image id when `anyImage`.
  private static func files(of set: AnnotationSet, in folder: String, manifest: Manifest, anyImage: Bool = false)
    throws(ExportError) -> [(image: String, path: String)]
  {
    var result: [(image: String, path: String)] = []
    for file in set.files {
      if let problem = PathRules.problem(in: file.path, allowPlaceholders: false) {
        throw ExportError(code: .unsupported, message: "unsafe annotation path: \(problem)", path: file.path)
      }
      if let image = file.image {
        result.append((image, folder + "/" + file.path))
      } else if anyImage {
        result.append(("", folder + "/" + file.path))
      }
    }
    if let pairing = set.pairing {
      let byPath = Dictionary(manifest.images.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
      for pair in pairing.pairs(among: FolderScanner.listing(of: folder).files) {
        guard let image = pair.image.flatMap({ byPath[$0] }) else { continue }
        result.append((image, folder + "/" + pair.annotation))
      }
    }
    return result
  }

  /// The class of each object of an instance label image, from the instance table beside it.
  private static func instanceClasses(beside labelImage: String) throws(ExportError) -> [Int: String] {
    let tablePath = InstanceTable.path(forLabelImage: labelImage)
    guard FileManager.default.fileExists(atPath: tablePath) else { return [:] }
    guard let data = FileManagerBridge.contents(tablePath) else {
      throw ExportError(code: .unreadable, message: "cannot read the instance table", path: tablePath)
    }
    do {
      return try InstanceTable.parse(String(decoding: data, as: UTF8.self)).mapValues(\.label)
    } catch {
      throw ExportError(code: .unreadable, message: error.description, path: tablePath, cause: error)
    }
  }

  /// The features of a GeoJSON file.
  private static func shapes(_ path: String) throws(ExportError) -> [ShapeFeature] {
    guard let data = FileManagerBridge.contents(path) else {
      throw ExportError(code: .unreadable, message: "cannot read the GeoJSON file", path: path)
    }
    do {
      let collection = try GeoJSONReader.read(data, path: path)
      return collection.features
    } catch {
      throw ExportError(code: .unreadable, message: error.message, path: path, cause: error)
    }
  }

  /// The rows of a class table (SPEC §5.5).
  private static func classRows(_ path: String) throws(ExportError) -> [ClassTable.Row] {
    guard let data = FileManagerBridge.contents(path) else {
      throw ExportError(code: .unreadable, message: "cannot read the class table", path: path)
    }
    do { return try ClassTable.parse(data) } catch {
      throw ExportError(code: .unreadable, message: error.message, path: path, cause: error)
    }
  }

  /// The split names of a layout with train, val and test folders: `validation` and `valid` are
  /// `val`; `nil` for a name such a layout has no place for.
  static func trainValTest(_ split: String) -> String? {
    switch split.lowercased() {
    case "train", "training": "train"
    case "val", "valid", "validation": "val"
    case "test", "testing": "test"
    default: nil
    }
  }
}
