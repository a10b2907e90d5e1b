// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// The manifest an export starts from: found in the dataset folder and decoded, or an error that
/// says to run `annota validate`.
enum ExportManifest {
  /// Finds and decodes the manifest of `folder` (drafts too: an export reads what it needs).
  /// - Returns: the manifest's path and the manifest.
  /// - Throws: ``ExportError`` `.invalidManifest` when there is none or its structure does not decode.
  static func load(_ folder: String) throws(ExportError) -> (path: String, manifest: Manifest) {
    guard let path = ManifestReader.locate(in: folder) else {
      throw ExportError(code: .invalidManifest, message: "no manifest (annota.yaml or annota.json)", path: folder)
    }
    guard let manifest = ManifestReader.readDraft(contentsOf: path).manifest else {
      throw ExportError(
        code: .invalidManifest, message: "the manifest's structure does not decode; run annota validate", path: path)
    }
    return (path, manifest)
  }
}
