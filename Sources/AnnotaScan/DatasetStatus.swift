// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import FoundationEssentials

/// `annota status`: what a manifest describes, what it lists that is missing, what is on disk but
/// not listed, and what changed since its checksums and sizes were recorded.
public struct DatasetStatus: Sendable {
  /// Listed files present on disk.
  public var described: [String]
  /// Listed files absent from disk.
  public var missing: [String]
  /// Image and annotation files on disk the manifest does not list.
  public var unlisted: [String]
  /// Listed files whose checksum or size no longer matches, with what differs (`reason`).
  public var changed: [PathNote]
  /// `TODO` values left in the manifest, by JSON Pointer-ish key.
  public var todos: Int
  /// Links leaving the dataset, FIFOs and devices: never read, refused by `pack` (`FILE-010`).
  public var refused: [PathNote] = []
  /// Listed images whose header cannot be read (a damaged or truncated file), with the reason;
  /// `validate` decodes every pixel, `status` only the header.
  public var unreadable: [PathNote] = []

  /// Whether the manifest and the folder agree and no `TODO` is left.
  public var isClean: Bool {
    missing.isEmpty && unlisted.isEmpty && changed.isEmpty && todos == 0 && refused.isEmpty && unreadable.isEmpty
  }

  /// Compares the manifest in `root` with the files there.
  /// - Parameter root: the dataset folder.
  /// - Returns: the status.
  /// - Throws: `AnnotaImport/ImportError` when there is no manifest or its structure does not decode.
  public static func of(_ root: String) throws -> DatasetStatus {
    guard let manifestPath = ManifestReader.locate(in: root) else {
      throw ImportError(code: .invalidManifest, message: "no manifest; run `annota init` first", path: root)
    }
    if let conflict = ManifestReader.conflict(in: root) {
      throw ImportError(code: .invalidManifest, message: "\(conflict.message) (\(conflict.rule))", path: root)
    }
    guard let manifest = ManifestReader.readDraft(contentsOf: manifestPath).manifest else {
      throw ImportError(code: .invalidManifest, message: "the manifest's structure does not decode", path: manifestPath)
    }
    var listed: [(path: String, checksum: String?, size: Int?)] = manifest.images.map {
      ($0.path, $0.checksum, $0.sizeBytes)
    }
    listed += manifest.annotationSets.flatMap { $0.files.map { ($0.path, $0.checksum, nil) } }
    var status = DatasetStatus(described: [], missing: [], unlisted: [], changed: [], todos: 0)
    let listing = FolderScanner.listing(of: root)
    status.refused = listing.refused
    let onDisk = Set(listing.files)
    // A set with a pairing lists the files its pattern matches (SPEC §7), as validate reads them.
    for set in manifest.annotationSets {
      guard let pairing = set.pairing else { continue }
      listed += pairing.pairs(among: listing.files).map { ($0.annotation, nil, nil) }
    }
    for entry in listed {
      guard onDisk.contains(entry.path) else {
        status.missing.append(entry.path)
        continue
      }
      status.described.append(entry.path)
      let full = root + "/" + entry.path
      if let size = entry.size, let actual = (try? FileManager.default.attributesOfItem(atPath: full))?[.size] as? Int,
        actual != size
      {
        status.changed.append(PathNote(path: entry.path, reason: "size \(size) → \(actual) bytes"))
      } else if let checksum = entry.checksum, checksum.hasPrefix("sha256:"),
        let actual = try? FileDigest.sha256(full), "sha256:" + actual != checksum
      {
        status.changed.append(PathNote(path: entry.path, reason: "SHA-256 differs from the recorded checksum"))
      }
    }
    for image in manifest.images where onDisk.contains(image.path) {
      let file = FolderScanner.classify(image.path, in: root, readPixels: false)
      if let damage = file.notes.first(where: { $0.hasPrefix("a TIFF that cannot be read") }) {
        status.unreadable.append(PathNote(path: image.path, reason: damage))
      }
    }
    let listedPaths = Set(listed.map(\.path))
    // Instance tables travel with their label images, and the members of a multi-file OME-TIFF set
    // with the file that describes them; a draft's own manifest is not data.
    let companions = Set(listed.map { InstanceTable.path(forLabelImage: $0.path) })
      .union(DatasetScan.omeSetMembers(of: listed.map(\.path), root: root))
    for path in onDisk.sorted() where !listedPaths.contains(path) && !companions.contains(path) {
      let file = FolderScanner.classify(path, in: root, readPixels: false)
      if [.image, .labelImage, .shapes, .toolAnnotations].contains(file.role) { status.unlisted.append(path) }
    }
    let text = String(decoding: FileManagerBridge.contents(manifestPath) ?? [], as: UTF8.self)
    status.todos =
      text.split(separator: "\n").filter { $0.contains("\(DatasetDraft.todo)") && !$0.hasPrefix("#") }
      .filter { !$0.trimmingPrefix(while: { $0 == " " }).hasPrefix("#") }.count
    return status
  }
}
