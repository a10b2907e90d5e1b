// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel

/// Writes a COCO dataset: `images/<split>/` and one `annotations/instances_<split>.json` per split.
///
/// Categories are the label table's classes in order (ids from 1, the ontology term kept as
/// `ontology_term`); instance masks are compressed RLE, boxes and polygons are polygons with their
/// `bbox`. Every object is `iscrowd: 0`: RLE is how the pixels travel, not a crowd region.
enum COCOLayout {
  /// Writes the dataset into `folder`.
  static func write(_ dataset: TrainingDataset, into folder: inout ExportFolder, progress: (Int) -> Void)
    throws(ExportError) -> LayoutSummary
  {
    var summary = LayoutSummary()
    let labels = dataset.categories.map { ForeignAnnotations.Label(name: $0.name) }
    let template = ForeignAnnotations(
      format: .annotaManifest, convention: "annota", images: [], labels: labels, notes: [])
    var builders: [String: COCOWriter.Builder] = [:]
    var images: [String: [JSONValue]] = [:]
    var items: [String: [JSONValue]] = [:]
    var classRegions = 0
    for (done, sample) in dataset.samples.enumerated() {
      let split = sample.split
      if builders[split] == nil {
        var builder = COCOWriter.Builder(template)
        builder.terms = Dictionary(
          dataset.categories.compactMap { category in category.term.map { (category.name, $0) } },
          uniquingKeysWith: { first, _ in first })
        builders[split] = builder
      }
      let name = sample.image.id + sample.fileExtension
      try folder.place(sample.path, at: "images/\(split)/\(name)")
      let objects = try SampleObjects.read(sample)
      classRegions += objects.objects.filter(\.isClassRegion).count
      let image = ForeignAnnotations.AnnotatedImage(
        name: name, width: objects.width, height: objects.height, features: objects.objects.map(\.feature), tags: [])
      let (entry, added) = builders[split]!.add(image)
      images[split, default: []].append(entry)
      items[split, default: []] += added
      summary.objects += added.count
      summary.images[split, default: 0] += 1
      progress(done + 1)
    }
    var skipped: [String: Int] = [:]
    for split in images.keys.sorted() {
      let builder = builders[split]!
      for (shape, count) in builder.skipped { skipped[shape, default: 0] += count }
      let root: JSONValue = .object([
        (
          "info",
          .object([
            ("description", .string(dataset.manifest.study.title)),
            ("version", .string(dataset.manifest.versions.last?.version ?? "")),
            ("contributor", .string(dataset.manifest.study.authors.map(\.name).joined(separator: ", "))),
          ])
        ),
        ("licenses", .array([.object([("id", .number(1)), ("name", .string(dataset.manifest.study.licence))])])),
        ("images", .array(images[split]!)), ("annotations", .array(items[split] ?? [])),
        ("categories", builder.categories),
      ])
      try folder.create("annotations/instances_\(split).json", text: root.text + "\n")
    }
    for (shape, count) in skipped.sorted(by: { $0.key < $1.key }) {
      summary.notes.append("\(count) \(shape) shape(s) left out: COCO objects are boxes, polygons and masks")
    }
    if classRegions > 0 {
      summary.notes.append("\(classRegions) class region(s) of semantic label images written as one object each")
    }
    return summary
  }
}
