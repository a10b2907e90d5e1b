// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaValidation
public import ArgumentParser
import Foundation

/// The report options `validate` and `verify` share, and writing the report with them.
public struct ReportOptions: ParsableArguments {
  /// Output format.
  @Option(help: "text, json, sarif, junit or md.")
  public var format: String = "text"

  /// Output file.
  @Option(help: "Write the report to this file instead of standard output.")
  public var output: String?

  /// Failure threshold.
  @Option(
    name: .customLong("fail-on"),
    help: "error, warning or could-not-check (only unchecked files fail). Unchecked files fail at every threshold.")
  public var failOn: String = "error"

  /// Creates the options (ArgumentParser calls this).
  public init() {}

  /// Checks the values.
  public func validate() throws {
    guard ReportRenderer.Format(rawValue: format) != nil else {
      throw ValidationError("--format must be text, json, sarif, junit or md")
    }
    guard FailureThreshold(rawValue: failOn) != nil else {
      throw ValidationError("--fail-on must be error, warning or could-not-check")
    }
  }

  /// Renders `report` to the output (coloured only on a terminal without `NO_COLOR`), and exits 1 when
  /// it fails at the threshold.
  /// - Parameters:
  ///   - report: the report.
  ///   - rules: rules from outside the validator, for SARIF's catalog.
  func emit(_ report: ValidationReport, rules: [Rule] = []) throws {
    let threshold = FailureThreshold(rawValue: failOn) ?? .error
    let colour =
      output == nil && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) != false
    let text = ReportRenderer.render(
      report, as: ReportRenderer.Format(rawValue: format)!, colour: colour, failOn: threshold.failingSeverity,
      version: AnnotaVersion.toolkit, rules: rules)
    if let output {
      try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    } else {
      print(text, terminator: "")
    }
    if report.fails(on: threshold) { throw ExitCode(1) }
  }
}
