// SPDX-License-Identifier: Apache-2.0

/// What the dataset is, who made it, and its licence (MIFA/REMBI Study, BIA `bia:Study`).
public struct Study: Sendable, Hashable, Codable {
  /// The title.
  public var title: String
  /// What was studied and the biological application.
  public var description: String
  /// The authors in citation order.
  public var authors: [Author]
  /// An SPDX id or BIA licence URL.
  public var licence: String
  /// Search keywords.
  public var keywords: [String]
  /// Who paid.
  public var funding: Funding?
  /// Related papers.
  public var publications: [Publication]
  /// Related web pages.
  public var links: [Link]
  /// Acknowledgements.
  public var acknowledgements: String?
  /// Release date, `YYYY-MM-DD`.
  public var releaseDate: String?
  /// The archive accession.
  public var accessionID: String?
  /// The dataset DOI.
  public var doi: String?
  /// What the dataset cannot be used for, and where it falls short (Croissant RAI `dataLimitations`).
  public var limitations: String?
  /// Known biases in what was imaged or annotated (Croissant RAI `dataBiases`).
  public var biases: String?
  /// Whether the data hold personal or sensitive information, and how it was handled (Croissant RAI
  /// `personalSensitiveInformation`).
  public var sensitiveData: String?

  /// Creates a study with the required fields; the rest default to empty.
  /// - Parameters:
  ///   - title: the title.
  ///   - description: the description.
  ///   - authors: the authors.
  ///   - licence: an SPDX id or BIA licence URL.
  public init(title: String, description: String, authors: [Author], licence: String) {
    self.title = title
    self.description = description
    self.authors = authors
    self.licence = licence
    keywords = []
    publications = []
    links = []
  }

  enum CodingKeys: String, CodingKey {
    case title, description, authors, licence, keywords, funding, publications, links
    case acknowledgements
    case releaseDate = "release_date"
    case accessionID = "accession_id"
    case doi, limitations, biases
    case sensitiveData = "sensitive_data"
  }
}

/// A person who made the dataset.
public struct Author: Sendable, Hashable, Codable {
  /// The name as cited.
  public var name: String
  /// Given name(s).
  public var givenName: String?
  /// Family name(s).
  public var familyName: String?
  /// ORCID iD.
  public var orcid: String?
  /// Contact e-mail.
  public var email: String?
  /// Affiliations.
  public var affiliations: [Affiliation]
  /// Roles, for example `data annotation`.
  public var roles: [String]
  /// The person's GitHub user name (bioimage.io maintainers).
  public var githubUser: String?

  /// Creates an author.
  /// - Parameter name: the name as cited.
  public init(name: String) {
    self.name = name
    affiliations = []
    roles = []
  }

  enum CodingKeys: String, CodingKey {
    case name
    case givenName = "given_name"
    case familyName = "family_name"
    case orcid, email, affiliations, roles
    case githubUser = "github_user"
  }
}

/// An organisation.
public struct Affiliation: Sendable, Hashable, Codable {
  /// Its name.
  public var name: String
  /// Its ROR id.
  public var ror: String?
  /// Its address.
  public var address: String?
  /// Its web site.
  public var website: String?

  /// Creates an affiliation.
  /// - Parameter name: the organisation's name.
  public init(name: String) { self.name = name }
}

/// Funding statement and grants.
public struct Funding: Sendable, Hashable, Codable {
  /// The statement.
  public var statement: String
  /// The grants.
  public var grants: [Grant]

  /// Creates a funding block.
  /// - Parameters:
  ///   - statement: the funding statement.
  ///   - grants: the grants.
  public init(statement: String, grants: [Grant] = []) {
    self.statement = statement
    self.grants = grants
  }
}

/// One grant.
public struct Grant: Sendable, Hashable, Codable {
  /// The grant number.
  public var id: String
  /// The funder's name.
  public var funder: String
  /// The funder's ROR id.
  public var funderROR: String?

  /// Creates a grant.
  /// - Parameters:
  ///   - id: the grant number.
  ///   - funder: the funder's name.
  public init(id: String, funder: String) {
    self.id = id
    self.funder = funder
  }

  enum CodingKeys: String, CodingKey {
    case id, funder
    case funderROR = "funder_ror"
  }
}

/// A related paper.
public struct Publication: Sendable, Hashable, Codable {
  /// Title.
  public var title: String
  /// Authors as printed.
  public var authors: String
  /// DOI.
  public var doi: String?
  /// Year.
  public var year: Int?
  /// PubMed id.
  public var pubmedID: String?

  /// Creates a publication.
  /// - Parameters:
  ///   - title: the title.
  ///   - authors: the authors as printed.
  public init(title: String, authors: String) {
    self.title = title
    self.authors = authors
  }

  enum CodingKeys: String, CodingKey {
    case title, authors, doi, year
    case pubmedID = "pubmed_id"
  }
}

/// A related web page.
public struct Link: Sendable, Hashable, Codable {
  /// The address.
  public var url: String
  /// What is there.
  public var description: String?
  /// What kind of page.
  public var type: String?

  /// Creates a link.
  /// - Parameter url: the address.
  public init(url: String) { self.url = url }
}
