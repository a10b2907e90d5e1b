// SPDX-License-Identifier: Apache-2.0

/// Why a bundle could not be written or read, with the path concerned and the system's reason.
public struct PackError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }

    /// The target already exists: a pack never overwrites.
    public static var exists: Self { Self("exists") }
    /// The dataset holds something that cannot be bundled safely (a symlink leaving it, a FIFO…).
    public static var unsafeInput: Self { Self("unsafe input") }
    /// Reading or writing a file failed (disk full, permissions, a file changing while read).
    public static var io: Self { Self("i/o") }
    /// What was written did not verify.
    public static var verification: Self { Self("verification") }
    /// A short name of the code.
    public var description: String { name }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and what to do.
  public var message: String
  /// The file or folder concerned.
  public var path: String
  /// The system's reason (`strerror`), when there is one.
  public var cause: String?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what happened.
  ///   - path: the file concerned.
  ///   - cause: the system's reason.
  public init(code: Code, message: String, path: String, cause: String? = nil) {
    self.code = code
    self.message = message
    self.path = path
    self.cause = cause
  }

  /// `path: message (cause)`.
  public var description: String { "\(path): \(message)\(cause.map { " (\($0))" } ?? "")" }
}
