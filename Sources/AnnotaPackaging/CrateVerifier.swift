// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import Foundation

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Rules about BIA RO-Crates (RULES.md, `CRATE`): the checks `bia-ro-crate-validator` 0.3.1 makes
/// (bia-mifa.md §c), all in one pass with their places, and the files against the file list.
public enum CrateRules {
  /// `ro-crate-metadata.json` missing, not JSON, or without its descriptor.
  public static let metadata = Rule("CRATE-001", .error, "Crate metadata missing or unreadable")
  /// The root `./` lacks a required property of `bia:Study`, or another object one of its class's.
  public static let root = Rule("CRATE-002", .error, "Required property missing")
  /// An `@id` used as a value that no object of the graph has.
  public static let undefinedReference = Rule("CRATE-003", .error, "Reference to no object")
  /// A key without a term in the crate's `@context`.
  public static let undeclaredKey = Rule("CRATE-004", .error, "Key without a context term")
  /// Not exactly one `bia:FileList`, or its schema lacks the required columns or a header.
  public static let fileList = Rule("CRATE-005", .error, "File list or its schema incomplete")
  /// A file-list row whose path repeats or whose references do not resolve to the right types.
  public static let row = Rule("CRATE-006", .error, "File list row invalid")
  /// A listed file missing, of another size or checksum, or a file the list does not name.
  public static let file = Rule("CRATE-007", .error, "File does not match the file list")
  /// An object with other than one BIA class among its types.
  public static let type = Rule("CRATE-008", .error, "Object without exactly one BIA class")
  /// Two objects with one `@id`.
  public static let duplicateID = Rule("CRATE-009", .error, "Two objects with one @id")
  /// An object nothing refers to, in the graph or the file list.
  public static let unreferenced = Rule("CRATE-010", .warning, "Object with no inbound reference")

  /// Every crate rule.
  public static let all = [
    metadata, root, undefinedReference, undeclaredKey, fileList, row, file, type, duplicateID, unreferenced,
  ]
}

/// Checks a BIA RO-Crate folder.
public enum CrateVerifier {
  /// File-list properties that name objects of the crate, and the BIA class each must have (the BIA
  /// validator's `ROC_METADATA_LOOKUP_TYPES`).
  static let associations: [(property: String, type: String)] = [
    ("http://bia/associatedBiologicalEntity", "bia:BioSample"), ("http://bia/associatedSubject", "bia:Specimen"),
    ("http://bia/associatedImagingPreparationProtocol", "bia:SpecimenImagingPreparationProtocol"),
    ("http://bia/associatedImageAcquisitionProtocol", "bia:ImageAcquisitionProtocol"),
  ]

  /// Verifies the crate in `crate`.
  /// - Parameters:
  ///   - crate: the crate folder.
  ///   - width: files hashed at once.
  /// - Returns: the findings (empty when the crate is valid), and the files and bytes examined.
  public static func verify(_ crate: String, width: Int = 2) async -> BagVerifier.Result {
    await verify(source: FolderSource(root: crate), width: width)
  }

  /// Verifies a crate inside a zip (`prefix` is `data` for a crate in a bag), read in place.
  /// - Parameters:
  ///   - zip: the zip file.
  ///   - prefix: the crate's folder in the zip (`""` or `data`).
  ///   - width: entries hashed at once.
  /// - Returns: the findings, with paths inside the crate.
  public static func verify(zip: String, prefix: String, width: Int = 2) async -> BagVerifier.Result {
    do throws(PackError) {
      let source = try ZipSource(zip: zip)
      var result = await verify(source: PrefixedSource(base: source, prefix: prefix), width: width)
      for name in source.crcLog.mismatches {
        result.findings.append(
          ZipRules.crc.finding("the entry's data does not have its recorded CRC-32", at: SourceLocation(file: name)))
      }
      return result
    } catch {
      let finding = ZipRules.structure.finding(error.message, at: SourceLocation(file: zip))
      return BagVerifier.Result(findings: [finding], unchecked: [], files: 0, bytes: 0)
    }
  }

