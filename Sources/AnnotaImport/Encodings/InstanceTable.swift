// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// The instance table beside an instance label image (SPEC §5.2): which class each object value
/// belongs to, and which shape of the source it came from.
///
/// A UTF-8 TSV named like the label image with `.instances.tsv` for its TIFF extension; columns
/// `value`, `label` and `source_id` (empty when the source had no id).
public enum InstanceTable {
  /// The table's path for a label image's path.
  /// - Parameter labelImage: `…/name_labels.tif` (or `.tiff`, `.ome.tif`).
  /// - Returns: `…/name_labels.instances.tsv`.
  public static func path(forLabelImage labelImage: String) -> String {
    for suffix in [".ome.tiff", ".ome.tif", ".tiff", ".tif"] where labelImage.lowercased().hasSuffix(suffix) {
      return String(labelImage.dropLast(suffix.count)) + ".instances.tsv"
    }
    return labelImage + ".instances.tsv"
  }

  /// One object of an instance label image: its pixel value and the feature painted with it.
  public struct Instance: Sendable, Hashable {
    /// The pixel value.
    public var value: Int
    /// The shape, with its `label` property and id.
    public var feature: ShapeFeature

    /// Creates an instance.
    /// - Parameters:
    ///   - value: the pixel value.
    ///   - feature: the shape painted with it.
    public init(value: Int, feature: ShapeFeature) {
      self.value = value
      self.feature = feature
    }
  }

  /// One row of a table read back: the class and the source's id of an object.
  public struct Row: Sendable, Hashable {
    /// The class name.
    public var label: String
    /// The object's id in the source (`source_id`), when given.
    public var sourceID: String?

    /// Creates a row.
    /// - Parameters:
    ///   - label: the class name.
    ///   - sourceID: the source's id, when given.
    public init(label: String, sourceID: String?) {
      self.label = label
      self.sourceID = sourceID
    }
  }

  /// The table's text.
  /// - Parameter instances: each value with the feature painted with it.
  /// - Returns: the TSV, header first, one row per value.
  public static func text(_ instances: [Instance]) -> String {
    var out = "value\tlabel\tsource_id\n"
    for instance in instances {
      let (value, feature) = (instance.value, instance.feature)
      let label = feature.label
      let id: String =
        switch feature.id {
        case .string(let text)?: text
        case .some(let other): other.text
        case nil: ""
        }
      out += "\(value)\t\(clean(label ?? ""))\t\(clean(id))\n"
    }
    return out
  }

  /// Parses a table.
  /// - Parameter text: the TSV.
  /// - Returns: rows by value: the label and the source id (nil when empty).
  /// - Throws: ``InstanceTableError`` naming the bad line.
  public static func parse(_ text: String) throws(InstanceTableError) -> [Int: Row] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    if lines.last?.isEmpty == true { lines.removeLast() }
    guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init),
      let valueColumn = header.firstIndex(of: "value"), let labelColumn = header.firstIndex(of: "label")
    else { throw InstanceTableError(code: .header, row: 1, message: "the header needs `value` and `label` columns") }
    let idColumn = header.firstIndex(of: "source_id")
    var rows: [Int: Row] = [:]
    for (index, line) in lines.enumerated().dropFirst() {
      let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == header.count, let value = Int(cells[valueColumn]), value > 0 else {
        throw InstanceTableError(
          row: index + 1, message: "expected \(header.count) cells with a positive integer value")
      }
      guard rows[value] == nil else {
        throw InstanceTableError(row: index + 1, message: "value \(value) is listed twice")
      }
      let id = idColumn.map { cells[$0] }
      rows[value] = Row(label: cells[labelColumn], sourceID: id?.isEmpty == false ? id : nil)
    }
    return rows
  }

  private static func clean(_ text: String) -> String {
    String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
  }
}

/// An instance table that cannot be read: a `AnnotaModel/TableError`.
public typealias InstanceTableError = TableError
