// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaScan
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// The coverage table of `docs/guide-validate.md`, row by row: for each container Annota meets, what
/// `init` takes it for, what `validate FILE` and `validate` of a dataset holding it find when it is
/// good and when it is damaged, what `import` does with it, and that `pack` refuses it damaged.
///
/// Every fixture is generated here (BigTIFF and the HDF5 layouts by the pinned peers tifffile and
/// h5py, which `make test` provisions); the damage is made inside the pixel or text data, where a
/// reader must notice it. The corruption classes one by one are in "Corruption matrix" and "HDF5
/// pixels"; this suite makes sure no row of the table goes untested.
@Suite("Coverage contract")
struct CoverageContractTests {
  /// A row of the table.
  enum Row: String, CaseIterable, Sendable {
    case tiff, bigTIFF, labelTIFF, omeTIFF, omeXML
    case hdf5Generic, hdf5Ilastik, hdf5CREMI, hdf5BDV, hdf5PlantSeg, ilastikProject
    case png, pngMask, jpeg, bmp, geoJSON
    case cvat, voc, coco, labelMe, cellCounter, trackMate
    case fileList, otherFormat

    /// The file's name in its folder.
    var name: String {
      switch self {
      case .tiff, .bigTIFF: "x.tif"
      case .labelTIFF: "x_mask.tif"
      case .omeTIFF: "x.ome.tif"
      case .omeXML: "x.ome.xml"
      case .hdf5Generic, .hdf5Ilastik, .hdf5BDV, .hdf5PlantSeg: "x.h5"
      case .hdf5CREMI: "x.hdf"
      case .ilastikProject: "x.ilp"
      case .png: "x.png"
      case .pngMask: "x_mask.png"
      case .jpeg: "x.jpg"
      case .bmp: "x.bmp"
      case .geoJSON: "x.geojson"
      case .cvat: "annotations.xml"
      case .voc: "x.xml"
      case .coco: "instances.json"
      case .labelMe: "x.json"
      case .cellCounter: "CellCounter_x.xml"
      case .trackMate: "x_tracks.xml"
      case .fileList: "file_list.tsv"
      case .otherFormat: "x.czi"
      }
    }

    /// The annotation-tool format of a tool row (its sample is `ToolFileSamples`').
    var toolFormat: FormatID? {
      switch self {
      case .cvat: .cvat
      case .voc: .pascalVOC
      case .coco: .coco
      case .labelMe: .labelMe
      case .cellCounter: .cellCounter
      case .trackMate: .trackMate
      default: nil
      }
    }

    /// What `init` classifies it as.
    var role: ScannedFile.Role {
      switch self {
      case .tiff, .bigTIFF, .omeTIFF, .hdf5Generic, .hdf5BDV, .png, .jpeg, .bmp: .image
      case .labelTIFF, .pngMask: .labelImage
      case .fileList: .metadata
      case .hdf5Ilastik, .hdf5CREMI, .hdf5PlantSeg: .image
      case .geoJSON: .shapes
      // OME-XML with ROIs is annotations for the images it names, as a tool's file is.
      case .omeXML, .cvat, .voc, .coco, .labelMe, .cellCounter, .trackMate, .ilastikProject: .toolAnnotations
      case .otherFormat: .other
      }
    }

    /// Whether the row needs the pinned Python peers to write its fixture.
    var needsPython: Bool {
      [.bigTIFF, .hdf5Generic, .hdf5Ilastik, .hdf5CREMI, .hdf5BDV, .hdf5PlantSeg, .ilastikProject].contains(self)
    }

    /// Whether the file is listed under a manifest's `images` for the `pack` column (a format Annota
    /// does not read is listed as one too: a listed image it cannot decode must not be packed).
    var isImage: Bool { role == .image || self == .otherFormat }

    /// The options `annota import` needs for it, when the table says it imports.
    var importArguments: [String]? {
      switch self {
      case .labelTIFF, .omeXML: []
      // Stacks, imported onto a 2-D demo image: the size difference is allowed explicitly.
      case .omeTIFF: ["--allow-size-mismatch"]
      case .hdf5CREMI: ["--hdf5-path", "/volumes/labels/neuron_ids", "--allow-size-mismatch"]
      default: nil
      }
    }
  }

  /// The pinned Python peers that write BigTIFF and HDF5, if they are there.
  static let peers = AnnotaTestSupport.python(with: ["h5py", "numpy", "tifffile"])

  /// Runs a Python peer script with the file's path.
  static func runPeer(_ script: String, _ path: String) throws {
    let interpreter = try #require(peers)
    let run = try runProcess(interpreter, ["-c", script, path])
    try #require(run.status == 0, "\(run.stderr)")
  }

