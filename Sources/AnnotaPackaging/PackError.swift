// SPDX-License-Identifier: Apache-2.0

/// Why a bundle could not be written or read, with the path concerned and the system's reason.
public struct PackError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case exists, unsafeInput, io, verification }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The target already exists: a pack never overwrites.
    public static var exists: Self { Self(.exists) }
    /// The dataset holds something that cannot be bundled safely (a symlink leaving it, a FIFO…).
    public static var unsafeInput: Self { Self(.unsafeInput) }
    /// Reading or writing a file failed (disk full, permissions, a file changing while read).
    public static var io: Self { Self(.io) }
    /// What was written did not verify.
    public static var verification: Self { Self(.verification) }
    /// A short name of the code.
    public var description: String {
      switch wrapped {
      case .exists: "exists"
      case .unsafeInput: "unsafe input"
      case .io: "i/o"
      case .verification: "verification"
      }
    }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and what to do.
  public var message: String
  /// The file or folder concerned.
  public var path: String
  /// The error underneath: the system's (``SystemError``, with its `errno`) when a call failed.
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

  /// `path: message (cause)`.
  public var description: String { "\(path): \(message)\(cause.map { " (\($0))" } ?? "")" }
}
