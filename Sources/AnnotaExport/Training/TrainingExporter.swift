// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// `annota export --to nnunet|yolo|coco|imagefolder`: a dataset written as the folder a training
/// tool reads (wave2-formats §4–§5, `docs/guide-export.md`).
///
/// The dataset is only read. Splits come from the manifest; an image that would sit in two splits
/// (the same file under two ids, or identical bytes) stops the export before anything is written.
/// Pixels are copied byte for byte; where a layout needs another file format the conversion is
/// lossless and named in the notes. Everything is written into a temporary folder beside the
/// output and renamed at the end, like `pack`.
public enum TrainingExporter {
  /// What an export wrote.
  public struct Result: Sendable {
    /// The output folder.
    public var folder: String
    /// The layout written.
    public var layout: TrainingLayout
    /// The annotation sets read.
    public var sets: [String]
    /// Images per split (the layout's folder names).
    public var images: [String: Int]
    /// Objects (YOLO rows, COCO annotations), label images (nnU-Net) or labelled images (ImageFolder).
    public var objects: Int
    /// The classes, in the order the layout numbers them.
    public var classes: [String]
    /// Files written.
    public var files: Int
    /// Files that are hard links to the dataset's (ImageFolder on one filesystem).
    public var links: Int
    /// What a person should know: defaults taken, conversions, anything left out.
    public var notes: [String]
  }

  /// Exports the dataset at `dataset` into the new folder `output`.
  /// - Parameters:
  ///   - dataset: the dataset folder (with `annota.yaml` or `annota.json`).
  ///   - output: the folder to create; it must not exist, or be empty.
  ///   - options: the layout and choices.
  ///   - jobs: the most images read and written at once (default: the number of cores).
  ///   - progress: called with (images done, images in all) as the export goes.
  /// - Returns: what was written.
  /// - Throws: ``ExportError``; the output folder then does not exist.
  public static func export(
    _ dataset: String, to output: String, options: TrainingExportOptions, jobs: Int? = nil,
    progress: (Int, Int) -> Void = { _, _ in }
  ) async throws(ExportError) -> Result {
    guard TrainingLayout.all.contains(options.layout) else {
      let known = TrainingLayout.all.map(\.rawValue).joined(separator: ", ")
      throw ExportError(
        code: .unsupported, message: "no layout \(options.layout); Annota writes \(known)", path: output)
    }
    let loaded = try TrainingDataset.load(dataset, options: options)
    try SplitLeakCheck.check(loaded.samples, manifestPath: ManifestReader.locate(in: dataset) ?? dataset)
    let folder = try ExportFolder(output: output)
    let total = loaded.samples.count
    let step: (Int) -> Void = { progress($0, total) }
    let jobs = jobs ?? BoundedParallel.defaultWidth
    let summary: LayoutSummary
    do {
      switch options.layout {
      case .nnunet:
        summary = try await NNUNetLayout.write(
          loaded, semanticFromInstance: options.semanticFromInstance, into: folder, jobs: jobs, progress: step)
      case .yolo:
        summary = try await YOLOLayout.write(loaded, task: options.yoloTask, into: folder, jobs: jobs, progress: step)
      case .coco: summary = try await COCOLayout.write(loaded, into: folder, jobs: jobs, progress: step)
      default:
        summary = try await ImageFolderLayout.write(
          loaded, copyOnly: options.copyOnly, into: folder, jobs: jobs, progress: step)
      }
      try folder.finish()
    } catch {
      folder.discard()
      throw error
    }
    return Result(
      folder: folder.output, layout: options.layout, sets: loaded.sets, images: summary.images,
      objects: summary.objects, classes: loaded.categories.map(\.name), files: folder.files, links: folder.links,
      notes: loaded.notes + summary.notes)
  }
}
