// SPDX-License-Identifier: Apache-2.0
// The five everyday tasks of docs/library.md, compiled with the package and run by the tests
// (AnnotaWorkflowsTests/LibraryExamplesTests), so the guide's code cannot rot.
public import AnnotaImport
public import AnnotaModel
public import AnnotaValidation
public import AnnotaWorkflows

/// A program's everyday uses of Annota, as docs/library.md shows them.
public enum LibraryTasks {
  /// Reads and checks a dataset's manifest.
  /// - Parameter dataset: the dataset folder.
  /// - Returns: the manifest.
  /// - Throws: `ManifestError` with every finding when it is missing or does not conform.
  public static func readManifest(_ dataset: String) throws -> Manifest {
    // annota.yaml, annota.yml or annota.json; a folder without one gives a ManifestError too.
    let path = ManifestReader.locate(in: dataset) ?? dataset + "/annota.yaml"
    let manifest = try ManifestReader.load(contentsOf: path)
    print("\(manifest.study.title): \(manifest.images.count) images, \(manifest.annotationSets.count) sets")
    return manifest
  }

  /// Validates a dataset as `annota validate --profile mifa` does: every file, every pixel.
  /// - Parameter dataset: the dataset folder.
  /// - Returns: the report (findings, what could not be checked, profiles).
  public static func validate(_ dataset: String) async -> ValidationReport {
    let report = await DatasetValidator.validate(dataset, profiles: [.mifa])
    for finding in report.diagnostics where finding.severity == .error { print(finding.description) }
    print("\(report.summary.errors) error(s), \(report.summary.couldNotCheck) could not check")
    return report
  }

  /// Reads an annotation tool's file (CVAT, COCO, LabelMe, Pascal VOC, TrackMate…) whatever its format.
  /// - Parameter path: the file.
  /// - Returns: its images and shapes in Annota's pixel convention.
  /// - Throws: when no reader accepts it.
  public static func readToolFile(_ path: String) throws -> ForeignAnnotations {
    let annotations = try AnnotationFormats.read(path)
    print("\(annotations.format): \(annotations.images.count) image(s), shapes \(annotations.shapeCounts)")
    return annotations
  }

  /// Counts the objects of a label TIFF, reading every pixel once.
  /// - Parameter path: a label TIFF or OME-TIFF.
  /// - Returns: each label value's pixels, box and planes.
  /// - Throws: when the file is not a readable label image.
  public static func labelObjects(_ path: String) throws -> LabelStatistics {
    let statistics = try LabelImageStatistics.compute(path: path)
    print("\(statistics.width)×\(statistics.height), \(statistics.labels.count) labels")
    return statistics
  }

  /// Validates and packs a dataset for the BioImage Archive, as `annota pack --target bia` does.
  /// - Parameters:
  ///   - dataset: the dataset folder (only read).
  ///   - crate: the RO-Crate folder to create.
  /// - Returns: what was written, or why nothing was.
  /// - Throws: `PackError` when the crate cannot be written.
  public static func packForTheArchive(_ dataset: String, to crate: String) async throws -> DatasetPacker.Outcome {
    let outcome = try await DatasetPacker.pack(dataset, to: crate, options: .init(target: .bia))
    if case .refused(_, let reason) = outcome { print("not packed: \(reason)") }
    return outcome
  }
}
