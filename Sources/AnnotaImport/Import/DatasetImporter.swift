// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

/// Imports a foreign file into a dataset: writes the annotations in the spec's encodings under
/// `annotations/<set>/`, adds the annotation set to the manifest with provenance, and checks the
/// result before anything is written.
///
/// The source file is never modified.
public enum DatasetImporter {
  /// The converter's version recorded in provenance.
  public static let converterVersion = AnnotaToolkit.version

  /// Imports `source` into the dataset at `root`.
  /// - Parameters:
  ///   - source: a label TIFF, OME-TIFF or OME-XML file.
  ///   - root: the dataset folder (with a manifest).
  ///   - options: how.
  /// - Returns: what was done.
  /// - Throws: ``ImportError`` (nothing is written then), or inspection errors for unreadable sources.
  public static func importFile(_ source: String, into root: String, options: ImportOptions = ImportOptions()) throws
    -> ImportResult
  {
    guard let manifestPath = ManifestReader.locate(in: root) else {
      throw ImportError(
        code: .invalidManifest, message: "no manifest (annota.yaml or annota.json) in this folder", path: root)
    }
    if let conflict = ManifestReader.conflict(in: root) {
      throw ImportError(code: .invalidManifest, message: "\(conflict.message) (\(conflict.rule))", path: root)
    }
    let read = ManifestReader.read(contentsOf: manifestPath)
    guard var manifest = read.manifest else {
      let first = read.diagnostics.first.map { ": \($0)" } ?? ""
      throw ImportError(
        code: .invalidManifest, message: "the manifest does not conform; fix it first\(first)", path: manifestPath)
    }
    let syntax = ManifestSyntax.forPath(manifestPath)
    let current = FileManager.default.contents(atPath: manifestPath).map { String(decoding: $0, as: UTF8.self) }
    let original = manifest
    // A hand-edited YAML manifest (the draft `init` writes, with its comments) is extended in place
    // when the import only adds; rewriting it would lose the comments and layout.
    let canonical = current == (try? ManifestWriter.text(for: manifest, syntax: syntax))
    let extendInPlace = !canonical && !options.reformat && syntax == .yaml && current != nil
    let notCanonical = ImportError(
      code: .conflict,
      message:
        "the manifest is not in canonical form, so rewriting it would lose its comments or layout; run `annota format` to see the canonical form, or pass --reformat",
      path: manifestPath)
    if !canonical, !options.reformat, !extendInPlace { throw notCanonical }
    func render(_ updated: Manifest) throws -> String {
      guard extendInPlace, let current else { return try ManifestWriter.text(for: updated, syntax: syntax) }
      do {
        return try ManifestTextSplice.append(to: current, existing: original, merged: updated)
      } catch {
        throw ImportError(
          code: .conflict, message: "\(error); pass --reformat to rewrite the manifest (its comments are lost)",
          path: manifestPath)
      }
    }

    let plan = try plan(source, manifest: manifest, options: options)

    // Merge into the manifest, refusing silent replacement.
    for set in plan.sets {
      if let existing = manifest.annotationSets.firstIndex(where: { $0.id == set.id }) {
        // Replacing is not adding: a hand-edited manifest is then rewritten only when asked.
        if extendInPlace { throw notCanonical }
        guard options.replace else {
          throw ImportError(
            code: .conflict,
            message:
              "the manifest already has an annotation set `\(set.id)`; choose another --set-id or pass --replace",
            path: manifestPath)
        }
        manifest.annotationSets.remove(at: existing)
      }
      manifest.annotationSets.append(set)
    }
    for table in plan.labelTables {
      if extendInPlace, manifest.labelTables.contains(where: { $0.id == table.id }), options.replace {
        throw notCanonical
      }
      manifest.labelTables.removeAll { $0.id == table.id && options.replace }
      guard !manifest.labelTables.contains(where: { $0.id == table.id }) else {
        throw ImportError(
          code: .conflict, message: "the manifest already has a label table `\(table.id)`", path: manifestPath)
      }
      manifest.labelTables.append(table)
    }
    for file in plan.files {
      let target = root + "/" + file.path
      if FileManager.default.fileExists(atPath: target), !options.replace {
        throw ImportError(code: .conflict, message: "\(file.path) exists; pass --replace to overwrite it", path: root)
      }
    }
    // Check the new manifest before writing anything.
    let text = try render(manifest)
    let check = ManifestReader.read(bytes: Array(text.utf8), syntax: syntax, file: manifestPath)
    if check.hasErrors {
      throw ImportError(
        code: .invalidManifest,
        message:
          "the updated manifest would not conform: \(check.diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "; "))",
        path: manifestPath)
    }
    if options.dryRun {
      var result = ImportResult(
        sets: manifest.annotationSets.filter { set in plan.sets.contains { $0.id == set.id } },
        files: plan.files.map(\.path), manifest: manifestPath, notes: plan.notes)
      result.written = false
      result.labelTables = plan.labelTables
      return result
    }
    var written: [String] = []
    for file in plan.files {
      let target = root + "/" + file.path
      try FileManager.default.createDirectory(atPath: Self.parent(of: target), withIntermediateDirectories: true)
      try file.write(target)
      written.append(file.path)
    }
    // Record checksums of what was written, then write the manifest last (atomically).
    for (s, set) in manifest.annotationSets.enumerated() where plan.sets.contains(where: { $0.id == set.id }) {
      for (f, file) in set.files.enumerated() where written.contains(file.path) {
        manifest.annotationSets[s].files[f].checksum = "sha256:" + (try FileDigest.sha256(root + "/" + file.path))
      }
    }
    try Data(try render(manifest).utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic)
    var result = ImportResult(
      sets: manifest.annotationSets.filter { set in plan.sets.contains { $0.id == set.id } }, files: written,
      manifest: manifestPath, notes: plan.notes)
    result.labelTables = plan.labelTables
    return result
  }
}
