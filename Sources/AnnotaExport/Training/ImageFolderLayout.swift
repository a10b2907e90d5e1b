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
    _ dataset: TrainingDataset, copyOnly: Bool, into folder: inout ExportFolder, progress: (Int) -> Void
  ) throws(ExportError) -> LayoutSummary {
    var summary = LayoutSummary()
    var unlabelled: [String] = []
    for (done, sample) in dataset.samples.enumerated() {
      defer { progress(done + 1) }
      guard let label = sample.classLabel else {
        unlabelled.append(sample.image.id)
        continue
      }
      guard let split = TrainingDataset.trainValTest(sample.split) else {
        throw ExportError(
          code: .unsupported,
          message: "ImageFolder has train, val and test; the manifest's split \(sample.split) has no place there",
          path: dataset.folder)
      }
      try folder.place(
        sample.path, at: "\(split)/\(folderName(label))/\(sample.image.id)\(sample.fileExtension)",
        hardLink: !copyOnly)
      summary.images[split, default: 0] += 1
      summary.objects += 1
    }
    if !unlabelled.isEmpty {
      summary.notes.append(
        "\(unlabelled.count) image(s) without a class left out (\(unlabelled.prefix(5).joined(separator: ", ")))")
    }
    let empty = Set(dataset.categories.map(\.name)).subtracting(dataset.samples.compactMap(\.classLabel))
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
