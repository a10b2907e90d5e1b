// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// A DataCite Metadata Schema 4.5 record in DataCite's JSON form (what its REST API and the
/// `datacite` package's `schema45` take).
public enum DataCiteRecord {
  /// The record for `manifest`.
  /// - Parameter manifest: the manifest (its gaps already checked).
  /// - Returns: the record, keys in the schema's order.
  public static func record(_ manifest: Manifest) -> JSONValue {
    let study = manifest.study
    let facts = CatalogFacts(manifest)
    var fields: [(String, JSONValue)] = []
    if let doi = facts.doi { fields.append(("doi", .string(doi))) }
    // The page the DOI resolves to (DataCite needs it to register one).
    if let url = facts.resolvesTo { fields.append(("url", .string(url))) }
    fields.append(
      ("types", .object([("resourceTypeGeneral", "Dataset"), ("resourceType", "Annotated bioimage dataset")])))
    fields.append(("creators", .array(study.authors.map(creator))))
    fields.append(("titles", .array([.object([("title", .string(study.title))])])))
    if let publisher = facts.publisher { fields.append(("publisher", .object([("name", .string(publisher))]))) }
    if let year = facts.year { fields.append(("publicationYear", .string(String(year)))) }
    let keywords = study.keywords.filter { !$0.isEmpty }
    if !keywords.isEmpty { fields.append(("subjects", .array(keywords.map { .object([("subject", .string($0))]) }))) }
    let curators = CatalogText.curators(manifest)
    if !curators.isEmpty {
      fields.append(
        (
          "contributors",
          .array(
            curators.map { annotator in
              var entry = person(
                name: annotator.name, given: annotator.givenName, family: annotator.familyName, orcid: annotator.orcid)
              entry.append(("contributorType", "DataCurator"))
              return .object(entry)
            })
        ))
    }
    if let date = facts.releaseDate {
      fields.append(("dates", .array([.object([("date", .string(date)), ("dateType", "Issued")])])))
    }
    fields.append(("language", "en"))
    let related = relatedIdentifiers(manifest, facts)
    if !related.isEmpty { fields.append(("relatedIdentifiers", .array(related))) }
    if let version = CatalogText.version(manifest) { fields.append(("version", .string(version))) }
    var rights: [(String, JSONValue)] = [("rights", .string(facts.spdxLicence ?? study.licence))]
    if let url = facts.licenceURL { rights.append(("rightsUri", .string(url))) }
    if let spdx = facts.spdxLicence {
      rights += [
        ("rightsIdentifier", .string(spdx.lowercased())), ("rightsIdentifierScheme", "SPDX"),
        ("schemeUri", "https://spdx.org/licenses/"),
      ]
    }
    fields.append(("rightsList", .array([.object(rights)])))
    fields.append(
      (
        "descriptions",
        .array([.object([("description", .string(study.description)), ("descriptionType", "Abstract")])])
      ))
    let grants = study.funding?.grants ?? []
    if !grants.isEmpty {
      fields.append(
        (
          "fundingReferences",
          .array(
            grants.map { grant in
              var entry: [(String, JSONValue)] = [("funderName", .string(grant.funder))]
              if let ror = grant.funderROR {
                entry += [("funderIdentifier", .string(CatalogText.rorURL(ror))), ("funderIdentifierType", "ROR")]
              }
              entry.append(("awardNumber", .string(grant.id)))
              return .object(entry)
            })
        ))
    }
    fields.append(("schemaVersion", "http://datacite.org/schema/kernel-4"))
    return .object(fields)
  }

  private static func creator(_ author: Author) -> JSONValue {
    var entry = person(name: author.name, given: author.givenName, family: author.familyName, orcid: author.orcid)
    let affiliations = author.affiliations.map { affiliation in
      var item: [(String, JSONValue)] = [("name", .string(affiliation.name))]
      if let ror = affiliation.ror {
        item += [
          ("affiliationIdentifier", .string(CatalogText.rorURL(ror))), ("affiliationIdentifierScheme", "ROR"),
          ("schemeUri", "https://ror.org"),
        ]
      }
      return JSONValue.object(item)
    }
    if !affiliations.isEmpty { entry.append(("affiliation", .array(affiliations))) }
    return .object(entry)
  }

  private static func person(name: String, given: String?, family: String?, orcid: String?) -> [(String, JSONValue)] {
    var entry: [(String, JSONValue)] = [
      ("name", .string(CatalogText.citedName(name: name, given: given, family: family))), ("nameType", "Personal"),
    ]
    if let given { entry.append(("givenName", .string(given))) }
    if let family { entry.append(("familyName", .string(family))) }
    if let orcid {
      entry.append(
        (
          "nameIdentifiers",
          .array([
            .object([
              ("nameIdentifier", .string(CatalogText.orcidURL(orcid))), ("nameIdentifierScheme", "ORCID"),
              ("schemeUri", "https://orcid.org"),
            ])
          ])
        ))
    }
    return entry
  }

  private static func relatedIdentifiers(_ manifest: Manifest, _ facts: CatalogFacts) -> [JSONValue] {
    CatalogText.related(manifest, facts).map { item in
      let relation =
        switch item.relation {
        case .identical: "IsIdenticalTo"
        case .describedBy: "IsDescribedBy"
        case .documentedBy: "IsDocumentedBy"
        }
      return .object([
        ("relatedIdentifier", .string(item.identifier)), ("relatedIdentifierType", .string(item.isDOI ? "DOI" : "URL")),
        ("relationType", .string(relation)),
      ])
    }
  }
}
