// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
public import AnnotaModel
import FoundationEssentials

/// A draft manifest inferred from a scanned folder (`annota init`): images with sizes, annotation
/// sets with their MIFA type, kind, labels and files, and `TODO` where only a person can say.
public enum DatasetDraft {
  /// The marker of a value a person must fill in.
  public static let todo = ManifestReader.todoMarker

  /// The manifest the scan describes.
  /// - Parameters:
  ///   - scan: the scanned folder.
  ///   - name: the folder's name, for the draft title.
  /// - Returns: the manifest and notes on what was inferred.
  public static func manifest(for scan: DatasetScan, name: String) -> (manifest: Manifest, notes: [String]) {
    let root = scan.root
    var notes: [String] = []
    var study = Study(
      title: "\(todo): a title for \(name)", description: "\(todo): what was imaged and annotated, and why",
      authors: [Author(name: "\(todo): the annotators and authors")], licence: todo)
    study.keywords = []
    var images: [AnnotaModel.Image] = []
    var idOf: [String: String] = [:]
    var used: Set<String> = []
    for entry in scan.images {
      let base = DatasetImporter.identifier(from: DatasetImporter.stem(of: entry.path))
      var id = base
      // Same names in different folders: qualify by the folder.
      if used.contains(id) {
        id = DatasetImporter.identifier(from: DatasetScan.folder(of: entry.path).replacing("/", with: "-") + "-" + base)
      }
      var suffix = 2
      while used.contains(id) {
        id = base + "-\(suffix)"
        suffix += 1
      }
      used.insert(id)
      idOf[entry.path] = id
      var image = AnnotaModel.Image(id: id, path: entry.path)
      image.format = entry.file.format.rawValue
      image.sizeBytes = entry.file.size
      if let width = entry.file.width, let height = entry.file.height {
        var dimensions = Dimensions(x: width, y: height)
        dimensions.z = entry.file.depth.flatMap { $0 > 1 ? $0 : nil }
        dimensions.c = entry.isChannelGroup ? entry.files.count : entry.file.channels.flatMap { $0 > 1 ? $0 : nil }
        dimensions.t = entry.file.timePoints.flatMap { $0 > 1 ? $0 : nil }
        image.dimensions = dimensions
      }
      image.physicalSize = entry.file.physicalSize
      if let damage = entry.file.notes.first(where: { $0.hasPrefix("a TIFF that cannot be read") }) {
        notes.append("\(entry.path): \(damage) — listed so that `annota validate` reports it (FILE-005)")
      }
      if entry.isChannelGroup {
        notes.append(
          "\(id): \(entry.files.count) files are one image, one channel each: \(entry.files.joined(separator: ", "))")
      } else if entry.files.count > 1 {
        notes.append("\(id): one OME-TIFF set of \(entry.files.count) files, described by \(entry.path)")
      }
      images.append(image)
    }
    var manifest = Manifest(study: study, images: images, annotationSets: [])
    var fileAt: [String: ScannedFile] = [:]
    for file in scan.files { fileAt[file.path] = file }
    var pairsOf: [String: [DatasetScan.Pair]] = [:]
    for pair in scan.pairs { pairsOf[pair.annotation, default: []].append(pair) }

    // Label images: one set per folder and pairing rule.
    var groups: [String: [DatasetScan.Pair]] = [:]
    var order: [String] = []
    for pair in scan.pairs {
      guard let file = fileAt[pair.annotation],
        file.role == .labelImage || file.role == .shapes || file.holdsImage
      else { continue }
      let key =
        DatasetScan.folder(of: pair.annotation) + "|" + pair.strategy.rawValue + "|" + file.role.rawValue + "|"
        + (file.format.isHDF5 ? "hdf5" : "")
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(pair)
    }
    var setIDs: Set<String> = []
    for key in order {
      let pairs = groups[key]!
      let folder = DatasetScan.folder(of: pairs[0].annotation)
      var id = DatasetImporter.identifier(from: folder.isEmpty ? "labels" : folder.replacing("/", with: "-"))
      while setIDs.contains(id) { id += "-2" }
      setIDs.insert(id)
      let place = folder.isEmpty ? "the top folder" : folder + "/"
      let paired = "Paired by \(pairs[0].strategy.rawValue): \(Self.commonRule(pairs))."
      func draftSet(
        _ what: String, _ overview: String, encoding: AnnotationEncoding,
        types: [AnnotationType] = [.segmentationMask]
      ) -> AnnotationSet {
        var set = AnnotationSet(
          id: id, name: "\(todo): a name for the \(what) in \(place)", overview: overview + " " + paired,
          types: types, encoding: encoding,
          files: pairs.map { AnnotationFile(path: $0.annotation, image: idOf[$0.image]) })
        set.method = "\(todo): how the annotations were made (tool, protocol)"
        return set
      }
      if fileAt[pairs[0].annotation]?.role == .shapes {
        let set = draftSet(
          "shapes", "\(pairs.count) GeoJSON file(s).", encoding: .geojson,
          types: shapeTypes(pairs.map { root + "/" + $0.annotation }))
        manifest.annotationSets.append(set)
        notes.append(
          "set \(id): \(pairs.count) GeoJSON file(s), paired by \(pairs[0].strategy.rawValue) (\(Self.commonRule(pairs)))"
        )
        continue
      }
      if let format = fileAt[pairs[0].annotation]?.format, format.isHDF5 {
        // Label volumes in HDF5 are not the spec's label images (TIFF): described, to be imported.
        manifest.annotationSets.append(
          draftSet(
            "label volumes",
            "\(pairs.count) HDF5 label volume(s) (\(format)); `annota import FILE --into .` writes them as label images.",
            encoding: .other))
        notes.append("set \(id): \(pairs.count) HDF5 label volume(s), to convert with `annota import`")
        continue
      }
      let statistics = pairs.compactMap { fileAt[$0.annotation]?.labels }
      let kinds = statistics.map(DatasetImporter.inferKind)
      let kind: AnnotationKind = kinds.filter { $0 == .semantic }.count * 2 > kinds.count ? .semantic : .instance
      let values = Set(statistics.flatMap { $0.labels.map(\.value) }).sorted()
      var set = draftSet(
        "annotations",
        "\(pairs.count) label image(s), \(kind.rawValue) (inferred from the pixels: \(values.count) distinct value(s) besides 0).",
        encoding: .labelImage)
      set.kind = kind
      if kind == .semantic {
        let table = LabelTable(
          id: id + "-labels",
          labels: [Label(value: 0, name: "background")]
            + values.map { Label(value: Int(truncatingIfNeeded: $0), name: "\(todo): class \($0)") })
        set.labelTable = table.id
        manifest.labelTables.append(table)
      }
      manifest.annotationSets.append(set)
      notes.append(
        "set \(id): \(pairs.count) file(s), \(kind.rawValue), paired by \(pairs[0].strategy.rawValue) (\(Self.commonRule(pairs)))"
      )
    }
    // Tool files: one set each, described as they are (convert them with `annota convert`).
    for file in scan.files where file.role == .toolAnnotations {
      let pairs = pairsOf[file.path] ?? []
      var id = DatasetImporter.identifier(from: DatasetImporter.stem(of: file.path))
      while setIDs.contains(id) { id += "-2" }
      setIDs.insert(id)
      let types = file.annotations.map { $0.mifaTypes } ?? [.other]
      let counts =
        file.annotations.map { $0.shapeCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" } } ?? []
      var set = AnnotationSet(
        id: id, name: "\(todo): a name for \(file.path)",
        overview:
          "A \(file.format) file\(counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")") describing \(pairs.count) image(s); `annota import` converts it to the spec's encodings.",
        types: types, encoding: .other,
        files: [Self.toolFile(file.path, images: pairs.compactMap { idOf[$0.image] })])
      set.method = "\(todo): how the annotations were made (tool, protocol)"
      manifest.annotationSets.append(set)
    }
    return (manifest, notes)
  }

