// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

/// What the end-to-end corpus project found, each on a generated folder that always runs: a file
/// that is its own source image, a pairing table that is not overridden by names inside a tool file,
/// import following the manifest's pairing, and every file of the folder mentioned.
@Suite("Deposit flow")
struct DepositFlowTests {
  /// h5py and numpy from the pinned test venv (`make test` provisions them).
  static let peers = AnnotaTestSupport.python(with: ["h5py", "numpy"])

  /// A PlantSeg-style file: `/raw` and `/label` side by side, `element_size_um` on both.
  static func writePlantSegFile(_ path: String) throws {
    let interpreter = try #require(peers)
    let script = """
      import sys, numpy as np, h5py
      raw = np.random.default_rng(5).integers(0, 255, (4, 24, 32), dtype=np.uint8)
      lab = np.zeros((4, 24, 32), np.uint16); lab[:, 2:10, 3:12] = 1; lab[:, 12:20, 15:30] = 2
      with h5py.File(sys.argv[1], "w") as f:
          for name, data in (("raw", raw), ("label", lab)):
              f.create_dataset(name, data=data).attrs["element_size_um"] = [0.5, 0.2, 0.2]
      """
    let run = try runProcess(interpreter, ["-c", script, path])
    try #require(run.status == 0, "\(run.stderr)")
  }

