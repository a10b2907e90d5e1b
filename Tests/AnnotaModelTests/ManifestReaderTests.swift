// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

@Suite("Manifest reader")
struct ManifestReaderTests {
  static let minimalYAML = """
    annota: "0.1"
    study:
      title: A title long enough for REMBI's minimum
      description: A description long enough for REMBI's minimum.
      authors:
        - name: Ada Example
      licence: CC-BY-4.0
    images:
      - id: img01
        path: images/img01.tif
    annotation_sets:
      - id: nuclei
        name: Nuclei
        overview: Instance masks.
        types: [segmentation_mask]
        encoding: label_image
        kind: instance
        files:
          - path: masks/img01.tif
            image: img01

    """

  func read(_ text: String, _ syntax: ManifestSyntax = .yaml) -> ManifestReadResult {
    ManifestReader.read(bytes: Array(text.utf8), syntax: syntax, file: "annota.\(syntax.rawValue)")
  }

  @Test func minimalManifestLoads() throws {
    let result = read(Self.minimalYAML)
    #expect(result.diagnostics.isEmpty)
    let manifest = try #require(result.manifest)
    #expect(manifest.study.authors.first?.name == "Ada Example")
    #expect(manifest.annotationSets.first?.types == [.segmentationMask])
    #expect(manifest.annotationSets.first?.kind == .instance)
    #expect(manifest.biosamples.isEmpty)
  }

  @Test func typoedKeyGetsASuggestionAtTheKey() throws {
    let text = Self.minimalYAML.replacingOccurrences(of: "  licence: CC-BY-4.0", with: "  licnece: CC-BY-4.0")
    let result = read(text)
    let finding = try #require(result.diagnostics.first { $0.rule == "MANIFEST-002" })
    #expect(finding.hint == "did you mean `licence`?")
    #expect(finding.location.line == 7)
    #expect(finding.location.column == 3)
    #expect(finding.location.pointer == "/study/licnece")
  }

  @Test func typeErrorReportsLineAndColumnInYAML() throws {
    let text = Self.minimalYAML.replacingOccurrences(
      of: "    path: images/img01.tif", with: "    path: images/img01.tif\n    size_bytes: lots")
    let finding = try #require(read(text).diagnostics.first)
    #expect(finding.rule == "MANIFEST-004")
    #expect(finding.location.line == 11)
    #expect(finding.location.column == 17)
    #expect(finding.location.pointer == "/images/0/size_bytes")
    #expect(finding.message.contains("expected an integer"))
  }

  @Test func typeErrorReportsLineAndColumnInJSON() throws {
    let json = """
      {
        "annota": "0.1",
        "study": {"title": "T", "description": "D", "authors": [{"name": "A"}], "licence": "CC0-1.0",
                  "keywords": "nuclei"},
        "images": [{"id": "a", "path": "a.tif"}],
        "annotation_sets": [{"id": "s", "name": "S", "overview": "O", "types": ["counts"],
                             "encoding": "class_table", "files": [{"path": "c.tsv"}]}]
      }
      """
    let finding = try #require(read(json, .json).diagnostics.first)
    #expect(finding.rule == "MANIFEST-004")
    #expect(finding.location.line == 4)
    #expect(finding.location.column == 25)
    #expect(finding.location.pointer == "/study/keywords")
  }

  @Test func everyProblemIsReportedInOnePass() {
    var text = Self.minimalYAML
    text = text.replacingOccurrences(of: "licence: CC-BY-4.0", with: "licence: CC-BY")
    text = text.replacingOccurrences(of: "types: [segmentation_mask]", with: "types: [segmentation mask]")
    text = text.replacingOccurrences(
      of: "    - name: Ada Example", with: "    - name: Ada Example\n      orcid: 1234-5678")
    text = text.replacingOccurrences(of: "images:", with: "imgaes: []\nimages:")
    text = text.replacingOccurrences(of: "    path: images/img01.tif", with: "    path: /abs/img01.tif")
    let rules = read(text).diagnostics.map(\.rule.rawValue)
    #expect(Set(rules) == ["MANIFEST-002", "MANIFEST-005", "MANIFEST-006", "MANIFEST-007", "MANIFEST-016"])
  }

  @Test func findingsComeInDocumentOrder() {
    let text = Self.minimalYAML.replacingOccurrences(of: "licence: CC-BY-4.0", with: "licence: nope")
      .replacingOccurrences(of: "encoding: label_image", with: "encoding: mask")
    let lines = read(text).diagnostics.compactMap(\.location.line)
    #expect(lines == lines.sorted())
    #expect(lines.count == 2)
  }

  @Test func nullValuesCountAsAbsent() throws {
    let text = Self.minimalYAML.replacingOccurrences(of: "  licence: CC-BY-4.0", with: "  licence:\n  keywords:")
    let result = read(text)
    #expect(result.diagnostics.map(\.rule) == ["MANIFEST-003"])
  }

  @Test func unitSpellingsAreNormalised() throws {
    let text = Self.minimalYAML.replacingOccurrences(
      of: "    path: images/img01.tif",
      with: "    path: images/img01.tif\n    physical_size: {x: 0.1, y: 0.1, unit: \u{03BC}m}")
    let manifest = try #require(read(text).manifest)
    #expect(manifest.images[0].physicalSize?.unit == "um")
  }

