// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// The BioImage Archive RO-Crate of a dataset (bia-ro-crate-validator 0.3.1, SPEC §8.2): the
/// `ro-crate-metadata.json` graph and the file list it describes, built from the manifest alone.
///
/// Every key used has a term in the crate's `@context`; our fields the BIA context lacks are carried
/// under declared `annota:` terms.
public enum CrateMetadata {
  /// One row of the file list.
  public struct Row: Sendable, Hashable {
    /// Path relative to the crate root.
    public var path: String
    /// Size in bytes.
    public var size: Int
    /// SHA-256, lowercase hex.
    public var sha256: String
    /// The dataset `@id` the file belongs to.
    public var dataset: String
    /// `http://bia/Image` or `http://bia/AnnotationData` (empty for other files).
    public var type: String
    /// For annotation files: the source image's path.
    public var sourceImage: String
    /// For annotation files: the annotation method's `@id`.
    public var annotationMethod: String
    /// For images: the `@id` of the biosample the image shows (its `images[].biosample`).
    public var biosample = ""
    /// For images: the `@id` of the specimen imaged (its `images[].specimen`).
    public var specimen = ""
    /// For images: the `@id` of that specimen's preparation protocol.
    public var preparation = ""
    /// For images: the `@id` of the acquisition protocol (its `images[].acquisition`).
    public var acquisition = ""
    /// For derived images: the `@id` of the protocol that made them (`images[].derived_from`).
    public var protocolID = ""
    /// The file format: the manifest's `format`, else the file's extension.
    public var format = ""
    /// For images: the split it belongs to.
    public var split = ""
    /// For annotation files: where its set's annotations came from (`manual`, `model`…).
    public var origin = ""
  }

