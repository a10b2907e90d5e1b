// SPDX-License-Identifier: Apache-2.0

/// Where a finding applies: a file and, as applicable, a JSON Pointer and a line and column in it.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The file, relative to the dataset root where possible.
  public var file: String
  /// A JSON Pointer (RFC 6901) into the manifest, for example `/study/authors/0/orcid`.
  public var pointer: String?
  /// 1-based line.
  public var line: Int?
  /// 1-based column, counted in Unicode scalars.
  public var column: Int?

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

  /// `file:line:column` (as far as known), then the pointer in brackets.
  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    if let pointer, !pointer.isEmpty { text += " [\(pointer)]" }
    return text
  }
}