  /// A tool file's entry: `image` when it annotates one image, `images` when several (a CVAT task).
  static func toolFile(_ path: String, images: [String]) -> AnnotationFile {
    var unique: [String] = []
    for id in images where !unique.contains(id) { unique.append(id) }
    return unique.count > 1
      ? AnnotationFile(path: path, images: unique) : AnnotationFile(path: path, image: unique.first)
  }

  /// MIFA types of GeoJSON files from the shapes they hold (unreadable files count as `other`).
  static func shapeTypes(_ paths: [String]) -> [AnnotationType] {
    var features: [ShapeFeature] = []
    for path in paths {
      guard let data = FileManagerBridge.contents(path), let collection = try? GeoJSONReader.read(data, path: path)
      else { continue }
      features += collection.features
    }
    let types = DatasetImporter.mifaTypes(features)
    return types.isEmpty ? [.other] : types
  }

  /// The manifest's YAML with a comment above every `TODO` saying what belongs there and where it
  /// goes in MIFA and REMBI (from the standard's own field declarations).
  /// - Parameter manifest: the draft.
  /// - Returns: YAML text.
  /// - Throws: encoding errors (a bug).
  public static func annotatedYAML(_ manifest: Manifest) throws -> String {
    let text = try ManifestWriter.text(for: manifest, syntax: .yaml)
    var out: [String] = [
      "# Draft written by `annota init`: fill in every TODO, then run `annota summary` and `annota status`."
    ]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.contains(todo) {
        let trimmed = line.drop { $0 == " " || $0 == "-" }
        let key = String(trimmed.prefix { $0 != ":" })
        let indent = String(line.prefix { $0 == " " })
        // Which object the line belongs to, from where the draft puts its TODOs.
        let object =
          line.contains("annotators and authors")
          ? "Author" : line.contains(": class ") ? "Label" : indent.count <= 2 ? "Study" : "AnnotationSet"
        if let field = fieldHelp[object + "." + key] { out.append("\(indent)# \(todo): \(field)") }
      }
      out.append(String(line))
    }
    return out.joined(separator: "\n")
  }

  /// What each field that can hold a `TODO` means, with its MIFA / REMBI place.
  static let fieldHelp: [String: String] = {
    var help: [String: String] = [:]
    for object in ["Study", "Author", "AnnotationSet", "Label"] {
      guard let spec = AnnotaSpec.object(object) else { continue }
      for field in spec.fields {
        var places: [String] = []
        if let mifa = field.crosswalk.mifa { places.append("MIFA \(mifa)") }
        if let rembi = field.crosswalk.rembi { places.append("REMBI \(rembi)") }
        help[object + "." + field.name] =
          field.summary + (places.isEmpty ? "" : " (" + places.joined(separator: "; ") + ")")
      }
    }
    return help
  }()
}

