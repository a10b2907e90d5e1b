// SPDX-License-Identifier: Apache-2.0

/// An error from libhdf5, with HDF5's own error stack as the cause.
public struct HDF5Error: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case openFailed, notFound, malformed, unsupported, limitExceeded }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The file could not be opened as HDF5.
    public static var openFailed: Self { Self(.openFailed) }
    /// A group, dataset or attribute does not exist.
    public static var notFound: Self { Self(.notFound) }
    /// The file's structure is damaged.
    public static var malformed: Self { Self(.malformed) }
    /// The file uses something this reader does not handle (a type, a compression filter).
    public static var unsupported: Self { Self(.unsupported) }
    /// Reading would exceed the configured limits.
    public static var limitExceeded: Self { Self(.limitExceeded) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and what to do.
  public var message: String
  /// The file concerned.
  public var path: String
  /// HDF5's error stack, innermost call last (`function: description`).
  public var stack: [String]

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what happened.
  ///   - path: the file concerned.
  ///   - stack: HDF5's own error stack.
  public init(code: Code, message: String, path: String, stack: [String] = []) {
    self.code = code
    self.message = message
    self.path = path
    self.stack = stack
  }

  /// `path: message (HDF5: …)`.
  public var description: String {
    var text = "\(path): \(message)"
    if !stack.isEmpty { text += " (HDF5: \(stack.joined(separator: " | ")))" }
    return text
  }
}