  @Test(.enabled(if: peers != nil)) func aFileHoldingImageAndLabelsIsItsOwnSourceImage() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.file("plantseg"), withIntermediateDirectories: true)
    try Self.writePlantSegFile(folder.file("plantseg/ovule.h5"))
    let draft = try annota(["init", "."], in: folder.path)
    #expect(draft.status == 0 && !draft.stdout.contains("unpaired"), "\(draft.stdout)")
    let text = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    #expect(text.components(separatedBy: "path: plantseg/ovule.h5").count == 3, "an image and its own annotation")
    try CorpusProjectTests.fillTODOs(text).write(toFile: folder.file("annota.yaml"), atomically: true, encoding: .utf8)
    // The shared path is no duplicate: the annotation file names that image.
    let status = try annota(["status", "."], in: folder.path)
    #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
    #expect(!(try annota(["validate", "."], in: folder.path).stdout.contains("MANIFEST-010")))
    // import converts the label volume onto the image the manifest pairs it with, without --image.
    let imported = try annota(["import", "plantseg/ovule.h5", "--into", ".", "--dry-run"], in: folder.path)
    #expect(imported.status == 0 && imported.stdout.contains("ovule_labels"), "\(imported.stdout)\(imported.stderr)")
  }

  @Test func anImageAndAnotherImagesAnnotationMayNotShareAPath() throws {
    // Only an annotation file of its own image may share the image's path.
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    let manifest = dataset.file("annota.yaml")
    var text = try String(contentsOfFile: manifest, encoding: .utf8)
    let first = try #require(text.range(of: "path: shapes/cells_01.geojson"))
    text.replaceSubrange(first, with: "path: images/cells_02.tif")
    try text.write(toFile: manifest, atomically: true, encoding: .utf8)
    let run = try annota(["validate", "."], in: dataset.path)
    #expect(run.stdout.contains("MANIFEST-010") && run.stdout.contains("images/cells_02.tif"), "\(run.stdout)")
  }

  @Test func aPairingTableIsTheOnlyPairingOfAToolFile() throws {
    // A TrackMate file names its image inside, and a table pairs it too: one pair, not two.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    try FileManager.default.copyItem(atPath: dataset.file("images/cells_01.tif"), toPath: folder.file("spots.tif"))
    try folder.write(
      """
      <?xml version="1.0"?><TrackMate version="7.0.0"><Model spatialunits="pixel" timeunits="frame">
      <AllSpots nspots="1"><SpotsInFrame frame="0">
      <Spot ID="1" name="a" POSITION_X="10" POSITION_Y="12" POSITION_Z="0" POSITION_T="0" FRAME="0" RADIUS="2" QUALITY="1"/>
      </SpotsInFrame></AllSpots><AllTracks/><FilteredTracks/></Model>
      <Settings><ImageData filename="spots.tif" folder="" width="256" height="256" nslices="1" nframes="1"/></Settings>
      </TrackMate>
      """, to: "spots.xml")
    try folder.write("image\tannotation\nspots.tif\tspots.xml\n", to: "pairs.tsv")
    let draft = try annota(["init", "."], in: folder.path)
    #expect(draft.status == 0, "\(draft.stdout)\(draft.stderr)")
    let text = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    #expect(text.contains("describing 1 image(s)") && text.contains("image: spots"), "\(text)")
  }

  @Test func everyOtherFileOfTheFolderIsMentioned() throws {
    // A pairing table or a companion is neither image nor annotation: named, with what pack does.
    let dataset = try TemporaryFolder.demoCopy()
    defer { dataset.remove() }
    try dataset.write("image\tannotation\n", to: "pairs.tsv")
    try dataset.write("<SpimData/>", to: "notes/companion.xml")
    let run = try annota(["validate", "."], in: dataset.path)
    #expect(run.status == 0, "info findings do not fail: \(run.stdout)")
    for file in ["pairs.tsv", "notes/companion.xml"] {
      #expect(run.stdout.contains("\(file)\n  info[FILE-013]"), "\(run.stdout)")
    }
    // A packed crate's own files are not "undescribed" when the bundle is verified.
    let bundle = try TemporaryFolder()
    defer { bundle.remove() }
    let pack = try annota(["pack", "--target", "bia", ".", "-o", bundle.file("crate")], in: dataset.path)
    try #require(pack.status == 0, "\(pack.stdout)\(pack.stderr)")
    let verify = try annota(["verify", bundle.file("crate")], in: dataset.path)
    #expect(!verify.stdout.contains("file_list.tsv\n  info[FILE-013]"), "\(verify.stdout)")
    #expect(!verify.stdout.contains("ro-crate-metadata.json\n  info[FILE-013]"), "\(verify.stdout)")
  }

  @Test func aToolFileForSeveralImagesNamesThemAllAndPacksForTheBIA() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for name in ["cells_01.tif", "cells_02.tif"] {
      try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo/images/" + name), toPath: folder.file(name))
    }
    try folder.write(
      """
      <annotations><version>1.1</version>
      <image id="0" name="cells_01.tif" width="256" height="256"><box label="n" xtl="1" ytl="1" xbr="9" ybr="9"/></image>
      <image id="1" name="cells_02.tif" width="256" height="256"><box label="n" xtl="2" ytl="2" xbr="8" ybr="8"/></image>
      </annotations>
      """, to: "task.xml")
    let draft = try annota(["init", "."], in: folder.path)
    #expect(draft.status == 0, "\(draft.stdout)\(draft.stderr)")
    let text = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    #expect(text.contains("images: [cells_01, cells_02]"), "\(text)")
    try CorpusProjectTests.fillTODOs(text).write(toFile: folder.file("annota.yaml"), atomically: true, encoding: .utf8)
    let out = try TemporaryFolder()
    defer { out.remove() }
    let pack = try annota(["pack", "--target", "bia", ".", "-o", out.file("crate")], in: folder.path)
    try #require(pack.status == 0, "\(pack.stdout)\(pack.stderr)")
    let list = try String(contentsOfFile: out.file("crate/file_list.tsv"), encoding: .utf8)
    #expect(list.contains("task.xml\t") && list.contains("\tcells_01.tif, cells_02.tif\t"), "\(list)")
    // Each reference of the cell is checked: one that names no row is found.
    try list.replacingOccurrences(of: "cells_01.tif, cells_02.tif", with: "cells_01.tif, cells_09.tif").write(
      toFile: out.file("crate/file_list.tsv"), atomically: true, encoding: .utf8)
    let verify = try annota(["verify", out.file("crate")], in: folder.path)
    #expect(verify.stdout.contains("source image cells_09.tif is not a row of the list"), "\(verify.stdout)")
  }

  /// A folder with `cells_01.tif` (256 × 256) and a Cell Counter file for it, listed as it is.
  static func cellCounterDataset(_ folder: TemporaryFolder, x: Int) throws {
    try FileManager.default.copyItem(
      atPath: Paths.project("Fixtures/demo/images/cells_01.tif"), toPath: folder.file("cells_01.tif"))
    try folder.write(
      """
      <?xml version="1.0" encoding="UTF-8"?><CellCounter_Marker_File><Image_Properties>
      <Image_Filename>cells_01.tif</Image_Filename></Image_Properties><Marker_Data><Current_Type>1</Current_Type>
      <Marker_Type><Type>1</Type><Marker><MarkerX>\(x)</MarkerX><MarkerY>10</MarkerY><MarkerZ>1</MarkerZ></Marker>
      </Marker_Type></Marker_Data></CellCounter_Marker_File>
      """, to: "counts.xml")
  }

  @Test func aListedToolFileIsCheckedAgainstItsSourceImage() throws {
    // Cell Counter records no image size: listed with its image, its points are checked against it.
    let inside = try TemporaryFolder()
    defer { inside.remove() }
    try Self.cellCounterDataset(inside, x: 20)
    _ = try annota(["init", "."], in: inside.path)
    let clean = try annota(["validate", "--format", "json", "."], in: inside.path)
    #expect(!clean.stdout.contains("SHAPE-001"), "\(clean.stdout)")
    let outside = try TemporaryFolder()
    defer { outside.remove() }
    try Self.cellCounterDataset(outside, x: 300)
    _ = try annota(["init", "."], in: outside.path)
    let run = try annota(["validate", "."], in: outside.path)
    #expect(run.stdout.contains("counts.xml") && run.stdout.contains("error[SHAPE-001]"), "\(run.stdout)")
  }

  @Test func aListedToolFileThatNoLongerParsesIsDamage() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.cellCounterDataset(folder, x: 20)
    _ = try annota(["init", "."], in: folder.path)
    let text = try String(contentsOfFile: folder.file("counts.xml"), encoding: .utf8)
    try String(text.prefix(text.count - 40)).write(toFile: folder.file("counts.xml"), atomically: true, encoding: .utf8)
    let run = try annota(["validate", "."], in: folder.path)
    #expect(run.status == 1 && run.stdout.contains("error[FILE-005]"), "\(run.stdout)")
  }

  /// An OMERO export: two OME images of one name, both referring to the same ROI.
  static let omero = """
    <?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">
    <Image ID="Image:1" Name="cells_01.tif"><Pixels ID="Pixels:1" DimensionOrder="XYZCT" Type="uint8" SizeX="256" SizeY="256" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels><ROIRef ID="ROI:7"/></Image>
    <Image ID="Image:2" Name="cells_01.tif"><Pixels ID="Pixels:2" DimensionOrder="XYZCT" Type="uint8" SizeX="256" SizeY="256" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels><ROIRef ID="ROI:7"/></Image>
    <ROI ID="ROI:7"><Union><Rectangle ID="Shape:1" X="2" Y="3" Width="10" Height="8"/></Union></ROI></OME>
    """

  @Test func omeXMLROIsAreAnnotationsForTheImageTheyName() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.copyItem(
      atPath: Paths.project("Fixtures/demo/images/cells_01.tif"), toPath: folder.file("cells_01.tif"))
    try folder.write(Self.omero, to: "rois.ome.xml")
    let draft = try annota(["init", "."], in: folder.path)
    #expect(draft.stdout.contains("1 annotation-tool file(s)"), "\(draft.stdout)")
    let text = try String(contentsOfFile: folder.file("annota.yaml"), encoding: .utf8)
    #expect(text.contains("- path: rois.ome.xml\n        image: cells_01"), "\(text)")
    try CorpusProjectTests.fillTODOs(text).write(toFile: folder.file("annota.yaml"), atomically: true, encoding: .utf8)
    // Both OME images are the dataset's cells_01: one file, the shared ROI once.
    let imported = try annota(["import", "rois.ome.xml", "--set-id", "omero", "--into", "."], in: folder.path)
    #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
    #expect(imported.stdout.contains("Image:1 and Image:2 are both dataset image cells_01"), "\(imported.stdout)")
    let geojson = try String(contentsOfFile: folder.file("annotations/omero/cells_01.geojson"), encoding: .utf8)
    #expect(geojson.components(separatedBy: "\"Feature\"").count - 1 == 1, "\(geojson)")
  }
}
