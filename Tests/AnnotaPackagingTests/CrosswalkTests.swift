// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaTestSupport
import Foundation
import Testing

/// SPEC §4's crosswalk to the BIA RO-Crate is a promise: every term a field maps to is in the crate
/// written for a manifest that has every field (the spec's `complete.yaml` example).
@Suite("Crosswalk to the BIA crate")
struct CrosswalkTests {
  /// What the crate written for `complete.yaml` holds: keys, classes, context terms and file-list
  /// columns.
  struct Crate {
    var keys: Set<String> = []
    var types: Set<String> = []
    var values: Set<String> = []
    var terms: Set<String> = []
    var columns: Set<String> = []
    var properties: Set<String> = []
  }

  /// Writes the crate of `complete.yaml` into `folder/crate`.
  static func writeCompleteCrate(in folder: TemporaryFolder) async throws {
    let manifest = try ManifestReader.load(contentsOf: Paths.spec + "/examples/valid/complete.yaml")
    var resolved = manifest
    // Every listed file exists (empty: the crate is built from the manifest), pairings listed out.
    for index in resolved.annotationSets.indices where resolved.annotationSets[index].pairing != nil {
      resolved.annotationSets[index].files = resolved.images.map {
        AnnotationFile(path: "masks/\($0.id)_mask.tif", image: $0.id)
      }
    }
    let paths = resolved.images.map(\.path) + resolved.annotationSets.flatMap { $0.files.map(\.path) }
    for path in paths {
      try folder.write("", to: "dataset/" + path)
    }
    try ManifestWriter.write(manifest, to: folder.file("dataset/annota.yaml"))
    _ = try await CrateWriter.write(from: folder.file("dataset"), manifest: resolved, to: folder.file("crate"))
  }

  static func completeCrate() async throws -> Crate {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try await writeCompleteCrate(in: folder)
    let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("crate/ro-crate-metadata.json")))
    let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var crate = Crate()
    for case let terms as [String: Any] in (document["@context"] as? [Any]) ?? [] {
      // Terms declared, not necessarily used: used keys come from the graph below.
      for case let iri as String in terms.values { crate.terms.insert(iri) }
    }
    func walk(_ value: Any) {
      if let object = value as? [String: Any] {
        for (key, item) in object {
          crate.keys.insert(key)
          if key == "@type" {
            for type in (item as? [String]) ?? [(item as? String) ?? ""] { crate.types.insert(type) }
          }
          if key == "columnName", let name = item as? String { crate.columns.insert(name) }
          if key == "propertyUrl", let url = item as? String { crate.properties.insert(url) }
          walk(item)
        }
      } else if let list = value as? [Any] {
        list.forEach(walk)
      } else if let text = value as? String {
        crate.values.insert(text)
      }
    }
    walk(document["@graph"] ?? [])
    return crate
  }

  /// The backticked terms of a crosswalk cell that must be in the crate, or none when the cell says
  /// the BIA crate has no place for the field.
  static func promisedTerms(_ cell: String) -> [String] {
    if cell.hasPrefix("semantic model") || cell.hasPrefix("metres") { return [] }
    let terms = cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
      .map { String($0.element) }
    // "none: …" promises only the annota: terms it names.
    return cell.hasPrefix("none") ? terms.filter { $0.hasPrefix("annota:") } : terms
  }

  @Test func everyMappedFieldIsInTheCrate() async throws {
    let crate = try await Self.completeCrate()
    var broken: [String] = []
    for object in AnnotaSpec.objects {
      for field in object.fields {
        guard let cell = field.crosswalk.bia else { continue }
        for term in Self.promisedTerms(cell) {
          let kept: Bool
          if term.hasPrefix("annota:") {
            kept =
              crate.terms.contains(term)
              || crate.properties.contains("https://w3id.org/annota/terms#" + term.dropFirst(7))
          } else if term.hasPrefix("bia:"), let first = term.dropFirst(4).first, first.isUppercase {
            kept = crate.types.contains(term)
          } else if term.hasPrefix("bia:") {
            kept = crate.terms.contains(term) || crate.properties.contains("http://bia/" + term.dropFirst(4))
          } else if term.allSatisfy({ $0.isLetter || $0 == "_" }) {
            kept = crate.keys.contains(term) || crate.columns.contains(term) || crate.values.contains(term)
          } else {
            continue  // `@id`, `./`, IRIs and other prose in backticks
          }
          if !kept { broken.append("\(object.name).\(field.name): `\(term)` (\(cell))") }
        }
      }
    }
    #expect(broken.isEmpty, "crosswalk rows without their writer:\n\(broken.joined(separator: "\n"))")
  }

  @Test func theCheckFindsAMissingTerm() {
    // The parser the test relies on: what a cell promises.
    #expect(Self.promisedTerms("`bia:Study` `doi`") == ["bia:Study", "doi"])
    #expect(Self.promisedTerms("none: in `annota:provenance` (JSON)") == ["annota:provenance"])
    #expect(Self.promisedTerms("none (OME-Zarr `colors` `rgba`)").isEmpty)
    #expect(Self.promisedTerms("semantic model `ImageRepresentation.size_x` (not in the 0.3.1 crate)").isEmpty)
  }

  /// The richest crate the packer writes (every field of the standard) passes the BIA's own validator.
  @Test func theCompleteCrateSatisfiesTheBIAValidator() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try await Self.writeCompleteCrate(in: folder)
    #expect(await CrateVerifier.verify(folder.file("crate")).findings.isEmpty)
    if let run = try BIAValidator.run(folder.file("crate")) {
      #expect(run.status == 0, "the BIA validator: \(run.stdout)\(run.stderr)")
    }
  }
}
