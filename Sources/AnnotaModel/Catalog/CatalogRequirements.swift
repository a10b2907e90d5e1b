// SPDX-License-Identifier: Apache-2.0

/// What each catalog needs from the manifest, as data: the export checks it before it writes, and
/// `validate --profile` reports it (SPEC's catalog crosswalk, one table per target).
public enum CatalogRequirements {
  /// The requirements of `target`, required ones first (empty for a target Annota does not know).
  /// - Parameter target: the catalog.
  /// - Returns: its requirements.
  public static func of(_ target: CatalogTarget) -> [CatalogRequirement] {
    switch target {
    case .croissant: croissant
    case .bioimageio: bioimageio
    case .zenodo: zenodo
    case .datacite: datacite
    default: []
    }
  }

  /// Every requirement of `target` the manifest does not meet, required ones first, each place in
  /// document order.
  /// - Parameters:
  ///   - manifest: the manifest.
  ///   - target: the catalog.
  /// - Returns: the gaps; no required ones means the record can be written.
  public static func gaps(in manifest: Manifest, for target: CatalogTarget) -> [CatalogGap] {
    let facts = CatalogFacts(manifest)
    return of(target).flatMap { requirement in
      requirement.gaps(manifest, facts).map {
        CatalogGap(
          field: requirement.field, fills: requirement.fills, level: requirement.level, pointer: $0,
          problem: requirement.problem, hint: requirement.hint)
      }
    }
  }

  // MARK: The fields

  private static func has(_ text: String?) -> Bool { !(text ?? "").allSatisfy(\.isWhitespace) }

  /// Characters between the first and last that are not white space.
  private static func visible(_ text: String) -> Int {
    guard let first = text.firstIndex(where: { !$0.isWhitespace }),
      let last = text.lastIndex(where: { !$0.isWhitespace })
    else { return 0 }
    return text.distance(from: first, to: last) + 1
  }

  private static func require(
    _ field: String, fills: String, _ level: CatalogRequirement.Level = .required, problem: String = "is missing",
    hint: String, at pointer: String, when ok: @escaping @Sendable (Manifest, CatalogFacts) -> Bool
  ) -> CatalogRequirement {
    CatalogRequirement(field: field, fills: fills, level: level, problem: problem, hint: hint) { manifest, facts in
      ok(manifest, facts) ? [] : [pointer]
    }
  }

  private static func title(_ fills: String, minimum: Int = 1) -> CatalogRequirement {
    require(
      "study.title", fills: fills, problem: minimum > 1 ? "is missing or under \(minimum) characters" : "is missing",
      hint: "give the dataset a title", at: "/study/title"
    ) { manifest, _ in visible(manifest.study.title) >= minimum }
  }

  private static func description(_ fills: String, minimum: Int = 1) -> CatalogRequirement {
    require(
      "study.description", fills: fills,
      problem: minimum > 1 ? "is missing or under \(minimum) characters" : "is missing",
      hint: "say what was imaged and annotated, and what for", at: "/study/description"
    ) { manifest, _ in visible(manifest.study.description) >= minimum }
  }

  private static func authors(_ fills: String) -> CatalogRequirement {
    require("study.authors", fills: fills, hint: "list the people who made the dataset", at: "/study/authors") {
      manifest, _ in !manifest.study.authors.isEmpty
    }
  }

  private static func releaseDate(_ fills: String, _ level: CatalogRequirement.Level = .required)
    -> CatalogRequirement
  {
    require(
      "study.release_date", fills: fills, level, problem: "is missing or not a date (YYYY-MM-DD)",
      hint: "add the day the dataset is (to be) public, YYYY-MM-DD", at: "/study/release_date"
    ) { _, facts in facts.releaseDate != nil }
  }

  private static func spdxLicence(_ fills: String) -> CatalogRequirement {
    require(
      "study.licence", fills: fills, problem: "is not an SPDX id Annota knows (nor a licence URL that names one)",
      hint: "write the licence as an SPDX id, such as CC-BY-4.0 or CC0-1.0", at: "/study/licence"
    ) { _, facts in facts.spdxLicence != nil }
  }

  private static func orcids(_ fills: String) -> CatalogRequirement {
    CatalogRequirement(
      field: "study.authors[].orcid", fills: fills, level: .recommended, problem: "is missing",
      hint: "add each author's ORCID iD"
    ) { manifest, _ in
      manifest.study.authors.indices.filter { !has(manifest.study.authors[$0].orcid) }.map {
        "/study/authors/\($0)/orcid"
      }
    }
  }

  private static func keywords(_ fills: String, _ level: CatalogRequirement.Level) -> CatalogRequirement {
    require("study.keywords", fills: fills, level, hint: "add a few search keywords", at: "/study/keywords") {
      manifest, _ in manifest.study.keywords.contains { has($0) }
    }
  }

