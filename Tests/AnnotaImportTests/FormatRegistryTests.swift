// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// The tool-format registry is the one list `detect`, `convert`, `import`, `init` and the fuzz
/// targets enumerate; these tests hold every entry to that, and keep string dispatch out of the code.
@Suite("Format registry")
struct FormatRegistryTests {
  @Test func idsAreUniqueAndEachHasATitle() {
    let ids = AnnotationFormats.registry.map(\.id)
    #expect(Set(ids).count == ids.count)
    #expect(AnnotationFormats.registry.allSatisfy { !$0.title.isEmpty })
  }

  @Test func everyFormatDetectsAndReadsItsSample() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for format in AnnotationFormats.registry {
      try FileManager.default.createDirectory(
        atPath: folder.file(format.id.rawValue), withIntermediateDirectories: true)
      let path = try #require(
        try ToolFileSamples.write(format.id, into: folder.file(format.id.rawValue)),
        "\(format.id) needs a sample in ToolFileSamples")
      let candidates = AnnotationFormats.detect(path)
      #expect(
        candidates.first?.format == format.id, "\(format.id): detected as \(candidates.first?.format.rawValue ?? "-")")
      // Every other format rejects it, with a reason.
      #expect(candidates.dropFirst().allSatisfy { $0.confidence < candidates[0].confidence && !$0.reason.isEmpty })
      let read = try AnnotationFormats.read(path)
      #expect(read.format == format.id)
      #expect(read.images.contains { !$0.features.isEmpty }, "\(format.id): the sample's shapes were read")
      // Streaming gives the same images, whether the format streams or is read whole.
      var streamed: [String] = []
      let header = try AnnotationFormats.stream(path) { streamed.append($0.name) }
      #expect(header.format == format.id && streamed == read.images.map(\.name))
    }
  }

  /// What the caller's own handler throws while a file streams reaches it as it is, not dressed up
  /// as a problem of the file.
  @Test func streamingPassesTheHandlersErrorsThrough() throws {
    struct Stop: Error {}
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for format in AnnotationFormats.registry {
      try FileManager.default.createDirectory(
        atPath: folder.file("stop-" + format.id.rawValue), withIntermediateDirectories: true)
      let path = try #require(try ToolFileSamples.write(format.id, into: folder.file("stop-" + format.id.rawValue)))
      #expect(throws: Stop.self, "\(format.id)") { try AnnotationFormats.stream(path) { _ in throw Stop() } }
    }
  }

  @Test func anUnknownFormatIsAClearError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("just text", to: "notes.txt")
    let error = try #require(throws: ForeignFormatError.self) { try AnnotationFormats.read(path) }
    #expect(error.code == .unrecognised && error.message.contains("annota detect"))
    let missing = try #require(throws: ForeignFormatError.self) { try AnnotationFormats.read(path + ".gone") }
    #expect(missing.code == .unreadable)
    // Streaming says the same: what `read` would say, not a generic refusal.
    let streamedMissing = try #require(throws: ForeignFormatError.self) {
      try AnnotationFormats.stream(path + ".gone") { _ in }
    }
    #expect(streamedMissing.code == .unreadable)
    let streamedText = try #require(throws: ForeignFormatError.self) { try AnnotationFormats.stream(path) { _ in } }
    #expect(streamedText.code == .unrecognised)
  }

  @Test func anXMLSyntaxErrorIsTheCause() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("<annotations><version>1.1</version><image", to: "annotations.xml")
    let error = try #require(throws: ForeignFormatError.self) { try AnnotationFormats.read(path, format: .cvat) }
    #expect(error.cause != nil && error.path == path && error.code == .malformed)
  }

  @Test func everyFormatHasAFuzzTarget() throws {
    let root = Paths.project("Fuzz/Sources")
    var fuzzed: Set<String> = []
    for target in try FileManager.default.contentsOfDirectory(atPath: root) {
      for file in (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + target)) ?? [] {
        let text = try String(contentsOfFile: root + "/" + target + "/" + file, encoding: .utf8)
        for match in text.matches(of: /fuzzToolFormat\(.*format: "([^"]+)"/) { fuzzed.insert(String(match.1)) }
      }
    }
    #expect(Set(AnnotationFormats.registry.map(\.id.rawValue)) == fuzzed)
  }

  /// Comparisons of a format or layout with a string literal, and case labels naming a format.
  static func stringDispatch(in line: Substring, known: Set<String>) -> Bool {
    if line.contains(/(format|layout|Format)[\w?.]*\s*(==|!=)\s*"/) { return true }
    if line.contains(/format[\w?]*\.hasPrefix\(/) { return true }
    // `case "hdf5":`, `case "tiff", "tif":`
    for match in line.matches(of: /case\s+"([a-z0-9.-]+)"/) where known.contains(String(match.1)) { return true }
    // `["tiff", "png"].contains(format)`
    for match in line.matches(of: /\[((?:"[a-z0-9.-]+",?\s*)+)\]\.contains/) {
      let names = match.1.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
      if names.contains(where: known.contains) { return true }
    }
    return false
  }

  @Test func noStringFormatDispatchIsLeft() throws {
    let definitions = try String(
      contentsOfFile: Paths.project("Sources/AnnotaModel/FileFormats/FormatID.swift"), encoding: .utf8)
    let layouts = try String(
      contentsOfFile: Paths.project("Sources/AnnotaImport/HDF5/HDF5Layout.swift"), encoding: .utf8)
    let known = Set(
      (definitions + layouts).matches(of: /(?:FormatID|Kind)\(rawValue: "([^"]+)"\)/).map { String($0.1) })
    #expect(known.isSuperset(of: ["tiff", "hdf5", "cvat-1.1", "ilastik-project"]))
    // The matcher itself catches what it is for.
    #expect(Self.stringDispatch(in: #"case "hdf5" where inspection.layout == "cremi":"#, known: known))
    #expect(Self.stringDispatch(in: #"if file.format.hasPrefix("hdf5") {"#, known: known))
    #expect(Self.stringDispatch(in: #"["tiff", "ome-tiff", "png"].contains(f)"#, known: known))
    #expect(!Self.stringDispatch(in: #"if file.format == .omeXML {"#, known: known))

    // The vocabularies that define the names, and the kits' own formats, are where names belong.
    let allowed = ["AnnotaModel/FileFormats/FormatID.swift", "AnnotaImport/HDF5/HDF5Layout.swift"]
    var offenders: [String] = []
    let sources = Paths.project("Sources")
    let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String } ?? []
    for file in files where file.hasSuffix(".swift") && !allowed.contains(file) {
      let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
      for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") && Self.stringDispatch(in: line, known: known) {
        offenders.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
      }
    }
    #expect(offenders.isEmpty, "string format dispatch:\n\(offenders.joined(separator: "\n"))")
  }
}
