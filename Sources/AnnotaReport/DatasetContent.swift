// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaValidation
import Foundation

/// What the report tells about a dataset, computed once from a validation run: each image with its
/// annotation files, objects and findings, and the objects of each class.
struct DatasetContent {
  /// One image of the manifest.
  struct ImageRecord {
    /// Its position in the manifest (the card's id).
    var index: Int
    /// The image.
    var image: Image
    /// The annotation files that cover it, with their sets.
    var files: [(set: AnnotationSet, path: String)]
    /// Objects per class name in its annotations.
    var objects: [String: Int]
    /// Indices of the run's findings about the image or its annotation files.
    var findings: [Int]
    /// Indices of the run's checks that could not run on them.
    var unchecked: [Int] = []
    /// Findings the validator counted but did not list one by one (`omitted`), by rule.
    var omitted: [String: Int] = [:]
    /// Errors, warnings and unchecked items (not info, not waived): what puts a card first and
    /// what "only images with findings" keeps.
    var issues = 0
    /// Objects of the first set of each class (a second annotator's set of the same class is not
    /// added): what "objects per image" counts.
    var primaryObjects = 0
    /// Why the image could not be read, if it could not.
    var failure: String?
    /// Image-level labels from class tables, with their sets.
    var imageLabels: [(set: String, label: String)] = []
  }

  /// The objects of one class across the dataset.
  struct ClassRecord {
    /// Objects (instances, shapes, or for semantic sets one region per image).
    var objects = 0
    /// Instance sizes in pixels (voxels), from instance label images.
    var sizes: [Int] = []
    /// Objects per split (`""` for images without a split).
    var perSplit: [String: Int] = [:]
    /// Images holding the class.
    var images = 0
    /// The label's own name (without the set that tells two sets' classes apart), and its sets.
    var label = ""
    var sets: Set<String> = []
    /// Whether it is the first set's class of its label (a second annotator's is not).
    var isPrimary = true
  }

  var manifest: Manifest
  var images: [ImageRecord]
  var classes: [String: ClassRecord]
  /// Findings about the manifest or the dataset as a whole (no image).
  var datasetFindings: [Int]
  /// Images per label of each class-table set (`set`, `label`).
  var imageLabelCounts: [String: [String: Int]] = [:]
  /// The split names in order (the manifest's, then others the images name).
  var splits: [String]

