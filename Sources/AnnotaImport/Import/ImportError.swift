// SPDX-License-Identifier: Apache-2.0

/// An import that could not be done, and why.
public struct ImportError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case unreadable, unsupported, conflict, invalidManifest, ambiguous, io }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }
    /// A file cannot be read.
    public static var unreadable: Self { Self(.unreadable) }
    /// The file holds nothing Annota can import.
    public static var unsupported: Self { Self(.unsupported) }
    /// Importing would replace something (an annotation set, a file) without `--replace`.
    public static var conflict: Self { Self(.conflict) }
    /// The dataset's manifest does not conform, or would not after the import.
    public static var invalidManifest: Self { Self(.invalidManifest) }
    /// Annota cannot tell which image the annotations belong to.
    public static var ambiguous: Self { Self(.ambiguous) }
    /// Writing failed.
    public static var io: Self { Self(.io) }
    /// A short lowercase name.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and what to do.
  public var message: String
  /// The file concerned.
  public var path: String
  /// The error underneath, when another layer reported it (an inspection, a write).
  public var cause: (any Error & Sendable)?

  /// Creates an error.
  /// - Parameters:
  ///   - code: the kind.
  ///   - message: what happened and what to do.
  ///   - path: the file.
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
