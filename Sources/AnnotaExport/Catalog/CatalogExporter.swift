// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
public import AnnotaModel
import Foundation

/// `annota export --to croissant|bioimageio|zenodo|datacite`: a catalog record written from the
/// manifest, after checking that the manifest has every field the catalog requires.
///
/// Nothing is written when a required field is missing: the error lists each gap with its place in
/// the manifest and the field to add. Output is deterministic (same dataset, same bytes) and written
/// under a temporary name, then renamed.
public enum CatalogExporter {
  /// What to write.
  public struct Options: Sendable {
    /// The catalog.
    public var target: CatalogTarget
    /// The file (bioimageio: the folder) to write; `nil` returns the text instead (not bioimageio).
    public var output: String?
    /// Zenodo community ids.
    public var communities: [String] = []

    /// Creates options.
    /// - Parameters:
    ///   - target: the catalog.
    ///   - output: the file or folder to write.
    public init(target: CatalogTarget, output: String?) {
      self.target = target
      self.output = output
    }
  }

  /// What was written.
  public struct Result: Sendable {
    /// The catalog.
    public var target: CatalogTarget
    /// The files written (absolute or as given), or empty when the record was returned as text.
    public var files: [String]
    /// The record's text when no output was given.
    public var text: String?
    /// Recommended fields the manifest lacks (the record is poorer without them).
    public var gaps: [CatalogGap]
    /// What a person should know (text shortened, a cover that could not be drawn).
    public var notes: [String]
  }

