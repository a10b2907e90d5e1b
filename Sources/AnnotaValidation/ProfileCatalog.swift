// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// One field a profile asks for, and how to tell whether the manifest has it.
struct ProfileField: Sendable {
  /// Whether the profile requires the field or recommends it.
  enum Level: Sendable { case required, recommended }

  /// The field as users write it, such as `study.authors[].family_name`.
  var name: String
  var level: Level
  /// Where it goes in the manifest (JSON Pointer), for the finding.
  var pointer: String
  /// Every place it is missing (JSON Pointers, in document order); empty when present everywhere it
  /// must be.
  var missing: @Sendable (Manifest) -> [String]
  /// What is wrong, when more than "missing or empty" (a catalog's vocabulary).
  var problem: String?
  /// What to do, when the field's own advice is better than SPEC's.
  var hint: String?
}

/// The fields each profile requires and recommends (SPEC §4 levels, §8.1 MIFA, REMBI 1.5 as the BIA
/// submission form has it, §8.2 BIA RO-Crate), as data.
enum ProfileCatalog {
  /// Non-empty after trimming white space.
  static func has(_ text: String?) -> Bool { !(text ?? "").allSatisfy(\.isWhitespace) }

  /// Every index whose element fails `test`, as pointers below `base`; empty when all pass.
  static func every<T>(_ items: [T], _ base: String, _ suffix: String = "", where test: (T) -> Bool) -> [String] {
    items.indices.filter { !test(items[$0]) }.map { "\(base)/\($0)\(suffix)" }
  }

  static func field(
    _ name: String, _ level: ProfileField.Level, _ pointer: String,
    _ missing: @escaping @Sendable (Manifest) -> [String]
  ) -> ProfileField {
    ProfileField(name: name, level: level, pointer: pointer, missing: missing)
  }

  static func present(
    _ name: String, _ level: ProfileField.Level, _ pointer: String, _ test: @escaping @Sendable (Manifest) -> Bool
  ) -> ProfileField {
    field(name, level, pointer) { test($0) ? [] : [pointer] }
  }

  // Shared by several profiles.
  static let title = present("study.title", .required, "/study/title") { has($0.study.title) }
  static let description = present("study.description", .required, "/study/description") {
    has($0.study.description)
  }
  static let authors = present("study.authors", .required, "/study/authors") { !$0.study.authors.isEmpty }
  static let licence = present("study.licence", .required, "/study/licence") { has($0.study.licence) }
  static let keywords = present("study.keywords", .required, "/study/keywords") {
    $0.study.keywords.contains { has($0) }
  }
  static let releaseDate = present("study.release_date", .required, "/study/release_date") {
    has($0.study.releaseDate)
  }
  static let givenNames = field("study.authors[].given_name", .required, "/study/authors") {
    every($0.study.authors, "/study/authors", "/given_name") { has($0.givenName) }
  }
  static let familyNames = field("study.authors[].family_name", .required, "/study/authors") {
    every($0.study.authors, "/study/authors", "/family_name") { has($0.familyName) }
  }
  static let affiliations = field("study.authors[].affiliations", .required, "/study/authors") {
    every($0.study.authors, "/study/authors", "/affiliations") { !$0.affiliations.isEmpty }
  }
  static let orcids = field("study.authors[].orcid", .recommended, "/study/authors") {
    every($0.study.authors, "/study/authors", "/orcid") { has($0.orcid) }
  }
  static let rors = field("study.authors[].affiliations[].ror", .recommended, "/study/authors") {
    every($0.study.authors.flatMap(\.affiliations), "/study/authors", "") { has($0.ror) }
  }
  static let funding = present("study.funding.statement", .required, "/study/funding") {
    has($0.study.funding?.statement)
  }
  static let overviews = field("annotation_sets[].overview", .required, "/annotation_sets") {
    every($0.annotationSets, "/annotation_sets", "/overview") { has($0.overview) }
  }
  static let types = field("annotation_sets[].types", .required, "/annotation_sets") {
    every($0.annotationSets, "/annotation_sets", "/types") { !$0.types.isEmpty }
  }
  static let methods = field("annotation_sets[].method", .required, "/annotation_sets") {
    every($0.annotationSets, "/annotation_sets", "/method") { has($0.method) || $0.provenance != nil }
  }
  static let sourceImages = field("annotation_sets[].files[].image", .required, "/annotation_sets") { manifest in
    manifest.annotationSets.enumerated().flatMap { s, set in
      set.files.indices.filter { set.files[$0].sourceImages.isEmpty }.map { "/annotation_sets/\(s)/files/\($0)/image" }
    }
  }
  static let biosamples = present("biosamples", .required, "/biosamples") { !$0.biosamples.isEmpty }
  static let specimens = present("specimens", .required, "/specimens") { !$0.specimens.isEmpty }
  static let acquisitions = present("acquisitions", .required, "/acquisitions") { !$0.acquisitions.isEmpty }

