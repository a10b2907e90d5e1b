// SPDX-License-Identifier: Apache-2.0

/// An error from reading or writing a TIFF file, with the messages libtiff reported for it.
///
/// Modelled on NIO's `FileSystemError`: an open ``Code``, a message that says what to do, the path,
/// and libtiff's own messages as the cause. libtiff never prints: its messages land here.
public struct TIFFError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
      case openFailed, malformed, unsupported, limitExceeded, writeFailed, invalidArgument
    }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The file could not be opened as a TIFF (missing, unreadable, or not a TIFF at all).
    public static var openFailed: Self { Self(.openFailed) }
    /// The file is a TIFF but its structure or data is damaged.
    public static var malformed: Self { Self(.malformed) }
    /// The file uses a layout or sample type this reader does not handle.
    public static var unsupported: Self { Self(.unsupported) }
    /// Reading would need more memory or more directories than the configured limits allow.
    public static var limitExceeded: Self { Self(.limitExceeded) }
    /// libtiff failed while writing.
    public static var writeFailed: Self { Self(.writeFailed) }
    /// The caller passed values that cannot be written (for example a plane of the wrong size).
    public static var invalidArgument: Self { Self(.invalidArgument) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and, where possible, what to do about it.
  public var message: String
  /// The file concerned.
  public var path: String
  /// The messages libtiff reported while the failing call ran, oldest first.
  public var libraryMessages: [String]

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what happened.
  ///   - path: the file concerned.
  ///   - libraryMessages: libtiff's own messages, if any.
  public init(code: Code, message: String, path: String, libraryMessages: [String] = []) {
    self.code = code
    self.message = message
    self.path = path
    self.libraryMessages = libraryMessages
  }

  /// `path: message (libtiff: …)`.
  public var description: String {
    var text = "\(path): \(message)"
    if !libraryMessages.isEmpty { text += " (libtiff: \(libraryMessages.joined(separator: "; ")))" }
    return text
  }
}
