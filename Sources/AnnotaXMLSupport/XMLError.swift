// SPDX-License-Identifier: Apache-2.0

/// An XML document that could not be read, with where libxml2 stopped.
public struct XMLError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case malformed, doctypeRejected, limitExceeded }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The bytes are not well-formed XML.
    public static var malformed: Self { Self(.malformed) }
    /// The document has a DOCTYPE; Annota refuses them (entities, external DTDs).
    public static var doctypeRejected: Self { Self(.doctypeRejected) }
    /// The document is larger or deeper than the configured limits.
    public static var limitExceeded: Self { Self(.limitExceeded) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened.
  public var message: String
  /// 1-based line where the parser stopped, when known.
  public var line: Int?
  /// 1-based column where the parser stopped, when known.
  public var column: Int?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what happened.
  ///   - line: 1-based line, if known.
  ///   - column: 1-based column, if known.
  public init(code: Code, message: String, line: Int? = nil, column: Int? = nil) {
    self.code = code
    self.message = message
    self.line = line
    self.column = column
  }

  /// `line:column: message`.
  public var description: String {
    guard let line else { return message }
    return "\(line):\(column ?? 0): \(message)"
  }
}
