// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// What an import did.
public struct ImportResult: Sendable {
  /// The annotation sets added (or replaced).
  public var sets: [AnnotationSet]
  /// The files written, relative to the dataset root.
  public var files: [String]
  /// The manifest file that was updated.
  public var manifest: String
  /// Things worth knowing.
  public var notes: [String]
  /// Whether anything was written (`false` for a dry run: ``files`` are what would be written).
  public var written = true
  /// The label tables added.
  public var labelTables: [LabelTable] = []
}
