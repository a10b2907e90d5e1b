// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import ArgumentParser

/// `annota schema`: prints the manifest's JSON Schema, or the spec's field and vocabulary tables.
public struct SchemaCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the manifest JSON Schema (draft 2020-12) of the Annota standard.",
    discussion: "With --format markdown, print the field and vocabulary tables of SPEC.md instead.")

  /// What to print.
  public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// The JSON Schema.
    case jsonSchema = "json-schema"
    /// SPEC.md's generated tables.
    case markdown
  }

  /// What to print.
  @Option(help: "What to print: json-schema or markdown.")
  public var format: Format = .jsonSchema

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Prints the schema or the tables.
  public func run() throws {
    switch format {
    case .jsonSchema: print(AnnotaSpec.jsonSchema(), terminator: "")
    case .markdown:
      print(AnnotaSpec.specTables(), terminator: "")
    }
  }
}
