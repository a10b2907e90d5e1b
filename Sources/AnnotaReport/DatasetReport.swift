// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import AnnotaValidation
import Foundation

/// `annota report`: a dataset validated and measured in one read per file, then shown as one
/// self-contained HTML page — summary, findings linked to their images, plots, a gallery of
/// thumbnails with the annotations drawn over them, and a comparison when one is given.
public enum DatasetReport {
  /// A written report and what it holds.
  public struct Document: Sendable {
    /// The page.
    public var html: String
    /// The validation behind it.
    public var report: ValidationReport
    /// Images in the dataset, and cards in the gallery.
    public var images: Int, cards: Int
    /// How the cards were chosen, when not every image has one.
    public var sampling: String?
    /// The dataset's files the report was made from (never overwritten by it), relative to `folder`.
    var inputs: [String] = []
    /// The dataset folder.
    var folder = "."
    /// The comparison result read, if any (never overwritten either).
    var comparison: String?
  }

  /// Validates and measures `root` and writes its page.
  /// - Parameters:
  ///   - root: the dataset folder (or its manifest).
  ///   - options: what to draw.
  ///   - generator: who writes the page (the tool and its version), for its footer.
  ///   - progress: called after each file the validation reads.
  /// - Returns: the page and the validation.
  /// - Throws: ``ReportError``: no dataset at `root`, or a comparison file that is no compare result.
  public static func build(
    _ root: String, options: DatasetReport.Options = DatasetReport.Options(), generator: String = "annota",
    progress: (@Sendable (ValidationProgress) -> Void)? = nil
  ) async throws(ReportError) -> Document {
    let comparison = try options.comparison.map { path throws(ReportError) in try ComparisonResults.read(path) }
    let run = await DatasetValidator.run(
      root, profiles: options.profiles, width: options.width, measuring: true, progress: progress)
    guard let manifest = run.manifest else {
      let reason =
        FileManager.default.fileExists(atPath: root)
        ? "it is a file, not a dataset folder or its manifest (`annota validate` checks one file)"
        : "no such dataset folder or file; check the path"
      throw ReportError(code: .noDataset, message: "no dataset to report on: \(reason)", path: root)
    }
    let folder = DatasetValidator.manifestFolder(root) ?? root
    let content = DatasetContent(run: run, manifest: manifest, folder: folder)
    let selection = CardSelection(
      content.images.map { ($0.image.split ?? "", $0.issues) }, cap: options.maxImages)
    let pictures = await drawCards(selection.indices, content: content, folder: folder, options: options)
    var comparisonSection: ComparisonSection?
    if let comparison {
      comparisonSection = await ComparisonSection.build(
        comparison, manifest: manifest, folder: folder, side: options.thumbnailSide, projection: options.projection,
        width: options.width > 0 ? options.width : BoundedParallel.defaultWidth)
    }
    let page = ReportPage(
      content: content, run: run, options: options, selection: selection, pictures: pictures,
      comparison: comparisonSection, generator: generator)
    return Document(
      html: page.html(), report: run.report, images: manifest.images.count, cards: selection.indices.count,
      sampling: selection.statement,
      inputs: manifest.images.map(\.path) + manifest.annotationSets.flatMap { $0.files.map(\.path) }, folder: folder,
      comparison: options.comparison)
  }

  /// Writes `document` to `path` through a temporary file renamed over it, refusing to overwrite the
  /// manifest or a file the report was made from.
  /// - Parameters:
  ///   - document: the page.
  ///   - path: the output file.
  /// - Throws: ``ReportError`` (`invalidArgument`, `writeFailed`).
  public static func write(_ document: Document, to path: String) throws(ReportError) {
    // One lookup, not one path resolution per input: a dataset lists up to millions of files.
    func resolved(_ path: String) -> String {
      URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
    let target = resolved(path)
    let folder = resolved(document.folder) + "/"
    if target.hasPrefix(folder) {
      let inside = String(target.dropFirst(folder.count))
      if Set(document.inputs + ManifestSyntax.fileNames).contains(inside) {
        throw ReportError(
          code: .invalidArgument, message: "refusing to overwrite \(inside), a file of the dataset; choose another -o",
          path: path)
      }
    }
    if let comparison = document.comparison, resolved(comparison) == target {
      throw ReportError(
        code: .invalidArgument,
        message: "refusing to overwrite the comparison result the report shows; choose another -o", path: path)
    }
    let temporary = path + ".annota-tmp-\(getpid())"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(document.html.utf8)) else {
      throw ReportError(code: .writeFailed, message: "cannot write the report (is the folder writable?)", path: path)
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw ReportError(code: .writeFailed, message: "cannot write the report: \(reason)", path: path)
    }
  }

  /// The chosen cards' pictures, drawn on all cores.
  private static func drawCards(
    _ indices: [Int], content: DatasetContent, folder: String, options: DatasetReport.Options
  ) async -> [Int: CardPicture] {
    var pictures: [Int: CardPicture] = [:]
    let manifest = content.manifest
    let jobs = indices.map { index in
      let record = content.images[index]
      return (index, record.image, record.files.map { ($0.set, $0.path, folder + "/" + $0.path) }, record.failure)
    }
    try? await BoundedParallel.forEach(jobs, width: options.width > 0 ? options.width : BoundedParallel.defaultWidth) {
      job in
      // An image the validation could not read is not read again: its card says why.
      if let failure = job.3 { return (job.0, CardPicture(png: nil, failure: failure)) }
      return (
        job.0,
        CardPicture.draw(
          job.1, at: folder + "/" + job.1.path, files: job.2, manifest: manifest, side: options.thumbnailSide,
          projection: options.projection)
      )
    } emit: { _, result in
      pictures[result.0] = result.1
    }
    return pictures
  }
}
