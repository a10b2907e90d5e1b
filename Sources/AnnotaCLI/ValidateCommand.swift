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

  /// The facts cache.
  @OptionGroup public var caching: CacheOption

  /// One shard of a sharded run.
  @Option(
    help: """
      Read only shard I of N (I from 0 to N-1; a deterministic share of the files, balanced by bytes) and write \
      its part as JSON, to be joined by `annota report merge`; exits 0 once the part is written.
      """)
  public var shard: String?

  /// No progress bar.
  @Flag(help: "No progress bar on standard error (it is shown only on a terminal anyway).")
  public var quiet = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if let shard {
      do { _ = try ValidationShard(parsing: shard) } catch { throw ValidationError("--shard \(error.description)") }
      guard reporting.format == .json else {
        throw ValidationError("--shard writes its part as JSON: add --format json")
      }
      guard waivers == nil else {
        throw ValidationError("--waivers apply to the merged report: give them to the merge")
      }
    }
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
    let factsCache = try caching.factsCache()
    let chosen = Set(profiles.compactMap(DatasetValidator.Profile.init(rawValue:)))
    let bar = ProgressBar.wanted(quiet: quiet) ? ProgressBar() : nil
    if let shard = try shard.map({ text throws(ValidationRunError) in try ValidationShard(parsing: text) }) {
      let part = await DatasetValidator.part(
        path, profiles: chosen, shard: shard, width: jobs, cache: factsCache, progress: progressHandler(bar))
      bar?.finish()
      let data = try part.encoded()
      if let output = reporting.output {
        try data.write(to: URL(fileURLWithPath: output), options: .atomic)
      } else {
        FileHandle.standardOutput.write(data)
      }
      return
    }
    var report = await DatasetValidator.run(
      path, profiles: chosen, width: jobs, cache: factsCache, progress: progressHandler(bar)
    ).report
    bar?.finish()
    if let waivers { report = try Waiving.apply(waivers, to: report) }
    try reporting.emit(report)
  }
}
