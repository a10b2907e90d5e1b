// SPDX-License-Identifier: Apache-2.0
import AnnotaXMLSupport

/// A file in a tool format that could not be read, with where and why.
///
/// The shape of `AnnotaTIFF/TIFFError`: an open ``Code``, a message that says what is wrong, the
/// path, and the underlying error (an XML syntax error, say) as ``cause``.
public struct ForeignFormatError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case unreadable, unrecognised, malformed }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The file could not be read at all (missing, not a regular file, too large).
    public static var unreadable: Self { Self(.unreadable) }
    /// No registered format accepts the file.
    public static var unrecognised: Self { Self(.unrecognised) }
    /// The file is in the format but its content is damaged or invalid.
    public static var malformed: Self { Self(.malformed) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// The file.
  public var path: String
  /// What is wrong.
  public var message: String
  /// The 1-based line, when known.
  public var line: Int?
  /// The error underneath, when another layer reported it (an `XMLError`, a PNG decoder's).
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure (by default, damaged content).
  ///   - path: the file.
  ///   - message: what is wrong.
  ///   - line: the 1-based line, when known.
  ///   - cause: the error underneath, if any.
  public init(
    code: Code = .malformed, path: String, message: String, line: Int? = nil, cause: (any Error & Sendable)? = nil
  ) {
    self.code = code
    self.path = path
    self.message = message
    self.line = line
    self.cause = cause
  }

  /// `path:line: message`.
  public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(message)" }

  /// Runs a reader, so that what it throws reaches the caller as this error: an XML syntax error
  /// becomes its cause, with the file's path and line; this error passes through.
  /// - Parameters:
  ///   - path: the file being read.
  ///   - body: the reader.
  /// - Returns: what `body` returns.
  /// - Throws: ``ForeignFormatError``.
  static func wrapping<T>(_ path: String, _ body: () throws -> T) throws(ForeignFormatError) -> T {
    do {
      return try convertingXMLErrors(path, body)
    } catch let error as ForeignFormatError {
      throw error
    } catch {
      throw ForeignFormatError(path: path, message: "\(error)", cause: error)
    }
  }

  /// Runs a streaming reader: an XML syntax error becomes this error, with the file's path and line;
  /// anything else (what the caller's own handler throws, a failed write) passes through as it is.
  /// - Parameters:
  ///   - path: the file being read.
  ///   - body: the reader.
  /// - Returns: what `body` returns.
  /// - Throws: ``ForeignFormatError`` for an XML syntax error, else what `body` throws.
  static func convertingXMLErrors<T>(_ path: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as XMLError {
      throw ForeignFormatError(path: path, message: error.message, line: error.line, cause: error)
    }
  }
}
