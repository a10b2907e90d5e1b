// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Every public error has one shape: a code to branch on, a message, the path, and the error of the
/// layer below as `cause`, never flattened into text on the way up.
@Suite("Error shapes")
struct ErrorShapeTests {
  @Test func inspectionSaysWhatKindOfFailureAndKeepsTheKitsError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let missing = try #require(throws: InspectError.self) { try FileInspector.inspect(folder.file("gone.tif")) }
    #expect(missing.code == .unreadable && missing.path == folder.file("gone.tif"))
    let text = try folder.write("plain text", to: "notes.tif")
    #expect(try #require(throws: InspectError.self) { try FileInspector.inspect(text) }.code == .unrecognised)
    // A TIFF header and nothing else: libtiff's refusal is the cause, typed.
    let truncated = folder.file("cut.tif")
    try Data([0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: truncated))
    let damaged = try #require(throws: InspectError.self) { try FileInspector.inspect(truncated) }
    #expect(damaged.code == .malformed && !damaged.isUnsupported)
    #expect(damaged.cause is TIFFError, "the cause is libtiff's error, not text: \(String(describing: damaged.cause))")
  }

  @Test func geoJSONSyntaxAndStructureAreTold() throws {
    let syntax = try #require(throws: GeoJSONError.self) {
      try GeoJSONReader.read(Array("{\"type\": ".utf8), path: "a")
    }
    #expect(syntax.code == .syntax && syntax.cause != nil && syntax.line == 1)
    let structure = try #require(throws: GeoJSONError.self) {
      try GeoJSONReader.read(Array("{\"type\": \"Feature\"}".utf8), path: "b")
    }
    #expect(structure.code == .structure && structure.path == "b")
  }

  @Test func omeAndInstanceTableErrorsCarryCodes() throws {
    let notOME = try #require(throws: OMEError.self) {
      try OMEXMLParser.parse(Array("<?xml version=\"1.0\"?><Other/>".utf8))
    }
    #expect(notOME.code == .notOME && notOME.line == 1)
    let header = try #require(throws: InstanceTableError.self) { try InstanceTable.parse("a\tb\n1\tx\n") }
    #expect(header.code == .header && header.row == 1)
    let row = try #require(throws: InstanceTableError.self) { try InstanceTable.parse("value\tlabel\n1\tx\n1\ty\n") }
    #expect(row.code == .row && row.row == 3)
  }

  @Test func anUnreadableInstanceTableIsTheImportErrorsCause() throws {
    // The spec's minimal dataset, with the demo's mask and a broken instance table beside it.
    let dataset = try TemporaryFolder()
    defer { dataset.remove() }
    try FileManager.default.copyItem(
      atPath: Paths.spec + "/examples/valid/minimal.yaml", toPath: dataset.file("annota.yaml"))
    try FileManager.default.createDirectory(atPath: dataset.file("masks"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: dataset.file("images"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Paths.project("Fixtures/demo/masks/cells_01_mask.tif"), toPath: dataset.file("masks/img01_mask.tif"))
    let table = dataset.file("masks/img01_mask.instances.tsv")
    try "no header here\n1\tcell\n".write(toFile: table, atomically: true, encoding: .utf8)
    var readError: (any Error)?
    do { _ = try DatasetAnnotations.read(dataset.path) } catch { readError = error }
    let error = try #require(readError as? ImportError, "\(String(describing: readError))")
    #expect(error.path == table && (error.cause as? InstanceTableError)?.code == .header)
  }

  @Test func omeXMLThatIsNotOMENamesTheFileItCameFrom() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("<?xml version=\"1.0\"?><Other/>", to: "x.ome.xml")
    let error = try #require(throws: InspectError.self) { try FileInspector.inspect(path) }
    #expect(
      (error.cause as? OMEError)?.code == .notOME, "the OME parser's error is kept: \(String(describing: error.cause))")
  }
}
