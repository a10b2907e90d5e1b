// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// Label TIFFs written by other tools (tifffile, ImageJ): facts from `../shared/corpus/SOURCES.md`.
@Suite("TIFF corpus", .enabled(if: Paths.corpus != nil))
struct TIFFCorpusTests {
  struct Fact: Sendable, CustomStringConvertible {
    var file: String, pages: Int, width: Int, height: Int, ids: Int, maxID: Double
    var description: String { file }
  }

  static let facts = [
    Fact(file: "label-tiff/stardist_mask2d.tif", pages: 1, width: 512, height: 512, ids: 125, maxID: 183),
    Fact(file: "label-tiff/stardist_tests_mask2d.tif", pages: 1, width: 256, height: 256, ids: 65, maxID: 65),
    Fact(file: "label-tiff/stardist_mask3d.tif", pages: 31, width: 57, height: 61, ids: 51, maxID: 162),
    Fact(file: "label-tiff/LabelImage.tif", pages: 1, width: 1024, height: 1024, ids: 469, maxID: 65535),
  ]

  @Test(arguments: facts)
  func labelImagesMatchTheirFacts(fact: Fact) throws {
    let reader = try TIFFReader(path: try #require(Paths.corpus(fact.file)))
    #expect(reader.directoryCount == fact.pages)
    var ids: Set<Double> = []
    for page in 0..<reader.directoryCount {
      let plane = try reader.readPlane(page)
      #expect(plane.width == fact.width && plane.height == fact.height && plane.sampleType == .uint16)
      for y in 0..<plane.height { for x in 0..<plane.width { ids.insert(plane.value(x: x, y: y)) } }
    }
    ids.remove(0)
    #expect(ids.count == fact.ids)
    #expect(ids.max() == fact.maxID)
  }

  /// Every malformed TIFF ends in a clear error or a correct read, never a crash or a hang.
  @Test func malformedFilesFailCleanly() throws {
    let folder = try #require(Paths.corpus("malformed/tiff"))
    let files = Paths.files(in: folder, suffix: "f")
    #expect(files.count >= 10)
    let printed = try capturingStandardError {
      for file in files {
        do {
          let reader = try TIFFReader(path: file)
          for page in 0..<reader.directoryCount { _ = try? reader.readPlane(page) }
        } catch let error as TIFFError {
          #expect(error.path == file)
          #expect(!error.message.isEmpty)
        }
      }
    }
    #expect(printed.isEmpty, "libtiff printed: \(printed)")
  }
}
