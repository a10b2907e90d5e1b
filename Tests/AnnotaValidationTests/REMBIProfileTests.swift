// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// `--profile rembi` asks for what REMBI 1.5 requires as the BIA's submission form has it: the demo is
/// REMBI-complete, and removing any of those fields is a REMBI-001 finding at that field.
@Suite("REMBI profile")
struct REMBIProfileTests {
  static let removals: [MIFAProfileTests.Removal] = [
    .init(field: "study.title", pointer: "/study/title") { $0.study.title = " " },
    .init(field: "study.description", pointer: "/study/description") { $0.study.description = " " },
    .init(field: "study.release_date", pointer: "/study/release_date") { $0.study.releaseDate = nil },
    .init(field: "study.keywords", pointer: "/study/keywords") { $0.study.keywords = [] },
    .init(field: "study.authors[].given_name", pointer: "/study/authors/0/given_name") {
      $0.study.authors[0].givenName = nil
    },
    .init(field: "study.authors[].family_name", pointer: "/study/authors/0/family_name") {
      $0.study.authors[0].familyName = nil
    },
    .init(field: "study.authors[].affiliations", pointer: "/study/authors/0/affiliations") {
      $0.study.authors[0].affiliations = []
    },
    .init(field: "biosamples[].organism.scientific_name", pointer: "/biosamples/0/organism/scientific_name") {
      $0.biosamples[0].organism.scientificName = " "
    },
    .init(field: "biosamples[].organism.ncbi_taxon", pointer: "/biosamples/0/organism/ncbi_taxon") {
      $0.biosamples[0].organism.ncbiTaxon = nil
    },
    .init(field: "biosamples[].biological_entity", pointer: "/biosamples/0/biological_entity") {
      $0.biosamples[0].biologicalEntity = " "
    },
    .init(field: "specimens[].preparation", pointer: "/specimens/0/preparation") { $0.specimens[0].preparation = " " },
    .init(field: "acquisitions[].imaging_method.name", pointer: "/acquisitions/0/imaging_method/name") {
      $0.acquisitions[0].imagingMethod.name = " "
    },
    .init(field: "acquisitions[].instrument", pointer: "/acquisitions/0/instrument") {
      $0.acquisitions[0].instrument = " "
    },
    .init(field: "acquisitions[].parameters", pointer: "/acquisitions/0/parameters") {
      $0.acquisitions[0].parameters = nil
    },
  ]

  @Test func theDemoIsREMBIComplete() async throws {
    let report = try await MIFAProfileTests.validate({ _ in }, profile: .rembi)
    #expect(report.profiles.first { $0.name == "rembi" }?.satisfied == true, "\(report.diagnostics)")
  }

  @Test(arguments: removals) func removingARequiredFieldIsAFinding(removal: MIFAProfileTests.Removal) async throws {
    let report = try await MIFAProfileTests.validate(removal.remove, profile: .rembi)
    let findings = report.diagnostics.filter { $0.rule == "REMBI-001" }.map { $0.location.pointer ?? "" }
    #expect(findings.contains(removal.pointer), "\(removal.field): \(findings)")
    #expect(report.profiles.first { $0.name == "rembi" }?.satisfied == false)
  }
}
