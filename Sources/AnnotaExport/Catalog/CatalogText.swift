// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// How the records spell people, identifiers and text the same way.
enum CatalogText {
  /// `Family, Given` when both parts are known (Zenodo and DataCite cite it so), else the name.
  static func citedName(name: String, given: String?, family: String?) -> String {
    guard let family, !family.isEmpty else { return name }
    guard let given, !given.isEmpty else { return family }
    return "\(family), \(given)"
  }

  /// The bare ORCID iD (`0000-0002-1825-0097`) from a bare id or its URL.
  static func bareORCID(_ orcid: String) -> String {
    orcid.split(separator: "/").last.map(String.init) ?? orcid
  }

  /// The ORCID iD as its URL.
  static func orcidURL(_ orcid: String) -> String { "https://orcid.org/" + bareORCID(orcid) }

  /// The ROR id as its URL.
  static func rorURL(_ ror: String) -> String {
    ror.hasPrefix("https://") ? ror : "https://ror.org/" + (ror.split(separator: "/").last.map(String.init) ?? ror)
  }

  /// The newest version the manifest records, if any.
  static func version(_ manifest: Manifest) -> String? { manifest.versions.last?.version }

  /// How a related resource relates to the dataset, in words each record spells its own way.
  enum Relation {
    /// The same data in another archive (the BIA study).
    case identical
    /// A record that describes the dataset (bioimage.io).
    case describedBy
    /// A paper that documents it.
    case documentedBy
  }

  /// The BIA study, the bioimage.io record and the papers with a DOI, in that order: what Zenodo and
  /// DataCite list as related identifiers.
  static func related(_ manifest: Manifest, _ facts: CatalogFacts) -> [(
    identifier: String, isDOI: Bool, relation: Relation
  )] {
    var related: [(identifier: String, isDOI: Bool, relation: Relation)] = []
    if let bia = facts.biaStudy { related.append((bia, false, .identical)) }
    if let record = facts.bioimageioRecord { related.append((record, false, .describedBy)) }
    for publication in manifest.study.publications {
      if let doi = publication.doi { related.append((CatalogFacts.bareDOI(doi), true, .documentedBy)) }
    }
    return related
  }

  /// The annotators of every set, once each (by name, or by ORCID when they have one), in set order.
  static func annotators(_ manifest: Manifest) -> [Annotator] {
    var seen: Set<String> = []
    return manifest.annotationSets.flatMap { $0.provenance?.annotators ?? [] }.filter {
      seen.insert($0.orcid.map(bareORCID) ?? $0.name).inserted
    }
  }

  /// The annotators who are not also authors (the same name, or the same ORCID iD): contributors.
  static func curators(_ manifest: Manifest) -> [Annotator] {
    let names = Set(manifest.study.authors.map(\.name))
    let orcids = Set(manifest.study.authors.compactMap(\.orcid).map(bareORCID))
    return annotators(manifest).filter {
      !names.contains($0.name) && !($0.orcid.map { orcids.contains(bareORCID($0)) } ?? false)
    }
  }

  /// One line per annotation set: its name, what it holds and how it was made.
  static func setSummaries(_ manifest: Manifest) -> [String] {
    manifest.annotationSets.map { set in
      var line = "\(set.name) (\(set.id)): \(set.overview)"
      if let method = set.method, !method.isEmpty { line += " Method: \(method)" }
      return line
    }
  }
}
