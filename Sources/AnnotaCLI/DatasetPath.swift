// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import ArgumentParser
import Foundation

/// A dataset named on the command line: a folder with a manifest, or the manifest file itself.
struct DatasetPath {
  /// The dataset root.
  let root: String
  /// The manifest file.
  let manifest: String

  /// Resolves `argument`.
  /// - Throws: ``CommandFailure`` (exit 2) when there is no such path or no manifest in the folder.
  init(_ argument: String) throws(CommandFailure) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
      throw CommandFailure.missing(argument, "dataset folder or manifest file")
    }
    if isDirectory.boolValue {
      guard let found = ManifestReader.locate(in: argument) else {
        throw CommandFailure(
          "\(argument): no manifest (\(ManifestSyntax.fileNames.joined(separator: ", "))) in this folder; "
            + "`annota init` writes one")
      }
      if let conflict = ManifestReader.conflict(in: argument) {
        throw CommandFailure("\(argument): \(conflict.message) (\(conflict.rule))")
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

  /// Reads and checks the manifest.
  func read() -> ManifestReadResult { ManifestReader.read(contentsOf: manifest) }
}
