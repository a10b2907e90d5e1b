// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel

/// Writes a COCO dataset: `images/<split>/` and one `annotations/instances_<split>.json` per split.
///
/// Categories are the label table's classes in order (ids from 1, the ontology term kept as
/// `ontology_term`); instance masks are compressed RLE, boxes and polygons are polygons with their
/// `bbox`. Every object is `iscrowd: 0`: RLE is how the pixels travel, not a crowd region.
enum COCOLayout {
  /// One image read and copied, ready to be numbered.
  private struct Read: Sendable {
    var image: ForeignAnnotations.AnnotatedImage
    var classRegions: Int
    var ignored: Int
    var polygonHoles: Int
  }

  /// Writes the dataset into `folder`.
  static func write(_ dataset: TrainingDataset, into folder: ExportFolder, jobs: Int, progress: (Int) -> Void)
    async throws(ExportError) -> LayoutSummary
  {
    var summary = LayoutSummary()
    let labels = dataset.categories.map { ForeignAnnotations.Label(name: $0.name) }
    let known = Set(dataset.categories.map(\.name))
    let template = ForeignAnnotations(
      format: .annotaManifest, convention: "annota", images: [], labels: labels, notes: [])
    var builders: [String: COCOWriter.Builder] = [:]
    var images: [String: [JSONValue]] = [:]
    var items: [String: [JSONValue]] = [:]
    var classRegions = 0
    var ignored = 0
    var polygonHoles = 0
    for split in Set(dataset.samples.map(\.split)) { try folder.folder("images/\(split)") }
    try await SampleWork.run(dataset.samples, jobs: jobs, progress: progress) { sample throws(ExportError) in
      let name = sample.image.id + sample.fileExtension
      try folder.place(sample.path, at: "images/\(sample.split)/\(name)")
      let objects = try SampleObjects.read(sample)
      let kept = objects.objects.filter { known.contains($0.category) }
      return Read(
        image: .init(
          name: name, width: objects.width, height: objects.height, features: kept.map(\.feature), tags: []),
        classRegions: kept.filter(\.isClassRegion).count, ignored: objects.objects.count - kept.count,
        polygonHoles: kept.filter { $0.feature.ringCount > 1 }.count)
    } emit: { sample, read throws(ExportError) in
      let split = sample.split
      if builders[split] == nil {
        var builder = COCOWriter.Builder(template)
        builder.terms = Dictionary(
          dataset.categories.compactMap { category in category.term.map { (category.name, $0) } },
          uniquingKeysWith: { first, _ in first })
        builders[split] = builder
      }
      let (entry, added) = builders[split]!.add(read.image)
      images[split, default: []].append(entry)
      items[split, default: []] += added
      classRegions += read.classRegions
      ignored += read.ignored
      polygonHoles += read.polygonHoles
      summary.objects += added.count
      summary.images[split, default: 0] += 1
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
      var bytes: [UInt8] = []
      root.write(into: &bytes)
      bytes.append(0x0A)
      try folder.create("annotations/instances_\(split).json", bytes: bytes)
    }
    for (shape, count) in skipped.sorted(by: { $0.key < $1.key }) {
      summary.notes.append("\(count) \(shape) shape(s) left out: COCO objects are boxes, polygons and masks")
    }
    if polygonHoles > 0 {
      summary.notes.append("\(polygonHoles) polygon(s) lost their holes: Annota writes COCO polygons as one ring")
    }
    if ignored > 0 { summary.notes.append("\(ignored) ignore region(s) left out: COCO has no ignore label") }
    if classRegions > 0 {
      summary.notes.append("\(classRegions) class region(s) of semantic label images written as one object each")
    }
    return summary
  }
}
