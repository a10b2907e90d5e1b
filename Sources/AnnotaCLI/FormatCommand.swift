// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota format`: prints a manifest in canonical form (deterministic key order and quoting).
public struct FormatCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "format",
    abstract: "Print a manifest in canonical form, or check that it is.",
    discussion: """
      The canonical form orders keys as the standard does, leaves out empty lists and quotes \
      values that YAML readers could misread. Comments are not kept. The input is never modified: \
      with --upgrade, redirect the output to a new file and keep that as the manifest.
      """)

  /// The manifest file or dataset folder.
  @Argument(help: "A manifest file or a dataset folder.")
  public var path: String

  /// Output syntax.
  @Option(help: "Output syntax: yaml or json (default: the input's).")
  public var to: Syntax?

  /// Write the manifest as the current version of the standard.
  @Flag(help: "Write a manifest of an earlier standard version (0.1) as the current one (0.2), every value kept.")
  public var upgrade = false

  /// Check only.
  @Flag(help: "Print nothing; exit 1 if the file is not in canonical form.")
  public var check = false

  /// `yaml` or `json`.
  public enum Syntax: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// YAML.
    case yaml
    /// JSON.
    case json
  }

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Reads, then prints or compares.
  public func run() throws {
    let dataset = try DatasetPath(path)
    let result = dataset.read()
    for diagnostic in result.diagnostics { printError(diagnostic.description) }
    guard let read = result.manifest else { throw ExitCode(1) }
    let manifest = upgrade ? ManifestUpgrade.upgrade(read) : read
    let syntax = to.map { ManifestSyntax(rawValue: $0.rawValue) ?? .yaml } ?? .forPath(dataset.manifest)
    let text = try ManifestWriter.text(for: manifest, syntax: syntax)
    if check {
      let current = FileManager.default.contents(atPath: dataset.manifest).map { String(decoding: $0, as: UTF8.self) }
      if current != text {
        printError("\(dataset.manifest): not in canonical form (run `annota format` to see it)")
        throw ExitCode(1)
      }
    } else {
      print(text, terminator: "")
    }
  }
}
