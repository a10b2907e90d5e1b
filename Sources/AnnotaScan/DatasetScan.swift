// SPDX-License-Identifier: Apache-2.0

import AnnotaHDF5
import AnnotaImport
public import AnnotaModel
import FoundationEssentials

/// A dataset folder understood: its files classified, images grouped, annotations paired with
/// their source images by the BIA's five strategies, and what stayed unpaired or ambiguous.
public struct DatasetScan: Sendable {
  /// One annotation file paired with one source image.
  public struct Pair: Sendable, Hashable {
    /// The annotation file, relative to the folder.
    public var annotation: String
    /// The image (the representative path of a multi-file image).
    public var image: String
    /// The strategy that paired them (BIA `annotationSourceIndicator`).
    public var strategy: SourceIndicator
    /// The rule as a person would write it (`masks/{name}_mask.tif ↔ images/{name}.tif`).
    public var rule: String
  }

  /// One image, possibly made of several files (channels in sibling folders).
  public struct ImageEntry: Sendable {
    /// The path that names the image (the first file).
    public var path: String
    /// Every file of the image, in order (one for most images).
    public var files: [String]
    /// The classification of the first file.
    public var file: ScannedFile
    /// The files are channels in sibling folders (not the planes of one OME-TIFF set).
    public var isChannelGroup = false
  }

  /// The scanned folder.
  public var root: String
  /// Every file, classified, in path order.
  public var files: [ScannedFile]
  /// The images.
  public var images: [ImageEntry]
  /// Annotation files paired with images.
  public var pairs: [Pair]
  /// Annotation files with no source image found.
  public var unpaired: [String]
  /// Why an unpaired file stayed unpaired, where a candidate was turned down (its size disagreed).
  public var unpairedReasons: [String: String] = [:]
  /// An annotation file that matches several images equally well.
  public struct Ambiguity: Sendable, Hashable {
    /// The annotation file.
    public var annotation: String
    /// The images it could belong to.
    public var candidates: [String]
  }

  /// Annotation files that match several images equally well, with the candidates.
  public var ambiguous: [Ambiguity]
  /// Entries that are not read: links leaving the folder, FIFOs… (``FolderScanner/listing(of:)``).
  public var refused: [PathNote] = []

  /// Scans `root`.
  /// - Parameters:
  ///   - root: the dataset folder.
  ///   - readPixels: read candidate label images to confirm them and gather label statistics.
  /// - Returns: the scan.
  public static func scan(_ root: String, readPixels: Bool = true) -> DatasetScan {
    let listing = FolderScanner.listing(of: root)
    let files = listing.files.map { FolderScanner.classify($0, in: root, readPixels: readPixels) }
    var scan = DatasetScan(files: files, root: root)
    scan.refused = listing.refused
    return scan
  }

