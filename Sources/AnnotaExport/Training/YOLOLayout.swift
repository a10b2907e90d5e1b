// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import FoundationEssentials

/// Writes an Ultralytics YOLO dataset: `images/<split>/`, `labels/<split>/<stem>.txt` and
/// `data.yaml` (wave2-formats §5).
///
/// Rows are what Ultralytics' `verify_image_label` accepts: `class cx cy w h` for detection, or
/// `class x1 y1 … xn yn` (at least three points) for segmentation, never both in one file, every
/// coordinate normalised to [0, 1]. Masks become polygons by tracing their outline along pixel
/// edges; an object in several parts keeps its largest part (counted in a note). `data.yaml` never
/// has a `download:` key, which Ultralytics would execute.
enum YOLOLayout {
  /// Image extensions Ultralytics loads (`IMG_FORMATS`).
  static let imageFormats: Set<String> = [
    ".avif", ".bmp", ".dng", ".heic", ".heif", ".jp2", ".jpeg", ".jpg", ".mpo", ".png", ".tif", ".tiff", ".webp",
    ".ome.tif", ".ome.tiff",
  ]

  /// What one image's label file lost or changed.
  private struct Counts: Sendable {
    var rows = 0
    var skipped: [String: Int] = [:]
    var droppedParts = 0
    var filledHoles = 0
    var clipped = 0
    var polygonHoles = 0
  }

  /// Writes the dataset into `folder`.
  static func write(
    _ dataset: TrainingDataset, task requested: TrainingExportOptions.YOLOTask?, into folder: ExportFolder,
    jobs: Int, progress: (Int) -> Void
  ) async throws(ExportError) -> LayoutSummary {
    var summary = LayoutSummary()
    let splits = try splitNames(dataset)
    for sample in dataset.samples where !imageFormats.contains(sample.fileExtension) {
      throw ExportError(
        code: .unsupported,
        message: "Ultralytics cannot load \(sample.fileExtension) images; convert them to TIFF or PNG first",
        path: sample.path)
    }
    let task =
      requested
      ?? (dataset.samples.contains { sample in
        sample.labelImage != nil || sample.shapes.contains { $0.shape == "polygon" || $0.shape == "mask" }
      } ? .segment : .detect)
    let classes = Dictionary(
      dataset.categories.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { first, _ in first })
    for split in Set(splits.values) {
      try folder.folder("images/\(split)")
      try folder.folder("labels/\(split)")
    }
    var total = Counts()
    try await SampleWork.run(dataset.samples, jobs: jobs, progress: progress) { sample throws(ExportError) in
      try labelFile(sample, split: splits[sample.split]!, task: task, classes: classes, folder: folder)
    } emit: { sample, counts throws(ExportError) in
      total.rows += counts.rows
      total.skipped.merge(counts.skipped, uniquingKeysWith: +)
      total.droppedParts += counts.droppedParts
      total.filledHoles += counts.filledHoles
      total.clipped += counts.clipped
      total.polygonHoles += counts.polygonHoles
      summary.images[splits[sample.split]!, default: 0] += 1
    }
    summary.objects = total.rows
    for (shape, count) in total.skipped.sorted(by: { $0.key < $1.key }) {
      summary.notes.append(
        shape == "ignore"
          ? "\(count) ignore region(s) left out: YOLO has no ignore label"
          : "\(count) \(shape) shape(s) left out: YOLO rows hold boxes and polygons")
    }
    if total.droppedParts > 0 {
      summary.notes.append(
        "\(total.droppedParts) pixel(s) of objects in several parts left out: a YOLO polygon holds one part")
    }
    if total.filledHoles > 0 {
      summary.notes.append("\(total.filledHoles) hole pixel(s) filled: a YOLO polygon has no holes")
    }
    if total.polygonHoles > 0 {
      summary.notes.append("\(total.polygonHoles) polygon(s) lost their holes: a YOLO polygon is one ring")
    }
    if total.clipped > 0 {
      summary.notes.append("\(total.clipped) coordinate(s) outside the image clipped to its edge")
    }
    let present = Set(splits.values)
    if !present.contains("val") {
      summary.notes.append("no validation split: data.yaml's val points at the training images")
    }
    try folder.create("data.yaml", text: dataYAML(dataset, splits: present, task: task, output: folder.output))
    summary.notes.append("YOLO task: \(task.rawValue)")
    return summary
  }

