// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaValidation
import Foundation
import Testing

/// `--profile mifa` says what MIFA says: the demo is MIFA-complete, and removing any field a MIFA
/// source requires (RULES.md MIFA-001 names the source of each) is a finding at that field.
@Suite("MIFA profile")
struct MIFAProfileTests {
  /// A field MIFA requires, how to remove it from the demo, and where the finding must point.
  struct Removal: Sendable, CustomStringConvertible {
    var field: String
    var pointer: String
    var remove: @Sendable (inout Manifest) -> Void
    var description: String { field }
  }

  static let removals: [Removal] = [
    .init(field: "study.title (LinkML title)", pointer: "/study/title") { $0.study.title = " " },
    .init(field: "study.description (LinkML description)", pointer: "/study/description") {
      $0.study.description = " "
    },
    .init(field: "study.keywords (LinkML keywords)", pointer: "/study/keywords") { $0.study.keywords = [] },
    .init(field: "study.funding.statement (LinkML funding_statement)", pointer: "/study/funding") {
      $0.study.funding = nil
    },
    .init(field: "study.release_date (bia-agent private_until_date)", pointer: "/study/release_date") {
      $0.study.releaseDate = nil
    },
    .init(field: "study.authors[].given_name (LinkML author_first_name)", pointer: "/study/authors/0/given_name") {
      $0.study.authors[0].givenName = nil
    },
    .init(field: "study.authors[].family_name (LinkML author_last_name)", pointer: "/study/authors/0/family_name") {
      $0.study.authors[0].familyName = nil
    },
    .init(field: "study.authors[].roles (bia-agent role)", pointer: "/study/authors/0/roles") {
      $0.study.authors[0].roles = []
    },
    .init(
      field: "study.authors[].affiliations[].name (LinkML organisation_name)",
      pointer: "/study/authors/0/affiliations/0/name"
    ) { $0.study.authors[0].affiliations[0].name = " " },
    .init(field: "study.funding.grants[] (LinkML grant_id, funder)", pointer: "/study/funding/grants/0") {
      $0.study.funding?.grants = [Grant(id: "ALTF 1234-567", funder: " ")]
    },
    .init(field: "study.publications[].title (LinkML publication_title)", pointer: "/study/publications/0/title") {
      $0.study.publications = [Publication(title: " ", authors: "A. Example")]
    },
    .init(field: "annotation_sets[].overview (LinkML annotation_overview)", pointer: "/annotation_sets/0/overview") {
      $0.annotationSets[0].overview = " "
    },
    .init(field: "annotation_sets[].types (LinkML annotation_type)", pointer: "/annotation_sets/0/types") {
      $0.annotationSets[0].types = []
    },
    .init(field: "annotation_sets[].method (LinkML annotation_method)", pointer: "/annotation_sets/1/method") {
      $0.annotationSets[1].method = nil  // its provenance stays: data does not replace the prose
    },
    .init(
      field: "annotators' given and family names (LinkML Annotations.authors)",
      pointer: "/annotation_sets/1/provenance/annotators/0"
    ) { $0.annotationSets[1].provenance?.annotators[0].familyName = nil },
    .init(
      field: "annotation_sets[].files[].image (LinkML source_image_id)", pointer: "/annotation_sets/1/files/0/image"
    ) { $0.annotationSets[1].files[0].image = nil },
    .init(field: "versions (LinkML Version)", pointer: "/versions") { $0.versions = [] },
    .init(field: "versions[].timestamp (LinkML timestamp)", pointer: "/versions/0/timestamp") {
      $0.versions[0].timestamp = " "
    },
  ]

  /// The demo with `change` applied to its manifest, validated under `profile`.
  static func validate(_ change: (inout Manifest) -> Void, profile: DatasetValidator.Profile = .mifa) async throws
    -> ValidationReport
  {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    var manifest = try ManifestReader.load(contentsOf: dataset.file("annota.yaml"))
    change(&manifest)
    try ManifestWriter.write(manifest, to: dataset.file("annota.yaml"))
    return await DatasetValidator.validate(dataset.path, profiles: [profile])
  }

  @Test func theDemoIsMIFAComplete() async throws {
    let report = try await Self.validate { _ in }
    #expect(report.profiles.first { $0.name == "mifa" }?.satisfied == true, "\(report.diagnostics)")
  }

  @Test(arguments: removals) func removingARequiredFieldIsAFinding(removal: Removal) async throws {
    let report = try await Self.validate(removal.remove)
    let findings = report.diagnostics.filter { $0.rule == "MIFA-001" }.map { $0.location.pointer ?? "" }
    #expect(findings.contains(removal.pointer), "\(removal.field): \(findings)")
    #expect(report.profiles.first { $0.name == "mifa" }?.satisfied == false)
  }

  @Test(arguments: [
    ("CC-BY-NC-4.0", false), ("Apache-2.0", false), ("CC-BY-SA-4.0", false), ("CC0-1.0", true), ("CC-BY-4.0", true),
    ("https://creativecommons.org/licenses/by/4.0/", true),
  ])
  func onlyMIFAsLicencesAreMIFA(licence: String, allowed: Bool) async throws {
    let report = try await Self.validate { $0.study.licence = licence }
    let refused = report.diagnostics.contains { $0.rule == "MIFA-002" && $0.location.pointer == "/study/licence" }
    #expect(refused == !allowed, "\(licence)")
  }

  @Test func everyRequirementNamesItsSourceInTheRuleCatalog() throws {
    let rules = try String(contentsOfFile: Paths.spec + "/RULES.md", encoding: .utf8)
    let row = try #require(rules.split(separator: "\n").first { $0.hasPrefix("| MIFA-001 |") })
    for source in [
      "bia-mifa-models", "bia-agent", "author_first_name", "organisation_name", "annotation_method",
      "source_image_id", "private_until_date", "Annotations.authors",
    ] {
      #expect(row.contains(source), "RULES.md MIFA-001 should cite \(source)")
    }
  }

  /// MIFA keys versions by annotation set (bia-agent's template): a history per set satisfies the
  /// profile without a dataset-wide one, and each set's timestamps are required where they are.
  @Test func versionsMayBeKeptPerAnnotationSet() async throws {
    let perSet = try await Self.validate { manifest in
      let history = manifest.versions
      manifest.versions = []
      for index in manifest.annotationSets.indices { manifest.annotationSets[index].versions = history }
    }
    #expect(perSet.profiles.first { $0.name == "mifa" }?.satisfied == true, "\(perSet.diagnostics)")
    let oneSetWithout = try await Self.validate { manifest in
      let history = manifest.versions
      manifest.versions = []
      manifest.annotationSets[0].versions = history
    }
    #expect(oneSetWithout.diagnostics.contains { $0.rule == "MIFA-001" && $0.location.pointer == "/versions" })
    let untimed = try await Self.validate { manifest in
      manifest.annotationSets[1].versions = [Version(version: "2.0", timestamp: " ")]
    }
    #expect(
      untimed.diagnostics.contains {
        $0.rule == "MIFA-001" && $0.location.pointer == "/annotation_sets/1/versions/0/timestamp"
      }, "\(untimed.diagnostics)")
  }
}
