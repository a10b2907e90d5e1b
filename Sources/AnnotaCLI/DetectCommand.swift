// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota detect`: which annotation-tool format a file is, with the reasons for every candidate.
public struct DetectCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "detect",
    abstract: "Rank the annotation formats a file could be, with the reason for each.",
    discussion:
      "Formats: \(AnnotationFormats.registry.map(\.id.rawValue).joined(separator: ", ")). Exit 1 when none fits.")

  /// The file.
  @Argument(help: "An annotation file.")
  public var path: String

  /// Output format.
  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments: one file, not a folder.
  public func validate() throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ValidationError("\(path): a folder; detect takes one annotation file (`annota init` describes a folder)")
    }
  }

  /// Detects and prints.
  public func run() throws {
    guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure.missing(path, "file") }
    let candidates = AnnotationFormats.detect(path)
    switch format {
    case .json:
      let items = candidates.map { candidate -> JSONValue in
        .object([
          ("format", .string(candidate.format.rawValue)), ("confidence", .number(candidate.confidence)),
          ("reason", .string(candidate.reason)),
        ])
      }
      print(JSONValue.object([("path", .string(path)), ("candidates", .array(items))]).text)
    case .text:
      for candidate in candidates {
        print(
          "\(candidate.confidence > 0 ? "+" : "-") \(candidate.format) (\(candidate.confidence)): \(candidate.reason)")
      }
    }
    if !candidates.contains(where: { $0.confidence > 0 }) { throw ExitCode(1) }
  }
}
