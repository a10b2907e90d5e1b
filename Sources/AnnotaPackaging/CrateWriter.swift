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
  ///   - check: how the crate written is checked before it is reported.
  /// - Returns: the crate's file count and bytes (the metadata files included).
  /// - Throws: ``PackError`` (nothing is left at `destination` or beside it).
  public static func write(
    from root: String, manifest: Manifest, to destination: String, bag: BagWriter.Options? = nil,
    validation: String? = nil, imageMembers: [String: String] = [:], width: Int = 2, check: WrittenCheck = .recorded
  ) async throws(PackError) -> BagWriter.Summary {
    let sink = try PayloadSink(
      dataset: root, destination: destination, payloadFolder: bag == nil ? "" : "data",
      algorithms: algorithms(bag: bag), reserved: reserved)
    return try await write(
      sink, manifest: manifest, bag: bag, validation: validation, imageMembers: imageMembers, width: width,
      check: check)
  }

  /// Names the crate writes itself at its top.
  public static let reserved: Set<String> = [
    "ro-crate-metadata.json", CrateMetadata.fileList, CrateMetadata.bioStudiesFileList,
  ]

  /// The checksums a crate's files get: SHA-256 for the file list, and the bag's, if any.
  /// - Parameter bag: the envelope's options, or `nil`.
  /// - Returns: the algorithms.
  public static func algorithms(bag: BagWriter.Options?) -> Set<FixityAlgorithm> {
    Set([FixityAlgorithm.sha256]).union(bag?.algorithms ?? [])
  }

  /// Finishes a crate whose files `sink` has been receiving (made with `payloadFolder` `data` inside a
  /// bag, else empty, with ``algorithms(bag:)`` and ``reserved``): copies what it was not given, writes
  /// the file lists and the metadata, flushes once, renames into place and checks the crate.
  /// - Parameters:
  ///   - sink: the files being written.
  ///   - manifest: the dataset's manifest, with pairings resolved to files.
  ///   - bag: the envelope's options, or `nil` for a bare crate.
  ///   - validation: what validation said, recorded on the study (`annota:validation`).
  ///   - imageMembers: unlisted files that hold a listed image's pixels, each with that image's path.
  ///   - width: files copied at once.
  ///   - check: how the crate written is checked before it is reported.
  /// - Returns: the crate's file count and bytes (the metadata files included).
  /// - Throws: ``PackError`` (nothing is left at the destination or beside it).
  public static func write(
    _ sink: PayloadSink, manifest: Manifest, bag: BagWriter.Options? = nil, validation: String? = nil,
    imageMembers: [String: String] = [:], width: Int = 2, check: WrittenCheck = .recorded
  ) async throws(PackError) -> BagWriter.Summary {
    let destination = sink.destination
    do throws(PackError) {
      let crate = sink.folder
      let algorithms = algorithms(bag: bag)
      guard algorithms.isSubset(of: sink.algorithms) else {
        throw PackError(
          code: .io, message: "the files were hashed with other algorithms than the crate's", path: destination)
      }
      var copied = try await sink.finish(width: width)
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
      if let bag { _ = try BagWriter.writeTagFiles(sink.staging, payload: copied, options: bag) }
      try Staging.flush(sink.staging)
      guard rename(sink.staging, destination) == 0 else {
        throw PackError(
          code: .io, message: "cannot be renamed into place", path: destination, cause: FileStreaming.reason())
      }
      let written = WrittenSource(root: destination, check: check, payload: copied, prefix: bag == nil ? "" : "data/")
      var problems: [Diagnostic]
      if bag == nil {
        problems = await CrateVerifier.verify(source: written, width: width).findings
      } else {
        problems = await CrateVerifier.verify(source: PrefixedSource(base: written, prefix: "data"), width: width)
          .findings
        problems += await BagVerifier.verify(source: written, width: width).findings
      }
      if !problems.isEmpty {
        Staging.remove(destination)
        throw PackError(
          code: .verification, message: "the crate written does not verify: \(problems[0].message)", path: destination)
      }
      return BagWriter.Summary(files: copied.count, bytes: copied.reduce(0) { $0 + $1.size })
    } catch {
      sink.discard()
      throw error
    }
  }
}
