// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Writes a BioImage Archive RO-Crate folder of a dataset.
///
/// The files go at their paths, hashed as they are copied, then `file_list.tsv` (with sizes and
/// SHA-256), the legacy BioStudies file list and `ro-crate-metadata.json`. Deterministic, staged under
/// a hidden name, renamed, verified.
public enum CrateWriter {
  /// Crates the dataset in `root` into a new folder `destination`, optionally inside a BagIt envelope
  /// (the crate as the bag's `data/`).
  /// - Parameters:
  ///   - root: the dataset folder (read only).
  ///   - manifest: its manifest, with pairings resolved to files.
  ///   - destination: the crate (or bag) folder to create; it must not exist.
  ///   - bag: the envelope's options, or `nil` for a bare crate.
  ///   - validation: what validation said, recorded on the study (`annota:validation`).
  ///   - imageMembers: unlisted files that hold a listed image's pixels (multi-file OME-TIFF members),
  ///     each with that image's path.
  ///   - width: files copied at once.
  /// - Returns: the crate's file count and bytes (the metadata files included).
  /// - Throws: ``PackError`` (nothing is left at `destination` or beside it).
  public static func write(
    from root: String, manifest: Manifest, to destination: String, bag: BagWriter.Options? = nil,
    validation: String? = nil, imageMembers: [String: String] = [:], width: Int = 2
  ) async throws(PackError) -> BagWriter.Summary {
    var info = stat()
    guard lstat(destination, &info) != 0 else {
      throw PackError(code: .exists, message: "already exists; a pack never overwrites", path: destination)
    }
    let entries = try PayloadWalk.files(in: root, linksInside: true)
    let reserved: Set<String> = ["ro-crate-metadata.json", CrateMetadata.fileList, CrateMetadata.bioStudiesFileList]
    if let clash = entries.first(where: { reserved.contains($0.path) }) {
      throw PackError(code: .unsafeInput, message: "the dataset holds a file the crate writes itself", path: clash.path)
    }
    let staging = Staging.path(for: destination)
    do throws(PackError) {
      guard mkdir(staging, 0o755) == 0 else {
        throw PackError(code: .io, message: "cannot be created", path: staging, cause: FileStreaming.reason())
      }
      let crate = bag == nil ? staging : staging + "/data"
      let algorithms = Set([FixityAlgorithm.sha256]).union(bag?.algorithms ?? [])
      var copied = try await PayloadCopy.copy(entries, into: crate, algorithms: algorithms, width: width)
      let rows = CrateMetadata.rows(
        copied.map { ($0.path, $0.size, $0.digests[.sha256]!) }, manifest: manifest, imageMembers: imageMembers)
      let files = [
        (CrateMetadata.fileList, CrateMetadata.fileListText(rows)),
        (CrateMetadata.bioStudiesFileList, CrateMetadata.bioStudiesText(rows)),
        // The metadata last: without it the folder is not a crate to any reader.
        (
          "ro-crate-metadata.json",
          CrateGraph.text(manifest, fileListColumns: CrateMetadata.columns, validation: validation)
        ),
      ]
      for (name, text) in files {
        try FileStreaming.writeFile(crate + "/" + name, text)
        var hasher = MultiHasher(algorithms)
        Array(text.utf8).withUnsafeBytes { hasher.update($0) }
        copied.append(PayloadCopy.Copied(path: name, size: text.utf8.count, digests: hasher.finalize()))
      }
      if let bag { _ = try BagWriter.writeTagFiles(staging, payload: copied, options: bag) }
      try Staging.flush(staging)
      guard rename(staging, destination) == 0 else {
        throw PackError(
          code: .io, message: "cannot be renamed into place", path: destination, cause: FileStreaming.reason())
      }
      var problems = await CrateVerifier.verify(bag == nil ? destination : destination + "/data", width: width).findings
      if bag != nil { problems += await BagVerifier.verify(destination, width: width).findings }
      if !problems.isEmpty {
        Staging.remove(destination)
        throw PackError(
          code: .verification, message: "the crate written does not verify: \(problems[0].message)", path: destination)
      }
      return BagWriter.Summary(files: copied.count, bytes: copied.reduce(0) { $0 + $1.size })
    } catch {
      Staging.remove(staging)
      throw error
    }
  }
}
