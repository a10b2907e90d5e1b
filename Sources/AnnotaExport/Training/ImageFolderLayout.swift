// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// Writes an ImageFolder classification dataset: `<split>/<class>/<image>` (torchvision's
/// `ImageFolder`, Ultralytics' classify layout with `train`, `val` and `test`).
///
/// Images are hard links where the output is on the dataset's filesystem (neither reader writes
/// to its images), copies otherwise or when asked.
enum ImageFolderLayout {
  /// Writes the dataset into `folder`.
  static func write(
    _ dataset: TrainingDataset, copyOnly: Bool, into folder: ExportFolder, jobs: Int, progress: (Int) -> Void
  ) async throws(ExportError) -> LayoutSummary {
    var summary = LayoutSummary()
    for sample in dataset.samples where TrainingDataset.trainValTest(sample.split) == nil {
      throw ExportError(
        code: .unsupported,
        message: "ImageFolder has train, val and test; the manifest's split \(sample.split) has no place there",
        path: dataset.folder)
    }
    var unlabelled: [String] = []
    var classesBySplit: [String: Set<String>] = [:]
    try await SampleWork.run(dataset.samples, jobs: jobs, progress: progress) { sample throws(ExportError) -> String? in
      guard let label = sample.classLabel, let split = TrainingDataset.trainValTest(sample.split) else { return nil }
      try folder.place(
        sample.path, at: "\(split)/\(folderName(label))/\(sample.image.id)\(sample.fileExtension)",
        hardLink: !copyOnly)
      return split
    } emit: { sample, split throws(ExportError) in
      guard let split, let label = sample.classLabel else {
        unlabelled.append(sample.image.id)
        return
      }
      summary.images[split, default: 0] += 1
      classesBySplit[split, default: []].insert(label)
      summary.objects += 1
    }
    if !unlabelled.isEmpty {
      summary.notes.append(
        "\(unlabelled.count) image(s) without a class left out (\(unlabelled.prefix(5).joined(separator: ", ")))")
    }
    // torchvision and Ultralytics number each split's class folders on their own: a class missing
    // from a split shifts the numbers of the classes after it.
    let all = Set(classesBySplit.values.flatMap { $0 })
    for split in classesBySplit.keys.sorted() {
      let missing = all.subtracting(classesBySplit[split]!)
      if !missing.isEmpty {
        summary.notes.append(
          "\(split) has no images of \(missing.sorted().joined(separator: ", ")): its class folders number "
            + "differently from the other splits' (see docs/guide-export.md)")
      }
    }
    let empty = Set(dataset.categories.map(\.name)).subtracting(all)
    if !empty.isEmpty {
      summary.notes.append("class(es) without images have no folder: \(empty.sorted().joined(separator: ", "))")
    }
    return summary
  }

  /// A class name as a folder name: `/`, control characters and a leading dot replaced by `_`.
  static func folderName(_ label: String) -> String {
    var name = String(label.map { $0 == "/" || $0 == "\\" || $0.isNewline || ($0.asciiValue ?? 32) < 32 ? "_" : $0 })
    if name.hasPrefix(".") || name.isEmpty { name = "_" + name }
    return name
  }
}