  /// Pairs already classified files.
  init(files: [ScannedFile], root: String) {
    self.root = root
    // A table that lists the pairs says which file is the image and which the annotation, whatever
    // their names suggest (`LabelImage.tif` can be an image; `gt/001.tif` a mask).
    var files = files
    Self.applyListingTables(&files, root: root)
    self.files = files
    images = Self.groupImages(files, root: root)
    pairs = []
    unpaired = []
    ambiguous = []
    var paired: Set<String> = []
    // 0. Raw image and label volume in one HDF5 file.
    for file in files where file.holdsImage && file.role == .image {
      pairs.append(
        Pair(
          annotation: file.path, image: file.path, strategy: .fileNameExactMatch, rule: "image and labels in one file"))
      paired.insert(file.path)
    }
    // Indexes, so pairing stays linear in the number of files (100 000 is normal).
    var imageOfFile: [String: String] = [:]
    var imagesByStem: [String: [String]] = [:]
    var imagesByFolder: [String: [String]] = [:]
    for entry in images {
      for file in entry.files { imageOfFile[file] = entry.path }
      imagesByStem[DatasetImporter.stem(of: entry.path), default: []].append(entry.path)
      imagesByFolder[Self.folder(of: entry.path), default: []].append(entry.path)
    }
    var imageByName: [String: [String]] = [:]
    for entry in images {
      imageByName[entry.path.split(separator: "/").last.map(String.init) ?? entry.path, default: []].append(entry.path)
    }
    // 1. A metadata table that lists the pairs.
    for table in files where table.format.isTable {
      for (annotation, image) in Self.listedPairs(table.path, root: root, files: files)
      where !paired.contains(annotation) {
        guard let entry = imageOfFile[image] else { continue }
        pairs.append(
          Pair(annotation: annotation, image: entry, strategy: .metadataFile, rule: "listed in \(table.path)"))
        paired.insert(annotation)
      }
    }
    let entryByPath = Dictionary(images.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    // 2–4. Label images by name: pattern, exact name in another folder, same folder. A label image is
    // never paired with an image whose spatial size disagrees with its own.
    for file in files where (file.role == .labelImage || file.role == .shapes) && !paired.contains(file.path) {
      let stem = DatasetImporter.stem(of: file.path)
      let base = Self.baseName(stem)
      var refusals: [String] = []
      func fits(_ image: String) -> Bool {
        guard let entry = entryByPath[image], let disagreement = Self.sizeDisagreement(file, entry.file) else {
          return true
        }
        refusals.append("\(image) is \(disagreement)")
        return false
      }
      let candidates = (imagesByStem[base] ?? []).filter(fits)
      defer {
        if !paired.contains(file.path), !refusals.isEmpty {
          unpairedReasons[file.path] =
            "its size is \(Self.describeSize(file)), but \(refusals.joined(separator: "; "))"
        }
      }
      if candidates.count == 1 {
        let image = candidates[0]
        let strategy: SourceIndicator = base != stem ? .fileNamePattern : .fileNameExactMatch
        pairs.append(
          Pair(
            annotation: file.path, image: image, strategy: strategy,
            rule: Self.rule(annotation: file.path, image: image, stem: stem, base: base)))
        paired.insert(file.path)
      } else if candidates.count > 1 {
        // Prefer the image closest in the tree (same folder, then same parent).
        let scored = candidates.map { ($0, Self.sharedDepth($0, file.path)) }
        let best = scored.map(\.1).max() ?? 0
        let winners = scored.filter { $0.1 == best }
        if winners.count == 1 {
          pairs.append(
            Pair(
              annotation: file.path, image: winners[0].0,
              strategy: base != stem ? .fileNamePattern : .fileNameExactMatch,
              rule: Self.rule(annotation: file.path, image: winners[0].0, stem: stem, base: base)))
          paired.insert(file.path)
        } else {
          ambiguous.append(Ambiguity(annotation: file.path, candidates: winners.map(\.0)))
          paired.insert(file.path)
        }
      } else {
        let folder = Self.folder(of: file.path)
        let sameFolder = imagesByFolder[folder] ?? []
        if sameFolder.count == 1, fits(sameFolder[0]) {
          pairs.append(
            Pair(
              annotation: file.path, image: sameFolder[0], strategy: .filePath,
              rule: "the only image in \(folder.isEmpty ? "the top folder" : folder + "/")"))
          paired.insert(file.path)
        }
      }
    }
    // 5. Tool files name their images inside (unless a table already paired them).
    for file in files where file.role == .toolAnnotations && !paired.contains(file.path) {
      let names = Set(
        (file.annotations?.images.map { $0.name.split(separator: "/").last.map(String.init) ?? $0.name } ?? [])
          + Self.ilastikInputs(root + "/" + file.path))
      let matched = names.sorted().flatMap { imageByName[$0] ?? [] }
      for image in matched {
        pairs.append(
          Pair(annotation: file.path, image: image, strategy: .other, rule: "image names inside \(file.path)"))
      }
      if !matched.isEmpty { paired.insert(file.path) }
    }
    unpaired = files.filter { [.labelImage, .shapes, .toolAnnotations].contains($0.role) && !paired.contains($0.path) }
      .map(\.path)
  }

  /// How `annotation`'s spatial size differs from `image`'s (X, Y, and Z where both know it), or
  /// `nil` when they agree or a size is unknown.
  static func sizeDisagreement(_ annotation: ScannedFile, _ image: ScannedFile) -> String? {
    guard annotation.role == .labelImage, let width = annotation.width, let height = annotation.height,
      let imageWidth = image.width, let imageHeight = image.height
    else { return nil }
    let depthsDiffer = (annotation.depth ?? 1) != (image.depth ?? 1) && annotation.depth != nil && image.depth != nil
    guard width != imageWidth || height != imageHeight || depthsDiffer else { return nil }
    return describeSize(image)
  }

  static func describeSize(_ file: ScannedFile) -> String {
    let planes = (file.depth ?? 1) > 1 ? "×\(file.depth!)" : ""
    return
      "\(file.width.map(String.init) ?? "?")×\(file.height.map(String.init) ?? "?")\(planes) (X×Y\(planes.isEmpty ? "" : "×Z"))"
  }

  /// The files of the multi-file OME-TIFF set `path` belongs to (a companion `.ome` file, a master
  /// OME-TIFF naming the others, or a member pointing at either): the file holding the metadata and
  /// the other members, as paths relative to `root`; `nil` for a single-file OME-TIFF or anything else.
  /// - Parameters:
  ///   - path: a file of the set, relative to `root`.
  ///   - root: the dataset folder.
  /// - Returns: the set's head and its other members, sorted.
  public static func omeSet(_ path: String, root: String) -> (head: String, members: [String])? {
    guard let dataset = try? OMETIFFReader.open(root + "/" + path) else { return nil }
    func relative(_ path: String) -> String? {
      let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
      let base = URL(fileURLWithPath: root).standardizedFileURL.path + "/"
      return standardized.hasPrefix(base) ? String(standardized.dropFirst(base.count)) : nil
    }
    let members = Set(dataset.planes.flatMap { $0 }.compactMap { $0.flatMap { relative($0.file) } })
      .union([relative(dataset.metadataPath)].compactMap { $0 })
    guard members.count > 1, let head = relative(dataset.metadataPath) else { return nil }
    return (head, members.subtracting([head]).sorted())
  }

  /// The other members of every multi-file OME-TIFF set whose head is among `paths` (relative to
  /// `root`): files a manifest describes by listing the head.
  /// - Parameters:
  ///   - paths: listed paths.
  ///   - root: the dataset folder.
  /// - Returns: the members.
  public static func omeSetMembers(of paths: [String], root: String) -> Set<String> {
    Set(omeSetHeads(of: paths, root: root).keys)
  }

  /// The other files of the multi-file OME-TIFF sets among `paths`, each with the path of the file
  /// that heads its set (the listed image whose pixels it holds).
  /// - Parameters:
  ///   - paths: listed image paths, relative to `root`.
  ///   - root: the dataset folder.
  /// - Returns: member path → head path.
  public static func omeSetHeads(of paths: [String], root: String) -> [String: String] {
    var heads: [String: String] = [:]
    for path in paths {
      let lower = path.lowercased()
      guard lower.hasSuffix(".ome.tif") || lower.hasSuffix(".ome.tiff") || lower.hasSuffix(".companion.ome"),
        let set = DatasetScan.omeSet(path, root: root), set.head == path
      else { continue }
      for member in set.members where heads[member] == nil { heads[member] = path }
    }
    return heads
  }

  /// Multi-file OME-TIFF sets (a companion `.ome` file or a master OME-TIFF naming the others) are
  /// one image, named by the file that holds the metadata; images of the same name in sibling folders
  /// under one parent (`exp1/DAPI/a.tif`, `exp1/GFP/a.tif`) are one multi-channel image; everything
  /// else is one image per file.
  static func groupImages(_ files: [ScannedFile], root: String) -> [ImageEntry] {
    var entries: [ImageEntry] = []
    var claimed: Set<String> = []
    let byPath = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    // Companions first: they name every file of their set.
    let omeCandidates = files.filter {
      $0.format == .omeTIFF || ($0.format == .omeXML && $0.path.lowercased().hasSuffix(".companion.ome"))
    }.sorted { ($0.format == .omeXML ? 0 : 1, $0.path) < ($1.format == .omeXML ? 0 : 1, $1.path) }
    for candidate in omeCandidates where !claimed.contains(candidate.path) {
      guard let set = omeSet(candidate.path, root: root) else { continue }
      let head = set.head
      let ordered = [head] + set.members
      var file = byPath[head] ?? candidate
      if file.width == nil, let inspection = try? FileInspector.inspect(root + "/" + head, labelStatistics: false),
        let image = inspection.images.first
      {
        let axes = Array(image.axes)
        func size(_ axis: Character) -> Int? { axes.firstIndex(of: axis).map { image.shape[$0] } }
        (file.width, file.height, file.depth, file.channels) = (size("X"), size("Y"), size("Z"), size("C"))
        file.timePoints = size("T")
        file.format = .omeTIFF
      }
      entries.append(ImageEntry(path: head, files: ordered, file: file))
      claimed.formUnion(ordered)
    }
    var groups: [String: [ScannedFile]] = [:]
    var order: [String] = []
    for file in files where file.role == .image && !claimed.contains(file.path) {
      let parent = folder(of: folder(of: file.path))
      let key = folder(of: file.path).isEmpty ? file.path : parent + "|" + DatasetImporter.stem(of: file.path)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(file)
    }
    for key in order {
      let members = groups[key]!
      // Channels only when each is alone in its folder under that name, the folders differ and are
      // named like channels (`DAPI`, `GFP`, `ch1`…); `run1/a.tif` and `run2/a.tif` stay two images.
      let folders = members.map { folder(of: $0.path) }
      if members.count > 1, Set(folders).count == members.count,
        folders.allSatisfy({ looksLikeChannel($0.split(separator: "/").last.map(String.init) ?? $0) })
      {
        entries.append(
          ImageEntry(path: members[0].path, files: members.map(\.path), file: members[0], isChannelGroup: true))
      } else {
        entries += members.map { ImageEntry(path: $0.path, files: [$0.path], file: $0) }
      }
    }
    return entries.sorted { $0.path < $1.path }
  }

  /// Channel folder names: `c1`, `ch01`, `channel_2`, `w1`, stains and fluorophores.
  static func looksLikeChannel(_ name: String) -> Bool {
    let lower = name.lowercased()
    let known = [
      "dapi", "hoechst", "gfp", "egfp", "yfp", "cfp", "rfp", "mcherry", "tdtomato", "fitc", "tritc", "cy3", "cy5",
      "alexa488", "alexa568", "alexa647", "bf", "brightfield", "phase", "dic", "nuclei", "membrane", "actin",
      "tubulin",
    ]
    if known.contains(lower) { return true }
    for prefix in ["channel", "ch", "c", "w"] where lower.hasPrefix(prefix) {
      let rest = lower.dropFirst(prefix.count).drop { $0 == "_" || $0 == "-" || $0 == " " }
      if !rest.isEmpty, rest.allSatisfy(\.isNumber) { return true }
    }
    return false
  }

  /// The stem without the usual mask affixes (`_mask`, `_labels`, `mask_`…).
  static func baseName(_ stem: String) -> String {
    var name = DatasetImporter.baseName(stem)
    for suffix in ["_cp_masks", "_masks", "_mask", "_label", "_seg", "_gt"] where name.lowercased().hasSuffix(suffix) {
      name = String(name.dropLast(suffix.count))
    }
    for prefix in ["mask_", "masks_", "label_", "labels_", "seg_", "gt_"] where name.lowercased().hasPrefix(prefix) {
      name = String(name.dropFirst(prefix.count))
    }
    return name
  }

  /// `masks/{name}_mask.tif ↔ images/{name}.tif` for one pair.
  static func rule(annotation: String, image: String, stem: String, base: String) -> String {
    func pattern(_ path: String, stem: String, name: String) -> String {
      let file = path.split(separator: "/").last.map(String.init) ?? path
      let folder = folder(of: path)
      let templated = file.replacing(name, with: "{name}", maxReplacements: 1)
      _ = stem
      return folder.isEmpty ? templated : folder + "/" + templated
    }
    return pattern(annotation, stem: stem, name: base) + " ↔ "
      + pattern(image, stem: DatasetImporter.stem(of: image), name: base)
  }

  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    return String(path[..<slash])
  }

