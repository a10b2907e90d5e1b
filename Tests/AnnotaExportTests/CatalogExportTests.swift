// SPDX-License-Identifier: Apache-2.0
@_spi(Testing) import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// `annota export --to croissant|bioimageio|zenodo|datacite`: what each record holds, that it is
/// the same bytes every time, written whole, never over the dataset's own files, and refused —
/// nothing written — when the manifest lacks a field the catalog requires.
@Suite struct CatalogExportTests {
  static func export(_ folder: TemporaryFolder, _ target: CatalogTarget, to name: String?) throws
    -> CatalogExporter.Result
  {
    try CatalogExporter.export(folder.path, options: .init(target: target, output: name.map(folder.file)))
  }

  static func json(_ path: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
  }

  @Test(arguments: [CatalogTarget.croissant, .zenodo, .datacite])
  func aRecordIsTheSameBytesEveryTime(_ target: CatalogTarget) throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let first = try Self.export(folder, target, to: "first.json")
    let second = try Self.export(folder, target, to: "second.json")
    #expect(first.files.count == 1 && second.files.count == 1)
    let a = try Data(contentsOf: URL(fileURLWithPath: folder.file("first.json")))
    let b = try Data(contentsOf: URL(fileURLWithPath: folder.file("second.json")))
    #expect(a == b)
    // Without -o the same text comes back.
    let text = try #require(try Self.export(folder, target, to: nil).text)
    #expect(Data(text.utf8) == a)
    // Nothing but the record is left beside it (no temporary file).
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
  }

  @Test func zenodoMetadataFollowsTheDepositRules() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let text = try #require(try Self.export(folder, .zenodo, to: nil).text)
    let metadata = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(ZenodoRules.problems(metadata).isEmpty, "\(ZenodoRules.problems(metadata))")
    #expect(metadata["upload_type"] as? String == "dataset")
    #expect(metadata["license"] as? String == "cc-by-4.0")
    #expect(metadata["publication_date"] as? String == "2026-01-15")
    #expect(metadata["doi"] as? String == "10.5281/zenodo.1234567")
    let creators = try #require(metadata["creators"] as? [[String: String]])
    #expect(creators == [["name": "Author, Test", "affiliation": "Example Institute", "orcid": "0000-0002-1825-0097"]])
    // The description is HTML with the study's text escaped.
    let description = try #require(metadata["description"] as? String)
    #expect(
      description.hasPrefix(
        "<p>Two classes of blocks &lt;in&gt; four images, for the catalog tests &amp; their peers.</p>"))
    let related = try #require(metadata["related_identifiers"] as? [[String: String]])
    #expect(
      related.map { $0["relation"] ?? "" } == ["isIdenticalTo", "isDescribedBy", "isDocumentedBy"])
    #expect(related[0]["identifier"] == "https://www.ebi.ac.uk/biostudies/bioimages/studies/S-BIAD9999")
    #expect(related[2]["identifier"] == "10.1234/blocks.5678")
    let contributors = try #require(metadata["contributors"] as? [[String: String]])
    #expect(contributors == [["name": "Curator, Cleo", "type": "DataCurator"]])
    // Communities only when asked for.
    #expect(metadata["communities"] == nil)
    var options = CatalogExporter.Options(target: .zenodo, output: nil)
    options.communities = ["ai4life"]
    let withCommunity = try #require(try CatalogExporter.export(folder.path, options: options).text)
    #expect(withCommunity.contains(#""communities": [\#n    {\#n      "identifier": "ai4life"\#n    }\#n  ]"#))
  }

  @Test func dataciteRecordHasTheMandatoryProperties() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    _ = try Self.export(folder, .datacite, to: "datacite.json")
    let record = try Self.json(folder.file("datacite.json"))
    for key in ["creators", "titles", "publisher", "publicationYear", "types", "schemaVersion"] {
      #expect(record[key] != nil, "\(key)")
    }
    #expect(record["publicationYear"] as? String == "2026")
    #expect((record["publisher"] as? [String: String])?["name"] == "Zenodo")
    let creator = try #require((record["creators"] as? [[String: Any]])?.first)
    let identifiers = try #require(creator["nameIdentifiers"] as? [[String: String]])
    #expect(identifiers.first?["nameIdentifier"] == "https://orcid.org/0000-0002-1825-0097")
  }

  @Test func theBIAIsThePublisherOfAnAccessionAndTheAffiliationOfTheRest() throws {
    let accession = try CatalogFixture.dataset(without: ["doi"])
    defer { accession.remove() }
    #expect(CatalogFacts(try manifest(accession)).publisher == "EMBL-EBI BioImage Archive")
    let neither = try CatalogFixture.dataset(without: ["doi", "accession_id"])
    defer { neither.remove() }
    #expect(CatalogFacts(try manifest(neither)).publisher == "Example Institute")
    #expect(CatalogFacts(try manifest(neither)).landingPage == "https://bioimage.io/#/artifacts/blocks")
  }

  /// Each target's required fields: without one, the export throws `.incomplete` naming the
  /// manifest field and its place, and writes nothing.
  @Test(arguments: [
    (CatalogTarget.croissant, "release_date", "/study/release_date"),
    (CatalogTarget.croissant, "links", "/study"),
    (CatalogTarget.bioimageio, "links", "/study"), (CatalogTarget.datacite, "release_date", "/study/release_date"),
  ])
  func aMissingRequiredFieldStopsTheExport(_ target: CatalogTarget, _ key: String, _ pointer: String) throws {
    // Without `links` the landing page still comes from the DOI: take DOI and accession away too.
    let without: Set<String> = key == "links" ? ["links", "doi", "accession_id", "publications"] : [key]
    let folder = try CatalogFixture.dataset(without: without)
    defer { folder.remove() }
    let output = folder.file("record")
    #expect {
      try CatalogExporter.export(folder.path, options: .init(target: target, output: output))
    } throws: { error in
      guard let error = error as? ExportError, error.code == .incomplete else { return false }
      return error.message.contains("annota.yaml#\(pointer):")
    }
    #expect(!FileManager.default.fileExists(atPath: output))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }.isEmpty)
  }

  @Test func aTitleZenodoOrBioimageioRefusesStopsTheExport() throws {
    let folder = try CatalogFixture.dataset(replacing: ["title": "  title: Nu"])
    defer { folder.remove() }
    for target in [CatalogTarget.zenodo, .bioimageio] {
      #expect(throws: ExportError.self) {
        try CatalogExporter.export(folder.path, options: .init(target: target, output: folder.file("out")))
      }
    }
    // Croissant has no minimum.
    #expect(try Self.export(folder, .croissant, to: "croissant.json").files.count == 1)
  }

  @Test func aLicenceWithoutAnSPDXIdIsAGapForZenodo() throws {
    let folder = try CatalogFixture.dataset(replacing: ["licence": "  licence: https://example.org/my-licence"])
    defer { folder.remove() }
    let gaps = CatalogRequirements.gaps(in: try manifest(folder), for: .zenodo)
    #expect(gaps.first?.field == "study.licence" && gaps.first?.level == .required)
  }

  @Test func theRecordNeverReplacesTheDatasetsOwnFiles() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let before = try Data(contentsOf: URL(fileURLWithPath: folder.file("annota.yaml")))
    for name in ["annota.yaml", "images/img1.tif", "classes/quality.tsv"] {
      #expect(throws: ExportError.self) { try Self.export(folder, .zenodo, to: name) }
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: folder.file("annota.yaml"))) == before)
  }

  @Test(arguments: ["../outside.tif", "/etc/passwd"])
  func aPathLeadingOutOfTheDatasetIsRefusedBeforeAnythingIsRead(_ path: String) throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let manifest = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    try folder.write(
      manifest.replacingOccurrences(of: "path: images/img1.tif", with: "path: \(path)"), to: "annota.yaml")
    for target in [CatalogTarget.croissant, .bioimageio] {
      #expect {
        try CatalogExporter.export(folder.path, options: .init(target: target, output: folder.file("out")))
      } throws: { error in
        (error as? ExportError)?.code == .unsupported && (error as? ExportError)?.message.contains(path) == true
      }
    }
    #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
  }

  @Test func anImageThatCannotBeReadGivesNoCoverAndSaysSo() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    // Every image cut short: no cover can be drawn, the description is still written without one.
    for index in 1...4 {
      let path = folder.file("images/img\(index).tif")
      let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: path))
    }
    let result = try CatalogExporter.export(
      folder.path, options: .init(target: .bioimageio, output: folder.file("bioimageio")))
    #expect(result.files.map { $0.split(separator: "/").last.map(String.init) ?? "" } == ["rdf.yaml", "README.md"])
    #expect(result.notes.contains { $0.hasPrefix("bioimageio: no cover: images/img1.tif") })
    let rdf = try String(contentsOfFile: folder.file("bioimageio/rdf.yaml"), encoding: .utf8)
    #expect(!rdf.contains("covers:"))
  }

  @Test func croissantHasWhatTheSpecRequiresAndTheFilesItNames() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    _ = try Self.export(folder, .croissant, to: "croissant.json")
    let record = try Self.json(folder.file("croissant.json"))
    // Croissant 1.1's required dataset properties (mlcroissant checks few of them).
    for key in [
      "@context", "@type", "conformsTo", "description", "license", "name", "url", "creator", "datePublished",
      "distribution",
    ] {
      #expect(record[key] != nil, "\(key)")
    }
    #expect(record["conformsTo"] as? [String] == CroissantRecord.conformsTo)
    #expect(record["url"] as? String == "https://doi.org/10.5281/zenodo.1234567")
    #expect(record["license"] as? String == "https://creativecommons.org/licenses/by/4.0/")
    #expect(record["rai:dataLimitations"] as? [String] == ["Synthetic blocks only."])
    #expect(
      record["rai:dataAnnotationAnalysis"] as? [String] == ["regions: dice = 0.93 between 2 annotators on 4 images"])
    #expect(record["rai:annotatorDemographics"] as? [String] == ["Cleo Curator: expert, 4 years of experience"])
    let distribution = try #require(record["distribution"] as? [[String: Any]])
    let byID = Dictionary(
      uniqueKeysWithValues: distribution.compactMap { item in (item["@id"] as? String).map { ($0, item) } })
    #expect(byID["images-tif-files"]?["includes"] as? String == "images/*.tif")
    #expect(byID["regions-tif-files"]?["includes"] as? String == "labels/*.tif")
    // Files kept whole carry their real SHA-256 and size.
    let table = try #require(byID["file-classes-quality.tsv"])
    #expect(table["sha256"] as? String == (try FileDigest.sha256(folder.file("classes/quality.tsv"))))
    #expect(table["contentSize"] as? String == "52 B")
    let recordSets = try #require(record["recordSet"] as? [[String: Any]])
    // A split field names its row of the cr:Split RecordSet, as Croissant declares splits.
    let images = try #require(recordSets.first { $0["@id"] as? String == "images-tif" })
    let split = try #require(
      (images["field"] as? [[String: Any]])?.first { $0["@id"] as? String == "images-tif/split" })
    #expect(((split["references"] as? [String: Any])?["field"] as? [String: String])?["@id"] == "splits/name")
    let names = recordSets.compactMap { $0["@id"] as? String }
    #expect(
      names == [
        "splits", "labels-classes", "labels-quality-classes", "images-tif-list", "images-tif", "regions-tif-list",
        "regions-tif", "quality-files-list",
      ])
  }

  @Test func aFileThatChangedSinceTheManifestRecordedItsDigestIsAnError() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let text = try #require(try Self.export(folder, .croissant, to: nil).text)
    // The class table's SHA-256 is in the manifest: it is stated in the file list rows too.
    #expect(
      text.contains("\"quality-files-list/sha256\": \"" + (try FileDigest.sha256(folder.file("classes/quality.tsv")))))
    try folder.write("image\tlabel\nimg1\tpoor\n", to: "classes/quality.tsv")
    #expect {
      try Self.export(folder, .croissant, to: "croissant.json")
    } throws: { error in
      (error as? ExportError)?.message.contains("not the one the manifest records") == true
    }
    #expect(!FileManager.default.fileExists(atPath: folder.file("croissant.json")))
  }

  @Test func aGlobThatWouldTakeAFileOfASubfolderBecomesAList() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    // mlcroissant's fnmatch lets `*` cross `/`: images/*.tif would take images/raw/img1.tif.
    try FileManager.default.createDirectory(atPath: folder.file("images/raw"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: folder.file("images/img1.tif"), toPath: folder.file("images/raw/img1.tif"))
    let text = try #require(try Self.export(folder, .croissant, to: nil).text)
    #expect(!text.contains("images/*.tif"))
  }

  @Test func globCharactersInNamesAreEscaped() {
    #expect(CatalogFilesProbe.escaped("images/cells[02]*?.tif") == "images/cells[[]02][*][?].tif")
  }

  @Test func aGlobThatWouldTakeAnUnlistedFileBecomesAList() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    try folder.write("not an image of the dataset", to: "images/stray.tif")
    let text = try #require(try Self.export(folder, .croissant, to: nil).text)
    #expect(!text.contains("images/*.tif"))
    #expect(text.contains(#""includes": ["images/img1.tif", "images/img2.tif", "images/img3.tif", "images/img4.tif"]"#))
  }

  @Test func bioimageioWritesTheDescriptionItsReadmeAndA2To1Cover() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let output = folder.file("bioimageio")
    let result = try Self.export(folder, .bioimageio, to: "bioimageio")
    #expect(
      result.files.map { $0.split(separator: "/").last.map(String.init) ?? "" } == [
        "rdf.yaml", "README.md", "cover.png",
      ])
    let rdf = try String(contentsOfFile: output + "/rdf.yaml", encoding: .utf8)
    #expect(rdf.contains("format_version: \"0.3.4\""))
    #expect(rdf.contains("name: Generated blocks for catalog records"))
    #expect(rdf.contains("license: CC-BY-4.0"))
    #expect(rdf.contains("source: https://zenodo.org/records/1234567"))
    #expect(rdf.contains("sha256: " + (try FileDigest.sha256(output + "/README.md"))))
    #expect(rdf.contains("sha256: " + (try FileDigest.sha256(output + "/cover.png"))))
    // The cover: a PNG, twice as wide as high, under bioimage.io's 500 KB.
    let cover = try Data(contentsOf: URL(fileURLWithPath: output + "/cover.png"))
    #expect(cover.count < 500_000)
    #expect(Array(cover.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let width = cover[16..<20].reduce(0) { $0 << 8 | Int($1) }
    let height = cover[20..<24].reduce(0) { $0 << 8 | Int($1) }
    #expect(width == 2 * height)
    // A second export into the same folder is refused: it exists and is not empty.
    #expect(throws: ExportError.self) { try Self.export(folder, .bioimageio, to: "bioimageio") }
  }

  @Test func bioimageioNamesKeepOnlyTheCharactersItAllows() {
    #expect(CatalogFacts.bioimageioName("Nuclei: masks/boxes — v2") == "Nuclei masks boxes v2")
    // Accents dropped, letters kept; cut at a word within 64 characters.
    #expect(CatalogFacts.bioimageioName("Müller Ångström ÉTUDE straße") == "Muller Angstrom ETUDE strasse")
    let long = CatalogFacts.bioimageioName(String(repeating: "segmentation ", count: 8))
    #expect(long.count <= 64 && long.hasSuffix("segmentation"))
    #expect(CatalogFacts.bioimageioName("细胞核数据集") == "")
    #expect(BioimageioRecord.semanticVersion("1.0") == "1.0.0")
    #expect(BioimageioRecord.semanticVersion("v1") == nil)
  }

  @Test(arguments: ["  title: 细胞核数据集", "  title: \"Ω/Ж: 1\""])
  func aTitleWithTooFewLettersForBioimageioIsAGap(_ title: String) throws {
    let folder = try CatalogFixture.dataset(replacing: ["title": title])
    defer { folder.remove() }
    let gaps = CatalogRequirements.gaps(in: try manifest(folder), for: .bioimageio)
    #expect(gaps.first?.field == "study.title" && gaps.first?.level == .required)
    #expect(throws: ExportError.self) { try Self.export(folder, .bioimageio, to: "bioimageio") }
  }

  @Test(arguments: ["2026-02-30", "22/11/2026", "2026-11-22T10:00:00Z"])
  func aReleaseDateThatIsNoDateIsAGapNotAValue(_ date: String) throws {
    let folder = try CatalogFixture.dataset(replacing: ["release_date": "  release_date: \"\(date)\""])
    defer { folder.remove() }
    let gaps = CatalogRequirements.gaps(in: try manifest(folder), for: .croissant)
    #expect(
      gaps.first?.pointer == "/study/release_date" && gaps.first?.problem == "is missing or not a date (YYYY-MM-DD)")
    // Zenodo only recommends it: the record is written without the date, never with a wrong one.
    let text = try #require(try Self.export(folder, .zenodo, to: nil).text)
    #expect(!text.contains("publication_date"))
  }

  @Test func theOutputIsNeverAFileAPairingRuleFinds() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let mask = folder.file("labels/img1.tif")
    let before = try Data(contentsOf: URL(fileURLWithPath: mask))
    #expect(throws: ExportError.self) { try Self.export(folder, .zenodo, to: "labels/img1.tif") }
    #expect(try Data(contentsOf: URL(fileURLWithPath: mask)) == before)
  }

  @Test func anOutputInAFolderThatDoesNotExistNamesThatFolder() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    #expect {
      try Self.export(folder, .datacite, to: "nowhere/datacite.json")
    } throws: { error in
      (error as? ExportError)?.message == "the folder \(folder.file("nowhere")) does not exist"
    }
  }

  @Test func annotatorsWhoAreAuthorsByORCIDAreNotContributors() throws {
    let folder = try CatalogFixture.dataset()
    defer { folder.remove() }
    let manifest = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    try folder.write(
      manifest.replacingOccurrences(
        of: "{name: Cleo Curator, given_name: Cleo, family_name: Curator,",
        with: "{name: T. Author, orcid: 0000-0002-1825-0097,"), to: "annota.yaml")
    for target in [CatalogTarget.zenodo, .datacite] {
      let text = try #require(try Self.export(folder, target, to: nil).text)
      #expect(!text.contains("contributor"), "\(target)")
    }
  }

  @Test func citeAsIsBalancedBibTeX() {
    #expect(
      CroissantRecord.tex("Nuclei & cells_1 {unbalanced 50% #1") == ##"Nuclei \& cells\_1 \{unbalanced 50\% \#1"##)
  }

  @Test func aReleaseDateOfAnotherYearChangesOnlyTheYearFields() throws {
    let folder = try CatalogFixture.dataset(replacing: ["release_date": "  release_date: \"2027-03-01\""])
    defer { folder.remove() }
    let text = try #require(try Self.export(folder, .datacite, to: nil).text)
    #expect(text.contains(#""publicationYear": "2027""#))
  }

  private func manifest(_ folder: TemporaryFolder) throws -> Manifest {
    try #require(ManifestReader.readDraft(contentsOf: folder.file("annota.yaml")).manifest)
  }
}

