// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaScan

/// The dataset's files as the catalog records describe them: every annotation file with its set and
/// the images it annotates (listed files, then what pairing rules find), and the folder's listing.
struct CatalogFiles: Sendable {
  /// One annotation file.
  struct AnnotationFile: Sendable, Hashable {
    /// The set's id.
    var set: String
    /// The path, relative to the dataset.
    var path: String
    /// The image ids it annotates.
    var images: [String]
    /// The SHA-256 the manifest records for it, if any (hex).
    var sha256: String?
  }

  /// Every file in the dataset folder, relative, sorted.
  var listing: [String]
  /// Every annotation file, in set order, each once.
  var annotations: [AnnotationFile]

  /// Resolves the files of `manifest` in `folder`.
  init(_ manifest: Manifest, folder: String) {
    listing = FolderScanner.listing(of: folder).files.sorted()
    let byPath = Dictionary(manifest.images.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
    var result: [AnnotationFile] = []
    for set in manifest.annotationSets {
      var seen: Set<String> = []
      for file in set.files where seen.insert(file.path).inserted {
        result.append(
          AnnotationFile(set: set.id, path: file.path, images: file.sourceImages, sha256: Self.hex(file.checksum)))
      }
      for pair in set.pairing?.pairs(among: listing) ?? [] where seen.insert(pair.annotation).inserted {
        result.append(
          AnnotationFile(
            set: set.id, path: pair.annotation, images: pair.image.flatMap { byPath[$0] }.map { [$0] } ?? []))
      }
    }
    annotations = result
  }

  /// The hex digest of a manifest checksum written `sha256:<hex>`.
  static func hex(_ checksum: String?) -> String? {
    guard let checksum, checksum.hasPrefix("sha256:") else { return nil }
    return String(checksum.dropFirst("sha256:".count))
  }

  /// The media type of a file, by its extension.
  static func mediaType(_ path: String) -> String {
    let lower = path.lowercased()
    let table: [(String, String)] = [
      (".ome.tiff", "image/tiff"), (".ome.tif", "image/tiff"), (".tiff", "image/tiff"), (".tif", "image/tiff"),
      (".png", "image/png"), (".jpg", "image/jpeg"), (".jpeg", "image/jpeg"), (".geojson", "application/geo+json"),
      (".json", "application/json"), (".tsv", "text/tab-separated-values"), (".csv", "text/csv"),
      (".yaml", "application/yaml"), (".yml", "application/yaml"), (".xml", "application/xml"),
      (".h5", "application/x-hdf5"), (".hdf5", "application/x-hdf5"), (".npy", "application/octet-stream"),
      (".zip", "application/zip"),
    ]
    return table.first { lower.hasSuffix($0.0) }?.1 ?? "application/octet-stream"
  }

  /// The extension that groups a file (`ome.tif`, `tif`, `png`…).
  static func fileExtension(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let lower = name.lowercased()
    for suffix in ["ome.tiff", "ome.tif"] where lower.hasSuffix("." + suffix) { return suffix }
    guard let dot = lower.lastIndex(of: ".") else { return "" }
    return String(lower[lower.index(after: dot)...])
  }

  /// The folder of a relative path (empty at the top).
  static func folder(_ path: String) -> String {
    path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
  }

  /// What a Croissant FileSet `includes`: `folder/*.ext` when that pattern takes exactly `paths`
  /// from the listing, else the paths themselves; glob characters escaped either way.
  ///
  /// mlcroissant matches `includes` with Python's `fnmatch`, where `*` also crosses `/`: the
  /// pattern must not take a file of a subfolder either.
  func includes(_ paths: [String]) -> [String] {
    let folders = Set(paths.map(Self.folder))
    let extensions = Set(paths.map(Self.fileExtension))
    guard folders.count == 1, extensions.count == 1, let folder = folders.first, let ext = extensions.first,
      !ext.isEmpty
    else { return paths.map(Self.globEscaped) }
    let glob = (folder.isEmpty ? "" : Self.globEscaped(folder) + "/") + "*." + Self.globEscaped(ext)
    let matched = listing.filter { (folder.isEmpty || $0.hasPrefix(folder + "/")) && $0.hasSuffix("." + ext) }
    return Set(matched) == Set(paths) ? [glob] : paths.map(Self.globEscaped)
  }

  /// A path as an `fnmatch` pattern that matches only itself: `[`, `*` and `?` in brackets.
  static func globEscaped(_ path: String) -> String {
    var out = ""
    for character in path {
      switch character {
      case "[", "*", "?": out += "[\(character)]"
      default: out.append(character)
      }
    }
    return out
  }
}

/// The Croissant pattern escaping, for tests.
@_spi(Testing) public enum CatalogFilesProbe {
  /// A path as an `fnmatch` pattern that matches only itself.
  /// - Parameter path: the path.
  /// - Returns: the pattern.
  public static func escaped(_ path: String) -> String { CatalogFiles.globEscaped(path) }
}
