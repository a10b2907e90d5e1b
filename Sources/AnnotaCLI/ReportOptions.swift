// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import AnnotaValidation
public import ArgumentParser
import Foundation

/// The report options `validate` and `verify` share, and writing the report with them.
public struct ReportOptions: ParsableArguments {
  /// Output format.
  @Option(help: "The report's format.")
  public var format: ReportRenderer.Format = .text

  /// Output file.
  @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
  public var output: String?

  /// Failure threshold.
  @Option(
    name: .customLong("fail-on"),
    help:
      "The lowest severity that fails the run (could-not-check: only unchecked files fail; they fail at every threshold)."
  )
  public var failOn: FailureThreshold = .error

  /// Creates the options (ArgumentParser calls this).
  public init() {}

  /// Renders `report` to the output (coloured only on a terminal without `NO_COLOR`), and exits 1 when
  /// it fails at the threshold.
  /// - Parameters:
  ///   - report: the report.
  ///   - rules: rules from outside the validator, for SARIF's catalog.
  func emit(_ report: ValidationReport, rules: [Rule] = []) throws {
    let threshold = failOn
    let colour =
      output == nil && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) != false
    let text = ReportRenderer.render(
      report, as: format, colour: colour, failOn: threshold.failingSeverity,
      version: AnnotaVersion.toolkit, rules: rules)
    if let output {
      try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    } else {
      print(text, terminator: "")
    }
    if report.fails(on: threshold) { throw ExitCode(1) }
  }
}
