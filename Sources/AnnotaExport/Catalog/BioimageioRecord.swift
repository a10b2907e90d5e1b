// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// A bioimage.io dataset description (`rdf.yaml`, format 0.3.4, as bioimageio.spec 0.5.14 checks it)
/// and the README it points to.
public enum BioimageioRecord {
  /// The dataset format version written.
  public static let formatVersion = "0.3.4"
  /// The longest description bioimage.io takes without a warning.
  static let descriptionLimit = 512

  /// The description for `manifest`.
  /// - Parameters:
  ///   - manifest: the manifest (its gaps already checked).
  ///   - documentation: the README's file name and SHA-256.
  ///   - cover: the cover's file name and SHA-256, if one was drawn.
  ///   - notes: receives what was changed to fit bioimage.io's rules.
  /// - Returns: the description, keys in the order bioimage.io's examples use.
  static func rdf(
    _ manifest: Manifest, documentation: (name: String, sha256: String), cover: (name: String, sha256: String)?,
    notes: inout [String]
  ) -> JSONValue {
    let study = manifest.study
    let facts = CatalogFacts(manifest)
    var fields: [(String, JSONValue)] = [("type", "dataset"), ("format_version", .string(formatVersion))]
    let name = CatalogFacts.bioimageioName(study.title)
    if name != study.title {
      notes.append(
        "bioimageio: the name is the title in the characters bioimage.io takes, at most "
          + "\(CatalogFacts.bioimageioNameLimit): \(name)")
    }
    fields.append(("name", .string(name)))
    var description = study.description.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    if description.count > descriptionLimit {
      // Cut at the last word that fits, so no word is broken.
      var words = description.prefix(descriptionLimit - 1).split(separator: " ")
      if words.count > 1 { words.removeLast() }
      description = words.joined(separator: " ") + "…"
      notes.append(
        "bioimageio: the description is cut to \(descriptionLimit) characters (bioimage.io warns beyond); "
          + "the README has it whole")
    }
    fields.append(("description", .string(description)))
    fields.append(("authors", .array(study.authors.map(author))))
    fields.append(("cite", .array(cite(manifest, facts))))
    if let licence = facts.spdxLicence { fields.append(("license", .string(licence))) }
    fields.append(("tags", .array(tags(manifest).map(JSONValue.string))))
    fields.append(("documentation", file(documentation)))
    if let cover { fields.append(("covers", .array([file(cover)]))) }
    if let source = facts.source { fields.append(("source", .string(source))) }
    let maintainers = study.authors.filter { $0.githubUser != nil }
    if !maintainers.isEmpty {
      fields.append(
        (
          "maintainers",
          .array(
            maintainers.map { .object([("github_user", .string($0.githubUser ?? "")), ("name", .string($0.name))]) })
        ))
    }
    if let version = CatalogText.version(manifest) {
      if let semantic = semanticVersion(version) {
        fields.append(("version", .string(semantic)))
      } else {
        notes.append("bioimageio: version \(version) is not SemVer (1.2.3) and is left out")
      }
    }
    return .object(fields)
  }

