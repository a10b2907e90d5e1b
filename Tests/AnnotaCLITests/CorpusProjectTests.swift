// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaRaster
import AnnotaScan
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// The deposit an annotator prepares, end to end, on a folder assembled from real tool files: `init`,
/// fill the TODOs, `import`, `status`, `validate --profile bia`, `pack --target bia --bag`, `verify`,
/// and the BioImage Archive's own validator on the crate.
///
/// The folder holds a multi-file OME-TIFF set and an OME-TIFF, a BigDataViewer video with an ilastik
/// export and ilastik labels, an ilastik project with its export, a PlantSeg file (raw and labels in
/// one HDF5 file), a StarDist label TIFF, OMERO ROIs (OME-XML), TrackMate spots on the label image
/// they were detected in (a pairing table says which file is the image), and CVAT (one file for two
/// images), Pascal VOC and Cell Counter files. The corpus lacks the images of the last six, so
/// stand-ins of the size and name each file records are written beside them (the annotations are
/// the tools' own).
/// `make demo-corpus` runs this test and keeps the folder in `.build/demo-corpus`.
@Suite("Corpus project, end to end", .enabled(if: Paths.corpus != nil))
struct CorpusProjectTests {
  /// The corpus files copied in, by their place in the project.
  static let corpusFiles: [(from: String, to: String)] =
    (1...5).map { ("ome-tiff/multifile-master/multifile-Z\($0).ome.tiff", "ome/multifile-Z\($0).ome.tiff") } + [
      ("ome-tiff/multi-channel.ome.tif", "ome/multi-channel.ome.tif"),
      ("hdf5/ilastik/smallVideoBdv.h5", "video/smallVideoBdv.h5"),
      ("hdf5/ilastik/smallVideoBdv.xml", "video/smallVideoBdv.xml"),
      ("hdf5/ilastik/smallVideoSimpleSegmentation.h5", "video/smallVideoSimpleSegmentation.h5"),
      ("hdf5/ilastik/smallVideo_labels.h5", "video/smallVideo_labels.h5"),
      ("hdf5/plantseg/sample_ovule.h5", "plantseg/sample_ovule.h5"),
      ("hdf5/ilastik/pc-oc-133.ilp", "ilastik/pc-oc-133.ilp"),
      ("hdf5/ilastik/5t2d1c_Binary_Segmentation.h5", "ilastik/5t2d1c_Binary_Segmentation.h5"),
      ("label-tiff/stardist_mask2d.tif", "masks/sample_2d.tif"),
      ("ome-xml/transfer.ome.xml", "omero/transfer.ome.xml"),
      ("label-tiff/LabelImage.tif", "trackmate/LabelImage.tif"),
      ("trackmate/LabelImage.xml", "trackmate/LabelImage.xml"),
      ("cvat/catdog_app_cvat_annotations.xml", "cvat/catdog_app_cvat_annotations.xml"),
      ("pascal-voc/pill_000001.xml", "voc/pill_000001.xml"),
      ("cellcounter/CellCounter_51715_glom6.xml", "cellcounter/CellCounter_51715_glom6.xml"),
    ]

  func annota(_ arguments: [String], in folder: String) throws -> ProcessOutput {
    print("$ annota \(arguments.joined(separator: " "))")
    let run = try AnnotaTestSupport.annota(arguments, in: folder)
    print(run.stdout.split(separator: "\n").suffix(12).joined(separator: "\n"))
    if !run.stderr.isEmpty { print(run.stderr) }
    return run
  }