extension DatasetDraft {
  /// The rule that pairs a set's files, as one pattern: images of several extensions are written
  /// `images/{name}.{png,tif}` rather than as the first pair's extension.
  static func commonRule(_ pairs: [DatasetScan.Pair]) -> String {
    let rules = Array(Set(pairs.map(\.rule))).sorted()
    guard rules.count > 1 else { return rules.first ?? "" }
    let sides = rules.map { $0.components(separatedBy: " ↔ ") }
    func withoutExtension(_ path: String) -> String { path.lastIndex(of: ".").map { String(path[..<$0]) } ?? path }
    guard sides.allSatisfy({ $0.count == 2 }), Set(sides.map { $0[0] }).count == 1,
      Set(sides.map { withoutExtension($0[1]) }).count == 1
    else { return "\(rules[0]), and \(rules.count - 1) other rule(s)" }
    let extensions = Set(sides.compactMap { $0[1].split(separator: ".").last.map(String.init) }).sorted()
    return sides[0][0] + " ↔ " + withoutExtension(sides[0][1]) + ".{" + extensions.joined(separator: ",") + "}"
  }

  /// The study component a new image most likely belongs to: the one component of the listed images
  /// in its folder with its extension, else the study's only component; `nil` when that is unclear
  /// (validation then asks the person, MANIFEST-026).
  static func likelyComponent(of path: String, in manifest: Manifest) -> String? {
    guard !manifest.studyComponents.isEmpty else { return nil }
    func kind(_ path: String) -> (folder: Substring, suffix: Substring) {
      let slash = path.lastIndex(of: "/")
      let folder = slash.map { path[..<$0] } ?? ""
      let dot = path.lastIndex(of: ".")
      return (folder, dot.map { path[$0...] } ?? "")
    }
    let wanted = kind(path)
    let siblings = Set(
      manifest.images.filter { kind($0.path) == wanted }.compactMap(\.component))
    if siblings.count == 1 { return siblings.first }
    return manifest.studyComponents.count == 1 ? manifest.studyComponents[0].id : nil
  }

