// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaTestSupport
import Foundation
import Testing

/// BIA RO-Crates of the demo dataset: written, checked against the BIA validator's rules, tampered with.
@Suite("BIA RO-Crates")
struct CrateTests {
  static func packedDemo() async throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try await packDemo(try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml")), into: folder)
    return folder
  }

  /// Writes the demo's files with `manifest` (the demo's, changed) as a crate in `folder/crate`.
  static func packDemo(_ manifest: Manifest, into folder: TemporaryFolder) async throws {
    var resolved = manifest
    // The demo's mask set is a pairing: list its files as the validator's resolution would.
    for index in resolved.annotationSets.indices where resolved.annotationSets[index].pairing != nil {
      resolved.annotationSets[index].files = resolved.images.map { image in
        AnnotationFile(path: "masks/\(image.id)_mask.tif", image: image.id)
      }
    }
    _ = try await CrateWriter.write(from: Paths.project("Fixtures/demo"), manifest: resolved, to: folder.file("crate"))
  }

  static func graph(_ crate: String) throws -> (context: [Any], objects: [String: [String: Any]]) {
    let data = try Data(contentsOf: URL(fileURLWithPath: crate + "/ro-crate-metadata.json"))
    let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let graph = try #require(document["@graph"] as? [[String: Any]])
    var objects: [String: [String: Any]] = [:]
    for object in graph { objects[try #require(object["@id"] as? String)] = object }
    return (try #require(document["@context"] as? [Any]), objects)
  }

  @Test func theDemoCrateFollowsTheBIAValidatorsRules() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let crate = folder.file("crate")
    #expect(await CrateVerifier.verify(crate).findings.isEmpty)
    let (context, objects) = try Self.graph(crate)
    // Rule 3: the RO-Crate 1.1 context first; the descriptor conforms to 1.1 and is about ./.
    #expect(context.first as? String == "https://w3id.org/ro/crate/1.1/context")
    let descriptor = try #require(objects["ro-crate-metadata.json"])
    #expect((descriptor["conformsTo"] as? [String: String])?["@id"] == "https://w3id.org/ro/crate/1.1")
    // Rule 7: the study root with its required fields; the licence as the BIA's URL.
    let root = try #require(objects["./"])
    #expect(root["license"] as? String == "https://creativecommons.org/publicdomain/zero/1.0/")
    #expect((root["author"] as? [[String: String]])?.first?["@id"] == "https://orcid.org/0000-0002-1825-0097")
    for key in ["name", "description", "datePublished", "accessionId", "hasPart"] {
      #expect(root[key] != nil, "\(key)")
    }
    // Rule 10: exactly one file list; rule 11: file_path and dataset columns with their properties.
    let lists = objects.values.filter { ($0["@type"] as? [String])?.contains("bia:FileList") == true }
    #expect(lists.count == 1)
    let columns = objects.values.filter { $0["@type"] as? String == "csvw:Column" }
    let properties = Dictionary(
      uniqueKeysWithValues: columns.map { ($0["columnName"] as! String, $0["propertyUrl"] as! String) })
    #expect(properties["file_path"] == "http://bia/filePath" && properties["dataset"] == "http://schema.org/isPartOf")
    // Rule 13: every header of the TSV is a declared column.
    let tsv = try String(contentsOfFile: crate + "/file_list.tsv", encoding: .utf8)
    let header = tsv.split(separator: "\n").first!.split(separator: "\t").map(String.init)
    #expect(Set(header) == Set(properties.keys))
    // Rule 15: masks name their source image, which is a row of type image.
    let rows = tsv.split(separator: "\n").dropFirst().map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
    let mask = try #require(rows.first { $0[0] == "masks/cells_01_mask.tif" })
    #expect(mask[4] == "images/cells_01.tif")
    #expect(rows.first { $0[0] == "images/cells_01.tif" }?[3] == "http://bia/Image")
    // The legacy BioStudies list: `Files` first, with source_image.
    let legacy = try String(contentsOfFile: crate + "/file_list_biostudies.tsv", encoding: .utf8)
    #expect(legacy.hasPrefix("Files\tsource_image\t"))
  }

  @Test func twoCratesOfOneDatasetAreByteIdentical() async throws {
    let first = try await Self.packedDemo()
    let second = try await Self.packedDemo()
    defer {
      first.remove()
      second.remove()
    }
    for name in ["ro-crate-metadata.json", "file_list.tsv", "file_list_biostudies.tsv"] {
      #expect(
        FileManager.default.contents(atPath: first.file("crate/" + name))
          == FileManager.default.contents(atPath: second.file("crate/" + name)), "\(name)")
    }
  }

  @Test func tamperingWithACrateIsFoundAndNamed() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let crate = folder.file("crate")
    var bytes = try #require(FileManagerShimData.read(crate + "/images/cells_03.tif"))
    bytes[200] ^= 0xFF
    try FileManagerShimData.write(bytes, to: crate + "/images/cells_03.tif")
    try FileManager.default.removeItem(atPath: crate + "/shapes/cells_02.geojson")
    try Data("x".utf8).write(to: URL(fileURLWithPath: crate + "/extra.txt"))
    var metadata = try String(contentsOfFile: crate + "/ro-crate-metadata.json", encoding: .utf8)
    metadata = metadata.replacing(
      ##""associatedAnnotationMethod": [{"@id": "#method-nuclei"}]"##,
      with: ##""associatedAnnotationMethod": [{"@id": "#nowhere"}], "colour": "blue""##)
    // Two objects with one @id, referred to by nothing.
    let orphan = ##"{"@id": "#orphan", "@type": "bia:Affiliation", "name": "X"}"##
    metadata = metadata.replacing("\n]}", with: ",\n  \(orphan),\n  \(orphan)\n]}")
    try Data(metadata.utf8).write(to: URL(fileURLWithPath: crate + "/ro-crate-metadata.json"))
    let found = await CrateVerifier.verify(crate).findings.map { "\($0.rule) \($0.location.file)" }
    #expect(found.contains("CRATE-009 ro-crate-metadata.json"))
    #expect(found.contains("CRATE-010 ro-crate-metadata.json"))
    #expect(found.contains("CRATE-007 images/cells_03.tif"))
    #expect(found.contains("CRATE-007 shapes/cells_02.geojson"))
    #expect(found.contains("CRATE-007 extra.txt"))
    #expect(found.contains("CRATE-003 ro-crate-metadata.json"))
    #expect(found.contains("CRATE-004 ro-crate-metadata.json"))
  }

}

extension CrateTests {
  @Test func aCrateInABagVerifiesAsBothAndBagitPythonAgrees() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    let bag = folder.file("bag")
    _ = try await CrateWriter.write(
      from: Paths.project("Fixtures/demo"), manifest: manifest, to: bag, bag: BagTests.options)
    #expect(await BagVerifier.verify(bag).findings.isEmpty)
    #expect(await CrateVerifier.verify(bag + "/data").findings.isEmpty)
    if let interpreter = python(with: ["bagit"]) {
      let run = try runProcess(interpreter, ["-m", "bagit", "--validate", bag])
      #expect(run.status == 0, "\(run.stderr)")
    }
    // The crate's own file list changed inside the bag: the bag names it.
    try Data("file_path\tdataset\n".utf8).write(to: URL(fileURLWithPath: bag + "/data/file_list.tsv"))
    #expect(await BagVerifier.verify(bag).findings.map(\.location.file).contains("data/file_list.tsv"))
    #expect(!(await CrateVerifier.verify(bag + "/data").findings.isEmpty))
  }
}

