// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaReport
import AnnotaValidation
import AnnotaWorkflows
public import ArgumentParser
import Foundation

/// `annota report`: a dataset's HTML report (the default), or the report of a sharded validation.
public struct ReportCommand: AsyncParsableCommand {
  /// The command's name, summary and subcommands.
  public static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write a dataset's HTML report, or join a sharded validation's parts into its report.",
    discussion: """
      `annota report DATASET -o report.html` is `annota report html`; `annota report merge` joins       the parts of `annota validate --shard`.
      """,
    subcommands: [ReportHTMLCommand.self, ReportMergeCommand.self], defaultSubcommand: ReportHTMLCommand.self)

  /// Creates the command (ArgumentParser calls this).
  public init() {}
}

/// `annota report html`: the dataset as one self-contained HTML page to look at before deposit.
public struct ReportHTMLCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "html",
    abstract: "Write a self-contained HTML report: summary, findings, plots and a gallery of annotated images.",
    discussion: """
      Validates the dataset (every file read once, as `annota validate` does, with the mifa, rembi \
      and ml profiles unless --profile says otherwise) and measures it in the same read, then writes \
      one HTML file with its style, script and pictures inline (no network access, no external \
      files): the summary, the findings grouped by rule and by file and linked to their images, \
      plots (objects per class, object sizes, objects per image, label-table coverage, split × \
      class, batch effects), and a gallery of thumbnails with masks, boxes, polygons, points and \
      tracks drawn over them — all images with findings first, then an even sample per split up to \
      --max-images. Images are shown as Fiji shows them (auto-contrast on the 0.1–99.9 percentiles). \
      With --compare, an `annota compare --format json` result adds per-image scores, worst first, \
      with both outlines over the image. Exit status: 0 when the report is written, 2 when it \
      could not be, 64 on bad arguments.
      """)

  /// The dataset.
  @Argument(help: "The dataset folder or its manifest.")
  public var path: String

  /// The output file.
  @Option(name: .shortAndLong, help: "The HTML file to write.")
  public var output: String

  /// Cards at most.
  @Option(name: .customLong("max-images"), help: "Image cards in the gallery at most (default 200).")
  public var maxImages = 200

  /// Projection.
  @Option(help: "How a Z-stack is shown: middle (the middle plane) or max (maximum projection).")
  public var projection = "middle"

  /// Comparison.
  @Option(help: "A JSON result of `annota compare` to show (per-image scores and outlines).")
  public var compare: String?

  /// Profiles.
  @Option(
    name: .customLong("profile"),
    help: "A profile to check besides core (repeat for more; default: mifa, rembi and ml).")
  public var profiles: [String] = []

  /// Jobs.
  @Option(name: .customLong("jobs"), help: "Files read at once (default: the number of cores).")
  public var jobs: Int?

  /// No progress bar.
  @Flag(help: "No progress bar on standard error (it is shown only on a terminal anyway).")
  public var quiet = false

  /// Limits.
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard maxImages >= 0 else { throw ValidationError("--max-images must be 0 or more") }
    guard ["middle", "max"].contains(projection) else { throw ValidationError("--projection takes middle or max") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    for profile in profiles where DatasetValidator.Profile(rawValue: profile) == nil {
      throw ValidationError(
        "--profile \(profile): the profiles are \(DatasetValidator.Profile.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
  }

  /// Writes the report.
  public func run() async throws { try await limits.readLimits.apply { try await execute() } }

  private func execute() async throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw CommandFailure.missing(path, "dataset folder or manifest file")
    }
    var options = DatasetReport.Options()
    options.maxImages = maxImages
    options.projection = projection == "max" ? .maximum : .middle
    options.comparison = compare
    options.width = jobs ?? 0
    if !profiles.isEmpty { options.profiles = Set(profiles.compactMap(DatasetValidator.Profile.init(rawValue:))) }
    let bar = ProgressBar.wanted(quiet: quiet) ? ProgressBar() : nil
    var progress: (@Sendable (ValidationProgress) -> Void)?
    if let bar { progress = { bar.update($0) } }
    let document: DatasetReport.Document
    do throws(ReportError) {
      document = try await DatasetReport.build(
        path, options: options, generator: AnnotaVersion.text, progress: progress)
      bar?.finish()
      try DatasetReport.write(document, to: output)
    } catch {
      bar?.finish()
      throw CommandFailure(error.description)
    }
    let summary = document.report.summary
    var line =
      "report: \(output) (\(document.cards) image cards of \(document.images) images; "
      + "\(summary.errors) errors, \(summary.warnings) warnings, \(summary.couldNotCheck) could not check)"
    if let sampling = document.sampling { line += "\n  " + sampling }
    print(line)
  }
}
