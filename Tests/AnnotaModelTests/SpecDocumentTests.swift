// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// Keeps Specs/ and the Swift declaration of the standard identical.
@Suite("Spec documents")
struct SpecDocumentTests {
  func read(_ name: String) throws -> String { try String(contentsOfFile: Paths.spec + "/" + name, encoding: .utf8) }

  @Test func committedSchemaIsTheGeneratedOne() throws {
    #expect(try read("manifest.schema.json") == AnnotaSpec.jsonSchema())
  }

  @Test func specTablesAreTheGeneratedOnes() throws {
    let spec = try read("SPEC.md")
    let begin = "<!-- BEGIN GENERATED: annota schema --format markdown -->\n"
    let parts = spec.components(separatedBy: begin)
    try #require(parts.count == 2)
    let generated = try #require(parts[1].components(separatedBy: "<!-- END GENERATED -->").first)
    #expect(generated == AnnotaSpec.specTables(), "run `make spec`")
  }

  @Test func everyObjectIsReachableAndEveryReferenceDefined() {
    var reachable: Set<String> = []
    func visit(_ name: String) {
      guard reachable.insert(name).inserted, let object = AnnotaSpec.object(name) else { return }
      for field in object.fields { walk(field.type) }
    }
    func walk(_ type: ValueType) {
      switch type {
      case .object(let name): visit(name)
      case .list(let item, _): walk(item)
      default: break
      }
    }
    visit(AnnotaSpec.rootName)
    #expect(reachable == Set(AnnotaSpec.objects.map(\.name)))
    for object in AnnotaSpec.objects {
      #expect(Set(object.fields.map(\.name)).count == object.fields.count, "\(object.name) repeats a field")
    }
  }

  /// Every MIFA-required slot (BIA's LinkML MIFA model) appears in the crosswalk.
  @Test(arguments: [
    "Study.title", "Study.description", "Study.keywords", "Study.license", "Study.funding_statement",
    "Publication.publication_title", "Publication.publication_authors", "Author.author_first_name",
    "Author.author_last_name", "Organisation.organisation_name", "Grant.grant_id", "Grant.funder",
    "Study.link_url", "Annotations.annotation_overview", "Annotations.annotation_type",
    "Annotations.annotation_method", "FileLevelMetadata.annotation_id", "FileLevelMetadata.annotation_type",
    "FileLevelMetadata.source_image_id", "Version.version", "Version.timestamp",
  ])
  func mifaRequiredSlotIsMapped(slot: String) throws {
    let inFields = AnnotaSpec.objects.contains { $0.fields.contains { $0.crosswalk.mifa?.contains(slot) == true } }
    #expect(inFields, "no field maps to MIFA \(slot)")
    #expect(try read("SPEC.md").contains(slot))
  }

  /// Every required term of the BIA RO-Crate profile (bia-ro-crate-validator 0.3.1) has a source.
  @Test(arguments: [
    ("`bia:Study`", "`name`"), ("`bia:Study`", "`description`"), ("`bia:Study`", "`license`"),
    ("`bia:Study`", "`author`"), ("`bia:Study`", "`datePublished`"), ("`bia:Study`", "`accessionId`"),
    ("`bia:Study`", "`hasPart`"), ("`bia:Contributor`", "`name`"), ("`bia:Affiliation`", "`name`"),
    ("`bia:Dataset`", "`name`"), ("`bia:FileList`", "`tableSchema`"), ("`csvw:Schema`", "`column`"),
    ("`csvw:Column`", "`columnName`"), ("`bia:Image` / `bia:AnnotationData`", "`resultOf`"),
    ("`bia:Specimen`", "`biologicalEntity`"), ("`bia:Specimen`", "`imagingPreparationProtocol`"),
    ("`bia:BioSample`", "`description`"), ("`bia:Protocol` (all kinds)", "`name`"),
    ("`bia:Protocol` (all kinds)", "`description`"),
    ("`bia:ImageAcquisitionProtocol`", "`imagingInstrumentDescription`"),
    ("`bia:AnnotationMethod`", "`name`"), ("`bia:AnnotationMethod`", "`description`"),
    ("descriptor", "`conformsTo`"), ("descriptor", "`about`"),
  ])
  func biaRequiredTermHasASource(entity: String, term: String) throws {
    let rows = try read("SPEC.md").split(separator: "\n").filter { $0.hasPrefix("| ") }
    #expect(rows.contains { $0.contains(entity) && $0.contains(term) }, "\(entity) \(term)")
  }

  /// The schema validates with an independent JSON Schema implementation (Python `jsonschema`):
  /// valid examples pass, and invalid ones whose rule a schema can express fail.
  @Test(.enabled(if: python(with: ["jsonschema", "yaml"]) != nil))
  func independentValidatorAgrees() throws {
    let interpreter = try #require(python(with: ["jsonschema", "yaml"]))
    let script = """
      import json, sys, yaml, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
      for path in sys.argv[2:]:
          doc = json.load(open(path)) if path.endswith('.json') else yaml.safe_load(open(path))
          print(path, len(list(v.iter_errors(doc))))
      """
    let valid =
      Paths.files(in: Paths.spec + "/examples/valid", suffix: "n")
      + Paths.files(in: Paths.spec + "/examples/valid", suffix: ".yaml")
    // Rules a JSON Schema can express; the others (checksums of ORCID/ROR, references, uniqueness,
    // calendar validity, matrix shape, consistency) are the reader's.
    let schemaRules: Set = [
      "MANIFEST-002", "MANIFEST-003", "MANIFEST-004", "MANIFEST-005", "MANIFEST-007",
      "MANIFEST-008", "MANIFEST-009", "MANIFEST-012", "MANIFEST-014", "MANIFEST-015", "MANIFEST-016",
      "MANIFEST-017", "MANIFEST-018",
    ]
    var invalid: [String] = []
    for path in Paths.files(in: Paths.spec + "/examples/invalid", suffix: ".yaml") {
      let first = try String(contentsOfFile: path, encoding: .utf8).prefix { $0 != "\n" }
      if schemaRules.contains(String(first.dropFirst("# rule: ".count))) { invalid.append(path) }
    }
    let output = try runProcess(interpreter, ["-c", script, Paths.spec + "/manifest.schema.json"] + valid + invalid)
    #expect(output.status == 0, "\(output.stderr)")
    var counts: [String: Int] = [:]
    for line in output.stdout.split(separator: "\n") {
      let parts = line.split(separator: " ")
      counts[String(parts[0])] = Int(parts[1])
    }
    for path in valid { #expect(counts[path] == 0, "\(path) should pass the schema") }
    for path in invalid { #expect((counts[path] ?? 0) > 0, "\(path) should fail the schema") }
    // Every rule a schema can express has an invalid example (some have several).
    var covered: Set<String> = []
    for path in invalid {
      let first = try String(contentsOfFile: path, encoding: .utf8).prefix { $0 != "\n" }
      covered.insert(String(first.dropFirst("# rule: ".count)))
    }
    #expect(covered == schemaRules)
  }
}
