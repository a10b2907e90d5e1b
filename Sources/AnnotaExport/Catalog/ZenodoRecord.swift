// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import Foundation

/// Zenodo's deposit `metadata` object (the legacy deposit API, still accepted by zenodo.org), which
/// is also the content of `.zenodo.json`.
///
/// Only the 28 relation types both the legacy validator and InvenioRDM accept are written; the
/// licence is the SPDX id lower-cased, as Zenodo's licence map spells it.
public enum ZenodoRecord {
  /// The relation types the legacy deposit validator accepts (`ZENODO_RELATION_TYPES`).
  public static let relationTypes: Set<String> = [
    "isCitedBy", "cites", "isSupplementTo", "isSupplementedBy", "references", "isReferencedBy", "isPublishedIn",
    "isNewVersionOf", "isPreviousVersionOf", "isContinuedBy", "continues", "isDescribedBy", "describes", "isPartOf",
    "hasPart", "isReviewedBy", "reviews", "isDocumentedBy", "documents", "compiles", "isCompiledBy", "isDerivedFrom",
    "isSourceOf", "requires", "isRequiredBy", "isObsoletedBy", "obsoletes", "isIdenticalTo",
  ]

  /// The metadata object for `manifest`.
  /// - Parameters:
  ///   - manifest: the manifest (its gaps already checked).
  ///   - communities: Zenodo community ids to submit to.
  /// - Returns: the object, keys in the order Zenodo's documentation lists them.
  public static func metadata(_ manifest: Manifest, communities: [String] = []) -> JSONValue {
    let study = manifest.study
    let facts = CatalogFacts(manifest)
    var fields: [(String, JSONValue)] = [("upload_type", "dataset")]
    if let date = facts.releaseDate { fields.append(("publication_date", .string(date))) }
    fields.append(("title", .string(study.title)))
    fields.append(("creators", .array(study.authors.map(creator))))
    fields.append(("description", .string(description(manifest))))
    fields.append(("access_right", "open"))
    if let licence = facts.spdxLicence { fields.append(("license", .string(licence.lowercased()))) }
    if let doi = facts.doi { fields.append(("doi", .string(doi))) }
    let keywords = study.keywords.filter { !$0.isEmpty }
    if !keywords.isEmpty { fields.append(("keywords", .array(keywords.map(JSONValue.string)))) }
    if let version = CatalogText.version(manifest) { fields.append(("version", .string(version))) }
    if let funding = study.funding?.statement, !funding.isEmpty { fields.append(("notes", .string(funding))) }
    let related = relatedIdentifiers(manifest, facts)
    if !related.isEmpty { fields.append(("related_identifiers", .array(related))) }
    let contributors = CatalogText.curators(manifest).map { annotator in
      var entry: [(String, JSONValue)] = [
        (
          "name",
          .string(CatalogText.citedName(name: annotator.name, given: annotator.givenName, family: annotator.familyName))
        ),
        ("type", "DataCurator"),
      ]
      if let orcid = annotator.orcid { entry.append(("orcid", .string(CatalogText.bareORCID(orcid)))) }
      return JSONValue.object(entry)
    }
    if !contributors.isEmpty { fields.append(("contributors", .array(contributors))) }
    if !communities.isEmpty {
      fields.append(("communities", .array(communities.map { .object([("identifier", .string($0))]) })))
    }
    return .object(fields)
  }

  private static func creator(_ author: Author) -> JSONValue {
    var entry: [(String, JSONValue)] = [
      ("name", .string(CatalogText.citedName(name: author.name, given: author.givenName, family: author.familyName)))
    ]
    let affiliations = author.affiliations.map(\.name).filter { !$0.isEmpty }
    if !affiliations.isEmpty { entry.append(("affiliation", .string(affiliations.joined(separator: "; ")))) }
    if let orcid = author.orcid { entry.append(("orcid", .string(CatalogText.bareORCID(orcid)))) }
    return .object(entry)
  }

  /// The description as HTML: the study's paragraphs, then the annotation sets as a list.
  static func description(_ manifest: Manifest) -> String {
    let paragraphs = manifest.study.description.split(separator: "\n\n").map {
      "<p>" + MarkupEscape.text($0.trimmingCharacters(in: .whitespacesAndNewlines)) + "</p>"
    }
    let sets = manifest.annotationSets.map { set in
      "<li><strong>" + MarkupEscape.text(set.name) + "</strong>: " + MarkupEscape.text(set.overview) + "</li>"
    }
    var html = paragraphs.joined()
    if !sets.isEmpty {
      html += "<p>Annotations (\(manifest.images.count) images):</p><ul>" + sets.joined() + "</ul>"
    }
    html += "<p>Described by an Annota manifest (annota.yaml, standard \(manifest.annota)).</p>"
    return html
  }

  /// The BIA study, the bioimage.io record and the papers, as related identifiers.
  private static func relatedIdentifiers(_ manifest: Manifest, _ facts: CatalogFacts) -> [JSONValue] {
    CatalogText.related(manifest, facts).map { item in
      let (relation, type) =
        switch item.relation {
        case .identical: ("isIdenticalTo", "dataset")
        case .describedBy: ("isDescribedBy", "other")
        case .documentedBy: ("isDocumentedBy", "publication-article")
        }
      return .object([
        ("identifier", .string(item.identifier)), ("relation", .string(relation)), ("resource_type", .string(type)),
      ])
    }
  }
}