  @Test func numbersWhereStringsBelongGetAQuoteHint() throws {
    let text = Self.minimalYAML.replacingOccurrences(of: "  - id: img01", with: "  - id: 1.0")
    let finding = try #require(read(text).diagnostics.first)
    #expect(finding.rule == "MANIFEST-004")
    #expect(finding.hint == "quote it: \"1.0\"")
  }

  @Test func duplicateKeysAreFoundInBothSyntaxes() {
    let yaml = Self.minimalYAML.replacingOccurrences(of: "images:", with: "annota: \"0.1\"\nimages:")
    #expect(read(yaml).diagnostics.map(\.rule) == ["MANIFEST-001"])
    let json = #"{"annota": "0.1", "annota": "0.1"}"#
    #expect(read(json, .json).diagnostics.contains { $0.rule == "MANIFEST-010" && $0.location.column == 19 })
  }

  @Test(
    "Malformed input gets a located syntax error",
    arguments: [
      ("", ManifestSyntax.json), ("{", .json), ("{\"annota\": }", .json), ("[1, 2", .json),
      ("{\"a\": \"\\ud800\"}", .json), ("{\"a\": 01}", .json), ("nul", .json), ("{} {}", .json),
      ("study: [", .yaml), ("a: b\n c: d\n", .yaml), ("key: \"unterminated\n", .yaml), ("- a\nb: c\n", .yaml),
    ])
  func malformedInputIsRejected(text: String, syntax: ManifestSyntax) throws {
    let result = read(text, syntax)
    #expect(result.manifest == nil)
    let finding = try #require(result.diagnostics.first)
    #expect(finding.rule == "MANIFEST-001" || finding.rule == "MANIFEST-004")
    #expect(finding.location.line != nil)
  }

  @Test func emptyYAMLIsAManifestMissingEverything() {
    let rules = Set(read("").diagnostics.map(\.rule))
    #expect(rules == ["MANIFEST-003"])
  }

  @Test func nonMappingRootIsATypeError() {
    #expect(read("- a\n- b\n").diagnostics.map(\.rule) == ["MANIFEST-004"])
    #expect(read("[1]", .json).diagnostics.map(\.rule) == ["MANIFEST-004"])
  }

  @Test func invalidUTF8IsRejectedWithItsLine() throws {
    var bytes = Array("annota: \"0.1\"\nstudy:\n  title: caf".utf8)
    bytes += [0xC3, 0x28, 0x0A]
    let result = ManifestReader.read(bytes: bytes, syntax: .yaml, file: "annota.yaml")
    let finding = try #require(result.diagnostics.first)
    #expect(finding.rule == "MANIFEST-001")
    #expect(finding.location.line == 3)
    #expect(finding.message.contains("UTF-8"))
  }

  @Test func byteOrderMarkIsAccepted() {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.minimalYAML.utf8)
    #expect(ManifestReader.read(bytes: bytes, syntax: .yaml, file: "a").manifest != nil)
  }

  @Test func yamlAnchorsAndAliasesAreRefused() throws {
    let laughs = """
      a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
      b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
      d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
      e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
      """
    let finding = try #require(read(laughs).diagnostics.first)
    #expect(finding.rule == "MANIFEST-001")
    #expect(finding.message.contains("anchors"))
  }

  @Test func yamlTagsAreRefused() {
    #expect(read("annota: !!python/object:os.system \"0.1\"\n").diagnostics.map(\.rule) == ["MANIFEST-001"])
  }

  @Test func deepNestingIsRefusedWithoutCrashing() {
    let depth = 100_000
    let json = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(read(json, .json).diagnostics.first?.message.contains("nesting") == true)
    let yaml = "a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(read(yaml).diagnostics.first?.message.contains("nesting") == true)
    var block = ""
    for level in 0..<5_000 { block += String(repeating: " ", count: level) + "k:\n" }
    #expect(read(block).manifest == nil)
  }

  @Test func hugeIntegersAreOutOfRange() throws {
    let text = Self.minimalYAML.replacingOccurrences(
      of: "    path: images/img01.tif", with: "    path: images/img01.tif\n    size_bytes: 99999999999999999999999")
    #expect(read(text).diagnostics.first?.rule == "MANIFEST-014")
  }

  @Test func nonFiniteNumbersAreRejected() {
    let text = Self.minimalYAML.replacingOccurrences(
      of: "    path: images/img01.tif",
      with: "    path: images/img01.tif\n    physical_size: {x: .nan, y: .inf, unit: um}")
    #expect(read(text).diagnostics.map(\.rule) == ["MANIFEST-014", "MANIFEST-014"])
  }

  @Test func missingFileIsReportedNotThrown() {
    let result = ManifestReader.read(contentsOf: "/nonexistent/annota.yaml")
    #expect(result.diagnostics.first?.rule == "MANIFEST-001")
    #expect(throws: ManifestError.self) { try ManifestReader.load(contentsOf: "/nonexistent/annota.yaml") }
  }

  @Test func manifestIsLocatedInADatasetFolder() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    #expect(ManifestReader.locate(in: folder.path) == nil)
    try folder.write(Self.minimalYAML, to: "annota.yaml")
    #expect(ManifestReader.locate(in: folder.path) == folder.file("annota.yaml"))
  }
}
