// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Testing

@Suite("Identifiers and formats")
struct IdentifierTests {
  @Test(arguments: [
    ("0000-0002-1825-0097", true), ("https://orcid.org/0000-0002-1825-0097", true),
    ("0000-0001-5109-3700", true), ("0000-0002-1694-233X", true), ("0000-0002-1825-0098", false),
    ("0000-0002-1825-009", false), ("0000000218250097", false), ("0000-0002-1825-00X7", false), ("", false),
  ])
  func orcid(text: String, valid: Bool) {
    #expect((ORCID.normalized(text) != nil) == valid)
  }

  @Test func orcidCheckCharacterMatchesTheStandard() {
    // ISO 7064 MOD 11-2 worked example from ORCID's documentation: 0000-0002-1694-233X.
    #expect(ORCID.checkCharacter(for: [0, 0, 0, 0, 0, 0, 0, 2, 1, 6, 9, 4, 2, 3, 3]) == "X")
  }

  @Test(arguments: [
    ("02catss52", true), ("https://ror.org/02catss52", true), ("03mstc592", true), ("02catss53", false),
    ("12catss52", false), ("02catsu52", false), ("02cats52", false),
  ])
  func ror(text: String, valid: Bool) {
    #expect((ROR.normalized(text) != nil) == valid)
  }

  @Test(arguments: [
    ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true),
    ("2026-13-01", false), ("2026-1-01", false), ("26-01-01", false), ("2026-04-31", false),
  ])
  func dates(text: String, valid: Bool) {
    #expect(ISO8601.isDate(text) == valid)
  }

  @Test(arguments: [
    ("2026-11-22T10:00:00Z", true), ("2026-11-22T10:00:00.123+02:00", true), ("2026-11-22T10:00:00", false),
    ("2026-11-22 10:00:00Z", false), ("2026-11-22T25:00:00Z", false), ("2026-11-22T10:00Z", false),
  ])
  func dateTimes(text: String, valid: Bool) {
    #expect(ISO8601.isDateTime(text) == valid)
  }

  @Test(arguments: [
    ("PT12H", true), ("P3DT4H30M", true), ("P1Y2M", true), ("PT0.5S", true), ("P", false), ("PT", false),
    ("12H", false), ("PT4M3H", false), ("P1H", false), ("P3D4H", false),
  ])
  func durations(text: String, valid: Bool) {
    #expect(ISO8601.isDuration(text) == valid)
  }

  @Test func licencesAcceptSPDXAndBIAURLs() {
    #expect(Licences.biaURLs.count == 24)
    #expect(Licences.isAccepted("CC-BY-4.0"))
    #expect(Licences.isAccepted("https://creativecommons.org/licenses/by/4.0/"))
    #expect(Licences.isAccepted("https://creativecommons.org/licenses/by/4.0"))
    #expect(!Licences.isAccepted("CC-BY"))
    #expect(!Licences.isAccepted("https://example.org/my-licence"))
    #expect(Licences.biaURL(for: "CC0-1.0") == "https://creativecommons.org/publicdomain/zero/1.0/")
    #expect(Licences.biaURL(for: "Apache-2.0") == nil)
  }

  @Test(arguments: [
    ("images/a.tif", nil), ("a.tif", nil), ("/etc/passwd", "absolute"), ("../a.tif", "`..`"),
    ("images/./a.tif", "`..`"), ("images\\a.tif", "`/`"), ("images//a.tif", "empty"), ("images/", "file"),
    ("C:/data/a.tif", "drive"), ("a{b}.tif", "patterns"),
  ])
  func paths(path: String, problemContains: String?) {
    let problem = PathRules.problem(in: path, allowPlaceholders: false)
    if let problemContains {
      #expect(problem?.contains(problemContains) == true, "\(path): \(problem ?? "nil")")
    } else {
      #expect(problem == nil)
    }
  }

  @Test func placeholders() {
    #expect(PathRules.placeholders(in: "masks/{name}_{t}.tif") == ["name", "t"])
    #expect(PathRules.placeholders(in: "masks/{name.tif") == nil)
    #expect(PathRules.placeholders(in: "masks/{}.tif") == nil)
    #expect(PathRules.placeholders(in: "masks/x.tif") == [])
  }

  @Test func suggestionsFindTyposButNotStrangers() {
    #expect(Suggestions.closest(to: "licnece", among: ["licence", "keywords"]) == "licence")
    #expect(
      Suggestions.closest(to: "segmentation mask", among: Vocabularies.annotationType.values) == "segmentation_mask")
    #expect(Suggestions.closest(to: "Bounding-Boxes", among: Vocabularies.annotationType.values) == "bounding_boxes")
    #expect(Suggestions.closest(to: "zebra", among: ["licence", "keywords"]) == nil)
  }

  @Test func mifaVocabularyHasExactlyTheElevenTypes() {
    #expect(
      Vocabularies.annotationType.values == [
        "class_labels", "bounding_boxes", "counts", "derived_annotations", "geometrical_annotations", "graphs",
        "point_annotations", "segmentation_mask", "tracks", "weak_annotations", "other",
      ])
    #expect(
      Vocabularies.sourceIndicator.values == [
        "metadata_file", "file_name_exact_match", "file_name_pattern", "file_path", "other",
      ])
  }

  @Test func transformationMapsPoints() throws {
    let shift = Transformation(matrix: [[1, 0, 2.5], [0, 1, -1], [0, 0, 1]])
    let moved = try #require(shift.apply(x: 10, y: 10))
    #expect(moved.x == 12.5 && moved.y == 9)
  }
}

@Suite("String formats as a public check")
struct StringFormatTests {
  @Test(arguments: [
    (StringFormat.curie, "GO:0005634", true), (.curie, "GO 0005634", false), (.curie, "http://x", false),
    (.ncbiTaxon, "NCBITaxon:9606", true), (.ncbiTaxon, "http://purl.obolibrary.org/obo/NCBITaxon_9606", true),
    (.ncbiTaxon, "taxon:9606", false), (.ncbiTaxon, "NCBI:txid9606", true), (.ncbiTaxon, "NCBI:txid", false),
    (.ncbiTaxon, "NCBI:txid96x6", false), (.fbbi, "FBbi:00000246", true), (.fbbi, "FBbi:246", false),
    (.doi, "10.1038/s41592-021-01166-8", true), (.doi, "https://doi.org/10.5281/zenodo.16979744", true),
    (.doi, "doi.org/nothing", false), (.email, "a@b.org", true), (.email, "a@b", false),
    (.uri, "https://ror.org/02catss52", true), (.uri, "ror.org", false), (.colour, "#a0b1c2", true),
    (.colour, "#a0b1c2ff", true), (.colour, "#abc", false),
    (.checksum, "sha256:" + String(repeating: "a", count: 64), true),
    (.checksum, "sha256:" + String(repeating: "A", count: 64), false), (.licence, "CC0-1.0", true),
    (.identifier, "img_01.a-b", true), (.identifier, "-img", false), (.text, " \t ", false),
    (.specVersion, "0.1", true), (.specVersion, "0.2", true), (.specVersion, "0.3", false),
    (.pathPattern, "masks/{name}.tif", true), (.pathPattern, "masks/{name.tif", false),
  ])
  func formatAcceptsOrRejects(format: StringFormat, text: String, accepted: Bool) {
    #expect(format.accepts(text) == accepted, "\(format) \(text)")
    #expect((format.problem(with: text) == nil) == accepted)
  }
}