/// Zenodo's legacy deposit rules (the notes' §3.1: `legacyjson.py`, `common.py`, `config.py`), as a
/// check the tests hold a record against: required fields, vocabularies, lengths, unknown keys.
enum ZenodoRules {
  static let known: Set<String> = [
    "upload_type", "publication_type", "image_type", "publication_date", "title", "creators", "description",
    "access_right", "license", "embargo_date", "access_conditions", "doi", "prereserve_doi", "keywords", "notes",
    "related_identifiers", "contributors", "references", "communities", "grants", "version", "language", "dates",
    "locations", "method", "subjects",
  ]
  static let uploadTypes: Set<String> = [
    "publication", "poster", "presentation", "dataset", "image", "video", "software", "lesson", "physicalobject",
    "other",
  ]
  static let contributorTypes: Set<String> = [
    "ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor", "Editor", "Funder",
    "HostingInstitution", "Producer", "ProjectLeader", "ProjectManager", "ProjectMember", "RegistrationAgency",
    "RegistrationAuthority", "RelatedPerson", "Researcher", "ResearchGroup", "RightsHolder", "Supervisor", "Sponsor",
    "WorkPackageLeader", "Other",
  ]

  /// What the legacy validator would refuse, as messages; empty when it accepts the record.
  static func problems(_ metadata: [String: Any]) -> [String] {
    var problems: [String] = []
    for key in metadata.keys where !known.contains(key) { problems.append("Unknown field name \(key)") }
    if !uploadTypes.contains(metadata["upload_type"] as? String ?? "") { problems.append("upload_type") }
    for key in ["title", "description"] where (metadata[key] as? String ?? "").count < 3 {
      problems.append("\(key) shorter than 3")
    }
    let creators = metadata["creators"] as? [[String: Any]] ?? []
    if creators.isEmpty || creators.contains(where: { ($0["name"] as? String ?? "").isEmpty }) {
      problems.append("creators")
    }
    let access = metadata["access_right"] as? String ?? "open"
    if !["open", "embargoed", "restricted", "closed"].contains(access) { problems.append("access_right") }
    if ["open", "embargoed"].contains(access), (metadata["license"] as? String ?? "").isEmpty {
      problems.append("license")
    }
    if let date = metadata["publication_date"] as? String, date.count != 10 { problems.append("publication_date") }
    for related in metadata["related_identifiers"] as? [[String: Any]] ?? [] {
      if !ZenodoRecord.relationTypes.contains(related["relation"] as? String ?? "") { problems.append("relation") }
      if (related["identifier"] as? String ?? "").isEmpty { problems.append("identifier") }
    }
    for contributor in metadata["contributors"] as? [[String: Any]] ?? [] {
      if !contributorTypes.contains(contributor["type"] as? String ?? "") { problems.append("contributor type") }
    }
    for community in metadata["communities"] as? [Any] ?? [] where (community as? [String: Any])?["identifier"] == nil {
      problems.append("communities must be objects with an identifier")
    }
    return problems
  }
}
