// SPDX-License-Identifier: Apache-2.0

extension AnnotaSpec {
  /// The study and the people, organisations, grants and papers behind it.
  static let studyObjects: [ObjectSpec] = [
    ObjectSpec(
      "Study", "What the dataset is, who made it, and under which licence it may be used.",
      fields: [
        FieldSpec(
          "title", .string(.text), .required, "The study's title (REMBI asks for 25 characters or more).",
          Crosswalk(mifa: "Study.title", rembi: "Study.title", bia: "`bia:Study` `name`")),
        FieldSpec(
          "description", .string(.text), .required,
          "What was studied and the biological application of the dataset.",
          Crosswalk(mifa: "Study.description", rembi: "Study.description", bia: "`bia:Study` `description`")),
        FieldSpec(
          "authors", .list(.object("Author"), minItems: 1), .required,
          "The people who made the dataset, in citation order.",
          Crosswalk(mifa: "Study.authors", rembi: "Study.authors", bia: "`bia:Study` `author` → `bia:Contributor`")),
        FieldSpec(
          "licence", .string(.licence), .required,
          "The licence: an SPDX id (e.g. `CC-BY-4.0`) or one of the BIA's licence URLs.",
          Crosswalk(mifa: "Study.license", rembi: "Study.license", bia: "`bia:Study` `license` (URL)")),
        FieldSpec(
          "keywords", .list(.string(.text), minItems: 1), .recommended, "Search keywords.",
          Crosswalk(mifa: "Study.keywords", rembi: "Study.keywords", bia: "`bia:Study` `keywords`")),
        FieldSpec(
          "funding", .object("Funding"), .recommended, "Who paid for the work.",
          Crosswalk(
            mifa: "Study.funding_statement + Study.grants", rembi: "Study.funding",
            bia: "`bia:Study` `fundingStatement` + `funding` → `bia:Grant`")),
        FieldSpec(
          "publications", .list(.object("Publication"), minItems: 1), .optional,
          "Papers that describe or use the dataset.",
          Crosswalk(
            mifa: "Study.publications", rembi: "Study.publications",
            bia: "`bia:Study` `relatedPublication` → `bia:Publication`")),
        FieldSpec(
          "links", .list(.object("Link"), minItems: 1), .optional, "Related web pages.",
          Crosswalk(
            mifa: "Study.link_url + Study.link_description", rembi: "Study.links",
            bia: "`bia:Study` `seeAlso` → `bia:ExternalReference`")),
        FieldSpec(
          "acknowledgements", .string(.text), .optional, "People and facilities to thank.",
          Crosswalk(
            mifa: "Study.acknowledgements", rembi: "Study.acknowledgements", bia: "`bia:Study` `acknowledgement`")),
        FieldSpec(
          "release_date", .string(.date), .recommended,
          "When the dataset is (to be) made public.",
          Crosswalk(rembi: "Study.private_until_date", bia: "`bia:Study` `datePublished`")),
        FieldSpec(
          "accession_id", .string(.identifier), .optional,
          "The archive's accession, once assigned (e.g. `S-BIAD1234`).",
          Crosswalk(bia: "`bia:Study` `accessionId`")),
        FieldSpec(
          "doi", .string(.doi), .optional, "The dataset's DOI, once assigned.",
          Crosswalk(bia: "`bia:Study` `doi`")),
        FieldSpec(
          "limitations", .string(.text), .optional,
          "What the dataset should not be used for, and where it falls short.",
          Crosswalk(bia: "none: Croissant `rai:dataLimitations`"), since: "0.2"),
        FieldSpec(
          "biases", .string(.text), .optional, "Known biases in what was imaged, sampled or annotated.",
          Crosswalk(bia: "none: Croissant `rai:dataBiases`"), since: "0.2"),
        FieldSpec(
          "sensitive_data", .string(.text), .optional,
          "Whether the data hold personal or sensitive information (patients, donors), and how it was handled.",
          Crosswalk(bia: "none: Croissant `rai:personalSensitiveInformation`"), since: "0.2"),
      ]),
    ObjectSpec(
      "Author", "A person who made the dataset.",
      fields: [
        FieldSpec(
          "name", .string(.text), .required, "The name as it should be cited.",
          Crosswalk(
            mifa: "Author.author_first_name + author_last_name", rembi: "Author.first_name + last_name",
            bia: "`bia:Contributor` `name`")),
        FieldSpec(
          "given_name", .string(.text), .recommended, "Given name(s).",
          Crosswalk(mifa: "Author.author_first_name", rembi: "Author.first_name", bia: "none: folded into `name`")),
        FieldSpec(
          "family_name", .string(.text), .recommended, "Family name(s).",
          Crosswalk(mifa: "Author.author_last_name", rembi: "Author.last_name", bia: "none: folded into `name`")),
        FieldSpec(
          "orcid", .string(.orcid), .recommended, "The person's ORCID iD.",
          Crosswalk(mifa: "Author.orcid_id", rembi: "Author.orcid", bia: "`bia:Contributor` `@id` (ORCID IRI)")),
        FieldSpec(
          "email", .string(.email), .optional, "A contact address.",
          Crosswalk(mifa: "Author.email", rembi: "Author.email", bia: "`bia:Contributor` `email`")),
        FieldSpec(
          "affiliations", .list(.object("Affiliation"), minItems: 1), .recommended, "Where the person works.",
          Crosswalk(
            mifa: "Author.organisation", rembi: "Author.affiliation",
            bia: "`bia:Contributor` `memberOf` → `bia:Affiliation`")),
        FieldSpec(
          "roles", .list(.string(.text), minItems: 1), .optional,
          "What the person did, e.g. `data annotation`, `submitter`.",
          Crosswalk(mifa: "Author.role", rembi: "Author.role", bia: "`bia:Contributor` `role`")),
        FieldSpec(
          "github_user", .string(.identifier), .optional, "The person's GitHub user name.",
          Crosswalk(bia: "none: bioimage.io `authors[].github_user`"), since: "0.2"),
      ]),
    ObjectSpec(
      "Affiliation", "An organisation a person belongs to.",
      fields: [
        FieldSpec(
          "name", .string(.text), .required, "The organisation's name.",
          Crosswalk(
            mifa: "Organisation.organisation_name", rembi: "Author.affiliation (name)", bia: "`bia:Affiliation` `name`")
        ),
        FieldSpec(
          "ror", .string(.ror), .recommended, "The organisation's ROR id.",
          Crosswalk(
            mifa: "Organisation.ror_id", rembi: "Author.affiliation (ROR URL)", bia: "`bia:Affiliation` `@id` (ROR IRI)"
          )),
        FieldSpec(
          "address", .string(.text), .optional, "The postal address.",
          Crosswalk(
            mifa: "Organisation.address", rembi: "Author.affiliation (address)", bia: "`bia:Affiliation` `address`")),
        FieldSpec(
          "website", .string(.uri), .optional, "The organisation's web site.",
          Crosswalk(bia: "`bia:Affiliation` `website`")),
      ]),
    ObjectSpec(
      "Funding", "Who paid for the work.",
      fields: [
        FieldSpec(
          "statement", .string(.text), .required, "The funding statement as it should be printed.",
          Crosswalk(
            mifa: "Study.funding_statement", rembi: "Funding.funding_statement", bia: "`bia:Study` `fundingStatement`")),
        FieldSpec(
          "grants", .list(.object("Grant"), minItems: 1), .optional, "The grants.",
          Crosswalk(mifa: "Study.grants", rembi: "Funding.grant_references", bia: "`bia:Study` `funding` → `bia:Grant`")
        ),
      ]),
    ObjectSpec(
      "Grant", "One grant.",
      fields: [
        FieldSpec(
          "id", .string(.text), .required, "The grant's number at the funder.",
          Crosswalk(mifa: "Grant.grant_id", rembi: "GrantReference.identifier", bia: "`bia:Grant` `identifier`")),
        FieldSpec(
          "funder", .string(.text), .required, "The funder's name.",
          Crosswalk(
            mifa: "Grant.funder", rembi: "GrantReference.funder", bia: "`bia:Grant` `funder` → `bia:FundingBody` `name`"
          )),
        FieldSpec(
          "funder_ror", .string(.ror), .optional, "The funder's ROR id.",
          Crosswalk(bia: "`bia:FundingBody` `identifier`")),
      ]),
    ObjectSpec(
      "Publication", "A paper that describes or uses the dataset.",
      fields: [
        FieldSpec(
          "title", .string(.text), .required, "The paper's title.",
          Crosswalk(mifa: "Publication.publication_title", rembi: "Publication.title", bia: "`bia:Publication` `name`")),
        FieldSpec(
          "authors", .string(.text), .required, "The paper's authors, as printed.",
          Crosswalk(
            mifa: "Publication.publication_authors", rembi: "Publication.authors",
            bia: "`bia:Publication` `authorNames`")),
        FieldSpec(
          "doi", .string(.doi), .recommended, "The paper's DOI.",
          Crosswalk(mifa: "Publication.publication_doi", rembi: "Publication.doi", bia: "`bia:Publication` `doi`")),
        FieldSpec(
          "year", .integer(minimum: 1600, maximum: 9999), .optional, "The year of publication.",
          Crosswalk(
            mifa: "Publication.publication_year", rembi: "Publication.year", bia: "`bia:Publication` `yearPublished`")),
        FieldSpec(
          "pubmed_id", .string(.identifier), .optional, "The PubMed id.",
          Crosswalk(mifa: "Publication.pubmed_id", rembi: "Publication.pubmed_id", bia: "`bia:Publication` `pubmedId`")),
      ]),
    ObjectSpec(
      "Link", "A related web page.",
      fields: [
        FieldSpec(
          "url", .string(.uri), .required, "The address.",
          Crosswalk(mifa: "Study.link_url", rembi: "Link.url", bia: "`bia:Study` `seeAlso` `@id`")),
        FieldSpec(
          "description", .string(.text), .optional, "What is there.",
          Crosswalk(
            mifa: "Study.link_description", rembi: "Link.description", bia: "`bia:ExternalReference` `description`")),
        FieldSpec(
          "type", .string(.text), .optional, "What kind of page it is (e.g. `code`, `protocol`).",
          Crosswalk(rembi: "Link.type", bia: "`bia:ExternalReference` `additionalType`")),
      ]),
  ]
}