  /// The file list's columns, with their property IRIs (the BIA's names where it has them).
  public static let columns: [(name: String, property: String)] = [
    ("file_path", "http://bia/filePath"), ("size_in_bytes", "http://bia/sizeInBytes"),
    ("dataset", "http://schema.org/isPartOf"), ("type", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ("source_image", "http://bia/associatedSourceImage"),
    ("annotation_method", "http://bia/associatedAnnotationMethod"),
    // Per image, what it shows and how it was made: the BIA associates these per file, a dataset has
    // room for one specimen only.
    ("biosample", "http://bia/associatedBiologicalEntity"), ("specimen", "http://bia/associatedSubject"),
    ("specimen_preparation", "http://bia/associatedImagingPreparationProtocol"),
    ("acquisition", "http://bia/associatedImageAcquisitionProtocol"),
    // A derived image's creation process: its inputs (`source_image`) and this protocol.
    ("protocol", "http://bia/associatedProtocol"),
    // The BIA's ingest keeps every column of a row as the file's `attributes_from_file_list`: these
    // carry Annota's per-file values into the archive's `additional_metadata`.
    ("format", "http://schema.org/encodingFormat"), ("split", "https://w3id.org/annota/terms#split"),
    ("origin", "https://w3id.org/annota/terms#origin"),
    ("checksum", "https://w3id.org/annota/terms#checksum"),
  ]

  /// The file list's name in the crate.
  public static let fileList = "file_list.tsv"
  /// The legacy BioStudies file list (`Files` first, `source_image`).
  public static let bioStudiesFileList = "file_list_biostudies.tsv"

  /// The dataset `@id` of the images, of the manifest and tables, and of each annotation set.
  static let imagesDataset = "#images"
  static let metadataDataset = "#annota-metadata"
  static func annotationDataset(_ set: AnnotationSet) -> String { "#annotations-" + slug(set.id) }
  static func method(_ set: AnnotationSet) -> String { "#method-" + slug(set.id) }
  static func componentDataset(_ component: StudyComponent) -> String { "#component-" + slug(component.id) }
  static func analysisMethod(_ id: String) -> String { "#analysis-" + slug(id) }
  static func derivation(_ imageID: String) -> String { "#derivation-" + slug(imageID) }

  /// A file's extension, lowercased, as the BIA's ingest names a format (`.ome.tif` → `ome.tif`).
  static func suffix(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let parts = name.lowercased().split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count > 1 else { return "" }
    if parts.count > 2, ["ome", "nii", "tar"].contains(parts[parts.count - 2]) {
      return parts[(parts.count - 2)...].joined(separator: ".")
    }
    return String(parts[parts.count - 1])
  }

  /// The rows for `files` (path, size, SHA-256), classified by the manifest.
  /// - Parameters:
  ///   - files: the files.
  ///   - manifest: the manifest.
  ///   - imageMembers: files that hold pixels of a listed image without being listed themselves (the
  ///     other members of a multi-file OME-TIFF set), each with that image's path: typed as image
  ///     data of the image's dataset, not metadata.
  /// - Returns: one row per file.
  public static func rows(
    _ files: [(path: String, size: Int, sha256: String)], manifest: Manifest, imageMembers: [String: String] = [:]
  ) -> [Row] {
    var images: [String: AnnotaModel.Image] = [:]
    for image in manifest.images where images[image.path] == nil { images[image.path] = image }
    let imagePaths = Dictionary(manifest.images.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first })
    var annotations: [String: (set: AnnotationSet, image: String?, format: String?)] = [:]
    for set in manifest.annotationSets {
      for file in set.files where annotations[file.path] == nil {
        // Several source images share the cell, comma-separated, as the BIA's file-list parser reads it.
        let sources = file.sourceImages.compactMap { imagePaths[$0] }
        annotations[file.path] = (set, sources.isEmpty ? nil : sources.joined(separator: ", "), file.format)
      }
    }
    let components = Dictionary(
      manifest.studyComponents.map { ($0.id, componentDataset($0)) }, uniquingKeysWith: { first, _ in first })
    return files.map { file in
      if images[file.path] != nil || imageMembers[file.path] != nil {
        let image = images[file.path] ?? imageMembers[file.path].flatMap { images[$0] }
        var row = Row(
          path: file.path, size: file.size, sha256: file.sha256,
          dataset: image?.component.flatMap { components[$0] } ?? imagesDataset,
          type: "http://bia/Image", sourceImage: "", annotationMethod: "")
        row.format = images[file.path]?.format ?? suffix(file.path)
        if let image {
          row.biosample = image.biosample.map { "#biosample-" + slug($0) } ?? ""
          row.specimen = image.specimen.map { "#specimen-" + slug($0) } ?? ""
          row.preparation = image.specimen.map { "#preparation-" + slug($0) } ?? ""
          row.acquisition = image.acquisition.map { "#acquisition-" + slug($0) } ?? ""
          row.split = image.split ?? ""
          if let derivation = image.derivedFrom {
            row.sourceImage = derivation.images.compactMap { imagePaths[$0] }.joined(separator: ", ")
            row.protocolID = self.derivation(image.id)
          }
        }
        return row
      }
      if let annotation = annotations[file.path] {
        // The BIA's ontology: AnnotationData is annotation "not captured in an image/viewable form";
        // a label image is an image, made by the annotation method from its source image.
        let type = annotation.set.encoding == .labelImage ? "http://bia/Image" : "http://bia/AnnotationData"
        var row = Row(
          path: file.path, size: file.size, sha256: file.sha256, dataset: annotationDataset(annotation.set),
          type: type, sourceImage: annotation.image ?? "", annotationMethod: method(annotation.set))
        row.format = annotation.format ?? suffix(file.path)
        row.origin = annotation.set.provenance?.origin.rawValue ?? ""
        return row
      }
      var row = Row(
        path: file.path, size: file.size, sha256: file.sha256, dataset: metadataDataset, type: "", sourceImage: "",
        annotationMethod: "")
      row.format = suffix(file.path)
      return row
    }
  }

  /// The RO-Crate file list: a header and one row per file, tab-separated.
  public static func fileListText(_ rows: [Row]) -> String {
    var out = columns.map(\.name).joined(separator: "\t") + "\n"
    for row in rows {
      out +=
        [
          row.path, String(row.size), row.dataset, row.type, row.sourceImage, row.annotationMethod, row.biosample,
          row.specimen, row.preparation, row.acquisition, row.protocolID, row.format, row.split, row.origin,
          "sha256:" + row.sha256,
        ]
        .map(cell).joined(separator: "\t") + "\n"
    }
    return out
  }

  /// The BioStudies file list: `Files` first, then `source_image` and the annotation columns.
  public static func bioStudiesText(_ rows: [Row]) -> String {
    var out = "Files\tsource_image\tdataset\tsize_in_bytes\n"
    for row in rows {
      out += [row.path, row.sourceImage, row.dataset, String(row.size)].map(cell).joined(separator: "\t") + "\n"
    }
    return out
  }

  private static func cell(_ text: String) -> String {
    String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
  }

  static func slug(_ text: String) -> String {
    String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
  }
}