  /// Copies one image and writes its label file.
  private static func labelFile(
    _ sample: TrainingDataset.Sample, split: String, task: TrainingExportOptions.YOLOTask, classes: [String: Int],
    folder: ExportFolder
  ) throws(ExportError) -> Counts {
    try folder.place(sample.path, at: "images/\(split)/\(sample.image.id)\(sample.fileExtension)")
    let objects = try SampleObjects.read(sample)
    let (width, height) = (Double(objects.width), Double(objects.height))
    var counts = Counts()
    // Bytes, not a String: a segmentation export writes millions of coordinates.
    var text: [UInt8] = []
    func row(_ label: Int, _ values: [Double]) {
      text += String(label).utf8
      for (index, value) in values.enumerated() {
        let normalised = value / (index % 2 == 0 ? width : height)
        if normalised < 0 || normalised > 1 { counts.clipped += 1 }
        text.append(0x20)
        appendDecimal(min(1, max(0, normalised)), to: &text)
      }
      text.append(0x0A)
      counts.rows += 1
    }
    for object in objects.objects {
      let feature = object.feature
      guard let label = classes[object.category] else {
        counts.skipped["ignore", default: 0] += 1  // the ignore label has no YOLO class
        continue
      }
      if let mask = feature.mask {
        if task == .detect, let tight = mask.tightened {
          let (x0, y0) = (Double(tight.left), Double(tight.top))
          let (w, h) = (Double(tight.width), Double(tight.height))
          row(label, [x0 + w / 2, y0 + h / 2, w, h])
          continue
        }
        let contours = object.isClassRegion ? MaskContour.traceParts(mask) : MaskContour.trace(mask).map { [$0] } ?? []
        for contour in contours {
          counts.droppedParts += object.isClassRegion ? 0 : contour.droppedPartPixels
          counts.filledHoles += contour.filledHolePixels
          row(label, contour.ring.flatMap { $0 })
        }
      } else if feature.shape == "box" || feature.shape == "polygon", let ring = feature.outerRingCoordinates,
        ring.count >= 8
      {
        if feature.ringCount > 1 { counts.polygonHoles += 1 }
        let open = Array(ring.dropLast(2))
        if task == .segment {
          row(label, open)
        } else {
          var (x0, y0, x1, y1) = (open[0], open[1], open[0], open[1])
          for i in stride(from: 0, to: open.count, by: 2) {
            (x0, y0, x1, y1) = (min(x0, open[i]), min(y0, open[i + 1]), max(x1, open[i]), max(y1, open[i + 1]))
          }
          row(label, [(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0])
        }
      } else {
        counts.skipped[feature.shape, default: 0] += 1
      }
    }
    try folder.create("labels/\(split)/\(sample.image.id).txt", bytes: text)
    return counts
  }

  /// The manifest's splits as YOLO's `train`, `val` and `test`.
  private static func splitNames(_ dataset: TrainingDataset) throws(ExportError) -> [String: String] {
    var result: [String: String] = [:]
    for split in Set(dataset.samples.map(\.split)) {
      guard let name = TrainingDataset.trainValTest(split) else {
        throw ExportError(
          code: .unsupported, message: "YOLO has train, val and test; the manifest's split \(split) has no place there",
          path: dataset.folder)
      }
      result[split] = name
    }
    return result
  }

  /// `data.yaml`: images per split, class names in label-table order; no `download:` key.
  private static func dataYAML(
    _ dataset: TrainingDataset, splits: Set<String>, task: TrainingExportOptions.YOLOTask, output: String
  ) -> String {
    let absolute = output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
    var text =
      "# Ultralytics YOLO dataset (\(task.rawValue)) written by Annota from \(quoted(dataset.manifest.study.title)).\n"
    text += "# `path` is absolute: Ultralytics resolves a relative one against its own datasets folder.\n"
    text += "path: \(quoted(absolute))\n"
    text += "train: images/train\n"
    // Ultralytics needs `val`: without a validation split it validates on the training images.
    text += "val: images/\(splits.contains("val") ? "val" : "train")\n"
    if splits.contains("test") { text += "test: images/test\n" }
    text += "nc: \(dataset.categories.count)\nnames:\n"
    for (index, category) in dataset.categories.enumerated() { text += "  \(index): \(quoted(category.name))\n" }
    return text
  }

  /// A YAML double-quoted string: JSON's string literal, which YAML 1.2 reads the same.
  static func quoted(_ text: String) -> String { NodeJSON.quote(text) }

  /// Appends a value in [0, 1] to `bytes` with six decimals and no trailing zeros (`0.5`,
  /// `0.123457`, `1`).
  static func appendDecimal(_ value: Double, to bytes: inout [UInt8]) {
    let micro = Int((value * 1_000_000).rounded())
    bytes.append(UInt8(0x30 + micro / 1_000_000))
    var fraction = micro % 1_000_000
    guard fraction > 0 else { return }
    bytes.append(0x2E)
    var divisor = 100_000
    while fraction > 0 {
      bytes.append(UInt8(0x30 + fraction / divisor))
      fraction %= divisor
      divisor /= 10
    }
  }
}

extension ShapeFeature {
  /// The number of rings of a `Polygon` geometry (more than one: it has holes).
  var ringCount: Int {
    guard case .object(let entries) = geometry,
      case .array(let rings)? = entries.first(where: { $0.0 == "coordinates" })?.1,
      entries.first(where: { $0.0 == "type" })?.1 == .string("Polygon")
    else { return 0 }
    return rings.count
  }
}