  /// `annota init --update`: the existing manifest with what is new on disk added, and nothing the
  /// person wrote changed.
  ///
  /// New images are appended; new files join the set the draft puts them in when the manifest has a
  /// set of that id, or arrive as a new set; label tables are added when their id is new.
  /// - Parameters:
  ///   - existing: the manifest as the person left it.
  ///   - draft: the manifest inferred from the folder now.
  /// - Returns: the merged manifest and what was added.
  public static func update(_ existing: Manifest, with draft: Manifest) -> (manifest: Manifest, added: [String]) {
    var merged = existing
    var added: [String] = []
    let knownImagePaths = Set(existing.images.map(\.path))
    var existingID: [String: String] = [:]
    for image in existing.images { existingID[image.path] = image.id }
    var imageIDs = Set(existing.images.map(\.id))
    // Draft image ids may collide with ids the person chose: map them.
    var idFor: [String: String] = [:]
    for image in draft.images {
      if let present = existingID[image.path] {
        idFor[image.id] = present
        continue
      }
      guard !knownImagePaths.contains(image.path) else { continue }
      var copy = image
      var suffix = 2
      while imageIDs.contains(copy.id) {
        copy.id = image.id + "-\(suffix)"
        suffix += 1
      }
      imageIDs.insert(copy.id)
      idFor[image.id] = copy.id
      copy.component = copy.component ?? Self.likelyComponent(of: copy.path, in: existing)
      merged.images.append(copy)
      added.append("image \(copy.path)")
    }
    let listedFiles = Set(existing.annotationSets.flatMap { $0.files.map(\.path) })
    // A file a set's pairing rule already matches is described by that rule, not new.
    let pairings = existing.annotationSets.compactMap { $0.pairing.map { PathPattern($0.annotations) } }
    for var set in draft.annotationSets {
      let newFiles = set.files.filter { file in
        !listedFiles.contains(file.path) && !pairings.contains { $0.match(file.path) != nil }
      }.map { file -> AnnotationFile in
        var copy = file
        copy.image = file.image.map { idFor[$0] ?? $0 }
        copy.images = file.images.map { idFor[$0] ?? $0 }
        return copy
      }
      guard !newFiles.isEmpty else { continue }
      // The set the person already has for such files: the draft's id, or else the one set whose
      // files sit in the same folder with the same extension (the person may have renamed it).
      let home =
        merged.annotationSets.firstIndex { $0.id == set.id }
        ?? Self.onlySetHolding(newFiles[0].path, in: merged.annotationSets, encoding: set.encoding)
      if let index = home {
        merged.annotationSets[index].files += newFiles
      } else {
        set.files = newFiles
        if let table = draft.labelTables.first(where: { $0.id == set.labelTable }),
          !merged.labelTables.contains(where: { $0.id == table.id })
        {
          merged.labelTables.append(table)
        }
        merged.annotationSets.append(set)
      }
      let joined = home.map { merged.annotationSets[$0].id } ?? set.id
      added += newFiles.map { "annotation file \($0.path) (set \(joined))" }
    }
    return (merged, added)
  }

  /// The index of the only set of `encoding` with a file in the same folder and with the same
  /// extension as `path`; `nil` when there is none or several.
  static func onlySetHolding(_ path: String, in sets: [AnnotationSet], encoding: AnnotationEncoding) -> Int? {
    func shape(_ path: String) -> (folder: Substring, suffix: Substring) {
      let folder = path.lastIndex(of: "/").map { path[..<$0] } ?? ""
      let suffix = path.lastIndex(of: ".").map { path[$0...] } ?? ""
      return (folder, suffix)
    }
    let wanted = shape(path)
    let candidates = sets.indices.filter { index in
      sets[index].encoding == encoding
        && sets[index].files.contains {
          let other = shape($0.path); return other == wanted
        }
    }
    return candidates.count == 1 ? candidates[0] : nil
  }

  /// `annota init --update` on the manifest file's text: what is new on disk added, and the file
  /// byte for byte as it was outside the added lines (comments, order, quoting, the person's edits).
  ///
  /// A YAML manifest is extended in place (`ManifestTextSplice`); a JSON one, which has no comments
  /// to lose, is rewritten in canonical form. `reformat` rewrites a YAML one too (dropping its
  /// comments), for a manifest whose lists cannot be extended in place.
  /// - Parameters:
  ///   - text: the manifest file's text.
  ///   - syntax: its syntax.
  ///   - existing: the manifest the text holds.
  ///   - draft: the manifest inferred from the folder now.
  ///   - reformat: rewrite rather than extend.
  /// - Returns: the new text (`nil` when nothing is new: the file is left alone) and what was added.
  /// - Throws: `ManifestTextSplice/Refusal` when a list cannot be extended in place, or the writer's
  ///   error.
  public static func updatedText(
    _ text: String, syntax: ManifestSyntax, existing: Manifest, draft: Manifest, reformat: Bool = false
  ) throws -> (text: String?, added: [String]) {
    let (merged, added) = update(existing, with: draft)
    guard !added.isEmpty else { return (nil, []) }
    if syntax == .json || reformat { return (try ManifestWriter.text(for: merged, syntax: syntax), added) }
    return (try ManifestTextSplice.append(to: text, existing: existing, merged: merged), added)
  }
}
