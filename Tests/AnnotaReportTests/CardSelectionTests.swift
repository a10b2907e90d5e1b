// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import AnnotaReport

/// Which images get a card: findings first, then an even sample per split, within the cap.
@Suite struct CardSelectionTests {
  @Test func everyImageWhenThereIsRoomFindingsFirst() {
    let selection = CardSelection([("a", 0), ("a", 2), ("b", 0), ("b", 1)], cap: 10)
    #expect(selection.indices == [1, 3, 0, 2])
    #expect(selection.statement == nil)
  }

  @Test func samplesEvenlyPerSplitInProportion() {
    // 60 train, 30 test, 10 validation; 3 with findings; room for 13 more.
    var images: [(split: String, findings: Int)] =
      Array(repeating: ("train", 0), count: 60) + Array(repeating: ("test", 0), count: 30)
      + Array(repeating: ("validation", 0), count: 10)
    for index in [5, 70, 95] { images[index].findings = 1 }
    let selection = CardSelection(images, cap: 16)
    #expect(selection.indices.count == 16)
    #expect(Array(selection.indices.prefix(3)) == [5, 70, 95])
    let sampled = selection.indices.dropFirst(3)
    let perSplit = Dictionary(grouping: sampled, by: { images[$0].split }).mapValues(\.count)
    #expect(perSplit == ["train": 8, "test": 4, "validation": 1])
    // Spread: the train sample spans the split, not its first images.
    let train = sampled.filter { images[$0].split == "train" }
    #expect(train.min()! < 10 && train.max()! > 50)
    #expect(selection.statement?.contains("16 of 100 images have a card") == true)
    #expect(selection.statement?.contains("all 3 with findings") == true)
  }

  @Test func aHundredThousandImagesStayWithinTheCap() {
    var images = [(split: String, findings: Int)](repeating: ("train", 0), count: 100_000)
    for index in stride(from: 0, to: 100_000, by: 2) { images[index] = ("test", index % 1000 == 0 ? 3 : 0) }
    let selection = CardSelection(images, cap: 200)
    #expect(selection.indices.count == 200)
    #expect(Set(selection.indices).count == 200)
    #expect(selection.indices.prefix(100).allSatisfy { images[$0].findings == 3 })
    #expect(selection.statement?.hasPrefix("200 of 100000 images have a card") == true)
  }

  @Test func moreImagesWithFindingsThanRoomKeepsTheWorst() {
    let images = (0..<50).map { (split: "a", findings: $0 % 5) }
    let selection = CardSelection(images, cap: 10)
    #expect(selection.indices.count == 10)
    #expect(selection.indices.allSatisfy { images[$0].findings == 4 })
    #expect(selection.statement?.contains("the 10 with the most findings of 40 with findings") == true)
  }
}