  static func sharedDepth(_ a: String, _ b: String) -> Int {
    zip(a.split(separator: "/").dropLast(), b.split(separator: "/").dropLast()).prefix { $0 == $1 }.count
  }

  /// Gives the files a listing table pairs the roles the table gives them: images are images, and
  /// annotation files that hold integer single-channel pixels are label images.
  static func applyListingTables(_ files: inout [ScannedFile], root: String) {
    let index = Dictionary(files.indices.map { (files[$0].path, $0) }, uniquingKeysWith: { first, _ in first })
    for table in files where table.format.isTable {
      for (annotation, image) in listedPairs(table.path, root: root, files: files) {
        if let i = index[image], files[i].role == .labelImage {
          files[i].role = .image
          files[i].labels = nil
          files[i].notes.append("an image: \(table.path) lists it as one")
        }
        if let a = index[annotation], files[a].role == .image, files[a].format.holdsLabelImages,
          let labels = (try? FileInspector.inspect(root + "/" + annotation, labelStatistics: true))?.labels
        {
          files[a].role = .labelImage
          files[a].labels = labels
          files[a].notes.append("a label image: \(table.path) lists it as an annotation")
        }
      }
    }
  }

  /// Pairs listed in a TSV or CSV with an image column and an annotation column.
  static func listedPairs(_ table: String, root: String, files: [ScannedFile]) -> [(String, String)] {
    guard let data = FileManagerBridge.prefix(root + "/" + table, count: 16 << 20) else { return [] }
    let separator: Character = table.lowercased().hasSuffix(".csv") ? "," : "\t"
    let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
    guard
      let header = lines.first?.split(separator: separator, omittingEmptySubsequences: false).map({ $0.lowercased() })
    else { return [] }
    guard
      let imageColumn = header.firstIndex(where: { $0.contains("image") || $0.contains("source") || $0.contains("raw") }
      ),
      let annotationColumn = header.firstIndex(where: {
        $0 != header[imageColumn] && ["mask", "label", "annotation", "seg"].contains(where: $0.contains)
      })
    else { return [] }
    let known = Set(files.map(\.path))
    let base = folder(of: table)
    func resolve(_ cell: Substring) -> String? {
      let text = String(cell).trimmed.filter { $0 != "\"" }
      return [text, base.isEmpty ? text : base + "/" + text].first { known.contains($0) }
    }
    return lines.dropFirst().compactMap { line in
      let cells = line.split(separator: separator, omittingEmptySubsequences: false)
      guard cells.count > max(imageColumn, annotationColumn), let image = resolve(cells[imageColumn]),
        let annotation = resolve(cells[annotationColumn])
      else { return nil }
      return (annotation, image)
    }
  }

  /// The input files an ilastik project's lanes name (`in/cells.h5/data` → `cells.h5`).
  static func ilastikInputs(_ path: String) -> [String] {
    guard path.lowercased().hasSuffix(".ilp"), let file = try? HDF5File(path: path),
      let project = try? IlastikProjectLabels.read(file)
    else { return [] }
    return project.lanes.compactMap(\.inputName)
  }
}