  static let scientificNames = field("biosamples[].organism.scientific_name", .required, "/biosamples") {
    every($0.biosamples, "/biosamples", "/organism/scientific_name") { has($0.organism.scientificName) }
  }
  static let ncbiTaxa = field("biosamples[].organism.ncbi_taxon", .required, "/biosamples") {
    every($0.biosamples, "/biosamples", "/organism/ncbi_taxon") { has($0.organism.ncbiTaxon) }
  }
  static let biologicalEntities = field("biosamples[].biological_entity", .required, "/biosamples") {
    every($0.biosamples, "/biosamples", "/biological_entity") { has($0.biologicalEntity) }
  }
  static let preparations = field("specimens[].preparation", .required, "/specimens") {
    every($0.specimens, "/specimens", "/preparation") { has($0.preparation) }
  }
  static let imagingMethodNames = field("acquisitions[].imaging_method.name", .required, "/acquisitions") {
    every($0.acquisitions, "/acquisitions", "/imaging_method/name") { has($0.imagingMethod.name) }
  }
  static let instruments = field("acquisitions[].instrument", .required, "/acquisitions") {
    every($0.acquisitions, "/acquisitions", "/instrument") { has($0.instrument) }
  }
  static let fbbiIDs = field("acquisitions[].imaging_method.fbbi", .recommended, "/acquisitions") {
    every($0.acquisitions, "/acquisitions", "/imaging_method/fbbi") { has($0.imagingMethod.fbbi) }
  }
  static let affiliationNames = field("study.authors[].affiliations[].name", .required, "/study/authors") { manifest in
    manifest.study.authors.enumerated().flatMap { a, author in
      author.affiliations.indices.filter { !has(author.affiliations[$0].name) }.map {
        "/study/authors/\(a)/affiliations/\($0)/name"
      }
    }
  }

  /// A catalog's requirements (the same table `export --to` checks before writing).
  static func catalog(_ target: CatalogTarget) -> [ProfileField] {
    CatalogRequirements.of(target).map { requirement in
      ProfileField(
        name: requirement.field, level: requirement.level == .required ? .required : .recommended,
        pointer: "/study", missing: { requirement.gaps($0, CatalogFacts($0)) },
        problem: "\(requirement.problem) (\(target)'s \(requirement.fills))", hint: requirement.hint)
    }
  }

  /// The core profile: the standard's own required and recommended fields (SPEC §4).
  static let core: [ProfileField] = [
    title, description, authors, licence,
    present("images", .required, "/images") { !$0.images.isEmpty },
    present("annotation_sets", .required, "/annotation_sets") { !$0.annotationSets.isEmpty },
    recommended(keywords), present("study.funding", .recommended, "/study/funding") { $0.study.funding != nil },
    recommended(releaseDate), recommended(givenNames), recommended(familyNames), orcids, recommended(affiliations),
    rors, recommended(biosamples), recommended(specimens), recommended(acquisitions),
    present("versions", .recommended, "/versions") { !$0.versions.isEmpty },
  ]

