// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// A Croissant record's `distribution` and `recordSet`: what files there are, and how they pair.
enum CroissantResources {
  /// A group of files of one folder and format.
  private struct Group {
    var id: String
    var paths: [String]
    var mediaType: String
  }

  /// The files described one by one: annotation files of sets that keep several images in a file.
  static func singleFiles(_ manifest: Manifest, files: CatalogFiles) -> [String] {
    files.annotations.filter { $0.images.count != 1 }.map(\.path)
  }

  static func build(_ manifest: Manifest, files: CatalogFiles, digests: [String: (sha256: String, size: Int)])
    -> (distribution: [JSONValue], recordSets: [JSONValue])
  {
    var distribution: [JSONValue] = []
    var recordSets: [JSONValue] = []
    var usedIDs: Set<String> = []
    func unique(_ base: String) -> String {
      var id = slug(base)
      var counter = 2
      while !usedIDs.insert(id).inserted {
        id = slug(base) + "-\(counter)"
        counter += 1
      }
      return id
    }

    // The manifest and every file kept whole: FileObjects with their SHA-256.
    for (path, digest) in digests.sorted(by: { $0.key < $1.key }) {
      distribution.append(
        .object([
          ("@type", "cr:FileObject"), ("@id", .string(unique("file-" + path))), ("name", .string(path)),
          ("contentUrl", .string(path)), ("contentSize", .string("\(digest.size) B")),
          ("encodingFormat", .string(CatalogFiles.mediaType(path))), ("sha256", .string(digest.sha256)),
        ]))
    }

    // Splits (Croissant's cr:Split convention) and label tables, inline.
    let splitNames = orderedUnique(manifest.images.compactMap(\.split))
    let splitRecordSet = splitNames.isEmpty ? nil : "splits"
    if !splitNames.isEmpty {
      usedIDs.insert("splits")
      recordSets.append(
        recordSet(
          "splits", dataType: "cr:Split", key: ["name"],
          fields: [("name", "sc:Text", nil), ("url", "sc:URL", nil)],
          data: splitNames.map { [("name", .string($0)), ("url", .string(splitURL($0)))] }))
    }
    var labelRecordSets: [String: String] = [:]
    for table in manifest.labelTables {
      let id = unique("labels-" + table.id)
      labelRecordSets[table.id] = id
      recordSets.append(
        recordSet(
          id, description: table.description ?? "The label values of label table \(table.id).", key: ["value"],
          fields: [
            ("value", "sc:Integer", nil), ("name", "sc:Text", nil), ("term", "sc:Text", "ontology term (CURIE)"),
          ],
          data: table.labels.map {
            [("value", .number(Double($0.value))), ("name", .string($0.name)), ("term", .string($0.term ?? ""))]
          }))
    }

    // Images: per folder and format, a FileSet, an inline list of its images (id, split, size,
    // the manifest's SHA-256) and a record set joining the two on the file name (unique within one
    // folder; mlcroissant joins on names, not on paths).
    let imagesByPath = Dictionary(manifest.images.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    let withSize = !manifest.images.isEmpty && manifest.images.allSatisfy { $0.physicalSize != nil }
    let sizeFields: [(String, String, String?)] =
      withSize
      ? [
        ("pixel_size_x", "sc:Float", "physical size of a pixel along x"),
        ("pixel_size_y", "sc:Float", "physical size of a pixel along y"), ("pixel_size_unit", "sc:Text", nil),
      ] : []
    func sizeColumns(_ image: AnnotaModel.Image?) -> [(String, JSONValue)] {
      guard withSize, let size = image?.physicalSize else { return [] }
      return [
        ("pixel_size_x", .number(size.x)), ("pixel_size_y", .number(size.y)), ("pixel_size_unit", .string(size.unit)),
      ]
    }
    let digestField: (String, String, String?) = ("sha256", "sc:Text", "the file's SHA-256, as the manifest records it")
    let imagesHaveDigests =
      !manifest.images.isEmpty && manifest.images.allSatisfy { CatalogFiles.hex($0.checksum) != nil }
    let imageFields: [(String, String, String?)] =
      [("path", "sc:Text", nil), ("id", "sc:Text", "the image's id in the manifest"), ("split", "sc:Text", nil)]
      + sizeFields + (imagesHaveDigests ? [digestField] : [])
    for group in groups(manifest.images.map(\.path), prefix: "images") {
      let fileSet = unique(group.id + "-files")
      distribution.append(fileSetJSON(fileSet, group: group, files: files))
      let id = unique(group.id)
      let rows = group.paths.map { path -> [(String, JSONValue)] in
        let image = imagesByPath[path]
        var row: [(String, JSONValue)] =
          [("path", .string(path)), ("id", .string(image?.id ?? "")), ("split", .string(image?.split ?? ""))]
          + sizeColumns(image)
        if imagesHaveDigests { row.append(("sha256", .string(CatalogFiles.hex(image?.checksum) ?? ""))) }
        return row
      }
      recordSets += joined(
        id, fileSet: fileSet, content: ("image", "sc:ImageObject", nil), listFields: imageFields, rows: rows,
        description: "The \(CatalogFiles.fileExtension(group.paths[0])) images with their id, split and pixel size.",
        splits: splitRecordSet, unique: unique)
    }

    // Annotation sets: a list of each file and the image(s) it annotates; label images are also
    // record sets with the mask itself, per folder and format.
    let imagesByID = Dictionary(manifest.images.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for set in manifest.annotationSets {
      let setFiles = files.annotations.filter { $0.set == set.id }
      // Each file with its image (id, path, split, pixel size), the set's label table (the
      // RecordSet of its values, names and ontology terms) and the manifest's SHA-256.
      let labels = set.labelTable.flatMap { labelRecordSets[$0] }
      let withDigests = !setFiles.isEmpty && setFiles.allSatisfy { $0.sha256 != nil }
      let pairFields: [(String, String, String?)] =
        [
          ("file", "sc:Text", nil), ("image_id", "sc:Text", nil), ("image_path", "sc:Text", nil),
          ("split", "sc:Text", nil),
        ]
        + sizeFields
        + (labels == nil ? [] : [("label_table", "sc:Text", "the RecordSet of the labels' values, names and terms")])
        + (withDigests ? [digestField] : [])
      func pairRow(_ file: CatalogFiles.AnnotationFile, _ imageID: String) -> [(String, JSONValue)] {
        let image = imagesByID[imageID]
        var row: [(String, JSONValue)] =
          [
            ("file", .string(file.path)), ("image_id", .string(imageID)), ("image_path", .string(image?.path ?? "")),
            ("split", .string(image?.split ?? "")),
          ] + sizeColumns(image)
        if let labels { row.append(("label_table", .string(labels))) }
        if withDigests { row.append(("sha256", .string(file.sha256 ?? ""))) }
        return row
      }
      let perImage = setFiles.filter { $0.images.count == 1 }
      for group in groups(perImage.map(\.path), prefix: set.id) {
        let fileSet = unique(group.id + "-files")
        distribution.append(fileSetJSON(fileSet, group: group, files: files))
        guard set.encoding == .labelImage, group.mediaType.hasPrefix("image/") else { continue }
        let meaning =
          set.kind == .instance
          ? "An instance label image, not a binary mask: 0 is background and each object has its own value."
          : "A class label image, not a binary mask: each value is a class of label table \(set.labelTable ?? "(none)")."
        let byPath = Dictionary(perImage.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        recordSets += joined(
          unique(group.id), fileSet: fileSet,
          content: ("mask", .array(["cr:SegmentationMask", "sc:ImageObject"]), meaning),
          listFields: pairFields,
          rows: group.paths.compactMap { path in byPath[path].map { pairRow($0, $0.images[0]) } },
          description: "\(set.name): each label image with the image it annotates (its path, in the image records).",
          splits: splitRecordSet, unique: unique)
      }
      // Files kept whole (COCO, class tables) and shapes: which image each row concerns.
      let described = set.encoding == .labelImage ? setFiles.filter { $0.images.count != 1 } : setFiles
      let rows = described.flatMap { file in file.images.map { pairRow(file, $0) } }
      guard !rows.isEmpty else { continue }
      recordSets.append(
        recordSet(
          unique(set.id + "-files-list"), description: "\(set.name): each file and the image it annotates.",
          key: ["file", "image_id"], fields: pairFields, data: rows))
    }
    return (distribution, recordSets)
  }

  /// Paths grouped by folder and extension, in first-seen order.
  private static func groups(_ paths: [String], prefix: String) -> [Group] {
    var order: [String] = []
    var byKey: [String: [String]] = [:]
    for path in paths {
      let key = CatalogFiles.folder(path) + "\u{0}" + CatalogFiles.fileExtension(path)
      if byKey[key] == nil { order.append(key) }
      byKey[key, default: []].append(path)
    }
    let folders = Set(order.map { $0.split(separator: "\u{0}", omittingEmptySubsequences: false)[0] })
    return order.map { key in
      let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
      let folderPart = folders.count > 1 && !parts[0].isEmpty ? "-" + parts[0] : ""
      let extPart = parts[1].isEmpty ? "" : "-" + parts[1]
      let paths = byKey[key] ?? []
      return Group(id: prefix + folderPart + extPart, paths: paths, mediaType: CatalogFiles.mediaType(paths[0]))
    }
  }

  /// An inline list of a FileSet's files and a record set joining each file's content to its row
  /// on the file name.
  private static func joined(
    _ id: String, fileSet: String, content: (name: String, type: JSONValue, description: String?),
    listFields: [(String, String, String?)], rows: [[(String, JSONValue)]], description: String, splits: String?,
    unique: (String) -> String
  ) -> [JSONValue] {
    let list = unique(id + "-list")
    let names = rows.map { row -> (String, JSONValue) in
      let path = row.first.flatMap { if case .string(let text) = $0.1 { text } else { nil } } ?? ""
      return ("file_name", .string(String(path.split(separator: "/").last ?? "")))
    }
    let listJSON = recordSet(
      list, description: "The files of \(fileSet), one row each (\(id) joins them on file_name).", key: ["file_name"],
      fields: [("file_name", "sc:Text", nil)] + listFields, data: zip(names, rows).map { [$0.0] + $0.1 })
    var fields: [JSONValue] = [
      field(id, "file_name", "sc:Text", source: fileProperty(fileSet, "filename"), references: "\(list)/file_name"),
      field(id, content.name, content.type, source: fileProperty(fileSet, "content"), description: content.description),
    ]
    for (name, type, description) in listFields {
      // The split names the cr:Split RecordSet's row, as Croissant's splits are declared.
      fields.append(
        field(
          id, name, .string(type), source: .object([("field", .object([("@id", .string("\(list)/\(name)"))]))]),
          references: name == "split" ? splits.map { "\($0)/name" } : nil, description: description))
    }
    let recordSetJSON = JSONValue.object([
      ("@type", "cr:RecordSet"), ("@id", .string(id)), ("name", .string(id)), ("description", .string(description)),
      ("key", .object([("@id", .string("\(id)/file_name"))])), ("field", .array(fields)),
    ])
    return [listJSON, recordSetJSON]
  }

  private static func fileSetJSON(_ id: String, group: Group, files: CatalogFiles) -> JSONValue {
    let includes = files.includes(group.paths)
    return .object([
      ("@type", "cr:FileSet"), ("@id", .string(id)), ("name", .string(id)),
      ("encodingFormat", .string(group.mediaType)),
      ("includes", includes.count == 1 ? .string(includes[0]) : .array(includes.map(JSONValue.string))),
    ])
  }

  private static func fileProperty(_ fileSet: String, _ property: String) -> JSONValue {
    .object([
      ("fileSet", .object([("@id", .string(fileSet))])), ("extract", .object([("fileProperty", .string(property))])),
    ])
  }

  private static func field(
    _ recordSet: String, _ name: String, _ dataType: JSONValue, source: JSONValue? = nil, references: String? = nil,
    description: String? = nil
  ) -> JSONValue {
    var entry: [(String, JSONValue)] = [
      ("@type", "cr:Field"), ("@id", .string("\(recordSet)/\(name)")), ("name", .string(name)),
    ]
    if let description { entry.append(("description", .string(description))) }
    entry.append(("dataType", dataType))
    if let source { entry.append(("source", source)) }
    if let references { entry.append(("references", .object([("field", .object([("@id", .string(references))]))]))) }
    return .object(entry)
  }

  /// An inline record set.
  private static func recordSet(
    _ id: String, dataType: String? = nil, description: String? = nil, key: [String],
    fields: [(String, String, String?)], data: [[(String, JSONValue)]]
  ) -> JSONValue {
    var entry: [(String, JSONValue)] = [("@type", "cr:RecordSet"), ("@id", .string(id)), ("name", .string(id))]
    if let description { entry.append(("description", .string(description))) }
    if let dataType { entry.append(("dataType", .string(dataType))) }
    let keys = key.map { JSONValue.object([("@id", .string("\(id)/\($0)"))]) }
    entry.append(("key", keys.count == 1 ? keys[0] : .array(keys)))
    entry.append(
      ("field", .array(fields.map { field(id, $0.0, .string($0.1), description: $0.2) })))
    entry.append(("data", .array(data.map { row in .object(row.map { ("\(id)/\($0.0)", $0.1) }) })))
    return .object(entry)
  }

  /// Croissant's split URLs for the usual names; other splits get the name as a relative IRI.
  private static func splitURL(_ name: String) -> String {
    switch name.lowercased() {
    case "train", "training": "cr:TrainingSplit"
    case "val", "valid", "validation": "cr:ValidationSplit"
    case "test", "testing": "cr:TestSplit"
    default: name
    }
  }

  /// Letters, digits, `-`, `_`, `.`; anything else becomes `-`.
  private static func slug(_ text: String) -> String {
    String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
  }

  private static func orderedUnique(_ values: [String]) -> [String] {
    var seen: Set<String> = []
    return values.filter { seen.insert($0).inserted }
  }
}
