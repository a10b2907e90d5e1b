// SPDX-License-Identifier: Apache-2.0

/// What every catalog record derives from the manifest in the same way: identifiers, addresses, the
/// licence in each spelling, the year.
///
/// One derivation, so the four records and their profiles cannot disagree about where a dataset
/// lives (SPEC's catalog crosswalk says what each value is made from).
public struct CatalogFacts: Sendable, Hashable {
  /// The dataset DOI without a resolver prefix (`10.5281/zenodo.123`).
  public var doi: String?
  /// The Zenodo record: a `study.links` address on zenodo.org, or the record of a Zenodo DOI.
  public var zenodoRecord: String?
  /// The BioImage Archive study page, from `study.accession_id`.
  public var biaStudy: String?
  /// The bioimage.io record: a `study.links` address on bioimage.io.
  public var bioimageioRecord: String?
  /// The address a person lands on: the DOI, else the Zenodo record, the BIA study, the first link.
  public var landingPage: String?
  /// Where the data can be downloaded: the Zenodo record, else the BIA study, else the landing page.
  public var source: String?
  /// The licence as an SPDX id, when the manifest's licence is one or names one by URL.
  public var spdxLicence: String?
  /// The licence's URL (the Creative Commons deed, or the SPDX page).
  public var licenceURL: String?
  /// `study.release_date` when it is a valid `YYYY-MM-DD` date.
  public var releaseDate: String?
  /// The year of ``releaseDate``.
  public var year: Int?
  /// The address of the dataset's own page for a DOI to resolve to: the Zenodo record, else the BIA
  /// study, else the first link (never the DOI itself).
  public var resolvesTo: String?
  /// Who publishes the dataset: Zenodo for a Zenodo record or DOI, the BioImage Archive for an
  /// accession, else the first author's first affiliation (the institution that produced it).
  public var publisher: String?

  /// Derives the facts from a manifest.
  /// - Parameter manifest: the manifest.
  public init(_ manifest: Manifest) {
    let study = manifest.study
    doi = study.doi.map(Self.bareDOI)
    let links = study.links.map(\.url).filter(Self.isWebAddress)
    let zenodoNumber = doi.flatMap(Self.zenodoNumber)
    zenodoRecord =
      links.first { Self.host(of: $0).hasSuffix("zenodo.org") }
      ?? zenodoNumber.map { "https://zenodo.org/records/\($0)" }
    biaStudy = study.accessionID.map { "https://www.ebi.ac.uk/biostudies/bioimages/studies/\($0)" }
    bioimageioRecord = links.first { Self.host(of: $0).hasSuffix("bioimage.io") }
    landingPage = doi.map { "https://doi.org/\($0)" } ?? zenodoRecord ?? biaStudy ?? links.first
    source = zenodoRecord ?? biaStudy ?? landingPage
    spdxLicence =
      Licences.spdxIDs.contains(study.licence)
      ? study.licence : Licences.biaURLs.first { $0.url == study.licence || $0.url == study.licence + "/" }?.spdx
    licenceURL =
      spdxLicence.flatMap(Licences.biaURL(for:)) ?? spdxLicence.map { "https://spdx.org/licenses/\($0).html" }
      ?? (Self.isWebAddress(study.licence) ? study.licence : nil)
    releaseDate = study.releaseDate.flatMap { ISO8601.isDate($0) && $0.count == 10 ? $0 : nil }
    year = releaseDate.flatMap { Int($0.prefix(4)) }
    resolvesTo = zenodoRecord ?? biaStudy ?? links.first
    publisher =
      zenodoRecord != nil || zenodoNumber != nil
      ? "Zenodo"
      : study.accessionID != nil ? "EMBL-EBI BioImage Archive" : study.authors.first?.affiliations.first?.name
  }

  /// The longest name bioimage.io takes without a warning.
  public static let bioimageioNameLimit = 64

  /// A title as a bioimage.io name: accented Latin letters as their base letter, every other
  /// character but ASCII letters, digits, `_ + - ( )` and space as a space, spaces squeezed, cut at a
  /// word boundary to ``bioimageioNameLimit`` characters.
  /// - Parameter title: the study's title.
  /// - Returns: the name (bioimage.io needs 5 characters or more).
  public static func bioimageioName(_ title: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-() ".unicodeScalars)
    var folded = ""
    for scalar in title.unicodeScalars {
      if allowed.contains(scalar) {
        folded.unicodeScalars.append(scalar)
      } else if let base = latinBase(scalar) {
        folded += base
      } else {
        folded += " "
      }
    }
    var words = folded.split(separator: " ").map(String.init)
    while words.joined(separator: " ").count > bioimageioNameLimit, words.count > 1 { words.removeLast() }
    return String(words.joined(separator: " ").prefix(bioimageioNameLimit))
  }

  /// The base letter of an accented Latin letter (`é` → `e`, `Å` → `A`, `ß` → `ss`), from its
  /// Unicode name.
  static func latinBase(_ scalar: Unicode.Scalar) -> String? {
    guard let name = scalar.properties.name else { return nil }
    if name == "LATIN SMALL LETTER SHARP S" { return "ss" }
    for (prefix, lower) in [("LATIN SMALL LETTER ", true), ("LATIN CAPITAL LETTER ", false)]
    where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count)
      guard let letter = rest.first, letter.isASCII, letter.isLetter,
        rest.dropFirst().isEmpty || rest.dropFirst().hasPrefix(" WITH ")
      else { return nil }
      return lower ? letter.lowercased() : String(letter)
    }
    return nil
  }

  /// `10.…` from a DOI written bare, as `doi:…` or as a resolver URL.
  public static func bareDOI(_ text: String) -> String {
    for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"] where text.hasPrefix(prefix) {
      return String(text.dropFirst(prefix.count))
    }
    return text
  }

  /// An `http` or `https` address.
  public static func isWebAddress(_ text: String) -> Bool {
    (text.hasPrefix("https://") || text.hasPrefix("http://")) && !host(of: text).isEmpty
  }

  /// The host of a web address, lowercased (empty when there is none).
  static func host(of url: String) -> String {
    guard let scheme = url.firstIndex(of: ":"), url[scheme...].hasPrefix("://") else { return "" }
    let rest = url[url.index(scheme, offsetBy: 3)...]
    let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    let authority = rest[..<end]
    let host = authority.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
    return host.lowercased()
  }

  /// The record number of a Zenodo DOI (`10.5281/zenodo.123` → `123`).
  static func zenodoNumber(_ doi: String) -> String? {
    let prefix = "10.5281/zenodo."
    guard doi.lowercased().hasPrefix(prefix) else { return nil }
    let number = doi.dropFirst(prefix.count)
    return !number.isEmpty && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber) ? String(number) : nil
  }
}
