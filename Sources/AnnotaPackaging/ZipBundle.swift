// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Zip bundles: a finished bundle folder zipped atomically, and a zip extracted into a private folder
/// for verification.
public enum ZipBundle {
  /// Zips the bundle folder `folder` into a new file `zip` (written under a hidden temporary name beside
  /// it, renamed at the end), then removes `folder` — also when zipping fails (a full disk), so a
  /// failed pack leaves nothing behind.
  /// - Parameters:
  ///   - folder: the finished bundle folder.
  ///   - zip: the zip file to create.
  ///   - forceZip64: Zip64 fields and records even when nothing needs them (for tests).
  /// - Throws: ``PackError``; nothing is left at `zip` on failure.
  public static func zip(folder: String, to zip: String, forceZip64: Bool = false) throws(PackError) {
    var info = stat()
    guard lstat(zip, &info) != 0 else {
      throw PackError(code: .exists, message: "already exists; a pack never overwrites", path: zip)
    }
    let staging = Staging.path(for: zip)
    do throws(PackError) {
      try ZipWriter.write(folder: folder, to: staging, forceZip64: forceZip64)
      guard rename(staging, zip) == 0 else {
        throw PackError(code: .io, message: "cannot be renamed into place", path: zip, cause: FileStreaming.reason())
      }
    } catch {
      Staging.remove(staging)
      Staging.remove(folder)
      throw error
    }
    Staging.remove(folder)
  }

  /// A hidden folder name beside `destination` for building a bundle that will be zipped.
  public static func buildFolder(for destination: String) -> String { Staging.path(for: destination) + "-folder" }

  /// Extracts `zip` into a new private folder (mode 0700, under `TMPDIR`), runs `body` on it, and removes
  /// it whatever happens.
  /// - Returns: the extraction's findings and `body`'s result (`nil` when the contents cannot be
  ///   verified).
  public static func withExtraction<T>(
    _ zip: String, _ body: (String) async -> T
  ) async -> (extraction: ZipReader.Extraction, result: T?) {
    let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array((base + "/annota-verify-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
      return (
        ZipReader.Extraction(
          findings: [ZipRules.structure.finding("no private temporary folder could be made", at: .init(file: zip))],
          unsupported: nil), nil
      )
    }
    let folder = String(cString: made)
    defer { Staging.remove(folder) }
    let extraction = ZipReader.extract(zip, into: folder)
    guard extraction.unsupported == nil else { return (extraction, nil) }
    return (extraction, await body(folder))
  }
}
