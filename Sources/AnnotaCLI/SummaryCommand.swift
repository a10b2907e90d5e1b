// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota summary`: reads a dataset's manifest and summarises what it describes.
public struct SummaryCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "summary",
    abstract: "Read a dataset's manifest and summarise it.",
    discussion: """
      Every problem in the manifest is reported at once, with file, line, column, JSON Pointer, \
      rule id and a hint. Exit status: 0 when the manifest conforms, 1 when it has errors, 2 when \
      there is no manifest at the path, 64 on bad arguments.
      """)

  /// The dataset folder or manifest file.
  @Argument(help: "A dataset folder (with annota.yaml or annota.json) or a manifest file.")
  public var path: String

  /// Output format.
  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Reads, checks and summarises.
  public func run() throws {
    let dataset = try DatasetPath(path)
    let result = dataset.read()
    let summary = result.manifest.map { DatasetSummary($0, root: dataset) }
    switch format {
    case .text:
      for diagnostic in result.diagnostics { printError(diagnostic.description) }
      if let summary { print(summary.text, terminator: "") }
    case .json:
      let report = SummaryReport(manifest: dataset.manifest, diagnostics: result.diagnostics, summary: summary)
      print(try report.jsonText())
    }
    if result.hasErrors {
      if format == .text {
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        printError("\(dataset.manifest): \(errors) error\(errors == 1 ? "" : "s"); the manifest does not conform")
      }
      throw ExitCode(1)
    }
  }
}

/// `text` or `json`.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  /// Human-readable text.
  case text
  /// Machine-readable JSON.
  case json
}

func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
