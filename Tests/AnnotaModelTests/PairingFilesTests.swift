// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Testing

/// A pairing rule's files (SPEC §7), as validate, export, compare and status all read them.
@Suite struct PairingFilesTests {
  @Test func matchesAreGivenTheirImagesInOrder() {
    let pairing = Pairing(
      indicator: .fileNamePattern, annotations: "masks/{plate}/{name}_mask.tif", images: "images/{plate}/{name}.tif")
    let pairs = pairing.pairs(among: [
      "images/p1/a.tif", "masks/p1/a_mask.tif", "masks/p2/b_mask.tif", "masks/a_mask.tif", "masks/p1/a_mask.png",
    ])
    #expect(pairs.map(\.annotation) == ["masks/p1/a_mask.tif", "masks/p2/b_mask.tif"])
    #expect(pairs.map(\.image) == ["images/p1/a.tif", "images/p2/b.tif"])
  }
}
