// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaValidation
import AnnotaWorkflows
public import ArgumentParser
import Foundation

/// `annota report merge`: the parts of a sharded validation joined into the report one run writes.
public struct ReportMergeCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the parts of a sharded validation into the report a single run would write.",
    discussion: """
      Takes the parts written by `annota validate DATASET --shard I/N --format json -o part-I.json`, \
      one per shard, checks that every shard from 0 to N-1 is there once and that all are of the \
      same dataset, Annota version, profiles and read limits, then runs the dataset-level rules \
      (references, splits, leakage, class balance, profiles) on the facts the parts carry. GeoJSON \
      shape files and files the manifest does not list are read here. The report is the one \
      `annota validate DATASET` writes, byte for byte in JSON. Run it where the dataset is at the \
      path the shards were given. Exit status: 0 when nothing at or above --fail-on was found and \
      nothing was left unchecked, 1 when something was, 2 when the parts cannot be merged (a shard \
      missing, parts that do not belong together, a dataset changed since), 64 on bad arguments.
      """)

  /// The parts.
  @Argument(help: "The parts, one per shard, in any order (a shell glob such as part-*.json).")
  public var parts: [String]

  /// Format, output file and failure threshold.
  @OptionGroup public var reporting: ReportOptions

  /// Resource limits.
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Waivers.
  @Option(help: "A TSV of accepted findings: rule, target (glob), reason, optional expires (YYYY-MM-DD).")
  public var waivers: String?

  /// Files read at once.
  @Option(name: .customLong("jobs"), help: "Files read at once (default: the number of cores).")
  public var jobs: Int?

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard !parts.isEmpty else { throw ValidationError("give the parts to merge (part-*.json)") }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  /// Merges and reports.
  public func run() async throws { try await limits.readLimits.apply { try await execute() } }

  private func execute() async throws {
    var loaded: [(path: String, part: ValidationPart)] = []
    for path in parts {
      do { loaded.append((path, try ValidationPart(contentsOf: path))) } catch {
        throw CommandFailure(error.description)
      }
    }
    var report: ValidationReport
    do { report = try await DatasetValidator.merge(loaded, width: jobs ?? 0) } catch {
      throw CommandFailure(error.description)
    }
    if let waivers { report = try Waiving.apply(waivers, to: report) }
    try reporting.emit(report)
  }
}
