// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// The JSON-LD of `ro-crate-metadata.json` for the BIA RO-Crate profile: a two-part `@context` (RO-Crate
/// 1.1 and an inline object declaring every other key used) and a flat `@graph` with one object per
/// line, in a fixed order, so the same manifest gives the same bytes.
enum CrateGraph {
  /// A transformation as the BIA's `transformationDescription` text: its prose, then its matrix
  /// written out; `nil` when it has neither.
  static func describe(_ transformation: Transformation) -> String? {
    var parts: [String] = []
    if let text = transformation.description, !text.allSatisfy(\.isWhitespace) { parts.append(text) }
    if let matrix = transformation.matrix {
      let rows = JSONValue.array(matrix.map { .array($0.map { .number($0) }) }).text
      parts.append("Affine matrix, row-major, from annotation to image pixel coordinates: \(rows)")
    }
    return parts.isEmpty ? nil : parts.joined(separator: " ")
  }

  /// Keys beyond the RO-Crate 1.1 context, with their IRIs (BIA terms as bia-ro-crate-validator 0.3.1
  /// names them; `annota:` for fields the BIA context lacks).
  static let terms: [(String, String)] = [
    ("bia", "http://bia/"), ("csvw", "http://www.w3.org/ns/csvw#"), ("dwc", "http://rs.tdwg.org/dwc/terms/"),
    ("annota", "https://w3id.org/annota/terms#"),
    ("accessionId", "bia:accessionId"), ("fundingStatement", "bia:fundingStatement"), ("role", "bia:role"),
    ("imagingInstrumentDescription", "bia:imagingInstrumentDescription"),
    ("imagingMethodName", "bia:imagingMethodName"), ("fbbiId", "bia:fbbiId"), ("biologicalEntity", "bia:sampleOf"),
    ("imagingPreparationProtocol", "bia:imagingPreparationProtocol"),
    ("organismClassification", "schema:taxonomicRange"), ("scientificName", "dwc:scientificName"),
    ("commonName", "dwc:vernacularName"), ("annotationCriteria", "bia:annotationCriteria"),
    ("annotationCoverage", "bia:annotationCoverage"), ("spatialInformation", "bia:spatialInformation"),
    ("transformationDescription", "bia:transformationDescription"),
    ("methodType", "bia:annotationMethodType"), ("annotationSourceIndicator", "bia:annotationSourceIndicator"),
    ("associatedImageAcquisitionProtocol", "bia:associatedImageAcquisitionProtocol"),
    ("associatedAnnotationMethod", "bia:associatedAnnotationMethod"),
    ("associatedBiologicalEntity", "bia:associatedBiologicalEntity"),
    ("associatedSpecimenImagingPreparationProtocol", "bia:associatedImagingPreparationProtocol"),
    ("associatedSpecimen", "bia:associatedSubject"),
    ("tableSchema", "csvw:tableSchema"), ("column", "csvw:column"), ("columnName", "csvw:name"),
    ("propertyUrl", "csvw:propertyUrl"), ("schema", "http://schema.org/"),
    ("ncbiTaxon", "annota:ncbiTaxon"), ("datasetVersion", "annota:version"), ("provenance", "annota:provenance"),
    ("labelTable", "annota:labelTable"), ("annotaStandard", "annota:standard"),
    ("validationStatus", "annota:validation"), ("versionHistory", "annota:versionHistory"),
    ("splits", "annota:splits"), ("keypoints", "annota:keypoints"),
    ("relatedPublication", "bia:relatedPublication"), ("funding", "schema:funding"),
    ("seeAlso", "http://www.w3.org/2000/01/rdf-schema#seeAlso"), ("acknowledgement", "bia:acknowledgement"),
    ("doi", "bia:doi"), ("authorNames", "bia:authorNames"), ("yearPublished", "bia:yearPublished"),
    ("pubmedId", "bia:pubmedId"), ("funder", "schema:funder"), ("additionalType", "schema:additionalType"),
    ("website", "bia:website"), ("intrinsicVariableDescription", "bia:intrinsicVariableDescription"),
    ("extrinsicVariableDescription", "bia:extrinsicVariableDescription"),
    ("experimentalVariableDescription", "bia:experimentalVariableDescription"),
    ("growthProtocol", "bia:growthProtocol"), ("signalChannelInformation", "bia:signalChannelInformation"),
    ("channelContentDescription", "bia:channelContentDescription"),
    ("signalContrastMechanismDescription", "bia:signalContrastMechanismDescription"),
    ("channelBiologicalEntity", "bia:channelBiologicalEntity"), ("fiducialsUsed", "bia:fiducialsUsed"),
    ("transformationMatrix", "bia:transformationMatrix"),
    ("associatedImageCorrelationMethod", "bia:associatedCorrelationMethod"),
    ("encoding", "annota:encoding"), ("annotationKind", "annota:annotationKind"),
    ("associatedImageAnalysisMethod", "bia:associatedAnalysisMethod"), ("featuresAnalysed", "bia:featuresAnalysed"),
    ("exemplarImage", "bia:exemplarImage"), ("resultOf", "bia:resultOf"), ("subject", "bia:subject"),
    ("imageAcquisitionProtocol", "bia:imageAcquisitionProtocol"), ("protocol", "bia:protocol"),
    ("associatedProtocol", "bia:associatedProtocol"),
    ("confidenceLevel", "annota:confidenceLevel"), ("aiModelTrained", "annota:aiModelTrained"),
  ]

