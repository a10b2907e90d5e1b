// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// A dataset named on the command line: a folder with a manifest, or the manifest file itself.
struct DatasetPath {
  /// The dataset root.
  let root: String
  /// The manifest file.
  let manifest: String

  /// Resolves `argument`.
  /// - Throws: `ValidationError`-style messages via ``CLIError`` when there is no manifest.
  init(_ argument: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
      throw CLIError.usage("\(argument): no such file or folder")
    }
    if isDirectory.boolValue {
      guard let found = ManifestReader.locate(in: argument) else {
        throw CLIError.usage(
          "\(argument): no manifest (\(ManifestSyntax.fileNames.joined(separator: ", "))) in this folder")
      }
      root = argument
      manifest = found
    } else {
      manifest = argument
      let parent = (argument as NSString).deletingLastPathComponent
      root = parent.isEmpty ? "." : parent
    }
  }

  /// `relative` resolved against the dataset root.
  func resolve(_ relative: String) -> String { root == "." ? relative : root + "/" + relative }
}

/// Errors the CLI reports before doing any work.
enum CLIError: Error, CustomStringConvertible {
  /// Bad arguments (exit 64).
  case usage(String)

  var description: String {
    switch self {
    case .usage(let message): message
    }
  }
}