  static let pythonArrays = """
    import sys, numpy as np, h5py, tifffile
    raw = np.random.default_rng(3).integers(0, 4096, (4, 32, 48), dtype=np.uint16)
    lab = np.zeros((4, 32, 48), np.uint32); lab[:, 2:10, 3:12] = 1; lab[:, 15:30, 20:40] = 2

    """

  /// Writes the row's good file at `path` (rasters written here are 256 × 256, the demo images' size,
  /// so that they import against them).
  static func writeGood(_ row: Row, to path: String) throws {
    var generator = SeededGenerator(seed: 11)
    let noise = (0..<(256 * 256)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let labels = (0..<(256 * 256)).map { UInt16(($0 % 256) < 20 && ($0 / 256) < 20 ? 1 : ($0 % 256) > 40 ? 2 : 0) }
    switch row {
    case .tiff: try TIFFWriter.write([try Plane(width: 256, height: 256, uint8: noise)], to: path)
    case .labelTIFF: try TIFFWriter.write([try Plane(width: 256, height: 256, uint16: labels)], to: path)
    case .omeTIFF:
      let plane = try Plane(width: 256, height: 256, uint8: noise)
      try OMETIFFWriter.write([plane, plane], to: path, name: "x")
    case .bigTIFF:
      try runPeer(pythonArrays + "tifffile.imwrite(sys.argv[1], raw, bigtiff=True, compression='zlib')", path)
    case .hdf5Generic:
      try runPeer(
        pythonArrays
          + "with h5py.File(sys.argv[1], 'w') as f: f.create_dataset('data', data=raw, chunks=(1, 32, 48), compression='gzip')",
        path)
    case .hdf5Ilastik:
      // As ilastik exports: `exported_data` with its axes in a vigra `axistags` attribute.
      try runPeer(
        pythonArrays + """
          import json
          axes = [{'key': k, 'typeFlags': 1 if k == 'c' else 2} for k in 'zyxc']
          with h5py.File(sys.argv[1], 'w') as f:
              f.create_dataset('exported_data', data=raw[..., None], compression='gzip')
              f['exported_data'].attrs['axistags'] = json.dumps({'axes': axes})
          """, path)
    case .hdf5CREMI:
      try runPeer(
        pythonArrays + """
          with h5py.File(sys.argv[1], 'w') as f:
              f.create_dataset('volumes/raw', data=raw.astype(np.uint8), compression='gzip')
              f.create_dataset('volumes/labels/neuron_ids', data=lab.astype(np.uint64), compression='gzip')
              for name in ('volumes/raw', 'volumes/labels/neuron_ids'): f[name].attrs['resolution'] = [40.0, 4.0, 4.0]
          """, path)
    case .hdf5BDV:
      try runPeer(
        pythonArrays + """
          with h5py.File(sys.argv[1], 'w') as f:
              f.create_dataset('s00/resolutions', data=np.array([[1, 1, 1]], dtype=np.float64))
              f.create_dataset('s00/subdivisions', data=np.array([[16, 16, 4]], dtype=np.int32))
              f.create_dataset('t00000/s00/0/cells', data=raw.astype(np.int16), chunks=(4, 16, 16), compression='gzip')
          """, path)
    case .hdf5PlantSeg:
      try runPeer(
        pythonArrays + """
          with h5py.File(sys.argv[1], 'w') as f:
              f.create_dataset('raw', data=raw.astype(np.float32), compression='gzip')
              f.create_dataset('label', data=lab.astype(np.uint16), compression='gzip')
          """, path)
    case .ilastikProject:
      // The parts of a Pixel Classification project Annota reads: one lane, label names and colours,
      // and one painted block with its place in the lane.
      try runPeer(
        pythonArrays + """
          import json
          with h5py.File(sys.argv[1], 'w') as f:
              f['ilastikVersion'] = b'1.4.0'
              lane = f.create_group('Input Data/infos/lane0000/Raw Data')
              lane['shape'] = np.array([48, 64, 1], dtype=np.int64)
              axes = [{'key': 'y', 'typeFlags': 2}, {'key': 'x', 'typeFlags': 2}, {'key': 'c', 'typeFlags': 1}]
              lane['axistags'] = json.dumps({'axes': axes}).encode()
              lane['filePath'] = b'x.png'
              f['PixelClassification/LabelNames'] = np.array([b'cell', b'background'])
              f['PixelClassification/LabelColors'] = np.array([[255, 0, 0], [0, 255, 0]], dtype=np.int64)
              block = (raw[0, :40, :40, None] % 3).astype(np.uint8)
              f.create_dataset('PixelClassification/LabelSets/labels000/block0000', data=block, compression='gzip')
              f['PixelClassification/LabelSets/labels000/block0000'].attrs['blockSlice'] = '[4:44,6:46,0:1]'
          """, path)
    case .png:
      try FileManagerShimData.write(try PNGWriter.encode(noise, width: 256, height: 256, channels: 1), to: path)
    case .pngMask:
      try FileManagerShimData.write(
        try PNGWriter.encode(labels.map { UInt8($0) }, width: 256, height: 256, channels: 1), to: path)
    case .jpeg:
      try FileManagerShimData.write(try JPEGWriter.encode(noise, width: 256, height: 256, channels: 1), to: path)
    case .bmp:
      var bmp: [UInt8] =
        Array("BM".utf8) + [62, 0, 0, 0, 0, 0, 0, 0, 54, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24]
      bmp += [UInt8](repeating: 0, count: 62 - bmp.count)
      try FileManagerShimData.write(bmp, to: path)
    default: try Data(text(row).utf8).write(to: URL(fileURLWithPath: path))
    }
  }

  /// The text formats' good files.
  static func text(_ row: Row) -> String {
    switch row {
    case .omeXML:
      #"<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0" Name="x"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="64" SizeY="48" SizeZ="1" SizeC="1" SizeT="1"><MetadataOnly/></Pixels><ROIRef ID="ROI:0"/></Image><ROI ID="ROI:0"><Union><Rectangle ID="Shape:0" X="2" Y="3" Width="10" Height="8"/><Point ID="Shape:1" X="20" Y="20"/></Union></ROI></OME>"#
    case .geoJSON:
      #"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[5,5]},"properties":{"shape":"point"}},{"type":"Feature","id":2,"geometry":{"type":"Polygon","coordinates":[[[1,1],[9,1],[9,7],[1,7],[1,1]]]},"properties":{"shape":"box"}}]}"#
    case .cvat, .voc, .coco, .labelMe, .cellCounter, .trackMate: row.toolFormat.map(ToolFileSamples.text) ?? ""
    case .fileList: "file_path\tdataset\tsize_in_bytes\ttype\nfile_list.tsv\tx\t67\tannotation\n"
    case .otherFormat: "CZI: not a format Annota reads"
    default: ""
    }
  }

  /// The row's file damaged where a reader must notice: inside the first chunk of every HDF5
  /// dataset, a broken header for the file list, the second half cut off for everything else.
  static func damage(_ row: Row, at path: String) throws {
    switch row {
    case .hdf5Generic, .hdf5Ilastik, .hdf5CREMI, .hdf5BDV, .hdf5PlantSeg, .ilastikProject:
      try runPeer(
        """
        import sys, h5py
        spans = []
        with h5py.File(sys.argv[1], 'r') as f:
            def visit(name, item):
                if isinstance(item, h5py.Dataset) and item.chunks and item.size > 100:
                    info = item.id.get_chunk_info(0); spans.append((info.byte_offset, info.size))
            f.visititems(visit)
        data = bytearray(open(sys.argv[1], 'rb').read())
        for offset, size in spans: data[offset + size // 2:offset + size // 2 + 16] = b'U' * 16
        open(sys.argv[1], 'wb').write(data)
        """, path)
    case .fileList:
      try Data("path\tsize\nfile_list.tsv\t10\n".utf8).write(to: URL(fileURLWithPath: path))
    default:
      let bytes = try #require(FileManagerShimData.read(path))
      try FileManagerShimData.write(Array(bytes.prefix(bytes.count / 2)), to: path)
    }
  }

  static func json(_ output: ProcessOutput) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stdout)")
  }

  /// The error and could-not-check entries of a JSON report that name `file`.
  static func findings(_ report: [String: Any], naming file: String) -> [String] {
    let diagnostics = (report["diagnostics"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "error" }
    let unchecked = report["unchecked"] as? [[String: Any]] ?? []
    return (diagnostics + unchecked).compactMap { item in
      let location = item["location"] as? [String: Any]
      return (location?["file"] as? String)?.hasSuffix(file) == true ? item["rule"] as? String : nil
    }
  }

  /// `pack` of a dataset that lists the row's file as an image, with one valid point set so that the
  /// file is the only thing that can fail: packed when it is good (and Annota can read it), refused
  /// with no bundle once it is damaged.
  func packColumn(_ row: Row) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try Self.writeGood(row, to: folder.file(row.name))
    try folder.write(
      """
      annota: "0.1"
      study:
        title: One file, for the coverage contract
        description: pack bundles it when it is good and refuses it damaged.
        authors:
          - name: Ada Example
        licence: CC0-1.0
      images:
        - id: x
          path: \(row.name)
      annotation_sets:
        - id: points
          name: Points
          overview: One point on the image.
          types: [point_annotations]
          encoding: geojson
          files:
            - path: x.geojson
              image: x

      """, to: "annota.yaml")
    try folder.write(
      #"{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[5,5]},"properties":{"shape":"point"}}]}"#,
      to: "x.geojson")
    let out = try TemporaryFolder()
    defer { out.remove() }
    let good = try annota(["pack", folder.path, "--target", "bagit", "-o", out.file("good")])
    if row == .bmp || row == .otherFormat {
      #expect(good.status != 0 && !FileManager.default.fileExists(atPath: out.file("good")), "\(row): unchecked")
    } else {
      #expect(good.status == 0, "\(row) good, pack: \(good.stdout)\(good.stderr)")
    }
    try Self.damage(row, at: folder.file(row.name))
    let damaged = try annota(["pack", folder.path, "--target", "bagit", "-o", out.file("damaged")])
    #expect(damaged.status != 0, "\(row) damaged, pack: \(damaged.stdout)")
    #expect(!FileManager.default.fileExists(atPath: out.file("damaged")), "\(row): no bundle")
  }

  @Test(arguments: Row.allCases)
  func everyCellOfTheRowHolds(row: Row) throws {
    if row.needsPython, Self.peers == nil { return }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file(row.name)
    try Self.writeGood(row, to: path)

    // init
    #expect(FolderScanner.classify(row.name, in: folder.path).role == row.role, "\(row): init's classification")

    // validate FILE, good: passes, but for the formats whose content Annota cannot check.
    let good = try annota(["validate", "--quiet", "--format", "json", path])
    let goodReport = try Self.json(good)
    switch row {
    case .bmp:
      #expect(good.status == 1 && Self.findings(goodReport, naming: row.name) == ["FILE-005"], "\(good.stdout)")
      #expect((goodReport["unchecked"] as? [Any])?.count == 1, "BMP pixels are could-not-check")
    case .otherFormat:
      #expect(good.status == 1 && Self.findings(goodReport, naming: row.name) == ["FILE-005"], "\(good.stdout)")
    case .cellCounter:
      // Cell Counter files record no image size: their bounds are could-not-check, never passed.
      #expect(good.status == 1 && Self.findings(goodReport, naming: row.name) == ["SHAPE-001"], "\(good.stdout)")
    default:
      #expect(good.status == 0, "\(row): \(good.stdout)")
    }

    // import, good
    if let options = row.importArguments {
      let dataset = try TemporaryFolder.demoCopy()
      defer { dataset.remove() }
      let imported = try annota(["import", path, "--into", dataset.path, "--image", "cells_01"] + options)
      #expect(imported.status == 0, "\(row): \(imported.stdout)\(imported.stderr)")
    }

    // damaged: an error or a could-not-check naming the file, as a file and inside a dataset.
    try Self.damage(row, at: path)
    let single = try annota(["validate", "--quiet", "--format", "json", path])
    #expect(single.status == 1, "\(row) damaged, validate FILE: \(single.stdout)")
    #expect(!Self.findings(try Self.json(single), naming: row.name).isEmpty, "\(row): \(single.stdout)")
    #expect(single.stderr.isEmpty || !single.stderr.contains("HDF5-DIAG"), "no C-library noise: \(single.stderr)")
    // In a dataset without a manifest every file is unlisted or inferred, and read all the same. A
    // file list is checked on its own only, and a format Annota does not read is copied as bytes,
    // unless the manifest lists it as an image (the pack column below).
    let whole = try annota(["validate", "--quiet", "--format", "json", folder.path])
    if row != .fileList && row != .otherFormat {
      #expect(whole.status == 1, "\(row) damaged, validate DATASET: \(whole.stdout)")
      #expect(!Self.findings(try Self.json(whole), naming: row.name).isEmpty, "\(row): \(whole.stdout)")
    }

    // import, damaged: refused, and the dataset keeps no trace of it.
    if let options = row.importArguments {
      let dataset = try TemporaryFolder.demoCopy()
      defer { dataset.remove() }
      let before = try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8)
      let imported = try annota(["import", path, "--into", dataset.path, "--image", "cells_01"] + options)
      #expect(imported.status != 0, "\(row) damaged, import: \(imported.stdout)")
      #expect(try String(contentsOfFile: dataset.file("annota.yaml"), encoding: .utf8) == before)
    }

    // pack, with the file listed as a dataset's image.
    if row.isImage { try packColumn(row) }
  }
}
