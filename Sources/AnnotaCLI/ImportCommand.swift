// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
public import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota import`: converts a foreign annotation file into the dataset's standard encodings.
public struct ImportCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import a label image, HDF5 label volume, OME-TIFF, OME-XML or annotation-tool file into a dataset.",
    discussion: """
      OME ROIs become GeoJSON shapes (SPEC §5.3) and OME masks an instance label image; a label \
      TIFF becomes a label-image annotation set with its kind and label table inferred; an \
      annotation tool's file (every format `annota detect` knows: CVAT, VOC, Cell Counter, TrackMate, \
      COCO, LabelMe, YOLO data.yaml, nnU-Net dataset.json, Cellpose _seg.npy, DeepLabCut \
      CollectedData) becomes GeoJSON shapes, keypoints or masks for the images it names. Files go to \
      DATASET/annotations/<set>/; the manifest gains the set with provenance (source path, format, \
      SHA-256, converter and version). Nothing is replaced without --replace, a non-canonical \
      manifest is not rewritten without --reformat, and the source file is never modified. Exit \
      status: 0, 1 when the import cannot be done, 2 when a path does not exist, 64 on bad arguments.
      """)

  /// The file to import.
  @Argument(help: "A label TIFF, OME-TIFF, OME-XML, companion, HDF5 (.h5, .hdf5, .ilp) or annotation-tool file.")
  public var path: String

  /// The dataset.
  @Option(name: .customLong("into"), help: "The dataset folder (with annota.yaml or annota.json).")
  public var dataset: String

  /// The annotation set's id.
  @Option(help: "The annotation set's id (default: from the file name).")
  public var setID: String?

  /// The dataset image.
  @Option(help: "The dataset image the annotations belong to (default: matched by file name).")
  public var image: String?

  /// Instance or semantic.
  @Option(help: "For label images: instance or semantic (default: inferred).")
  public var kind: AnnotationKind?

  /// The HDF5 label volume.
  @OptionGroup public var hdf5: HDF5PathOption

  /// The HDF5 label volume's internal path.
  var internalPath: String? { hdf5.path }

  /// Origin.
  @Option(help: "Where the annotations came from.")
  public var origin: Origin = .unknown

  /// Replace existing sets and files.
  @Flag(help: "Replace an annotation set and files with the same id.")
  public var replace = false

  /// Allow rewriting a non-canonical manifest.
  @Flag(help: "Rewrite the manifest even if it is not in canonical form (its comments are lost).")
  public var reformat = false

  /// Plan only.
  @Flag(help: "Print what would be written and added to the manifest; write nothing.")
  public var dryRun = false

  /// Import a label image of another size than its image.
  @Flag(help: "With --image: import a label image whose size differs from the image's (validate reports it).")
  public var allowSizeMismatch = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    if let setID, !StringFormat.identifier.accepts(setID) {
      throw ValidationError("--set-id must be an identifier (letters, digits, `.`, `_`, `-`)")
    }
  }

  /// Imports and reports.
  public func run() throws {
    guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure.missing(path, "file") }
    guard FileManager.default.fileExists(atPath: dataset) else {
      throw CommandFailure.missing(dataset, "dataset folder")
    }
    var options = ImportOptions(
      setID: setID, imageID: image, kind: kind, origin: origin,
      replace: replace, reformat: reformat, dataset: internalPath)
    options.allowSizeMismatch = allowSizeMismatch
    options.dryRun = dryRun
    do {
      let result = try DatasetImporter.importFile(path, into: dataset, options: options)
      let (add, write) = result.written ? ("added", "wrote") : ("would add", "would write")
      for set in result.sets {
        print(
          "\(add) annotation set \(set.id): \(set.types.map(\.rawValue).joined(separator: ", ")), \(set.encoding), \(set.files.count) file(s)"
        )
      }
      for table in result.labelTables { print("\(add) label table \(table.id): \(table.labels.count) label(s)") }
      for file in result.files { print("  \(write) \(file)") }
      print(
        result.written ? "updated \(result.manifest)" : "dry run: nothing was written; \(result.manifest) is unchanged")
      for note in result.notes { print("note: \(note)") }
    } catch {
      printError("\(error)")
      throw ExitCode(1)
    }
  }
}