  init(run: ValidationRun, manifest: Manifest, folder: String) {
    self.manifest = manifest
    var splits = manifest.splits.map(\.name)
    for image in manifest.images { if let split = image.split, !splits.contains(split) { splits.append(split) } }
    self.splits = splits
    let indexByID = Dictionary(manifest.images.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let indexByPath = Dictionary(manifest.images.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { a, _ in a })
    var records = manifest.images.enumerated().map { index, image in
      ImageRecord(
        index: index, image: image, files: [], objects: [:], findings: [], failure: run.files[image.path]?.failure)
    }
    // Annotation files by image; a file of several images (a COCO file) belongs to each.
    var imagesByFile: [String: [Int]] = [:]
    for set in manifest.annotationSets {
      for file in set.files {
        let ids = file.images.isEmpty ? (file.image.map { [$0] } ?? []) : file.images
        for id in ids {
          guard let index = indexByID[id] else { continue }
          records[index].files.append((set, file.path))
          imagesByFile[file.path, default: []].append(index)
        }
      }
    }
    // Objects, from what the one read measured. Two sets that name the same class (two annotators
    // of the same nuclei) are kept apart: "nucleus (set)", not counted twice as one class.
    var found: [(index: Int, set: String, name: String, count: Int, sizes: [Int])] = []
    for index in records.indices {
      for (set, path) in records[index].files {
        guard let measured = run.files[path], imagesByFile[path]?.count == 1 else { continue }
        for (name, count, sizes) in Self.objects(in: measured, set: set, manifest: manifest) where count > 0 {
          found.append((index, set.id, name, count, sizes))
        }
      }
    }
    var setsByName: [String: Set<String>] = [:]
    for entry in found { setsByName[entry.name, default: []].insert(entry.set) }
    let setOrder = Dictionary(manifest.annotationSets.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    let primarySet = setsByName.mapValues { sets in sets.min { setOrder[$0, default: 0] < setOrder[$1, default: 0] }! }
    var classes: [String: ClassRecord] = [:]
    for entry in found {
      let name = (setsByName[entry.name]?.count ?? 0) > 1 ? "\(entry.name) (\(entry.set))" : entry.name
      records[entry.index].objects[name, default: 0] += entry.count
      classes[name, default: ClassRecord()].objects += entry.count
      classes[name]!.label = entry.name
      classes[name]!.sets.insert(entry.set)
      classes[name]!.sizes += entry.sizes
      classes[name]!.perSplit[records[entry.index].image.split ?? "", default: 0] += entry.count
      classes[name]!.isPrimary = primarySet[entry.name] == entry.set
      if primarySet[entry.name] == entry.set { records[entry.index].primaryObjects += entry.count }
    }
    for record in records { for name in record.objects.keys { classes[name]!.images += 1 } }
    // Findings and checks that could not run: by the file they name, or the manifest's `/images/N`.
    func owners(_ location: SourceLocation) -> Set<Int> {
      var owners = Set<Int>()
      if let index = indexByPath[location.file] { owners.insert(index) }
      owners.formUnion(imagesByFile[location.file] ?? [])
      if owners.isEmpty, let pointer = location.pointer, pointer.hasPrefix("/images/") {
        let digits = pointer.dropFirst("/images/".count).prefix { $0.isNumber }
        if let index = Int(digits), index < records.count { owners.insert(index) }
      }
      return owners
    }
    var datasetFindings: [Int] = []
    for (number, finding) in run.report.diagnostics.enumerated() {
      let found = owners(finding.location)
      if found.isEmpty { datasetFindings.append(number) }
      for owner in found { records[owner].findings.append(number) }
    }
    for (number, item) in run.report.unchecked.enumerated() {
      for owner in owners(item.location) { records[owner].unchecked.append(number) }
    }
    for item in run.report.omitted where item.severity != .info {
      for owner in owners(item.location) { records[owner].omitted[item.rule.rawValue, default: 0] += item.count }
    }
    // A card lists its most severe findings first.
    let diagnostics = run.report.diagnostics
    for index in records.indices {
      records[index].findings.sort { (diagnostics[$0].severity, $1) > (diagnostics[$1].severity, $0) }
      let serious = records[index].findings.filter {
        diagnostics[$0].severity != .info && diagnostics[$0].waived == nil
      }
      records[index].issues =
        serious.count + records[index].unchecked.count + records[index].omitted.values.reduce(0, +)
    }
    // Class tables: one label per image, read whole (they are small text files).
    for set in manifest.annotationSets where set.encoding == .classTable {
      for file in set.files {
        guard let data = FileManager.default.contents(atPath: folder + "/" + file.path), data.count <= 64 << 20,
          let rows = try? ClassTable.parse([UInt8](data))
        else { continue }
        for row in rows {
          guard let index = indexByID[row.image] ?? indexByPath[row.image] else { continue }
          records[index].imageLabels.append((set.id, row.label))
          imageLabelCounts[set.id, default: [:]][row.label, default: 0] += 1
        }
      }
    }
    self.images = records
    self.classes = classes
    self.datasetFindings = datasetFindings
  }

  /// The objects one annotation file holds, per class name: instances of an instance label image
  /// (with their sizes), regions of a semantic one, shapes of a GeoJSON file.
  static func objects(in file: FileMeasurements, set: AnnotationSet, manifest: Manifest) -> [(
    String, Int, [Int]
  )] {
    let table = manifest.labelTables.first { $0.id == set.labelTable }
    switch set.encoding {
    case .labelImage:
      guard let pixels = file.labelPixels else { return [] }
      if set.kind == .semantic {
        return pixels.keys.sorted().map { value in
          (table?.labels.first { $0.value == value }?.name ?? "\(set.name): \(value)", 1, [])
        }
      }
      return [(instanceClass(set, table: table), pixels.count, pixels.keys.sorted().map { pixels[$0]! })]
    case .geojson, .tracks:
      return file.shapesPerLabel.sorted { $0.key < $1.key }.map { ($0.key, $0.value, []) }
    default:
      return []
    }
  }

  /// Objects of label `label` in the first set of that label that uses label table `table`, and
  /// images a class table of such a set gives the label.
  func objects(label: String, table: String) -> Int {
    let sets = Set(manifest.annotationSets.filter { $0.labelTable == table }.map(\.id))
    let objects = classes.values.filter { $0.label == label && $0.isPrimary && !$0.sets.isDisjoint(with: sets) }
      .reduce(0) { $0 + $1.objects }
    return objects + sets.reduce(0) { $0 + (imageLabelCounts[$1]?[label] ?? 0) }
  }

  /// The class of an instance set's objects: its label table's one foreground label, else the set's name.
  static func instanceClass(_ set: AnnotationSet, table: LabelTable?) -> String {
    let foreground = table?.labels.filter { $0.value != 0 } ?? []
    return foreground.count == 1 ? foreground[0].name : set.name
  }
}