  /// MIFA: what its sources require, and the provenance it recommends.
  ///
  /// The sources are MIFA's LinkML model (`bia-mifa-models`) and the BIA's MIFA submission template
  /// (`bia-agent`); SPEC §8.1 maps them and RULES.md MIFA-001 names the source of each. The licence
  /// (MIFA's `LicenseType`) is MIFA-002.
  static let mifa: [ProfileField] = [
    title, description, keywords, licence, funding, releaseDate, authors, givenNames, familyNames,
    field("study.authors[].roles", .required, "/study/authors") {
      every($0.study.authors, "/study/authors", "/roles") { $0.roles.contains { has($0) } }
    },
    affiliationNames,
    field("study.funding.grants[].id, .funder", .required, "/study/funding/grants") {
      every($0.study.funding?.grants ?? [], "/study/funding/grants") { has($0.id) && has($0.funder) }
    },
    field("study.publications[].title", .required, "/study/publications") {
      every($0.study.publications, "/study/publications", "/title") { has($0.title) }
    },
    overviews, types,
    // MIFA's annotation_method is prose: provenance as data adds to it, never replaces it.
    field("annotation_sets[].method", .required, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/method") { has($0.method) }
    },
    field("annotation_sets[].provenance.annotators[].given_name, .family_name", .required, "/annotation_sets") {
      manifest in
      manifest.annotationSets.enumerated().flatMap { s, set in
        every(set.provenance?.annotators ?? [], "/annotation_sets/\(s)/provenance/annotators") {
          has($0.givenName) && has($0.familyName)
        }
      }
    },
    sourceImages,
    // MIFA's Version: the dataset's history, or each set's own (bia-agent keys versions by set).
    present("versions", .required, "/versions") { manifest in
      !manifest.versions.isEmpty
        || (!manifest.annotationSets.isEmpty && manifest.annotationSets.allSatisfy { !$0.versions.isEmpty })
    },
    field("versions[].timestamp", .required, "/versions") { manifest in
      every(manifest.versions, "/versions", "/timestamp") { has($0.timestamp) }
        + manifest.annotationSets.enumerated().flatMap { s, set in
          every(set.versions, "/annotation_sets/\(s)/versions", "/timestamp") { has($0.timestamp) }
        }
    },
    field("annotation_sets[].criteria", .recommended, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/criteria") { has($0.criteria) }
    },
    field("annotation_sets[].coverage", .recommended, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/coverage") { has($0.coverage) }
    },
    field("annotation_sets[].provenance", .recommended, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/provenance") { $0.provenance != nil }
    },
    field("annotation_sets[].confidence_level or provenance.agreement", .recommended, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/confidence_level") {
        has($0.confidenceLevel) || !($0.provenance?.agreement.isEmpty ?? true) || $0.provenance?.confidence != nil
      }
    },
    field("annotation_sets[].spatial_information (shapes)", .recommended, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/spatial_information") {
        $0.encoding == .labelImage || has($0.spatialInformation)
      }
    },
    present("ai_models", .recommended, "/ai_models") { !$0.aiModels.isEmpty },
    orcids,
    field("study.publications[].doi", .recommended, "/study/publications") {
      every($0.study.publications, "/study/publications", "/doi") { has($0.doi) }
    },
  ]

  /// REMBI 1.5 as the BIA's submission form has it: study texts of 25 characters or more, a release
  /// date, and the biosample, specimen and acquisition sections.
  static let rembi: [ProfileField] = [
    title, description, releaseDate, keywords, authors, givenNames, familyNames, affiliations,
    biosamples,
    scientificNames,
    ncbiTaxa,
    biologicalEntities,
    specimens,
    preparations,
    acquisitions,
    imagingMethodNames,
    instruments,
    field("acquisitions[].parameters", .required, "/acquisitions") {
      every($0.acquisitions, "/acquisitions", "/parameters") { has($0.parameters) }
    },
    recommended(licence), recommended(funding),
    fbbiIDs,
    field("specimens[].growth_protocol", .recommended, "/specimens") {
      every($0.specimens, "/specimens", "/growth_protocol") { has($0.growthProtocol) }
    },
    field("images[].biosample, .specimen, .acquisition", .recommended, "/images") {
      every($0.images, "/images") { $0.biosample != nil && $0.specimen != nil && $0.acquisition != nil }
    },
    orcids,
  ]

  /// The BIA submission: what the BIA RO-Crate profile needs to be generated (SPEC §8.2) and what its
  /// submission profile requires (one REMBI or MIFA dataset, biosample, specimen and acquisition).
  static let bia: [ProfileField] = [
    // A crate's specimen must name what it samples (bia:Specimen biologicalEntity is required).
    field("specimens[].biosample", .required, "/specimens") {
      every($0.specimens, "/specimens", "/biosample") { $0.biosample != nil }
    },
    title, description, licence, authors, releaseDate,
    affiliationNames,
    biosamples,
    scientificNames,
    biologicalEntities,
    specimens,
    preparations,
    acquisitions,
    instruments,
    imagingMethodNames,
    field("annotation_sets[].name", .required, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/name") { has($0.name) }
    },
    overviews, sourceImages,
    recommended(keywords), recommended(funding), orcids, rors,
    fbbiIDs,
    recommended(ncbiTaxa),
  ]

  /// AI-readiness: splits for every image, how much is annotated and how it was made.
  static let ml: [ProfileField] = [
    present("splits", .required, "/splits") { !$0.splits.isEmpty },
    field("images[].split", .required, "/images") { every($0.images, "/images", "/split") { $0.split != nil } },
    field("annotation_sets[].coverage", .recommended, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/coverage") { has($0.coverage) }
    },
    field("annotation_sets[].provenance", .recommended, "/annotation_sets") {
      every($0.annotationSets, "/annotation_sets", "/provenance") { $0.provenance != nil }
    },
    field("label_tables[].labels[].term", .recommended, "/label_tables") { manifest in
      manifest.labelTables.enumerated().flatMap { t, table in
        table.labels.indices.filter { table.labels[$0].value != 0 && !has(table.labels[$0].term) }.map {
          "/label_tables/\(t)/labels/\($0)/term"
        }
      }
    },
    recommended(licence),
  ]

  static func recommended(_ field: ProfileField) -> ProfileField {
    var copy = field
    copy.level = .recommended
    return copy
  }
}
