// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
public import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

/// Turns an annotation-tool file into a new Annota dataset folder (`annota convert --to annota`):
/// shapes as GeoJSON (SPEC §5.3), masks as instance label images with instance tables (§5.2) or,
/// where the format's masks are classes (nnU-Net), as semantic label images,
/// image tags as a class table (§5.5), and a draft manifest listing the images, sets, label table
/// and provenance, with the study fields a person must fill in marked `TODO`.
public enum DatasetExporter {
  /// The text that marks a value a person must fill in.
  public static let todo = ManifestReader.todoMarker

  /// What was written.
  public struct Result: Sendable {
    /// The dataset folder.
    public var folder: String
    /// Files written, relative to the folder, manifest last.
    public var files: [String]
    /// Things worth knowing (overlapping masks, skipped shapes…).
    public var notes: [String]
  }

  /// Creates the dataset folder `folder` from `source`.
  ///
  /// The folder is built beside its final place under a temporary name and renamed at the end, so
  /// a failure leaves nothing that looks complete. The images themselves are not copied: the
  /// manifest lists them under `images/` for the person to put there.
  /// - Parameters:
  ///   - source: a CVAT, Pascal VOC, Cell Counter, TrackMate, COCO or LabelMe file.
  ///   - folder: the folder to create; it must not exist (or be empty).
  ///   - origin: where the annotations came from, when known.
  /// - Returns: what was written.
  /// - Throws: `AnnotaImport/ImportError` or `AnnotaImport/ForeignFormatError`.
  public static func createDataset(from source: String, at folder: String, origin: Origin = .unknown) throws -> Result {
    guard let reader = AnnotationFormats.detected(source) else {
      // Reading says why the file is refused (unreadable, not a known format).
      _ = try AnnotationFormats.read(source)
      throw ImportError(code: .unsupported, message: "not a known annotation format", path: source)
    }
    // Built beside the target and renamed, as an export is: an interrupted run leaves only a hidden
    // `.partial` folder.
    let target: ExportFolder
    do { target = try ExportFolder(output: folder) } catch {
      throw ImportError(
        code: error.code == .conflict ? .conflict : .io, message: error.message, path: folder, cause: error)
    }
    let staging = target.staging
    do {
      // Image by image: each image's files are written as it arrives (flat memory).
      var conversion = DatasetConversion(source: source, reader: reader, staging: staging, origin: origin)
      let annotations = try AnnotationFormats.stream(source) { try conversion.add($0) }
      try conversion.flush()
      try conversion.writeClassTable(format: annotations.format)
      guard !conversion.images.isEmpty else {
        throw ImportError(code: .unsupported, message: "the file holds no annotations", path: source)
      }
      let manifest = try conversion.manifest(annotations)
      try ManifestWriter.write(manifest, to: staging + "/annota.yaml")
      do { try target.finish() } catch {
        throw ImportError(code: .io, message: error.message, path: folder, cause: error)
      }
      let notes =
        conversion.notes + annotations.notes + [
          "the manifest is a draft: fill in the \(todo) fields, and put the images under \(folder)/images/"
        ]
      return Result(folder: folder, files: conversion.written + ["annota.yaml"], notes: notes)
    } catch {
      target.discard()
      throw error
    }
  }
}
