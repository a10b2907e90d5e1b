// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// A Croissant 1.1 JSON-LD description with the RAI 1.0 extension, written to sit at the dataset's
/// root (its paths are relative to it).
///
/// Files are FileSets per folder and format; images are records joined to an inline image list
/// (id, split, size); each label-image set is a record set of masks joined to its inline pair list
/// (image, split). Croissant defines a mask as binary: instance and class label images say what
/// their values mean in their field's description. Shapes and tables are described as files with
/// their image list (mlcroissant cannot read GeoJSON or COCO into records).
public enum CroissantRecord {
  /// The conformance IRIs written in `conformsTo`.
  public static let conformsTo = ["http://mlcommons.org/croissant/1.1", "http://mlcommons.org/croissant/RAI/1.0"]

  /// The description of the dataset in `folder`.
  /// - Parameters:
  ///   - manifest: the manifest (its gaps already checked).
  ///   - files: the dataset's files.
  ///   - digests: SHA-256 (hex) of the files described one by one (FileObjects), by path.
  /// - Returns: the JSON-LD document.
  static func record(_ manifest: Manifest, files: CatalogFiles, digests: [String: (sha256: String, size: Int)])
    -> JSONValue
  {
    let study = manifest.study
    let facts = CatalogFacts(manifest)
    var fields: [(String, JSONValue)] = [("@context", context), ("@type", "sc:Dataset")]
    fields.append(("conformsTo", .array(conformsTo.map(JSONValue.string))))
    fields.append(("name", .string(study.title)))
    fields.append(("description", .string(study.description)))
    if let url = facts.landingPage { fields.append(("url", .string(url))) }
    let others = [facts.zenodoRecord, facts.biaStudy, facts.bioimageioRecord].compactMap { $0 }.filter {
      $0 != facts.landingPage
    }
    if !others.isEmpty { fields.append(("sameAs", .array(others.map(JSONValue.string)))) }
    if let licence = facts.licenceURL { fields.append(("license", .string(licence))) }
    fields.append(("creator", .array(study.authors.map(person))))
    if let date = facts.releaseDate { fields.append(("datePublished", .string(date))) }
    if let version = CatalogText.version(manifest).flatMap(BioimageioRecord.semanticVersion) {
      fields.append(("version", .string(version)))
    }
    let keywords = study.keywords.filter { !$0.isEmpty }
    if !keywords.isEmpty { fields.append(("keywords", .array(keywords.map(JSONValue.string)))) }
    if let publisher = facts.publisher {
      fields.append(("publisher", .object([("@type", "sc:Organization"), ("name", .string(publisher))])))
    }
    fields.append(("citeAs", .string(bibtex(manifest, facts))))
    fields += CroissantRAI.properties(manifest, files: files)
    let (distribution, recordSets) = CroissantResources.build(manifest, files: files, digests: digests)
    fields.append(("distribution", .array(distribution)))
    fields.append(("recordSet", .array(recordSets)))
    return .object(fields)
  }

  /// The files a record describes one by one (they need a SHA-256): the manifest and annotation
  /// files that annotate several images (a COCO file, a class table).
  static func singleFiles(_ manifest: Manifest, files: CatalogFiles, manifestName: String) -> [String] {
    [manifestName] + CroissantResources.singleFiles(manifest, files: files)
  }

  private static func person(_ author: Author) -> JSONValue {
    var entry: [(String, JSONValue)] = [("@type", "sc:Person"), ("name", .string(author.name))]
    if let orcid = author.orcid { entry.append(("sameAs", .string(CatalogText.orcidURL(orcid)))) }
    if let affiliation = author.affiliations.first {
      var organisation: [(String, JSONValue)] = [("@type", "sc:Organization"), ("name", .string(affiliation.name))]
      if let ror = affiliation.ror { organisation.append(("sameAs", .string(CatalogText.rorURL(ror)))) }
      entry.append(("affiliation", .object(organisation)))
    }
    return .object(entry)
  }

  /// A BibTeX `@misc` entry (Croissant's `citeAs`): TeX's special characters escaped, an author
  /// without a family name (a consortium) kept whole in braces.
  static func bibtex(_ manifest: Manifest, _ facts: CatalogFacts) -> String {
    let key =
      (manifest.study.authors.first?.familyName ?? manifest.study.authors.first?.name ?? "dataset")
      .filter { $0.isASCII && ($0.isLetter || $0.isNumber) } + (facts.year.map(String.init) ?? "")
    let authors = manifest.study.authors.map { author in
      guard let family = author.familyName, !family.isEmpty else { return "{" + tex(author.name) + "}" }
      return tex(CatalogText.citedName(name: author.name, given: author.givenName, family: family))
    }
    var entries = ["title={\(tex(manifest.study.title))}", "author={\(authors.joined(separator: " and "))}"]
    if let year = facts.year { entries.append("year={\(year)}") }
    if let publisher = facts.publisher { entries.append("publisher={\(tex(publisher))}") }
    if let doi = facts.doi { entries.append("doi={\(doi)}") }
    if let url = facts.landingPage { entries.append("url={\(url)}") }
    return "@misc{\(key.isEmpty ? "dataset" : key), " + entries.joined(separator: ", ") + "}"
  }

  /// Text with TeX's special characters escaped, so braces stay balanced in BibTeX.
  /// - Parameter text: the text.
  /// - Returns: the escaped text.
  public static func tex(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\\": out += "\\textbackslash{}"
      case "{", "}", "&", "%", "$", "#", "_": out += "\\" + String(character)
      case "~": out += "\\textasciitilde{}"
      case "^": out += "\\textasciicircum{}"
      default: out.append(character)
      }
    }
    return out
  }

  /// The JSON-LD context of Croissant 1.1's examples, with the RAI prefix (mlcroissant reports no
  /// "context is not standard" warning for it).
  static let context: JSONValue = .object([
    ("@language", "en"), ("@vocab", "https://schema.org/"), ("sc", "https://schema.org/"),
    ("cr", "http://mlcommons.org/croissant/"), ("rai", "http://mlcommons.org/croissant/RAI/"),
    ("dct", "http://purl.org/dc/terms/"), ("citeAs", "cr:citeAs"), ("column", "cr:column"),
    ("conformsTo", "dct:conformsTo"), ("containedIn", "cr:containedIn"),
    ("data", .object([("@id", "cr:data"), ("@type", "@json")])),
    ("dataType", .object([("@id", "cr:dataType"), ("@type", "@vocab")])),
    ("examples", .object([("@id", "cr:examples"), ("@type", "@json")])), ("extract", "cr:extract"),
    ("field", "cr:field"), ("fileProperty", "cr:fileProperty"), ("fileObject", "cr:fileObject"),
    ("fileSet", "cr:fileSet"), ("format", "cr:format"), ("includes", "cr:includes"),
    ("isLiveDataset", "cr:isLiveDataset"), ("jsonPath", "cr:jsonPath"), ("key", "cr:key"), ("md5", "cr:md5"),
    ("parentField", "cr:parentField"), ("path", "cr:path"), ("recordSet", "cr:recordSet"),
    ("references", "cr:references"), ("regex", "cr:regex"), ("repeated", "cr:repeated"), ("replace", "cr:replace"),
    ("separator", "cr:separator"), ("source", "cr:source"), ("subField", "cr:subField"),
    ("transform", "cr:transform"), ("samplingRate", "cr:samplingRate"), ("equivalentProperty", "cr:equivalentProperty"),
  ])
}
