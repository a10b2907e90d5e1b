// SPDX-License-Identifier: Apache-2.0

/// Where a finding applies: a file and, as applicable, a JSON Pointer, a line and column, a table row,
/// an image plane and pixel, a label value or an annotation.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The file, relative to the dataset root where possible.
  public var file: String
  /// A JSON Pointer (RFC 6901) into the manifest, for example `/study/authors/0/orcid`.
  public var pointer: String?
  /// 1-based line.
  public var line: Int?
  /// 1-based column, counted in Unicode scalars.
  public var column: Int?
  /// 1-based row of a table (TSV), the header being row 1.
  public var row: Int?
  /// The image plane, 0-based `z`, `c`, `t`.
  public var plane: Plane?
  /// A pixel, 0-based `x`, `y`.
  public var pixel: Pixel?
  /// A label value.
  public var label: Int?
  /// An annotation (a feature id or index).
  public var annotation: String?

  /// An image plane.
  public struct Plane: Hashable, Sendable, Codable {
    /// 0-based indices.
    public var z: Int, c: Int, t: Int
    /// Creates a plane.
    /// - Parameters:
    ///   - z: Z index.
    ///   - c: channel index.
    ///   - t: time index.
    public init(z: Int = 0, c: Int = 0, t: Int = 0) {
      (self.z, self.c, self.t) = (z, c, t)
    }
  }

  /// A pixel position.
  public struct Pixel: Hashable, Sendable, Codable {
    /// 0-based column and row.
    public var x: Int, y: Int
    /// Creates a pixel position.
    /// - Parameters:
    ///   - x: column.
    ///   - y: row.
    public init(x: Int, y: Int) { (self.x, self.y) = (x, y) }
  }

  /// Creates a location.
  /// - Parameters:
  ///   - file: the file.
  ///   - pointer: a JSON Pointer, if the finding is inside a structured document.
  ///   - line: 1-based line, if known.
  ///   - column: 1-based column, if known.
  public init(file: String, pointer: String? = nil, line: Int? = nil, column: Int? = nil) {
    self.file = file
    self.pointer = pointer
    self.line = line
    self.column = column
  }

  /// `file:line:column` (as far as known), the pointer in brackets, then row, plane, pixel, label and
  /// annotation when set.
  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    if let pointer, !pointer.isEmpty { text += " [\(pointer)]" }
    if let row { text += " row \(row)" }
    if let plane { text += " plane z=\(plane.z) c=\(plane.c) t=\(plane.t)" }
    if let pixel { text += " pixel (\(pixel.x), \(pixel.y))" }
    if let label { text += " label \(label)" }
    if let annotation { text += " annotation \(annotation)" }
    return text
  }
}