  /// Writes the record of the dataset in `folder`.
  /// - Parameters:
  ///   - folder: the dataset folder.
  ///   - options: the target and output.
  /// - Returns: what was written.
  /// - Throws: ``ExportError``: `.invalidManifest`, `.incomplete` (with every required gap),
  ///   `.conflict` for an output that is one of the dataset's own files or an existing bioimageio
  ///   folder, `.notWritten`.
  public static func export(_ folder: String, options: Options) throws(ExportError) -> Result {
    let (manifestPath, manifest) = try ExportManifest.load(folder)
    guard CatalogTarget.all.contains(options.target) else {
      throw ExportError(code: .unsupported, message: "no catalog named \(options.target)", path: folder)
    }
    let gaps = CatalogRequirements.gaps(in: manifest, for: options.target)
    let required = gaps.filter { $0.level == .required }
    if !required.isEmpty {
      throw ExportError(
        code: .incomplete,
        message: "the manifest lacks what a \(options.target) record requires; nothing was written:\n  "
          + required.map(\.description).joined(separator: "\n  "),
        path: manifestPath)
    }
    try refuseUnsafePaths(manifest, manifestPath: manifestPath)
    if let output = options.output {
      try refuseDatasetFile(output, manifest: manifest, folder: folder, manifestPath: manifestPath)
    }
    var notes: [String] = []
    let text: String
    switch options.target {
    case .zenodo: text = ZenodoRecord.metadata(manifest, communities: options.communities).prettyText
    case .datacite: text = DataCiteRecord.record(manifest).prettyText
    case .croissant:
      let files = CatalogFiles(manifest, folder: folder)
      let manifestName = String(manifestPath.split(separator: "/").last ?? "annota.yaml")
      var digests: [String: (sha256: String, size: Int)] = [:]
      for path in CroissantRecord.singleFiles(manifest, files: files, manifestName: manifestName) {
        let full = folder + "/" + path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
          let size = (attributes[.size] as? NSNumber)?.intValue
        else {
          throw ExportError(code: .unreadable, message: "the file cannot be read", path: full)
        }
        let digest: String
        do { digest = try FileDigest.sha256(full) } catch {
          throw ExportError(code: .unreadable, message: "the file cannot be read", path: full, cause: error)
        }
        // The record states the SHA-256 the manifest records: a file changed since is an error.
        if let recorded = files.annotations.first(where: { $0.path == path })?.sha256, recorded != digest {
          throw ExportError(
            code: .invalidManifest,
            message: "its SHA-256 is not the one the manifest records: the file changed; run annota validate",
            path: full)
        }
        digests[path] = (digest, size)
      }
      text = CroissantRecord.record(manifest, files: files, digests: digests).prettyText
      if let version = CatalogText.version(manifest), BioimageioRecord.semanticVersion(version) == nil {
        notes.append("croissant: version \(version) is not SemVer (1.2.3) and is left out")
      }
      if let output = options.output, !isInside(output, folder) {
        notes.append("croissant: the record's paths are relative to the dataset folder; publish it there")
      }
    case .bioimageio:
      guard let output = options.output else {
        throw ExportError(
          code: .unsupported, message: "bioimageio writes rdf.yaml, README.md and cover.png: give -o FOLDER",
          path: folder)
      }
      let files = try writeBioimageio(manifest, folder: folder, output: output, notes: &notes)
      return Result(target: options.target, files: files, gaps: gaps, notes: notes)
    default:
      throw ExportError(code: .unsupported, message: "no catalog named \(options.target)", path: folder)
    }
    guard let output = options.output else {
      return Result(target: options.target, files: [], text: text, gaps: gaps, notes: notes)
    }
    let parent = URL(fileURLWithPath: output).deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
      throw ExportError(code: .notWritten, message: "the folder \(parent) does not exist", path: output)
    }
    try CatalogOutput.replaceFile(output, with: Array(text.utf8))
    return Result(target: options.target, files: [output], gaps: gaps, notes: notes)
  }

  /// rdf.yaml, README.md and cover.png in a new folder.
  private static func writeBioimageio(_ manifest: Manifest, folder: String, output: String, notes: inout [String])
    throws(ExportError) -> [String]
  {
    let staging = try ExportFolder(output: output)
    do {
      let (cover, coverNote) = CoverImage.draw(manifest, folder: folder)
      if let coverNote { notes.append("bioimageio: \(coverNote)") }
      var coverEntry: (name: String, sha256: String)?
      if let cover {
        try staging.create("cover.png", bytes: cover.png)
        coverEntry = ("cover.png", try digest(staging.path("cover.png")))
        notes.append(
          "bioimageio: cover.png shows \(cover.image)"
            + (cover.set.map { " with set \($0) laid over it" } ?? " (no label image)"))
      }
      try staging.create("README.md", text: BioimageioRecord.readme(manifest, cover: coverEntry?.name))
      let readme = ("README.md", try digest(staging.path("README.md")))
      let rdf = BioimageioRecord.rdf(manifest, documentation: readme, cover: coverEntry, notes: &notes)
      try staging.create("rdf.yaml", text: rdf.yamlText)
      try staging.finish()
    } catch {
      staging.discard()
      throw error
    }
    return ["rdf.yaml", "README.md"].map { output + "/" + $0 }
      + (FileManager.default.fileExists(atPath: output + "/cover.png") ? [output + "/cover.png"] : [])
  }

  private static func digest(_ path: String) throws(ExportError) -> String {
    do { return try FileDigest.sha256(path) } catch {
      throw ExportError(code: .notWritten, message: "cannot read back what was written", path: path, cause: error)
    }
  }

  /// Records read files (Croissant's digests, bioimage.io's cover) and name them: a path that could
  /// lead out of the dataset is refused before anything is read.
  private static func refuseUnsafePaths(_ manifest: Manifest, manifestPath: String) throws(ExportError) {
    let paths =
      manifest.images.map { ("image", $0.path) }
      + manifest.annotationSets.flatMap { $0.files.map { ("annotation", $0.path) } }
    for (kind, path) in paths {
      if let problem = PathRules.problem(in: path, allowPlaceholders: false) {
        throw ExportError(code: .unsupported, message: "unsafe \(kind) path \(path): \(problem)", path: manifestPath)
      }
    }
  }

  /// A record must never replace the manifest or a file the manifest lists.
  private static func refuseDatasetFile(_ output: String, manifest: Manifest, folder: String, manifestPath: String)
    throws(ExportError)
  {
    let target = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
    // Listed files and those pairing rules find (a mask named by a pattern is the dataset's too).
    let protected =
      [manifestPath] + manifest.images.map { folder + "/" + $0.path }
      + CatalogFiles(manifest, folder: folder).annotations.map { folder + "/" + $0.path }
    for path in protected where URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path == target
    {
      throw ExportError(
        code: .conflict, message: "the output is one of the dataset's own files; choose another path", path: output)
    }
  }

  private static func isInside(_ output: String, _ folder: String) -> Bool {
    let parent = URL(fileURLWithPath: output).standardizedFileURL.deletingLastPathComponent().resolvingSymlinksInPath()
      .path
    return parent == URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
  }
}