  static func verify(source: some BundleSource, width: Int) async -> BagVerifier.Result {
    var findings: [Diagnostic] = []
    func finding(_ rule: Rule, _ file: String, _ message: String, pointer: String? = nil, row: Int? = nil) {
      var location = SourceLocation(file: file, pointer: pointer)
      location.row = row
      findings.append(rule.finding(message, at: location))
    }
    let metadataName = "ro-crate-metadata.json"
    guard let text = source.text(metadataName),
      let document = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let graph = document["@graph"] as? [[String: Any]]
    else {
      finding(CrateRules.metadata, metadataName, "missing, not JSON, or without an @graph list")
      return BagVerifier.Result(findings: findings, unchecked: [], files: 0, bytes: 0)
    }
    // Context terms: the inline object's keys, plus the RO-Crate 1.1 context's.
    var terms = CrateGraph.roCrateKeys
    if let context = document["@context"] as? [Any] {
      for part in context { if let inline = part as? [String: Any] { terms.formUnion(inline.keys) } }
    }
    var objects: [String: [String: Any]] = [:]
    for (index, object) in graph.enumerated() {
      guard let id = object["@id"] as? String else {
        finding(CrateRules.metadata, metadataName, "an object without @id", pointer: "/@graph/\(index)")
        continue
      }
      if objects[id] != nil {
        finding(
          CrateRules.duplicateID, metadataName, "\(id) is the @id of more than one object", pointer: "/@graph/\(index)")
      }
      objects[id] = object
      for key in object.keys.sorted() where !terms.contains(key) {
        finding(
          CrateRules.undeclaredKey, metadataName, "`\(key)` of \(id) has no term in @context",
          pointer: "/@graph/\(index)/\(key)")
      }
      let types = (object["@type"] as? [String]) ?? [(object["@type"] as? String) ?? ""]
      // The BIA model's classes: its own, and csvw:Schema / csvw:Column for the table schema
      // (a file list is also a csvw:Table, which is not one of them).
      // The submission profile's MIFA and REMBI datasets refine bia:Dataset: they do not count apart.
      let refinements: Set<String> = types.contains("bia:Dataset") ? ["bia:MifaDataset", "bia:RembiDataset"] : []
      let biaTypes = types.filter {
        ($0.hasPrefix("bia:") && !refinements.contains($0)) || $0 == "csvw:Schema" || $0 == "csvw:Column"
      }
      if id != metadataName, biaTypes.count != 1 {
        finding(
          CrateRules.type, metadataName, "\(id) has \(biaTypes.count) BIA classes (\(types.joined(separator: ", ")))",
          pointer: "/@graph/\(index)/@type")
      }
    }
    func types(_ id: String) -> [String] {
      (objects[id]?["@type"] as? [String]) ?? [(objects[id]?["@type"] as? String) ?? ""]
    }
    // References: every {"@id": …} value names an object (conformsTo names a profile).
    for (index, object) in graph.enumerated() {
      for (key, value) in object where key != "conformsTo" && key != "@id" {
        let values = (value as? [Any]) ?? [value]
        for case let reference as [String: Any] in values {
          if let target = reference["@id"] as? String, objects[target] == nil {
            finding(
              CrateRules.undefinedReference, metadataName, "`\(key)` names \(target), which is not in the graph",
              pointer: "/@graph/\(index)/\(key)")
          }
        }
      }
    }
    // Each class's required fields (the validator's pydantic models, bia-mifa.md §a1).
    let required: [String: [String]] = [
      "bia:Contributor": ["name"], "bia:Affiliation": ["name"], "bia:Dataset": ["name"],
      "bia:FileList": ["tableSchema"], "csvw:Schema": ["column"], "csvw:Column": ["columnName"],
      "bia:BioSample": ["description"], "bia:Specimen": ["biologicalEntity", "imagingPreparationProtocol"],
      "bia:SpecimenImagingPreparationProtocol": ["name", "description"],
      "bia:ImageAcquisitionProtocol": ["name", "description", "imagingInstrumentDescription"],
      "bia:AnnotationMethod": ["name", "description"], "bia:Protocol": ["name", "description"],
    ]
    for (index, object) in graph.enumerated() {
      guard let id = object["@id"] as? String else { continue }
      for type in types(id) {
        for key in required[type] ?? [] {
          let value = object[key]
          if value == nil || (value as? String)?.isEmpty == true || (value as? [Any])?.isEmpty == true {
            finding(
              CrateRules.root, metadataName, "\(id) (\(type)) has no `\(key)`", pointer: "/@graph/\(index)/\(key)")
          }
        }
      }
    }
    // The descriptor and the study root.
    if let descriptor = objects[metadataName] {
      if (descriptor["conformsTo"] as? [String: Any])?["@id"] as? String != "https://w3id.org/ro/crate/1.1"
        || (descriptor["about"] as? [String: Any])?["@id"] as? String != "./"
      {
        finding(CrateRules.metadata, metadataName, "the descriptor must conform to RO-Crate 1.1 and be about ./")
      }
    } else {
      finding(CrateRules.metadata, metadataName, "no descriptor object `ro-crate-metadata.json`")
    }
    if let root = objects["./"] {
      for key in ["name", "description", "license", "datePublished", "accessionId", "author", "hasPart"] {
        let value = root[key]
        let empty = value == nil || (value as? String)?.isEmpty == true || (value as? [Any])?.isEmpty == true
        if empty { finding(CrateRules.root, metadataName, "the study has no `\(key)`", pointer: "/@graph/./\(key)") }
      }
      if let license = root["license"] as? String, !(license.hasPrefix("http://") || license.hasPrefix("https://")) {
        finding(CrateRules.root, metadataName, "the licence `\(license)` is not a URL")
      }
      if !types("./").contains("bia:Study") { finding(CrateRules.root, metadataName, "./ is not typed bia:Study") }
    } else {
      finding(CrateRules.root, metadataName, "no root object ./")
    }
    // Exactly one file list, with the required columns.
    let lists = objects.filter { types($0.key).contains("bia:FileList") }
    guard lists.count == 1, let (listID, list) = lists.first else {
      finding(CrateRules.fileList, metadataName, "\(lists.count) bia:FileList objects; a crate has exactly one")
      return BagVerifier.Result(findings: findings, unchecked: [], files: 0, bytes: 0)
    }
    let schemaID = (list["tableSchema"] as? [String: Any])?["@id"] as? String
    let columnIDs = ((schemaID.flatMap { objects[$0] }?["column"] as? [[String: Any]]) ?? []).compactMap {
      $0["@id"] as? String
    }
    var columnProperty: [String: String] = [:]
    for id in columnIDs {
      if let name = objects[id]?["columnName"] as? String {
        columnProperty[name] = objects[id]?["propertyUrl"] as? String ?? ""
      }
    }
    for required in ["http://bia/filePath", "http://schema.org/isPartOf"]
    where !columnProperty.values.contains(required) {
      finding(CrateRules.fileList, metadataName, "the file list's schema has no column with property \(required)")
    }
    guard let tsv = source.text(listID) else {
      finding(CrateRules.fileList, listID, "the file list is missing or not UTF-8")
      return BagVerifier.Result(findings: findings, unchecked: [], files: 0, bytes: 0)
    }
    var lines = tsv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    // Connectivity (the BIA validator's last stage): every object but the descriptor and the root is
    // referred to, from the graph or from the file list's dataset and annotation-method cells.
    var referenced: Set<String> = ["./", metadataName]
    for object in graph {
      for (key, value) in object where key != "@id" {
        for case let reference as [String: Any] in (value as? [Any]) ?? [value] {
          if let target = reference["@id"] as? String { referenced.insert(target) }
        }
      }
    }
    for line in lines.dropFirst() {
      for cell in line.split(separator: "\t") where cell.hasPrefix("#") { referenced.insert(String(cell)) }
    }
    for (index, object) in graph.enumerated() {
      if let id = object["@id"] as? String, !referenced.contains(id) {
        finding(CrateRules.unreferenced, metadataName, "\(id) is referred to by nothing", pointer: "/@graph/\(index)")
      }
    }
    let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) ?? []
    for (index, name) in header.enumerated() where columnProperty[name] == nil {
      var location = SourceLocation(file: listID)
      location.row = 1
      location.column = index + 1
      findings.append(
        CrateRules.fileList.finding("column `\(name)` is not declared in the file list's schema", at: location))
    }
    func column(_ property: String) -> Int? {
      header.firstIndex { columnProperty[$0] == property }
    }
    let pathColumn = column("http://bia/filePath")
    let datasetColumn = column("http://schema.org/isPartOf")
    let typeColumn = column("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    let sourceColumn = column("http://bia/associatedSourceImage")
    let methodColumn = column("http://bia/associatedAnnotationMethod")
    let sizeColumn = header.firstIndex(of: "size_in_bytes")
    let checksumColumn = header.firstIndex(of: "checksum")
    var rows: [(path: String, size: Int?, sha256: String?, row: Int)] = []
    var typeOf: [String: String] = [:]
    var firstRow: [String: Int] = [:]
    var sources: [(String, Int)] = []
    for (index, line) in lines.enumerated().dropFirst() {
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == header.count, let pathColumn else {
        finding(CrateRules.row, listID, "\(cells.count) cells; the header has \(header.count)", row: index + 1)
        continue
      }
      let path = cells[pathColumn]
      if let first = firstRow[path] {
        finding(CrateRules.row, listID, "\(path) is listed again (first in row \(first))", row: index + 1)
        continue
      }
      firstRow[path] = index + 1
      // Per-row associations name objects of the crate of the BIA's class for them.
      for (property, type) in Self.associations {
        guard let at = column(property), !cells[at].isEmpty else { continue }
        for reference in cells[at].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !types(reference).contains(type) {
          finding(CrateRules.row, listID, "`\(reference)` is not a \(type) of the crate", row: index + 1)
        }
      }
      if let datasetColumn, !types(cells[datasetColumn]).contains("bia:Dataset") {
        finding(
          CrateRules.row, listID, "dataset `\(cells[datasetColumn])` is not a bia:Dataset of the crate", row: index + 1)
      }
      if let typeColumn { typeOf[path] = cells[typeColumn] }
      if let sourceColumn, !cells[sourceColumn].isEmpty {
        // A multi-valued cell: comma-separated, optionally bracketed (the BIA's parser splits it so).
        let cell = cells[sourceColumn].trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
        for reference in cell.split(separator: ",") {
          let value = reference.trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
          if !value.isEmpty { sources.append((value, index + 1)) }
        }
      }
      if let methodColumn, !cells[methodColumn].isEmpty, !types(cells[methodColumn]).contains("bia:AnnotationMethod") {
        finding(
          CrateRules.row, listID, "`\(cells[methodColumn])` is not a bia:AnnotationMethod of the crate", row: index + 1)
      }
      let checksum = checksumColumn.map { cells[$0] }.flatMap {
        $0.hasPrefix("sha256:") ? String($0.dropFirst(7)) : nil
      }
      rows.append((path, sizeColumn.flatMap { Int(cells[$0]) }, checksum, index + 1))
    }
    for (source, row) in sources {
      if typeOf[source] == nil {
        finding(CrateRules.row, listID, "source image \(source) is not a row of the list", row: row)
      } else if typeColumn != nil, typeOf[source] != "http://bia/Image" {
        finding(
          CrateRules.row, listID, "source image \(source) has type `\(typeOf[source]!)`, not http://bia/Image", row: row
        )
      }
    }
    // The files against the list: present, same size, same checksum; nothing unlisted.
    let walked = source.walk("")
    let present = Set(
      walked.compactMap { entry -> String? in if case .regular = entry.kind { entry.path } else { nil } })
    for (path, kind) in walked {
      if case .regular = kind { continue }
      finding(CrateRules.file, path, "a link, device or FIFO in the crate; it is not followed")
    }
    let own: Set<String> = [metadataName, listID, CrateMetadata.bioStudiesFileList]
    for path in present.sorted() where firstRow[path] == nil && !own.contains(path) {
      finding(CrateRules.file, path, "in the crate but not in the file list")
    }
    var results: [String: Result<([FixityAlgorithm: String], Int), PackError>] = [:]
    let toHash = rows.filter { present.contains($0.path) }.map(\.path)
    for row in rows where !present.contains(row.path) {
      finding(CrateRules.file, row.path, "listed (row \(row.row)) but not in the crate")
    }
    try? await BoundedParallel.forEach(toHash, width: max(1, width)) { path in
      Result { () throws(PackError) in try source.hash(path, algorithms: [.sha256]) }
    } emit: { index, result in
      results[toHash[index]] = result
    }
    var bytes = 0
    for row in rows {
      guard let result = results[row.path] else { continue }
      switch result {
      case .success(let (digests, size)):
        bytes += size
        if let expected = row.size, expected != size {
          finding(CrateRules.file, row.path, "\(size) bytes; the file list (row \(row.row)) says \(expected)")
        }
        if let expected = row.sha256, digests[.sha256] != expected {
          finding(
            CrateRules.file, row.path,
            "SHA-256 is \(digests[.sha256]!), the file list (row \(row.row)) records \(expected)")
        }
      case .failure(let error):
        finding(CrateRules.file, row.path, "cannot be read: \(error.message)")
      }
    }
    return BagVerifier.Result(findings: findings, unchecked: [], files: rows.count, bytes: bytes)
  }
}
