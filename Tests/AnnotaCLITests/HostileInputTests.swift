// SPDX-License-Identifier: Apache-2.0
import AnnotaTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile input through the whole program, as an archive would meet it.
///
/// Each file must end in a clear message and an exit status (never a signal), with nothing written outside the places the
/// command owns. The readers' own hostile suites (XML, TIFF, HDF5, zip, numbers) test each layer.
@Suite("Hostile input, end to end")
struct HostileInputTests {

  /// Every file below `folder`, as relative paths.
  func listing(_ folder: String) -> Set<String> {
    Set(FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? [])
  }

  @Test func aTenMegabyteXMLAttributeIsAClearError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let label = String(repeating: "a", count: 10 << 20)
    let path = try folder.write(
      """
      <?xml version="1.0" encoding="utf-8"?>
      <annotations><version>1.1</version><image id="0" name="a.png" width="4" height="4">
      <box label="\(label)" xtl="0" ytl="0" xbr="1" ybr="1"/></image></annotations>
      """, to: "annotations.xml")
    let output = try annota("validate", path)
    // libxml2 refuses attribute values over 10 000 000 bytes: a finding that names the file.
    #expect(output.status == 1, "\(output.stderr)")
    #expect(
      output.stdout.contains("annotations.xml") && output.stdout.contains("FILE-"), "\(output.stdout.prefix(400))")
  }

  @Test(arguments: ["annota.json", "annota.yaml"])
  func deeplyNestedManifestsAreFindings(name: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    _ = try folder.write(
      name.hasSuffix(".json") ? #"{"annota": "0.1", "x": \#(nested)}"# : "annota: \"0.1\"\nx: \(nested)\n", to: name)
    let output = try annota("validate", folder.path)
    #expect(output.status == 1, "\(output.stderr)")
    #expect(output.stdout.contains("MANIFEST") && output.stdout.contains("nest"), "\(output.stdout.prefix(400))")
  }

  @Test(arguments: ["instances.json", "shapes.geojson"])
  func deeplyNestedJSONAnnotationsAreFindings(name: String) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    let path = try folder.write(#"{"type": "FeatureCollection", "images": [], "features": \#(nested)}"#, to: name)
    let output = try annota("validate", path)
    #expect(output.status == 1 || output.status == 2, "\(output.stderr)")
    #expect(!output.stdout.isEmpty || !output.stderr.isEmpty)
  }

  @Test func namesThatAreNotUTF8AreReportedNotFatal() throws {
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    // A file whose name is Latin-1 bytes (as an old tool on another system might leave).
    var name: [UInt8] = Array((dataset.path + "/images/caf").utf8) + [0xE9] + Array(".tif".utf8) + [0]
    let descriptor = name.withUnsafeMutableBufferPointer {
      $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: $0.count) { open($0, O_WRONLY | O_CREAT, 0o644) }
    }
    try #require(descriptor >= 0)
    close(descriptor)
    let output = try annota("validate", dataset.path)
    #expect(output.status == 0 || output.status == 1, "\(output.stderr)")
    #expect(!output.stdout.isEmpty)
  }

  @Test func imageReferencesThatClimbOutAreNeverFollowed() throws {
    let root = try TemporaryFolder()
    defer { root.remove() }
    // A real image outside the dataset, and annotation files that point at it with `..`.
    try FileManager.default.createDirectory(atPath: root.file("outside"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: Paths.project("Fixtures/demo/images/cells_01.tif"), toPath: root.file("outside/secret.tif"))
    try FileManager.default.createDirectory(atPath: root.file("ds/Annotations"), withIntermediateDirectories: true)
    let voc = try root.write(
      """
      <annotation><filename>../../outside/secret.tif</filename><object><name>cell</name><bndbox>
      <xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>3</ymax></bndbox></object></annotation>
      """, to: "ds/Annotations/a.xml")
    let inspected = try annota("inspect", voc)
    #expect(!inspected.stdout.contains("256×256") && !inspected.stdout.contains("secret.tif ("), "\(inspected.stdout)")
    // CVAT names with `..` and absolute paths become plain file names inside the output folder.
    let cvat = try root.write(
      """
      <?xml version="1.0" encoding="utf-8"?>
      <annotations><version>1.1</version>
      <image id="0" name="../../../../outside/evil.png" width="4" height="4">
      <box label="a" xtl="0" ytl="0" xbr="2" ybr="2"/></image>
      <image id="1" name="/tmp/annota-absolute-evil.png" width="4" height="4">
      <box label="a" xtl="0" ytl="0" xbr="2" ybr="2"/></image></annotations>
      """, to: "ds/cvat.xml")
    let before = listing(root.path)
    let converted = try annota("convert", cvat, "--to", "masks", root.file("ds/out"))
    #expect(converted.status == 0, "\(converted.stderr)")
    let written = listing(root.path).subtracting(before)
    #expect(!written.isEmpty && written.allSatisfy { $0.hasPrefix("ds/out") }, "\(written)")
    #expect(!FileManager.default.fileExists(atPath: "/tmp/annota-absolute-evil_labels.tif"))
    #expect(!FileManager.default.fileExists(atPath: root.file("outside/evil_labels.tif")))
  }

  @Test func limitsCanBeTightenedAndLoosened() throws {
    let demo = Paths.project("Fixtures/demo")
    let tight = try annota("validate", demo, "--max-plane-bytes", "10000")
    #expect(tight.status == 1 && tight.stdout.contains("limit"), "\(tight.stdout.prefix(600))")
    #expect(try annota("validate", demo, "--max-plane-bytes", "200000").status == 0)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let cvat = try folder.write(
      """
      <annotations><version>1.1</version><image id="0" name="a.png" width="4" height="4">
      <box label="a" xtl="0" ytl="0" xbr="2" ybr="2"/></image></annotations>
      """, to: "annotations.xml")
    #expect(try annota("validate", cvat).status == 0)
    let shallow = try annota("validate", cvat, "--max-xml-depth", "2")
    #expect(shallow.status == 1 && shallow.stdout.contains("deeper"), "\(shallow.stdout)")
    #expect(try annota("validate", cvat, "--max-zip-entries", "0").status == 64, "a limit below 1 is a usage error")
  }
}
