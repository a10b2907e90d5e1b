// SPDX-License-Identifier: Apache-2.0

/// Why a report could not be written: the one error shape (code, message, path, cause).
public struct ReportError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case noDataset, badComparison, writeFailed, invalidArgument }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The path is no dataset that can be read (missing, or one file).
    public static var noDataset: Self { Self(.noDataset) }
    /// The `--compare` file is no `annota compare --format json` result.
    public static var badComparison: Self { Self(.badComparison) }
    /// The report file could not be written.
    public static var writeFailed: Self { Self(.writeFailed) }
    /// An option's value cannot be used (the output would overwrite an input).
    public static var invalidArgument: Self { Self(.invalidArgument) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and what to do.
  public var message: String
  /// The file concerned.
  public var path: String
  /// The error underneath, if any.
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what happened.
  ///   - path: the file concerned.
  ///   - cause: the error underneath, if any.
  public init(code: Code, message: String, path: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.message = message
    self.path = path
    self.cause = cause
  }

  /// `path: message`.
  public var description: String { "\(path): \(message)" }
}