  /// The keys the RO-Crate 1.1 context defines that the graph uses (schema.org terms).
  static let roCrateKeys: Set<String> = [
    "@id", "@type", "name", "description", "license", "datePublished", "author", "hasPart", "keywords",
    "conformsTo", "about", "email", "memberOf", "encodingFormat", "identifier", "address",
  ]

  /// The study's publications, grants (with their funders) and links as BIA objects, and their ids.
  static func studyReferences(_ study: Study) -> (
    objects: [JSONValue], publications: [String], grants: [String], links: [String]
  ) {
    var objects: [JSONValue] = []
    var publications: [String] = [], grants: [String] = [], links: [String] = []
    for (index, publication) in study.publications.enumerated() {
      let id = "#publication-\(index + 1)"
      var object: [(String, JSONValue)] = [
        ("@id", .string(id)), ("@type", "bia:Publication"), ("name", .string(publication.title)),
        ("authorNames", .string(publication.authors)),
      ]
      if let year = publication.year { object.append(("yearPublished", .number(Double(year)))) }
      if let pubmed = publication.pubmedID { object.append(("pubmedId", .string(pubmed))) }
      if let doi = publication.doi { object.append(("doi", .string(doi))) }
      objects.append(.object(object))
      publications.append(id)
    }
    var funders: [String: Int] = [:]
    for (index, grant) in (study.funding?.grants ?? []).enumerated() {
      let funderID = "#funder-" + CrateMetadata.slug(grant.funder)
      if funders[funderID] == nil {
        funders[funderID] = index
        var funder: [(String, JSONValue)] = [
          ("@id", .string(funderID)), ("@type", "bia:FundingBody"), ("name", .string(grant.funder)),
        ]
        if let ror = grant.funderROR { funder.append(("identifier", .string(ror))) }
        objects.append(.object(funder))
      }
      let id = "#grant-\(index + 1)"
      objects.append(
        .object([
          ("@id", .string(id)), ("@type", "bia:Grant"), ("identifier", .string(grant.id)),
          ("funder", refs([funderID])),
        ]))
      grants.append(id)
    }
    for link in study.links where !links.contains(link.url) {
      var object: [(String, JSONValue)] = [("@id", .string(link.url)), ("@type", "bia:ExternalReference")]
      if let description = link.description { object.append(("description", .string(description))) }
      if let type = link.type { object.append(("additionalType", .string(type))) }
      objects.append(.object(object))
      links.append(link.url)
    }
    return (objects, publications, grants, links)
  }

