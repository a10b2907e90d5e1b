// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaScan
public import ArgumentParser
import Foundation

/// `annota status`: the manifest against the folder.
public struct StatusCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show what the manifest describes, what is missing, unlisted or changed on disk.",
    discussion: """
      Listed files absent from disk are missing; image and annotation files on disk the manifest does \
      not list are unlisted (`annota init --update` adds them); listed files whose recorded size or \
      SHA-256 no longer matches are changed. Exit status: 0 when the manifest and the folder agree, \
      1 when they do not, 2 when there is no such folder or no manifest in it, 64 on bad arguments.
      """)

  /// The folder.
  @Argument(help: "The dataset folder.")
  public var folder: String

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Compares and reports.
  public func run() throws {
    guard FileManager.default.fileExists(atPath: folder) else { throw CommandFailure.missing(folder, "dataset folder") }
    let status: DatasetStatus
    do { status = try DatasetStatus.of(folder) } catch {
      // No status without a readable manifest: the command could not run.
      throw CommandFailure("\(error)")
    }
    print("described: \(status.described.count) file(s)")
    for path in status.missing { print("missing:   \(path)") }
    for path in status.unlisted { print("unlisted:  \(path)") }
    for note in status.changed { print("changed:   \(note.path) (\(note.reason))") }
    for note in status.unreadable { print("unreadable: \(note.path) (\(note.reason); `annota validate` says more)") }
    for note in status.refused { print("refused:   \(note.path) (\(note.reason); FILE-010)") }
    if status.todos > 0 { print("to do:     \(status.todos) TODO value(s) in the manifest") }
    if !status.isClean { throw ExitCode(1) }
  }
}
