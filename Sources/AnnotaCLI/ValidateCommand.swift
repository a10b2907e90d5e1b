// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaValidation
import AnnotaWorkflows
public import ArgumentParser
import Foundation

/// `annota validate`: the manifest, the files and the pixels, in one pass.
public struct ValidateCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a dataset's manifest, files and label-image pixels; report every finding.",
    discussion: """
      Reads the manifest (every MANIFEST rule), then the files it lists and the files on disk (FILE \
      rules: missing, unlisted, case-only differences, checksums, the BIA's size limit), then every \
      label image against its source image and label table (MASK rules). A folder without a \
      manifest is inferred as `annota init` would (with a warning); a single file is checked on its \
      own. Checks that cannot run are \
      reported as such and never count as passed. Exit status: 0 when nothing at or above --fail-on \
      was found and nothing was left unchecked, 1 when something was, 2 when validation could not \
      run, 64 on bad arguments.
      """)

  /// The dataset folder.
  @Argument(help: "A dataset folder (with or without annota.yaml), or a single annotation file.")
  public var path: String

  /// Format, output file and failure threshold.
  @OptionGroup public var reporting: ReportOptions

  /// Resource limits.
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Profiles.
  @Option(
    name: .customLong("profile"),
    help:
      "A profile to check besides core: mifa, rembi, bia, ml, croissant, bioimageio, zenodo or datacite (repeat for more)."
  )
  public var profiles: [String] = []

  /// Waivers.
  @Option(help: "A TSV of accepted findings: rule, target (glob), reason, optional expires (YYYY-MM-DD).")
  public var waivers: String?

  /// Files read at once.
  @Option(name: .customLong("jobs"), help: "Files read and checked at once (default: the number of cores).")
  public var jobsOption: Int?

  /// `--jobs`, or the number of cores.
  var jobs: Int { jobsOption ?? BoundedParallel.defaultWidth }

  /// No progress bar.
  @Flag(help: "No progress bar on standard error (it is shown only on a terminal anyway).")
  public var quiet = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    for profile in profiles where DatasetValidator.Profile(rawValue: profile) == nil {
      throw ValidationError(
        "--profile \(profile): the profiles are \(DatasetValidator.Profile.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
  }

  private func progressHandler(_ bar: ProgressBar?) -> (@Sendable (ValidationProgress) -> Void)? {
    guard let bar else { return nil }
    return { bar.update($0) }
  }

  /// Validates and reports.
  public func run() async throws { try await limits.readLimits.apply { try await execute() } }

  /// The command's work, with its read limits in force.
  func execute() async throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw CommandFailure.missing(path, "dataset folder or manifest file")
    }
    MemoryTuning.reuseLargeBuffers()
    let bar = ProgressBar.wanted(quiet: quiet) ? ProgressBar() : nil
    var report = await DatasetValidator.validate(
      path, profiles: Set(profiles.compactMap(DatasetValidator.Profile.init(rawValue:))), width: jobs,
      progress: progressHandler(bar))
    bar?.finish()
    if let waivers {
      guard let data = FileManager.default.contents(atPath: waivers) else {
        throw CommandFailure("\(waivers): the waiver file does not exist or cannot be read; check the path")
      }
      guard let text = String(validating: data, as: UTF8.self) else {
        throw CommandFailure("\(waivers): the waiver file is not UTF-8 text; save it as UTF-8")
      }
      do {
        let today = Date().formatted(.iso8601.year().month().day())
        report = report.waiving(try Waivers(tsv: text), today: today)
      } catch {
        throw CommandFailure("\(waivers): \(error)")
      }
    }
    try reporting.emit(report)
  }
}
