// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaValidation
import AnnotaWorkflows
public import ArgumentParser
import Foundation

/// `annota verify`: check a bundle on arrival — its fixity and structure, then the dataset inside.
public struct VerifyCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Verify a bundle (a BagIt bag or a BIA RO-Crate) and validate the dataset in it.",
    discussion: """
      Every missing, unexpected or changed file is named (BAG rules), each payload file is read once \
      for all its manifests' algorithms, and then the dataset in data/ is validated as `annota \
      validate` would, in the same report. Same formats and exit status as `annota validate`.
      """)

  /// The bundle.
  @Argument(help: "A bag or crate folder, or a zip of one.")
  public var bundle: String

  /// Format, output file and failure threshold.
  @OptionGroup public var reporting: ReportOptions

  /// Resource limits.
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Files read at once.
  @Option(name: .customLong("jobs"), help: "Files read at once (default: the number of cores).")
  public var jobsOption: Int?

  /// `--jobs`, or the number of cores.
  var jobs: Int { jobsOption ?? BoundedParallel.defaultWidth }

  /// Fixity and structure only.
  @Flag(
    name: .customLong("bag-only"), help: "Check the bag only (structure, completeness, fixity), not the dataset in it.")
  public var bagOnly = false

  /// Nothing on standard output when the bundle verifies cleanly.
  @Flag(help: "Print nothing when the bundle verifies with no finding (the exit status says so).")
  public var quiet = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  /// Verifies and reports.
  public func run() async throws { try await limits.readLimits.apply { try await execute() } }

  /// The command's work, with its read limits in force.
  func execute() async throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: bundle, isDirectory: &isDirectory) else {
      throw CommandFailure.missing(bundle, "bundle (a bag or crate folder, or a zip of one)")
    }
    MemoryTuning.reuseLargeBuffers()
    let report =
      isDirectory.boolValue
      ? await BundleVerification.verify(bundle, jobs: jobs, validateDataset: !bagOnly)
      : await BundleVerification.verifyZip(bundle, jobs: jobs, validateDataset: !bagOnly)
    if quiet, report.diagnostics.isEmpty, report.unchecked.isEmpty, reporting.output == nil { return }
    try reporting.emit(report, rules: RuleCatalog.packaging)
  }
}
