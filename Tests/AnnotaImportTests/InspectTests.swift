// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

@Suite("Inspect")
struct InspectTests {
  @Test func demoMaskStatisticsMatchThePixels() throws {
    let path = Paths.project("Fixtures/demo/masks/cells_01_mask.tif")
    let inspection = try FileInspector.inspect(path)
    #expect(inspection.format.rawValue == "tiff")
    #expect(inspection.images.first?.axes == "YX" && inspection.images.first?.shape == [256, 256])
    #expect(inspection.images.first?.dtype == "uint16")
    let labels = try #require(inspection.labels)
    let plane = try TIFFReader(path: path).readPlane(0)
    for label in labels.labels {
      var count = 0
      var box = [Int.max, Int.max, -1, -1]
      for y in 0..<plane.height {
        for x in 0..<plane.width where plane.value(x: x, y: y) == Double(label.value) {
          count += 1
          box = [min(box[0], x), min(box[1], y), max(box[2], x + 1), max(box[3], y + 1)]
        }
      }
      #expect(label.pixels == count && label.bbox == box, "label \(label.value)")
    }
    let json = inspection.json(includeShapes: false).text
    #expect(json.contains("\"labels\": [{\"value\": 1, \"pixels\": "))
    #expect(json.contains("\"background_share\": "))
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func corpusLabelImagesAndStacks() throws {
    let stack = try FileInspector.inspect(try #require(Paths.corpus("label-tiff/stardist_mask3d.tif")))
    #expect(stack.images.first?.axes == "ZYX" && stack.images.first?.shape == [31, 61, 57])
    #expect(stack.labels?.labels.count == 51 && stack.labels?.labels.last?.value == 162)
    #expect(stack.labels?.planeCount == 31)
    let big = try FileInspector.inspect(try #require(Paths.corpus("label-tiff/LabelImage.tif")))
    #expect(big.labels?.labels.count == 469 && big.labels?.labels.last?.value == 65535)
    let ome = try FileInspector.inspect(try #require(Paths.corpus("ome-tiff/multi-channel-z-series.ome.tif")))
    #expect(ome.format.rawValue == "ome-tiff")
    #expect(ome.images.first?.axes == "CZYX" && ome.images.first?.shape == [3, 5, 167, 439])
    #expect(ome.images.first?.dtype == "int8")
    #expect(ome.labels == nil, "three channels: not a label image")
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func omeShapesAreCountedAndConverted() throws {
    let inspection = try FileInspector.inspect(try #require(Paths.corpus("ome-xml/shape-union.ome.xml")))
    #expect(inspection.format.rawValue == "ome-xml")
    #expect(inspection.shapeCounts == ["box": 1, "point": 4, "line": 1, "polygon": 2, "ellipse": 1])
    let box = try #require(inspection.shapes.first { $0.shape == "box" })
    // A box is a closed five-position ring (SPEC §5.3).
    guard case .object(let geometry) = box.geometry,
      case .array(let rings)? = geometry.first(where: { $0.0 == "coordinates" })?.1,
      case .array(let ring)? = rings.first
    else { Issue.record("not a polygon"); return }
    #expect(ring.count == 5 && ring.first == ring.last)
    let withShapes = inspection.json(includeShapes: true).text
    #expect(withShapes.contains("\"features\": [{\"type\": \"Feature\""))
    #expect(!inspection.json(includeShapes: false).text.contains("\"features\""))
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func unreadableFilesNameTheFileAndTheProblem() throws {
    let folder = try #require(Paths.corpus("malformed/tiff"))
    for name in ["seek_too_large.tif", "oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif"] {
      let path = folder + "/" + name
      let error = try #require(throws: InspectError.self) { try FileInspector.inspect(path) }
      #expect(error.path == path && !error.message.isEmpty)
    }
    let notImage = try #require(Paths.corpus("SOURCES.md"))
    #expect(throws: InspectError.self) { try FileInspector.inspect(notImage) }
  }

  @Test func omeTIFFWriterRecordsPhysicalSizes() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("labels.ome.tif")
    let planes = try (0..<3).map { z in try Plane(width: 8, height: 5, uint16: (0..<40).map { UInt16(($0 + z) % 4) }) }
    try OMETIFFWriter.write(planes, to: path, name: "labels & co", physicalSize: .init(x: 0.325, y: 0.325, z: 2))
    let inspection = try FileInspector.inspect(path)
    #expect(inspection.format.rawValue == "ome-tiff")
    let image = try #require(inspection.images.first)
    #expect(image.name == "labels & co" && image.axes == "ZYX" && image.shape == [3, 5, 8] && image.dtype == "uint16")
    #expect(image.physicalSize?.x == 0.325 && image.physicalSize?.z == 2)
    #expect(inspection.labels?.labels.map(\.value) == [1, 2, 3])
    let reader = try TIFFReader(path: path)
    for z in 0..<3 { #expect(try reader.readPlane(z) == planes[z]) }
  }

  /// tifffile (Python) reads what Annota writes, pixel for pixel.
  @Test(.enabled(if: python(with: ["tifffile", "numpy"]) != nil))
  func tifffileReadsAnnotaLabelImages() throws {
    let interpreter = try #require(python(with: ["tifffile", "numpy"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var generator = SeededGenerator(seed: 7)
    for type in [SampleType.uint8, .uint16, .uint32] {
      let count = 33 * 17
      var bytes = [UInt8](repeating: 0, count: count * type.byteWidth)
      for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: generator.next() % 7) }
      let plane = try Plane(width: 33, height: 17, sampleType: type, bytes: bytes)
      let plain = folder.file("plain-\(type).tif")
      let ome = folder.file("ome-\(type).ome.tif")
      try TIFFWriter.write([plane, plane], to: plain)
      try OMETIFFWriter.write([plane, plane], to: ome, name: "x", physicalSize: .init(x: 0.5, y: 0.5, z: 1))
      let script = """
        import sys, tifffile, numpy as np
        for path in sys.argv[1:]:
            a = tifffile.imread(path)
            sys.stdout.write(f"{a.dtype} {a.shape} {int(a.astype(np.uint64).sum())}\\n")
        """
      let output = try runProcess(interpreter, ["-c", script, plain, ome])
      #expect(output.status == 0, "\(output.stderr)")
      let sum = (0..<count).reduce(0) { $0 + Int(plane.value(x: $1 % 33, y: $1 / 33)) } * 2
      let expected = "\(type) (2, 17, 33) \(sum)"
      #expect(output.stdout.split(separator: "\n").map(String.init) == [expected, expected])
    }
  }
}
