// SPDX-License-Identifier: Apache-2.0

/// A tab-separated table that cannot be read (an instance table, a waiver file), with its row.
///
/// The shape of `AnnotaTIFF/TIFFError`: a code, a message, the path (when known) with the row, and
/// a cause.
public struct TableError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case header, row }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The header row lacks a column the table needs.
    public static var header: Self { Self(.header) }
    /// A row is malformed: a wrong number of cells, a value that is not what its column holds, a value listed twice.
    public static var row: Self { Self(.row) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// The table's file, when known (parsers read text).
  public var path: String
  /// The 1-based row (the header is row 1).
  public var row: Int
  /// What is wrong.
  public var message: String
  /// The error underneath, if any.
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure (by default, a malformed row).
  ///   - path: the file, when known.
  ///   - row: the 1-based row.
  ///   - message: what is wrong.
  ///   - cause: the error underneath, if any.
  public init(code: Code = .row, path: String = "", row: Int, message: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.path = path
    self.row = row
    self.message = message
    self.cause = cause
  }

  /// `path: row N: message`.
  public var description: String { (path.isEmpty ? "" : path + ": ") + "row \(row): \(message)" }
}