  private static let landingHint = "add study.doi, study.accession_id or a study.links entry (https://…)"

  /// Croissant 1.1's required dataset properties (its spec's list, stricter than mlcroissant) and
  /// the RAI fields the standard can fill.
  static let croissant: [CatalogRequirement] = [
    title("name"), description("description"),
    require(
      "study.licence", fills: "license", problem: "has no URL", hint: "write the licence as an SPDX id or its URL",
      at: "/study/licence"
    ) { _, facts in facts.licenceURL != nil },
    authors("creator"), releaseDate("datePublished"),
    require("study.doi, study.accession_id or study.links", fills: "url", hint: landingHint, at: "/study") {
      _, facts in facts.landingPage != nil
    },
    require("images", fills: "distribution", hint: "list the dataset's images", at: "/images") { manifest, _ in
      !manifest.images.isEmpty
    },
    keywords("keywords", .recommended),
    require("versions", fills: "version", .recommended, hint: "record the dataset's version", at: "/versions") {
      manifest, _ in !manifest.versions.isEmpty
    },
    CatalogRequirement(
      field: "annotation_sets[].method", fills: "rai:dataAnnotationProtocol", level: .recommended,
      problem: "is missing", hint: "say how each set was annotated"
    ) { manifest, _ in
      manifest.annotationSets.indices.filter { !has(manifest.annotationSets[$0].method) }.map {
        "/annotation_sets/\($0)/method"
      }
    },
    require(
      "study.limitations", fills: "rai:dataLimitations", .recommended,
      hint: "say what the dataset should not be used for",
      at: "/study/limitations"
    ) { manifest, _ in has(manifest.study.limitations) },
    require("study.biases", fills: "rai:dataBiases", .recommended, hint: "name known biases", at: "/study/biases") {
      manifest, _ in has(manifest.study.biases)
    },
    require(
      "study.sensitive_data", fills: "rai:personalSensitiveInformation", .recommended,
      hint: "say whether the data hold personal or sensitive information", at: "/study/sensitive_data"
    ) { manifest, _ in has(manifest.study.sensitiveData) },
  ]

  /// bioimage.io's dataset description: what makes `bioimageio validate` pass with no warning.
  static let bioimageio: [CatalogRequirement] = [
    require(
      "study.title", fills: "name",
      problem: "gives a name under 5 characters once the characters bioimage.io refuses are dropped",
      hint: "give the dataset a title of at least 5 ASCII letters or digits", at: "/study/title"
    ) { manifest, _ in CatalogFacts.bioimageioName(manifest.study.title).count >= 5 },
    description("description"), authors("authors"), spdxLicence("license"),
    require(
      "study.publications[].doi, study.doi, study.accession_id or study.links", fills: "cite",
      hint: landingHint + ", or a publication DOI",
      at: "/study"
    ) { manifest, facts in facts.landingPage != nil || manifest.study.publications.contains { has($0.doi) } },
    require("study.doi, study.accession_id or study.links", fills: "source", hint: landingHint, at: "/study") {
      _, facts in facts.source != nil
    },
    require(
      "study.authors[].github_user", fills: "maintainers", .recommended,
      hint: "give one author a github_user: bioimage.io asks for a maintainer", at: "/study/authors"
    ) { manifest, _ in manifest.study.authors.contains { has($0.githubUser) } },
    keywords("tags", .recommended), orcids("authors[].orcid"),
  ]

  /// Zenodo's legacy deposit metadata: its validator's required fields and vocabularies.
  static let zenodo: [CatalogRequirement] = [
    title("title", minimum: 3), description("description", minimum: 3), authors("creators"),
    spdxLicence("license"),
    CatalogRequirement(
      field: "study.authors[].family_name", fills: "creators[].name (Family, Given)", level: .recommended,
      problem: "is missing", hint: "add given_name and family_name, so Zenodo can cite the author"
    ) { manifest, _ in
      manifest.study.authors.indices.filter { !has(manifest.study.authors[$0].familyName) }.map {
        "/study/authors/\($0)/family_name"
      }
    },
    releaseDate("publication_date", .recommended), keywords("keywords", .recommended), orcids("creators[].orcid"),
  ]

  /// DataCite Metadata Schema 4.5: its mandatory properties.
  static let datacite: [CatalogRequirement] = [
    title("titles"), authors("creators"), releaseDate("publicationYear"),
    require(
      "study.doi, study.accession_id, a zenodo.org link or an affiliation", fills: "publisher",
      hint:
        "add the archive that publishes the dataset (study.doi, study.accession_id, its Zenodo record link) or the first author's affiliation",
      at: "/study"
    ) { _, facts in facts.publisher != nil },
    require(
      "study.doi", fills: "doi", .recommended, hint: "add the DOI once the archive reserves it", at: "/study/doi"
    ) { manifest, _ in has(manifest.study.doi) },
    orcids("creators[].nameIdentifiers"),
  ]
}