extension CrateTests {
  @Test func aCrateMissingAClassesRequiredFieldIsNotWritten() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    manifest.specimens[0].biosample = nil  // bia:Specimen needs its biologicalEntity
    let error = await #expect(throws: PackError.self) {
      _ = try await CrateWriter.write(
        from: Paths.project("Fixtures/demo"), manifest: manifest, to: folder.file("crate"))
    }
    #expect(error?.code == .verification)
    #expect(error?.message.contains("biologicalEntity") == true)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing left")
  }
}

extension CrateTests {
  @Test func fieldsTheBIALacksTravelUnderDeclaredTerms() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let (context, objects) = try Self.graph(folder.file("crate"))
    let terms = try #require(context.last as? [String: String])
    #expect(terms["provenance"] == "annota:provenance" && terms["labelTable"] == "annota:labelTable")
    let method = try #require(objects["#method-mitosis-boxes"])
    let provenance = try #require(method["provenance"] as? String)
    let decoded = try JSONDecoder().decode(Provenance.self, from: Data(provenance.utf8))
    #expect(decoded.annotators.first?.expertise?.rawValue == "expert")
    #expect((objects["./"]?["versionHistory"] as? String)?.contains("\"version\":\"1.0\"") == true)
  }
}

extension CrateTests {
  /// A label table travels as JSON: a region with its `unites`, a class without the key.
  @Test func labelTablesCarryRegionsOnly() async throws {
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    let index = try #require(manifest.labelTables.firstIndex { $0.id == "nucleus-classes" })
    var region = Label(value: 5, name: "any nucleus")
    region.unites = [1]
    manifest.labelTables[index].labels.append(region)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try await Self.packDemo(manifest, into: folder)
    let (_, objects) = try Self.graph(folder.file("crate"))
    let tables = objects.values.compactMap { $0["labelTable"] as? String }
    let text = try #require(tables.first { $0.contains("any nucleus") })
    #expect(text.components(separatedBy: "unites").count == 2, "only the region has the key: \(text)")
    let table = try JSONDecoder().decode(LabelTable.self, from: Data(text.utf8))
    #expect(table.labels.map(\.unites) == [[], [], [1]])
  }
}