  /// Assembles the folder: corpus files copied (read-only files made writable), stand-in images and
  /// the pairing table written.
  static func assemble(at root: String) throws {
    let manager = FileManager.default
    for (from, to) in corpusFiles {
      let source = try #require(Paths.corpus(from))
      let target = root + "/" + to
      try manager.createDirectory(
        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(contentsOf: URL(fileURLWithPath: source)).write(to: URL(fileURLWithPath: target))
    }
    // The images the tool files name, at the sizes they record (Cell Counter: a stack holding slice 133).
    for (name, width, height) in [
      ("voc/000001.jpg", 850, 464), ("cvat/cat.jpg", 1100, 618), ("cvat/dog.jpg", 2765, 1843),
    ] {
      let pixels = [UInt8](repeating: 90, count: width * height * 3)
      try Data(try JPEGWriter.encode(pixels, width: width, height: height, channels: 3)).write(
        to: URL(fileURLWithPath: root + "/" + name))
    }
    let planes = try (0..<134).map { _ in
      try Plane(width: 160, height: 150, uint8: [UInt8](repeating: 20, count: 160 * 150))
    }
    try TIFFWriter.write(planes, to: root + "/cellcounter/51715_glom6.tif", compression: .deflate)
    // The StarDist mask's image, and the OMERO export's (two OME images of one name, 1024 × 1024).
    try manager.createDirectory(atPath: root + "/images", withIntermediateDirectories: true)
    try TIFFWriter.write(
      [try Plane(width: 512, height: 512, uint16: [UInt16](repeating: 300, count: 512 * 512))],
      to: root + "/images/sample_2d.tif", compression: .deflate)
    try TIFFWriter.write(
      [try Plane(width: 1024, height: 1024, uint16: [UInt16](repeating: 300, count: 1024 * 1024))],
      to: root + "/omero/combined_result.tiff", compression: .deflate)
    // The ilastik project's raw data (`5t2d1c.h5/data`, t y x c 5 × 33 × 77 × 1), with ilastik's axistags.
    let interpreter = try #require(python(with: ["h5py", "numpy"]), "h5py comes with the test venv (make test)")
    let raw = try runProcess(
      interpreter,
      [
        "-c",
        """
        import sys, json, numpy as np, h5py
        tags = {"axes": [{"key": k, "typeFlags": f, "resolution": 0, "description": ""}
                         for k, f in (("t", 8), ("y", 2), ("x", 2), ("c", 1))]}
        with h5py.File(sys.argv[1], "w") as f:
            d = f.create_dataset("data", data=np.random.default_rng(1).integers(0, 255, (5, 33, 77, 1), dtype=np.uint8))
            d.attrs["axistags"] = json.dumps(tags)
        """,
        root + "/ilastik/5t2d1c.h5",
      ])
    try #require(raw.status == 0, "\(raw.stderr)")
    // TrackMate detected its spots in a label image, and the ilastik export's name is not its image's:
    // the table pairs both.
    try """
    image\tannotation
    trackmate/LabelImage.tif\ttrackmate/LabelImage.xml
    ilastik/5t2d1c.h5\tilastik/5t2d1c_Binary_Segmentation.h5

    """.write(toFile: root + "/pairs.tsv", atomically: true, encoding: .utf8)
  }

  /// What a person writes into the draft: every TODO answered, and the fields the `bia` profile
  /// requires (release date, biosample, specimen, acquisition) added.
  static func fillTODOs(_ text: String) throws -> String {
    var text = text
    let answers: [(String, String)] = [
      (#""TODO: a title for [^"]*""#, #""Mixed lab annotations assembled from real tool files""#),
      (
        #""TODO: what was imaged and annotated, and why""#,
        #""OME-TIFF, HDF5 and label images annotated in five tools.""#
      ),
      (#""TODO: the annotators and authors""#, #""Ada Lovelace""#),
      (#"licence: TODO"#, "licence: CC-BY-4.0\n  release_date: \"2026-12-01\""),
      (#""TODO: a name for ([^"]*)""#, #""Annotations: $1""#),
      (#""TODO: how the annotations were made \(tool, protocol\)""#, #""Drawn by hand in the tool named by the file""#),
      (#""TODO: class ([0-9]+)""#, #""class $1""#),
    ]
    for (pattern, replacement) in answers {
      text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    let context = """

      biosamples:
        - id: mixed
          organism:
            scientific_name: Homo sapiens
            ncbi_taxon: NCBITaxon:9606
          biological_entity: Cells and tissue of the tools' example data

      specimens:
        - id: mixed-specimen
          biosample: mixed
          preparation: As described with each tool's example data

      acquisitions:
        - id: mixed-acquisition
          imaging_method:
            name: fluorescence microscopy
            fbbi: FBbi:00000246
          instrument: The microscopes of the tools' example data

      images:

      """
    let images = try #require(text.range(of: "\nimages:\n"))
    text.replaceSubrange(images, with: context)
    #expect(!text.contains("\"TODO"), "a TODO is left: \(text)")
    return text
  }

  @Test func aDepositFromRealToolFilesPassesEveryCheckAndTheArchivesValidator() throws {
    let kept = ProcessInfo.processInfo.environment["ANNOTA_CORPUS_PROJECT"]
    let temporary = kept == nil ? try TemporaryFolder() : nil
    defer { temporary?.remove() }
    let work = kept ?? temporary!.path
    if kept != nil { try? FileManager.default.removeItem(atPath: work) }
    let root = work + "/project"
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try Self.assemble(at: root)
    let onDisk = try Set(
      FileManager.default.subpathsOfDirectory(atPath: root).filter { path in
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder) && !isFolder.boolValue
      })

    // 1. init drafts the manifest; the person answers its TODOs.
    let initRun = try annota(["init", "."], in: root)
    try #require(initRun.status == 0, "\(initRun.stderr)")
    let manifest = root + "/annota.yaml"
    try Self.fillTODOs(try String(contentsOfFile: manifest, encoding: .utf8)).write(
      toFile: manifest, atomically: true, encoding: .utf8)

    // 2. Tool files and label volumes are converted into the spec's encodings.
    let imports: [[String]] = [
      ["video/smallVideoSimpleSegmentation.h5"], ["video/smallVideo_labels.h5"], ["plantseg/sample_ovule.h5"],
      ["trackmate/LabelImage.xml", "--set-id", "trackmate-spots"],
      ["voc/pill_000001.xml", "--set-id", "voc-pills"],
      ["cvat/catdog_app_cvat_annotations.xml", "--set-id", "cvat-catdog"],
      ["cellcounter/CellCounter_51715_glom6.xml", "--set-id", "cell-counter"],
      ["ilastik/5t2d1c_Binary_Segmentation.h5"], ["ilastik/pc-oc-133.ilp", "--set-id", "ilastik-training"],
      ["omero/transfer.ome.xml", "--set-id", "omero-rois"],
    ]
    for arguments in imports {
      let run = try annota(["import"] + arguments + ["--into", "."], in: root)
      #expect(run.status == 0, "import \(arguments[0]): \(run.stdout)\(run.stderr)")
    }

    // 3. status: every file on disk is described.
    let status = try annota(["status", "."], in: root)
    #expect(status.status == 0, "\(status.stdout)\(status.stderr)")

    // 4. validate --profile bia: no error; every file is in the manifest or in a finding.
    let validate = try annota(["validate", "--profile", "bia", "--format", "json", "."], in: root)
    #expect(validate.status == 0, "\(validate.stdout.suffix(3000))")
    let report = try #require(
      try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any])
    let summary = try #require(report["summary"] as? [String: Any])
    #expect(summary["errors"] as? Int == 0 && summary["could_not_check"] as? Int == 0, "\(summary)")
    let profiles = try #require(report["profiles"] as? [[String: Any]])
    #expect(profiles.first { $0["name"] as? String == "bia" }?["satisfied"] as? Bool == true)
    let text = try String(contentsOfFile: manifest, encoding: .utf8)
    let listed = Set(
      text.split(separator: "\n").compactMap { line -> String? in
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let range = trimmed.range(of: #"^(- )?path: "#, options: .regularExpression) else { return nil }
        return trimmed[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
      })
    let described = listed.union(DatasetScan.omeSetMembers(of: Array(listed), root: root))
    let mentioned = Set(
      (report["diagnostics"] as? [[String: Any]] ?? []).compactMap {
        ($0["location"] as? [String: Any])?["file"] as? String
      })
    let silent = onDisk.filter { !described.contains($0) && !mentioned.contains($0) }
    #expect(silent.isEmpty, "files neither in the manifest nor in a finding: \(silent.sorted())")

    // 5. pack --target bia --bag, then verify the bundle.
    let pack = try annota(["pack", "--target", "bia", "--bag", ".", "-o", work + "/bundle"], in: root)
    #expect(pack.status == 0, "\(pack.stdout)\(pack.stderr)")
    let verify = try annota(["verify", work + "/bundle"], in: root)
    #expect(verify.status == 0 && verify.stdout.contains("0 error(s)"), "\(verify.stdout.suffix(2000))")

    // 6. The BioImage Archive's own validator on the crate (exit 3: no Python 3.13 on this machine).
    // The corpus is there (this suite runs only then), so the validator is too: absent is a failure.
    try #require(FileManager.default.isExecutableFile(atPath: BIAValidator.path), "no BIA validator here")
    guard let bia = try BIAValidator.run(work + "/bundle/data") else {
      print("skipped the BIA validator: it exits 3, no Python 3.13 on this machine")
      return
    }
    print(bia.stdout + bia.stderr)
    #expect(bia.status == 0, "the BIA validator: \(bia.stdout)\(bia.stderr)")
  }
}
