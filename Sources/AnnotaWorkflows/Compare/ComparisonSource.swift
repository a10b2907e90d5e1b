// SPDX-License-Identifier: Apache-2.0

public import AnnotaModel
import AnnotaScan
import Foundation

/// One side of a comparison: an annotation set of a dataset, or a file or folder of label images,
/// as files keyed by the image they annotate.
public struct ComparisonSource: Sendable {
  /// One annotation file and the image it annotates.
  public struct Entry: Sendable, Hashable {
    /// What pairs it with the other side: the image id (a set), or the path without its extension
    /// relative to the folder (a folder).
    public var key: String
    /// The file's path as it can be opened.
    public var path: String
    /// The physical pixel size along x, y (and z) from the manifest, when it states one.
    public var pixelSize: [Double]?
    /// The unit of ``pixelSize`` (`um`…).
    public var pixelUnit: String?
    /// For an annotation tool's file: this image's shapes, drawn into a label image when compared.
    var shapes: ShapeLabels.Image?
  }

  /// How the report names this side: the set id, or the path as given.
  public var name: String
  /// The files, in the order found.
  public var entries: [Entry]
  /// Whether the annotations are instances or classes, when the manifest says.
  public var kind: AnnotationKind?
  /// The class values of the set's label table, when it has one.
  public var classes: [Int]?
  /// The label table's names by value, for reports.
  public var classNames: [Int: String] = [:]
  /// The dataset folder, for a set (where `--record` writes).
  public var dataset: String?
  /// What a set's files hold, when it is not label images (`annota compare` measures label images).
  public var otherEncoding: String?
  /// Every file of a set, whatever it annotates (a class table covers many images).
  public var files: [String] = []
  /// A set's files with the image each annotates, when the manifest names one.
  var toolInputs: [ToolFiles.Input] = []
  /// Whether the set is a class table (image-level labels).
  public var isClassTable = false
  /// What reading the side's files left out (shapes without an area, images without a size).
  public var notes: [String] = []
  /// Whether entries are paired by file name only (folders) or by image id (sets and single files).
  var pairsByName: Bool

  /// The files of annotation set `id` of the dataset at `folder`, keyed by image id.
  ///
  /// Listed files and the files a `pairing` rule matches on disk (SPEC §7) both count.
  /// - Parameters:
  ///   - id: the set's id.
  ///   - folder: the dataset folder.
  /// - Returns: the source.
  /// - Throws: ``CompareError`` when there is no manifest, it does not decode, or it has no such set.
  public static func annotationSet(_ id: String, in folder: String) throws(CompareError) -> ComparisonSource {
    let manifest = try manifest(in: folder)
    guard let set = manifest.annotationSets.first(where: { $0.id == id }) else {
      let known = manifest.annotationSets.map(\.id).joined(separator: ", ")
      throw CompareError(
        code: .unknownSet, message: "no annotation set \(id); the manifest declares \(known)", path: folder)
    }
    let images = Dictionary(manifest.images.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    func entry(_ key: String, _ path: String, image: String?) -> Entry {
      guard let size = image.flatMap({ images[$0] })?.physicalSize else { return Entry(key: key, path: path) }
      return Entry(
        key: key, path: path, pixelSize: [size.x, size.y] + (size.z.map { [$0] } ?? []), pixelUnit: size.unit)
    }
    var entries: [Entry] = []
    for file in set.files {
      guard let image = file.image else { continue }
      entries.append(entry(image, folder + "/" + file.path, image: image))
    }
    if let pairing = set.pairing {
      let byPath = Dictionary(manifest.images.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
      for pair in pairing.pairs(among: FolderScanner.listing(of: folder).files) {
        guard let imagePath = pair.image else { continue }
        entries.append(entry(byPath[imagePath] ?? imagePath, folder + "/" + pair.annotation, image: byPath[imagePath]))
      }
    }
    let table = set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id } }
    var source = ComparisonSource(name: id, entries: entries, kind: set.kind, dataset: folder, pairsByName: false)
    source.files = set.files.map { folder + "/" + $0.path }
    source.toolInputs = set.files.map { ToolFiles.Input(path: folder + "/" + $0.path, image: $0.image) }
    source.isClassTable = set.encoding == .classTable
    if set.encoding != .labelImage {
      source.otherEncoding = ([set.encoding.rawValue] + set.types.map(\.rawValue)).joined(separator: ", ")
    }
    if let table {
      source.classes = table.labels.map(\.value).filter { $0 != 0 }
      source.classNames = Dictionary(table.labels.map { ($0.value, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
    return source
  }

  /// The annotation sets of a dataset, by id, for agreement between annotators.
  /// - Parameter folder: the dataset folder.
  /// - Returns: the set ids, in manifest order.
  /// - Throws: ``CompareError`` when there is no manifest or it does not decode.
  public static func setIDs(in folder: String) throws(CompareError) -> [String] {
    try manifest(in: folder).annotationSets.map(\.id)
  }

  /// A label image file (or a class table, `.tsv`), or a folder of label images keyed by their path
  /// without the extension.
  /// - Parameter path: a file or folder.
  /// - Returns: the source.
  /// - Throws: ``CompareError`` when the path does not exist.
  public static func path(_ path: String) throws(CompareError) -> ComparisonSource {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CompareError(code: .missingInput, message: "no such file or folder; check the path", path: path)
    }
    guard isFolder.boolValue else {
      var source = ComparisonSource(
        name: path,
        entries: [Entry(key: stem(of: path.split(separator: "/").last.map(String.init) ?? path), path: path)],
        pairsByName: false)
      // An annotation tool's file: one entry per image, its shapes drawn as instance masks.
      if ShapeLabels.isShapeFile(path) {
        let loaded = try ShapeLabels.load(path)
        // Keyed like a folder's files, without the extension: `img1.png` pairs with `img1_mask.tif`.
        source.entries = loaded.images.map { Entry(key: stem(of: $0.name), path: path, shapes: $0.image) }
        source.notes = loaded.notes
        source.pairsByName = true
      }
      // A TSV is a class table (SPEC §5.5): image-level labels, not pixels.
      if path.lowercased().hasSuffix(".tsv") {
        source.files = [path]
        source.isClassTable = true
      }
      return source
    }
    let root = path.hasSuffix("/") ? String(path.dropLast()) : path
    let files = FolderScanner.listing(of: root).files.filter { !$0.split(separator: "/").last!.hasPrefix(".") }
    return ComparisonSource(
      name: path, entries: files.map { Entry(key: stem(of: $0), path: root + "/" + $0) }, pairsByName: true)
  }

  /// A path without its extension: `a/b.ome.tif` → `a/b`.
  static func stem(of path: String) -> String {
    var result = Substring(path)
    for suffix in [".ome.tiff", ".ome.tif"] where result.lowercased().hasSuffix(suffix) {
      return String(result.dropLast(suffix.count))
    }
    if let dot = result.lastIndex(of: "."), !result[dot...].contains("/") { result = result[..<dot] }
    return String(result)
  }

  private static func manifest(in folder: String) throws(CompareError) -> Manifest {
    guard let path = ManifestReader.locate(in: folder) else {
      throw CompareError(code: .invalidManifest, message: "no manifest (annota.yaml or annota.json)", path: folder)
    }
    guard let manifest = ManifestReader.readDraft(contentsOf: path).manifest else {
      throw CompareError(
        code: .invalidManifest, message: "the manifest's structure does not decode; run annota validate", path: path)
    }
    return manifest
  }
}