extension CrateTests {
  /// BIA validator rule 5: no standard term is remapped.
  ///
  /// Our inline context never redefines an RO-Crate 1.1 term, and maps the BIA terms it uses to the
  /// IRIs the BIA's context gives them (bia-mifa.md §a1).
  @Test func theContextRemapsNoStandardTerm() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let (context, _) = try Self.graph(folder.file("crate"))
    let terms = try #require(context.last as? [String: String])
    for standard in ["name", "description", "author", "license", "datePublished", "hasPart", "about", "conformsTo"] {
      #expect(terms[standard] == nil, "\(standard) is the RO-Crate context's")
    }
    let documented = [
      "accessionId": "bia:accessionId", "biologicalEntity": "bia:sampleOf",
      "organismClassification": "schema:taxonomicRange", "scientificName": "dwc:scientificName",
      "commonName": "dwc:vernacularName", "methodType": "bia:annotationMethodType",
      "associatedSpecimen": "bia:associatedSubject",
      "associatedSpecimenImagingPreparationProtocol": "bia:associatedImagingPreparationProtocol",
      "tableSchema": "csvw:tableSchema", "column": "csvw:column", "columnName": "csvw:name",
      "propertyUrl": "csvw:propertyUrl", "role": "bia:role",
    ]
    for (term, iri) in documented { #expect(terms[term] == iri, "\(term)") }
    #expect(terms["bia"] == "http://bia/")
  }

