// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import ArgumentParser
import Foundation

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
      InitCommand.self, StatusCommand.self, ValidateCommand.self, ReportCommand.self, CompareCommand.self,
      ExportCommand.self,
      PackCommand.self,
      VerifyCommand.self, FormatCommand.self,
      SchemaCommand.self,
    ]
  )

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Parses and runs a command; a ``CommandFailure`` prints its message and exits 2, everything else
  /// exits as ArgumentParser decides (``ExitStatus``).
  public static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let failure as CommandFailure {
      printError("annota: \(failure.message)")
      exit(withError: ExitStatus.couldNotRun.exitCode)
    } catch {
      exit(withError: error)
    }
  }
}
