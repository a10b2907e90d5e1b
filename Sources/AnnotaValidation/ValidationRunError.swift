// SPDX-License-Identifier: Apache-2.0

/// Why a validation could not be set up or finished: an unusable facts cache, a bad shard, or parts
/// that do not make one run.
///
/// The project's one error shape: an open ``Code``, a message that says what to do, the path, and the
/// underlying cause.
public struct ValidationRunError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case cache, shard, part, missingPart, mismatch }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The cache folder cannot be created or written.
    public static var cache: Self { Self(.cache) }
    /// A shard is not `I/N` with `0 ≤ I < N`.
    public static var shard: Self { Self(.shard) }
    /// A part file is not a validation part Annota wrote (or not of this version).
    public static var part: Self { Self(.part) }
    /// A shard's part is not among those given.
    public static var missingPart: Self { Self(.missingPart) }
    /// Parts of different datasets, shard counts, versions, profiles or limits; or files the parts
    /// do not cover.
    public static var mismatch: Self { Self(.mismatch) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and what to do about it.
  public var message: String
  /// The file or folder concerned.
  public var path: String
  /// The underlying error, if any (a system error, a decoding error).
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what happened.
  ///   - path: the file or folder concerned.
  ///   - cause: the underlying error.
  public init(code: Code, message: String, path: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.message = message
    self.path = path
    self.cause = cause
  }

  /// `path: message (cause)`.
  public var description: String { "\(path): \(message)\(cause.map { " (\($0))" } ?? "")" }
}
