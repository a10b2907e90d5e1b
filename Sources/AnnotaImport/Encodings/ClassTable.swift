// SPDX-License-Identifier: Apache-2.0

/// A class table (SPEC §5.5): image-level labels as a UTF-8 TSV with a header row naming the
/// columns `image` and `label` (more columns may follow), one row per label.
public enum ClassTable {
  /// One label of one image.
  public struct Row: Sendable, Hashable {
    /// The image's id.
    public var image: String
    /// The label: a label-table name, or its value.
    public var label: String

    /// Creates a row.
    /// - Parameters:
    ///   - image: the image's id.
    ///   - label: the label.
    public init(image: String, label: String) {
      self.image = image
      self.label = label
    }
  }

  /// Why a class table cannot be read.
  public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
  }

  /// Reads a class table's rows, in file order.
  ///
  /// Cells are trimmed of spaces; blank lines, and rows without an image or a label, are skipped.
  /// - Parameter bytes: the file.
  /// - Returns: the rows.
  /// - Throws: ``Problem`` for text that is not UTF-8, an empty file, or a header without the
  ///   `image` and `label` columns.
  public static func parse(_ bytes: [UInt8]) throws(Problem) -> [Row] {
    guard
      let text = String(
        validating: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self)
    else {
      throw Problem(message: "not UTF-8 text; a class table is a UTF-8 TSV")
    }
    var lines = text.split(whereSeparator: \.isNewline).map { line in
      line.split(separator: "\t", omittingEmptySubsequences: false).map {
        String($0).trimmed
      }
    }
    guard !lines.isEmpty else { throw Problem(message: "an empty class table: it needs a header row") }
    let header = lines.removeFirst()
    guard let image = header.firstIndex(of: "image"), let label = header.firstIndex(of: "label") else {
      throw Problem(message: "a class table needs the columns image and label (tab-separated) in its header")
    }
    return lines.compactMap { cells in
      guard cells.count > max(image, label), !cells[image].isEmpty, !cells[label].isEmpty else { return nil }
      return Row(image: cells[image], label: cells[label])
    }
  }
}
