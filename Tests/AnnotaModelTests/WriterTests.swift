// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

@Suite("Manifest writer")
struct WriterTests {
  /// Strings YAML readers are known to misread when unquoted.
  static let awkward = [
    "yes", "No", "on", "off", "null", "~", "true", "0.5.4", "1.0", "1e3", "0x1F", "0o17", "012", "1_000",
    "12:30", "2026-11-22", "2026-11-22T10:00:00Z", "#comment", "a: b", "a #b", "- dash", "? q", "[x]", "{y}",
    "*alias", "&anchor", "!tag", "|pipe", ">fold", "'single'", "\"double\"", "%percent", "@at", "`tick`",
    " leading", "trailing ", "tab\there", "line one\nline two", "ends with newline\n", "two\n\n", "a\u{2028}b",
    "émoji 🧫", "comma, separated", "colon:inside", "=", "<<", ".inf", "-.5", "+1", "NaN",
  ]

  func manifest(with strings: [String]) -> Manifest {
    var study = Study(title: strings.first ?? "t", description: "d", authors: [Author(name: "A")], licence: "CC0-1.0")
    study.keywords = strings
    study.acknowledgements = strings.joined(separator: "\n")
    var set = AnnotationSet(
      id: "s", name: "n", overview: "o", types: [.classLabels], encoding: .classTable,
      files: [AnnotationFile(path: "labels.tsv", image: nil)])
    set.method = strings.last
    return Manifest(study: study, images: [Image(id: "i", path: "i.tif")], annotationSets: [set])
  }

  @Test(arguments: ManifestSyntax.allCases)
  func awkwardStringsRoundTrip(syntax: ManifestSyntax) throws {
    for string in Self.awkward {
      let original = manifest(with: [string])
      let text = try ManifestWriter.text(for: original, syntax: syntax)
      let result = ManifestReader.read(bytes: Array(text.utf8), syntax: syntax, file: "x")
      #expect(result.manifest == original, "\(string.debugDescription) → \(text)")
    }
    let all = manifest(with: Self.awkward)
    let text = try ManifestWriter.text(for: all, syntax: syntax)
    #expect(ManifestReader.read(bytes: Array(text.utf8), syntax: syntax, file: "x").manifest == all)
  }

  @Test func writingIsDeterministicAndOrderedBySpec() throws {
    let a = try ManifestWriter.text(for: manifest(with: ["x"]), syntax: .yaml)
    let b = try ManifestWriter.text(for: manifest(with: ["x"]), syntax: .yaml)
    #expect(a == b)
    let keys = a.split(separator: "\n").filter { !$0.hasPrefix(" ") && $0.contains(":") }.map {
      $0.split(separator: ":")[0]
    }
    #expect(keys == ["annota", "study", "images", "annotation_sets"])
  }

  @Test func numbersAreWrittenInShortestForm() throws {
    var m = manifest(with: ["x"])
    var image = Image(id: "i", path: "i.tif")
    image.physicalSize = PhysicalSize(x: 0.1, y: 1, z: 1e-7, unit: "um")
    m.images = [image]
    let text = try ManifestWriter.text(for: m, syntax: .yaml)
    #expect(text.contains("x: 0.1\n"))
    #expect(text.contains("y: 1\n"))
    #expect(text.contains("z: 1e-07\n"))
    #expect(ManifestReader.read(bytes: Array(text.utf8), syntax: .yaml, file: "x").manifest == m)
  }

  @Test func writeIsAtomicAndReadable() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("annota.json")
    try ManifestWriter.write(manifest(with: ["x"]), to: path)
    #expect(try ManifestReader.load(contentsOf: path) == manifest(with: ["x"]))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["annota.json"])
  }

  /// PyYAML (a YAML 1.1 reader) must read our YAML as the same strings.
  @Test(.enabled(if: python(with: ["yaml", "json"]) != nil))
  func pyyamlReadsTheSameStrings() throws {
    let interpreter = try #require(python(with: ["yaml", "json"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("annota.yaml")
    try ManifestWriter.write(manifest(with: Self.awkward), to: path)
    let script = "import yaml, json, sys; print(json.dumps(yaml.safe_load(open(sys.argv[1]))['study']['keywords']))"
    let output = try runProcess(interpreter, ["-c", script, path])
    #expect(output.status == 0, "\(output.stderr)")
    let keywords = try JSONDecoder().decode([String].self, from: Data(output.stdout.utf8))
    #expect(keywords == Self.awkward)
  }
}