  /// `1.0` → `1.0.0`; text that is no version → `nil` (bioimage.io takes SemVer 2.0 only).
  /// - Parameter version: a version as the manifest records it.
  /// - Returns: the SemVer form, or `nil`.
  public static func semanticVersion(_ version: String) -> String? {
    let parts = version.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count),
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    else { return nil }
    return (parts.map(String.init) + Array(repeating: "0", count: 3 - parts.count)).joined(separator: ".")
  }

  private static func file(_ entry: (name: String, sha256: String)) -> JSONValue {
    .object([("source", .string(entry.name)), ("sha256", .string(entry.sha256))])
  }

  private static func author(_ author: Author) -> JSONValue {
    var entry: [(String, JSONValue)] = [
      ("name", .string(author.name.replacing("/", with: " ").replacing("\\", with: " ")))
    ]
    if let affiliation = author.affiliations.first?.name { entry.append(("affiliation", .string(affiliation))) }
    if let email = author.email { entry.append(("email", .string(email))) }
    if let orcid = author.orcid { entry.append(("orcid", .string(CatalogText.bareORCID(orcid)))) }
    if let github = author.githubUser { entry.append(("github_user", .string(github))) }
    return .object(entry)
  }

  /// The papers with a DOI, then the dataset itself (its DOI, else its landing page).
  private static func cite(_ manifest: Manifest, _ facts: CatalogFacts) -> [JSONValue] {
    var entries: [JSONValue] = manifest.study.publications.compactMap { publication in
      guard let doi = publication.doi else { return nil }
      let year = publication.year.map { " (\($0))" } ?? ""
      return .object([
        ("text", .string("\(publication.authors)\(year). \(publication.title)")),
        ("doi", .string(CatalogFacts.bareDOI(doi))),
      ])
    }
    let year = facts.year.map { " (\($0))" } ?? ""
    let text = "\(manifest.study.authors.map(\.name).joined(separator: ", "))\(year). \(manifest.study.title)"
    if let doi = facts.doi {
      entries.append(.object([("text", .string(text)), ("doi", .string(doi))]))
    } else if let url = facts.landingPage {
      entries.append(.object([("text", .string(text)), ("url", .string(url))]))
    }
    return entries
  }

  /// The keywords, then what the annotations are (`instance-segmentation`, `bounding-boxes`…) and
  /// `2D`/`3D`, each once, in that order.
  static func tags(_ manifest: Manifest) -> [String] {
    var tags: [String] = []
    func add(_ tag: String) { if !tag.isEmpty, !tags.contains(tag) { tags.append(tag) } }
    manifest.study.keywords.forEach(add)
    for set in manifest.annotationSets {
      for type in set.types {
        if type == .segmentationMask {
          add(set.kind == .instance ? "instance-segmentation" : "semantic-segmentation")
        } else {
          add(type.rawValue.replacing("_", with: "-"))
        }
      }
    }
    add(manifest.images.contains { ($0.dimensions?.z ?? 1) > 1 } ? "3D" : "2D")
    add("annotations")
    return tags
  }

  /// The README: the study, its people, images, annotation sets and how to cite it.
  static func readme(_ manifest: Manifest, cover: String?) -> String {
    let study = manifest.study
    let facts = CatalogFacts(manifest)
    var lines = ["# \(study.title)", ""]
    if let cover { lines += ["![Cover: an image and its annotations](\(cover))", ""] }
    lines += [study.description, ""]
    lines += ["## Authors", ""]
    for author in study.authors {
      var line = "- \(author.name)"
      if let orcid = author.orcid {
        line += " ([ORCID \(CatalogText.bareORCID(orcid))](\(CatalogText.orcidURL(orcid))))"
      }
      let affiliations = author.affiliations.map(\.name)
      if !affiliations.isEmpty { line += ", \(affiliations.joined(separator: "; "))" }
      lines.append(line)
    }
    lines += ["", "## Images", ""]
    var splits: [(String, Int)] = []
    for image in manifest.images {
      let split = image.split ?? "unsplit"
      if let index = splits.firstIndex(where: { $0.0 == split }) {
        splits[index].1 += 1
      } else {
        splits.append((split, 1))
      }
    }
    lines.append(
      "\(manifest.images.count) images: " + splits.map { "\($0.1) \($0.0)" }.joined(separator: ", ") + ".")
    lines += ["", "## Annotations", "", "| set | types | how it was made |", "|---|---|---|"]
    for set in manifest.annotationSets {
      let how = [set.method, set.provenance.map { "(origin: \($0.origin.rawValue))" }].compactMap { $0 }.joined(
        separator: " ")
      lines.append(
        "| \(cell(set.name)) | \(set.types.map(\.rawValue).joined(separator: ", ")) | \(cell(how)) |")
    }
    lines += ["", "## Licence", "", facts.spdxLicence ?? study.licence, ""]
    var links: [String] = []
    if let doi = facts.doi { links.append("- DOI: [\(doi)](https://doi.org/\(doi))") }
    if let record = facts.zenodoRecord { links.append("- Zenodo: \(record)") }
    if let bia = facts.biaStudy { links.append("- BioImage Archive: \(bia)") }
    if let record = facts.bioimageioRecord { links.append("- bioimage.io: \(record)") }
    for link in study.links where ![facts.zenodoRecord, facts.bioimageioRecord].contains(link.url) {
      links.append("- \(link.description ?? link.url): \(link.url)")
    }
    if !links.isEmpty { lines += ["## Where it lives", ""] + links + [""] }
    lines += [
      "The dataset is described by its Annota manifest (`annota.yaml`, standard \(manifest.annota)); "
        + "this README was written from it by `annota export --to bioimageio`.",
      "",
    ]
    return lines.joined(separator: "\n")
  }

  private static func cell(_ text: String) -> String {
    text.replacing("|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}
