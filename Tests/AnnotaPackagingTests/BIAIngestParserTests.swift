// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaTestSupport
import Foundation
import Testing

/// Our crates through the parser the BIA's ingest starts with: no issue, one model per object written.
///
/// The parser is `bia_ro_crate`'s `ROCrateParser`, as published in bia-ro-crate-validator 0.3.1; it
/// runs offline, and the suite skips where the validator cannot run (no Python 3.13). Why the older
/// ingest in the BIA's monorepo is not the reference: `docs/guide-pack.md`.
@Suite("BIA ingest parser")
struct BIAIngestParserTests {
  @Test func theDemoCrateParsesIntoEveryModelWeWrote() async throws {
    let folder = try await CrateTests.packedDemo()
    defer { folder.remove() }
    // The demo as it is, every new structure in it: the validator finds nothing, the parser neither.
    guard let validated = try BIAValidator.run(folder.file("crate")) else { return }
    #expect(validated.status == 0, "the BIA validator: \(validated.stdout)\(validated.stderr)")
    guard let parsed = try BIAValidator.parse(folder.file("crate")) else { return }
    #expect(parsed.failure == nil && parsed.issues.isEmpty, "\(parsed.issues) \(parsed.failure ?? "")")
    #expect(parsed.blocked.isEmpty, "offline: \(parsed.blocked)")
    let manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    // Image datasets per component, one per annotation set, one for the manifest and its tables.
    #expect(parsed.models["Dataset"] == manifest.studyComponents.count + manifest.annotationSets.count + 1)
    #expect(parsed.models["ImageAnalysisMethod"] == manifest.analysisMethods.count)
    #expect(parsed.models["AnnotationMethod"] == manifest.annotationSets.count)
    #expect(parsed.models["ImageAcquisitionProtocol"] == manifest.acquisitions.count)
    #expect(parsed.models["BioSample"] == 1 && parsed.models["Specimen"] == 1 && parsed.models["Taxon"] == 1)
    // The exemplar images, in the graph with what made them.
    #expect(parsed.models["Image"] == 2 && parsed.models["CreationProcess"] == 2)
    let rows =
      try String(contentsOfFile: folder.file("crate/file_list.tsv"), encoding: .utf8)
      .split(separator: "\n").count - 1
    #expect(parsed.fileListRows == rows)
  }

  @Test func theCompleteExampleParsesWithItsPublicationsGrantsAndProtocols() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try await CrosswalkTests.writeCompleteCrate(in: folder)
    guard let parsed = try BIAValidator.parse(folder.file("crate")) else { return }
    #expect(parsed.failure == nil && parsed.issues.isEmpty, "\(parsed.issues) \(parsed.failure ?? "")")
    for model in [
      "Publication", "Grant", "FundingBody", "ExternalReference", "ImageCorrelationMethod", "ImageAnalysisMethod",
      "Protocol", "SignalChannelInformation",
    ] {
      #expect((parsed.models[model] ?? 0) > 0, "\(model): \(parsed.models)")
    }
  }

  /// The comparison can fail: a term mapped to another IRI than the BIA's is an error.
  @Test func aRemappedTermIsRefused() async throws {
    let folder = try await CrateTests.packedDemo()
    defer { folder.remove() }
    let path = folder.file("crate/ro-crate-metadata.json")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let remapped = text.replacing("\"bia:associatedAnalysisMethod\"", with: "\"bia:associatedImageAnalysisMethod\"")
    #expect(remapped != text)
    try remapped.write(toFile: path, atomically: true, encoding: .utf8)
    guard let parsed = try BIAValidator.parse(folder.file("crate")) else { return }
    #expect(parsed.failure != nil)
    #expect(parsed.issues.contains { $0.severity == "ERROR" && $0.message.contains("must be mapped to") })
  }
}