  /// Our structured fields the BIA context has no term for, as JSON text under an `annota:` term
  /// (keys sorted, so the bytes are stable).
  static func json(_ value: some Encodable) -> JSONValue {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)).map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null
  }

  static func text(
    _ manifest: Manifest, fileListColumns: [(name: String, property: String)], validation: String? = nil
  ) -> String {
    let context: JSONValue = .array([
      "https://w3id.org/ro/crate/1.1/context", .object(terms.map { ($0.0, .string($0.1)) }),
    ])
    let objects = graph(manifest, columns: fileListColumns, validation: validation)
    return "{\"@context\": \(context.text),\n\"@graph\": [\n"
      + objects.map { "  " + $0.text }.joined(separator: ",\n") + "\n]}\n"
  }

  static func ref(_ id: String) -> JSONValue { .object([("@id", .string(id))]) }
  static func refs(_ ids: [String]) -> JSONValue { .array(ids.map(ref)) }

  static func graph(
    _ manifest: Manifest, columns: [(name: String, property: String)], validation: String? = nil
  ) -> [JSONValue] {
    let study = manifest.study
    var objects: [JSONValue] = []
    objects.append(
      .object([
        ("@id", "ro-crate-metadata.json"), ("@type", "CreativeWork"),
        ("conformsTo", ref("https://w3id.org/ro/crate/1.1")), ("about", ref("./")),
      ]))
    // People and their organisations.
    var people: [(id: String, author: Author)] = []
    var organisations: [(id: String, affiliation: Affiliation)] = []
    for (index, author) in study.authors.enumerated() {
      let id = author.orcid.map { "https://orcid.org/" + $0 } ?? "#author-\(index + 1)"
      people.append((id, author))
      for affiliation in author.affiliations
      where !organisations.contains(where: { $0.affiliation.name == affiliation.name }) {
        organisations.append((affiliation.ror ?? "#organisation-\(organisations.count + 1)", affiliation))
      }
    }
    // MIFA's annotation authors: the BIA credits people as the study's contributors, so annotators who
    // are not authors join them with the role `annotator`.
    for annotator in manifest.annotationSets.flatMap({ $0.provenance?.annotators ?? [] }) {
      let id = annotator.orcid.map { "https://orcid.org/" + $0 } ?? "#annotator-" + CrateMetadata.slug(annotator.name)
      if let index = people.firstIndex(where: { $0.id == id || $0.author.name == annotator.name }) {
        if !people[index].author.roles.contains("annotator") { people[index].author.roles.append("annotator") }
        continue
      }
      var person = Author(name: annotator.name)
      person.orcid = annotator.orcid
      person.roles = ["annotator"]
      people.append((id, person))
    }
    let datasets =
      imageDatasetIDs(manifest) + manifest.annotationSets.map(CrateMetadata.annotationDataset)
      + [CrateMetadata.metadataDataset]
    var root: [(String, JSONValue)] = [
      ("@id", "./"), ("@type", .array(["Dataset", "bia:Study"])), ("name", .string(study.title)),
      ("description", .string(study.description)),
      ("license", .string(Licences.biaURL(for: study.licence) ?? study.licence)),
      (
        "datePublished",
        .string(study.releaseDate ?? manifest.versions.last.map { String($0.timestamp.prefix(10)) } ?? "")
      ),
      // The archive assigns the accession; until then the BIA's own test crates use a placeholder.
      ("accessionId", .string(study.accessionID ?? "S-BIAD0")),
      ("author", refs(people.map(\.id))),
    ]
    if !study.keywords.isEmpty { root.append(("keywords", .array(study.keywords.map { .string($0) }))) }
    if let funding = study.funding?.statement { root.append(("fundingStatement", .string(funding))) }
    // MIFA's publications, grants and links, as the BIA's Publication, Grant and ExternalReference.
    let studyObjects = Self.studyReferences(study)
    if let doi = study.doi { root.append(("doi", .string(doi))) }
    if let thanks = study.acknowledgements { root.append(("acknowledgement", .string(thanks))) }
    if !studyObjects.publications.isEmpty { root.append(("relatedPublication", refs(studyObjects.publications))) }
    if !studyObjects.grants.isEmpty { root.append(("funding", refs(studyObjects.grants))) }
    if !studyObjects.links.isEmpty { root.append(("seeAlso", refs(studyObjects.links))) }
    if let version = manifest.versions.last?.version { root.append(("datasetVersion", .string(version))) }
    root.append(("annotaStandard", .string(manifest.annota)))
    if !manifest.versions.isEmpty { root.append(("versionHistory", json(manifest.versions))) }
    if !manifest.splits.isEmpty { root.append(("splits", json(manifest.splits))) }
    if let validation { root.append(("validationStatus", .string(validation))) }
    if !manifest.aiModels.isEmpty { root.append(("aiModelTrained", .array(manifest.aiModels.map { .string($0.id) }))) }
    root.append(("hasPart", refs([CrateMetadata.fileList] + datasets)))
    objects.append(.object(root))
    objects += studyObjects.objects
    for (id, author) in people {
      var person: [(String, JSONValue)] = [
        ("@id", .string(id)), ("@type", .array(["Person", "bia:Contributor"])), ("name", .string(author.name)),
      ]
      if let email = author.email { person.append(("email", .string(email))) }
      let memberships = author.affiliations.compactMap { affiliation in
        organisations.first { $0.affiliation.name == affiliation.name }?.id
      }
      if !memberships.isEmpty { person.append(("memberOf", refs(memberships))) }
      if !author.roles.isEmpty { person.append(("role", .array(author.roles.map { .string($0) }))) }
      objects.append(.object(person))
    }
    for (id, affiliation) in organisations {
      var object: [(String, JSONValue)] = [
        ("@id", .string(id)), ("@type", "bia:Affiliation"), ("name", .string(affiliation.name)),
      ]
      if let address = affiliation.address { object.append(("address", .string(address))) }
      if let website = affiliation.website { object.append(("website", .string(website))) }
      objects.append(.object(object))
    }
    // REMBI: what was imaged, how it was prepared and acquired.
    var taxa: Set<String> = []
    // A growth protocol is the specimen's in the standard, the biosample's in the BIA: the first
    // specimen of a biosample that gives one lends it.
    var growth: [String: (id: String, text: String)] = [:]
    for specimen in manifest.specimens {
      guard let biosample = specimen.biosample, let text = specimen.growthProtocol, growth[biosample] == nil else {
        continue
      }
      growth[biosample] = ("#growth-" + CrateMetadata.slug(specimen.id), text)
    }
    for biosample in manifest.biosamples {
      // The NCBI id as the Taxon's @id, where the BIA's ingest reads it; one object per taxon.
      let taxon = biosample.organism.ncbiTaxonCURIE ?? "#taxon-" + CrateMetadata.slug(biosample.id)
      var sample: [(String, JSONValue)] = [
        ("@id", .string("#biosample-" + CrateMetadata.slug(biosample.id))), ("@type", "bia:BioSample"),
        ("name", .string(biosample.id)),
        (
          "description",
          .string(
            [biosample.biologicalEntity, biosample.description ?? ""].filter { !$0.isEmpty }.joined(separator: ". "))
        ),
        ("organismClassification", refs([taxon])),
      ]
      let variables: [(String, [String])] = [
        ("intrinsicVariableDescription", biosample.intrinsicVariables),
        ("extrinsicVariableDescription", biosample.extrinsicVariables),
        ("experimentalVariableDescription", biosample.experimentalVariables),
      ]
      for (key, values) in variables where !values.isEmpty {
        sample.append((key, .array(values.map { .string($0) })))
      }
      if let grown = growth[biosample.id] { sample.append(("growthProtocol", ref(grown.id))) }
      objects.append(.object(sample))
      if let grown = growth[biosample.id] {
        objects.append(
          .object([
            ("@id", .string(grown.id)), ("@type", "bia:Protocol"), ("name", .string("Growth of \(biosample.id)")),
            ("description", .string(grown.text)),
          ]))
      }
      var organism: [(String, JSONValue)] = [
        ("@id", .string(taxon)), ("@type", "bia:Taxon"), ("scientificName", .string(biosample.organism.scientificName)),
      ]
      if let common = biosample.organism.commonName { organism.append(("commonName", .string(common))) }
      if let ncbi = biosample.organism.ncbiTaxon { organism.append(("ncbiTaxon", .string(ncbi))) }
      if taxa.insert(taxon).inserted { objects.append(.object(organism)) }
    }
    for specimen in manifest.specimens {
      let preparation = "#preparation-" + CrateMetadata.slug(specimen.id)
      let channels = specimen.channels.enumerated().map { index, _ in
        "#channel-" + CrateMetadata.slug(specimen.id) + "-\(index + 1)"
      }
      objects.append(
        .object(
          [
            ("@id", .string(preparation)), ("@type", "bia:SpecimenImagingPreparationProtocol"),
            ("name", .string(specimen.id)), ("description", .string(specimen.preparation)),
          ] + (channels.isEmpty ? [] : [("signalChannelInformation", refs(channels))])))
      for (id, channel) in zip(channels, specimen.channels) {
        var object: [(String, JSONValue)] = [
          ("@id", .string(id)), ("@type", "bia:SignalChannel"), ("channelContentDescription", .string(channel.content)),
        ]
        if let index = channel.index { object.append(("identifier", .string(String(index)))) }
        if let contrast = channel.contrastMechanism {
          object.append(("signalContrastMechanismDescription", .string(contrast)))
        }
        if let entity = channel.biologicalEntity { object.append(("channelBiologicalEntity", .string(entity))) }
        objects.append(.object(object))
      }
      var object: [(String, JSONValue)] = [
        ("@id", .string("#specimen-" + CrateMetadata.slug(specimen.id))), ("@type", "bia:Specimen"),
        ("imagingPreparationProtocol", refs([preparation])),
      ]
      if let biosample = specimen.biosample {
        object.insert(("biologicalEntity", refs(["#biosample-" + CrateMetadata.slug(biosample)])), at: 2)
      }
      objects.append(.object(object))
    }
    for acquisition in manifest.acquisitions {
      var object: [(String, JSONValue)] = [
        ("@id", .string("#acquisition-" + CrateMetadata.slug(acquisition.id))),
        ("@type", "bia:ImageAcquisitionProtocol"),
        ("name", .string(acquisition.id)),
        ("description", .string(acquisition.parameters ?? acquisition.instrument)),
        ("imagingInstrumentDescription", .string(acquisition.instrument)),
        ("imagingMethodName", .array([.string(acquisition.imagingMethod.name)])),
      ]
      if let fbbi = acquisition.imagingMethod.fbbi { object.append(("fbbiId", .array([.string(fbbi)]))) }
      objects.append(.object(object))
    }
    // MIFA: one annotation method per set.
    for set in manifest.annotationSets {
      var object: [(String, JSONValue)] = [
        ("@id", .string(CrateMetadata.method(set))), ("@type", "bia:AnnotationMethod"), ("name", .string(set.name)),
        ("description", .string([set.overview, set.method ?? ""].filter { !$0.isEmpty }.joined(separator: " "))),
        ("methodType", .array(set.types.map { .string($0.rawValue) })),
      ]
      if let criteria = set.criteria { object.append(("annotationCriteria", .string(criteria))) }
      if let coverage = set.coverage { object.append(("annotationCoverage", .string(coverage))) }
      if let spatial = set.spatialInformation { object.append(("spatialInformation", .string(spatial))) }
      if let transformation = set.transformation.flatMap(Self.describe) {
        object.append(("transformationDescription", .string(transformation)))
      }
      if let pairing = set.pairing { object.append(("annotationSourceIndicator", .string(pairing.indicator.rawValue))) }
      object.append(("encoding", .string(set.encoding.rawValue)))
      if let kind = set.kind { object.append(("annotationKind", .string(kind.rawValue))) }
      if let level = set.confidenceLevel { object.append(("confidenceLevel", .string(level))) }
      if !set.versions.isEmpty { object.append(("versionHistory", json(set.versions))) }
      // Provenance as data (annotators and their expertise, software, agreement, review…).
      if let provenance = set.provenance { object.append(("provenance", json(provenance))) }
      if let keypoints = set.keypoints { object.append(("keypoints", json(keypoints))) }
      if let id = set.labelTable, let table = manifest.labelTables.first(where: { $0.id == id }) {
        object.append(("labelTable", json(table)))
      }
      objects.append(.object(object))
    }
    // Datasets: the images (one per study component), each annotation set, the manifest and its tables.
    objects += imageDatasets(manifest)
    objects += derivationProtocols(manifest)
    for correlation in manifest.correlations {
      var object: [(String, JSONValue)] = [
        ("@id", .string("#correlation-" + CrateMetadata.slug(correlation.id))), ("@type", "bia:ImageCorrelationMethod"),
        ("name", .string(correlation.id)), ("description", .string(correlation.alignment)),
      ]
      if let fiducials = correlation.fiducials { object.append(("fiducialsUsed", .string(fiducials))) }
      if let transformation = correlation.transformation.flatMap(Self.describe) {
        object.append(("transformationMatrix", .string(transformation)))
      }
      objects.append(.object(object))
    }
    for set in manifest.annotationSets {
      objects.append(
        .object([
          // The BIA's submission profile types a MIFA annotation dataset so (0.3.1 accepts it).
          ("@id", .string(CrateMetadata.annotationDataset(set))),
          ("@type", .array(["Dataset", "bia:Dataset", "bia:MifaDataset"])),
          ("name", .string(set.name)), ("description", .string(set.overview)),
          ("associatedAnnotationMethod", refs([CrateMetadata.method(set)])),
        ]))
    }
    objects.append(
      .object([
        ("@id", .string(CrateMetadata.metadataDataset)), ("@type", .array(["Dataset", "bia:Dataset"])),
        ("name", "Annota manifest and tables"),
        (
          "description",
          "The dataset's Annota manifest (annota.yaml) and companion tables, with provenance, label tables and splits the BIA context does not hold."
        ),
      ]))
    // The file list and its schema.
    objects.append(
      .object([
        ("@id", .string(CrateMetadata.fileList)), ("@type", .array(["File", "bia:FileList", "csvw:Table"])),
        ("name", "File list"), ("tableSchema", ref("#file-list-schema")),
      ]))
    objects.append(
      .object([
        ("@id", "#file-list-schema"), ("@type", "csvw:Schema"),
        ("column", refs(columns.map { "#column-" + $0.name })),
      ]))
    for column in columns {
      objects.append(
        .object([
          ("@id", .string("#column-" + column.name)), ("@type", "csvw:Column"), ("columnName", .string(column.name)),
          ("propertyUrl", .string(column.property)),
        ]))
    }
    return objects
  }
}