  /// The BIA's ingest reads a Taxon's NCBI id from its `@id` (`NCBITaxon:…`); both the OBO and the
  /// BIA's `NCBI:txid…` forms in the manifest become that id, once per taxon.
  @Test func taxaAreIdentifiedByTheirNCBIId() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    var second = manifest.biosamples[0]
    second.id = "hela"
    second.organism.ncbiTaxon = "NCBI:txid9606"
    manifest.biosamples.append(second)
    manifest.studyComponents[0].biosamples.append("hela")
    #expect(second.organism.ncbiTaxonCURIE == "NCBITaxon:9606")
    try await Self.packDemo(manifest, into: folder)
    #expect(await CrateVerifier.verify(folder.file("crate")).findings.isEmpty)
    let (_, objects) = try Self.graph(folder.file("crate"))
    let taxa = objects.values.filter { $0["@type"] as? String == "bia:Taxon" }
    #expect(taxa.count == 1 && taxa.first?["@id"] as? String == "NCBITaxon:9606")
    for id in ["#biosample-u2os-hoechst", "#biosample-hela"] {
      let classification = try #require(objects[id]?["organismClassification"] as? [[String: String]])
      #expect(classification == [["@id": "NCBITaxon:9606"]], "\(id)")
    }
  }

  /// MIFA's transformations and the BIA's `transformationDescription` are text: prose is written as
  /// it is, a matrix written out; the BIA's own validator accepts the crate.
  @Test func transformationsTravelAsTheBIAsDescription() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    manifest.annotationSets[0].transformation = Transformation(description: "Rotation_angle = 37°")
    manifest.annotationSets[1].transformation = Transformation(matrix: [[1, 0, 2.5], [0, 1, -1], [0, 0, 1]])
    try await Self.packDemo(manifest, into: folder)
    let (context, objects) = try Self.graph(folder.file("crate"))
    let terms = try #require(context.last as? [String: Any])
    #expect(terms["transformationDescription"] as? String == "bia:transformationDescription")
    let prose = objects["#method-nuclei"]?["transformationDescription"] as? String
    #expect(prose == "Rotation_angle = 37°")
    let matrix = objects["#method-mitosis-boxes"]?["transformationDescription"] as? String
    #expect(matrix?.contains("[[1, 0, 2.5], [0, 1, -1], [0, 0, 1]]") == true, "\(matrix ?? "none")")
    if let run = try BIAValidator.run(folder.file("crate")) {
      #expect(run.status == 0, "the BIA validator: \(run.stdout)\(run.stderr)")
    }
  }

  /// The BIA's ontology defines `bia:AnnotationData` as annotation "not captured in an image/viewable
  /// form": label images are typed as images (with their source image and method), shapes as data.
  @Test func labelImagesAreImagesAndShapesAreAnnotationData() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let tsv = try String(contentsOfFile: folder.file("crate/file_list.tsv"), encoding: .utf8)
    let rows = tsv.split(separator: "\n").dropFirst().map {
      $0.split(separator: "\t", omittingEmptySubsequences: false)
    }
    let masks = rows.filter { $0[0].hasPrefix("masks/") }
    let shapes = rows.filter { $0[0].hasPrefix("shapes/") }
    #expect(!masks.isEmpty && masks.allSatisfy { $0[3] == "http://bia/Image" && $0[4].hasPrefix("images/") })
    #expect(masks.allSatisfy { $0[5] == "#method-nuclei" })
    #expect(!shapes.isEmpty && shapes.allSatisfy { $0[3] == "http://bia/AnnotationData" })
  }

  /// Each image row names its own biosample, specimen, preparation and acquisition (a dataset holds
  /// one specimen only), and the verifier checks that each names an object of the right class.
  @Test func imagesCarryTheirOwnREMBIAssociations() async throws {
    let folder = try await Self.packedDemo()
    defer { folder.remove() }
    let crate = folder.file("crate")
    let tsv = try String(contentsOfFile: crate + "/file_list.tsv", encoding: .utf8)
    let lines = tsv.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
    let header = lines[0].map(String.init)
    let row = try #require(lines.first { $0[0] == "images/cells_01.tif" })
    func cell(_ name: String) throws -> String { String(row[try #require(header.firstIndex(of: name))]) }
    #expect(try cell("biosample") == "#biosample-u2os-hoechst")
    #expect(try cell("specimen") == "#specimen-fixed-hoechst")
    #expect(try cell("specimen_preparation") == "#preparation-fixed-hoechst")
    #expect(try cell("acquisition") == "#acquisition-widefield-20x")
    try tsv.replacingOccurrences(of: "\t#acquisition-widefield-20x\t", with: "\t#biosample-u2os-hoechst\t")
      .write(toFile: crate + "/file_list.tsv", atomically: true, encoding: .utf8)
    let found = await CrateVerifier.verify(crate).findings
    #expect(found.contains { $0.rule == "CRATE-006" && $0.message.contains("not a bia:ImageAcquisitionProtocol") })
  }

  /// MIFA's publications, grants and links reach the crate as the BIA's Publication, Grant (with its
  /// FundingBody) and ExternalReference, referred to from the study; the BIA validator accepts them.
  @Test func publicationsGrantsAndLinksAreWritten() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    var publication = Publication(title: "Synthetic nuclei for testing", authors: "A. Example, B. Example")
    publication.doi = "10.1234/example.5678"
    publication.year = 2026
    manifest.study.publications = [publication]
    manifest.study.funding?.grants = [Grant(id: "ALTF 1234-567", funder: "EMBO"), Grant(id: "840767", funder: "EMBO")]
    var link = Link(url: "https://github.com/example/nuclei")
    link.description = "Generator code"
    manifest.study.links = [link]
    manifest.study.acknowledgements = "We thank the imaging facility."
    try await Self.packDemo(manifest, into: folder)
    #expect(await CrateVerifier.verify(folder.file("crate")).findings.isEmpty)
    let (_, objects) = try Self.graph(folder.file("crate"))
    let root = try #require(objects["./"])
    #expect((root["relatedPublication"] as? [[String: String]]) == [["@id": "#publication-1"]])
    #expect((root["funding"] as? [[String: String]])?.count == 2)
    #expect((root["seeAlso"] as? [[String: String]]) == [["@id": "https://github.com/example/nuclei"]])
    #expect(root["acknowledgement"] as? String == "We thank the imaging facility.")
    #expect(objects["#publication-1"]?["doi"] as? String == "10.1234/example.5678")
    #expect(objects["#publication-1"]?["authorNames"] as? String == "A. Example, B. Example")
    #expect(objects["#grant-2"]?["identifier"] as? String == "840767")
    #expect(objects.values.filter { $0["@type"] as? String == "bia:FundingBody" }.count == 1, "one funder, once")
    if let run = try BIAValidator.run(folder.file("crate")) {
      #expect(run.status == 0, "the BIA validator: \(run.stdout)\(run.stderr)")
    }
  }

  /// A set's own version history travels with its annotation method.
  @Test func perSetVersionsTravelWithTheirMethod() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    manifest.annotationSets[1].versions = [Version(version: "2.0", timestamp: "2026-12-01T09:00:00Z")]
    try await Self.packDemo(manifest, into: folder)
    let (_, objects) = try Self.graph(folder.file("crate"))
    let history = try #require(objects["#method-mitosis-boxes"]?["versionHistory"] as? String)
    #expect(history.contains("\"version\":\"2.0\""), "\(history)")
    #expect(objects["#method-nuclei"]?["versionHistory"] == nil)
  }
}
