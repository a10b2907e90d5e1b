// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// What an import should do.
public struct ImportOptions: Sendable {
  /// The annotation set's id; by default derived from the source file's name.
  public var setID: String?
  /// The dataset image the annotations belong to; by default matched by file name.
  public var imageID: String?
  /// For label images: instance or semantic; by default inferred from the label statistics.
  public var kind: AnnotationKind?
  /// Where the annotations came from, if known.
  public var origin: Origin
  /// Replace an annotation set (and its files) that already has the id.
  public var replace: Bool
  /// Rewrite a manifest that is not in canonical form (its comments are lost).
  public var reformat: Bool
  /// For HDF5 files with several label volumes: the internal path of the one to import.
  public var dataset: String?
  /// Import a label image whose size differs from its image's (only with ``imageID`` given).
  public var allowSizeMismatch = false
  /// Plan and check everything, write nothing (``ImportResult/written`` is `false`).
  public var dryRun = false

  /// Creates options.
  /// - Parameters:
  ///   - setID: the annotation set's id.
  ///   - imageID: the dataset image.
  ///   - kind: instance or semantic.
  ///   - origin: where the annotations came from.
  ///   - replace: replace an existing set.
  ///   - reformat: allow rewriting a non-canonical manifest.
  ///   - dataset: the HDF5 internal path to import.
  public init(
    setID: String? = nil, imageID: String? = nil, kind: AnnotationKind? = nil, origin: Origin = .unknown,
    replace: Bool = false, reformat: Bool = false, dataset: String? = nil
  ) {
    self.dataset = dataset
    self.setID = setID
    self.imageID = imageID
    self.kind = kind
    self.origin = origin
    self.replace = replace
    self.reformat = reformat
  }
}
