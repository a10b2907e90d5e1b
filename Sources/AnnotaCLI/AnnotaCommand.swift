// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import ArgumentParser

/// The `annota` command: the root of the command tree.
public struct AnnotaCommand: AsyncParsableCommand {
  /// The command's name, summary, version and subcommands.
  public static let configuration = CommandConfiguration(
    commandName: "annota",
    abstract: "Make bioimage annotation datasets AI-ready and archive-ready.",
    discussion: """
      Annota reads a dataset's manifest (annota.yaml or annota.json), which follows the Annota \
      standard \(AnnotaSpec.version) (MIFA and REMBI with structured provenance).
      """,
    version: AnnotaVersion.text,
    subcommands: [
      SummaryCommand.self, InspectCommand.self, ImportCommand.self, DetectCommand.self, ConvertCommand.self,
      InitCommand.self, StatusCommand.self, ValidateCommand.self, PackCommand.self, VerifyCommand.self,
      FormatCommand.self,
      SchemaCommand.self,
    ]
  )

  /// Creates the command (ArgumentParser calls this).
  public init() {}
}
