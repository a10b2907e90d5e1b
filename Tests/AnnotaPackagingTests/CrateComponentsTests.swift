// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaTestSupport
import Foundation
import Testing

/// Study components, image analysis methods, derived images and per-file values in the BIA RO-Crate
/// (standard 0.2), on the demo, which has two components.
@Suite("Crate components")
struct CrateComponentsTests {
  /// The file list as rows keyed by path, each a column → value map.
  static func fileList(_ crate: String) throws -> [String: [String: String]] {
    let lines = try String(contentsOfFile: crate + "/" + CrateMetadata.fileList, encoding: .utf8)
      .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    let header = try #require(lines.first)
    var rows: [String: [String: String]] = [:]
    for cells in lines.dropFirst() { rows[cells[0]] = Dictionary(uniqueKeysWithValues: zip(header, cells)) }
    return rows
  }

  static func ids(_ value: Any?) -> [String] { (value as? [[String: String]])?.compactMap { $0["@id"] } ?? [] }

  @Test func eachComponentIsAnImageDatasetWithItsOwnAssociations() async throws {
    let folder = try await CrateTests.packedDemo()
    defer { folder.remove() }
    let (_, objects) = try CrateTests.graph(folder.file("crate"))
    let tiff = try #require(objects["#component-tiff-series"])
    #expect(tiff["name"] as? String == "Widefield TIFF series")
    #expect(Self.ids(tiff["associatedImageAcquisitionProtocol"]) == ["#acquisition-widefield-20x"])
    #expect(Self.ids(tiff["associatedImageAnalysisMethod"]) == ["#analysis-nucleus-count"])
    #expect((tiff["exemplarImage"] as? [String: String])?["@id"] == "images/cells_01.tif")
    #expect(tiff["@type"] as? [String] == ["Dataset", "bia:Dataset", "bia:RembiDataset"])
    #expect(objects["#annotations-nuclei"]?["@type"] as? [String] == ["Dataset", "bia:Dataset", "bia:MifaDataset"])
    let png = try #require(objects["#component-png-export"])
    #expect(Self.ids(png["associatedImageAcquisitionProtocol"]) == ["#acquisition-widefield-20x-png"])
    #expect(objects["#images"] == nil, "no catch-all dataset when the study has components")
    let method = try #require(objects["#analysis-nucleus-count"])
    #expect(method["@type"] as? String == "bia:ImageAnalysisMethod")
    #expect(method["featuresAnalysed"] as? String == "nucleus count and area per image")
    // The exemplar is in the graph with what made it, as RO-Crate and the BIA ask of a file there.
    let exemplar = try #require(objects["images/cells_01.tif"])
    let process = try #require((exemplar["resultOf"] as? [String: String])?["@id"])
    #expect(Self.ids(objects[process]?["imageAcquisitionProtocol"]) == ["#acquisition-widefield-20x"])
    let root = try #require(objects["./"])
    #expect(Set(Self.ids(root["hasPart"])).isSuperset(of: ["#component-tiff-series", "#component-png-export"]))
  }

  @Test func theFileListPlacesEachImageInItsComponentAndCarriesFormatsAndSplits() async throws {
    let folder = try await CrateTests.packedDemo()
    defer { folder.remove() }
    let rows = try Self.fileList(folder.file("crate"))
    #expect(rows["images/cells_01.tif"]?["dataset"] == "#component-tiff-series")
    #expect(rows["images/cells_07.png"]?["dataset"] == "#component-png-export")
    #expect(rows["images/cells_07.png"]?["format"] == "png")
    #expect(rows["images/cells_05.tif"]?["split"] == "validation")
    let review = try #require(rows["coco/mitosis_review.json"])
    #expect(review["source_image"] == "images/cells_05.tif, images/cells_06.tif")
    #expect(review["format"] == "coco-json")
    #expect(review["origin"] == "manual" && rows["masks/cells_01_mask.tif"]?["origin"] == "model")
    #expect(rows["images/cells_01.tif"]?["origin"] == "")
    #expect(rows["shapes/cells_01.geojson"]?["format"] == "geojson", "the extension when no format is given")
  }

  @Test func aDerivedImageNamesItsInputsAndProtocol() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    manifest.images[6].derivedFrom = Derivation(
      images: ["cells_01", "cells_02"], protocol: "Mean of two registered frames.")
    try await CrateTests.packDemo(manifest, into: folder)
    let rows = try Self.fileList(folder.file("crate"))
    let derived = try #require(rows["images/cells_07.png"])
    #expect(derived["source_image"] == "images/cells_01.tif, images/cells_02.tif")
    #expect(derived["protocol"] == "#derivation-cells_07")
    let (_, objects) = try CrateTests.graph(folder.file("crate"))
    let protocolObject = try #require(objects["#derivation-cells_07"])
    #expect(protocolObject["@type"] as? String == "bia:Protocol")
    #expect(protocolObject["description"] as? String == "Mean of two registered frames.")
    #expect(Self.ids(objects["#component-png-export"]?["associatedProtocol"]) == ["#derivation-cells_07"])
    #expect(objects["#component-tiff-series"]?["associatedProtocol"] == nil)
    // cells_07 is also its component's exemplar: its creation process names the protocol.
    let process = try #require((objects["images/cells_07.png"]?["resultOf"] as? [String: String])?["@id"])
    #expect(Self.ids(objects[process]?["protocol"]) == ["#derivation-cells_07"])
    if let run = try BIAValidator.run(folder.file("crate")) {
      #expect(run.status == 0, "the BIA validator: \(run.stdout)\(run.stderr)")
    }
  }

  @Test func withoutComponentsOneDatasetHoldsEveryImage() async throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var manifest = try ManifestReader.load(contentsOf: Paths.project("Fixtures/demo/annota.yaml"))
    manifest.studyComponents = []
    for index in manifest.images.indices { manifest.images[index].component = nil }
    try await CrateTests.packDemo(manifest, into: folder)
    let (_, objects) = try CrateTests.graph(folder.file("crate"))
    let images = try #require(objects["#images"])
    #expect(
      Self.ids(images["associatedImageAcquisitionProtocol"]) == [
        "#acquisition-widefield-20x", "#acquisition-widefield-20x-png",
      ])
    #expect(Self.ids(images["associatedImageAnalysisMethod"]) == ["#analysis-nucleus-count"])
    let rows = try Self.fileList(folder.file("crate"))
    for (path, row) in rows where path.hasPrefix("images/") { #expect(row["dataset"] == "#images", "\(path)") }
  }

  /// The submission profile's dataset refinements go with `bia:Dataset`; a second class does not.
  @Test func aRefinedDatasetHasOneBIAClassAndASecondClassIsRefused() async throws {
    let folder = try await CrateTests.packedDemo()
    defer { folder.remove() }
    let crate = folder.file("crate")
    #expect(await CrateVerifier.verify(crate).findings.isEmpty)
    let path = crate + "/ro-crate-metadata.json"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let twoClasses = text.replacing(
      "\"bia:Dataset\", \"bia:RembiDataset\"]", with: "\"bia:Dataset\", \"bia:RembiDataset\", \"bia:Image\"]",
      maxReplacements: 1)
    #expect(twoClasses != text)
    try twoClasses.write(toFile: path, atomically: true, encoding: .utf8)
    let findings = await CrateVerifier.verify(crate).findings
    #expect(findings.map(\.rule) == ["CRATE-008"], "\(findings)")
  }
}
