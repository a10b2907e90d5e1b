// SPDX-License-Identifier: Apache-2.0

/// An error from reading or writing a PNG or JPEG file, with the message libpng or libjpeg-turbo
/// gave for it.
///
/// Modelled on NIO's `FileSystemError`: an open ``Code``, a message that says what to do, the path,
/// and the library's own message as the cause. Neither library prints: their messages land here.
public struct RasterError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case malformed, unsupported, limitExceeded, writeFailed }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The file is not a PNG or JPEG, or its structure or data is damaged (truncated, bad CRC…).
    public static var malformed: Self { Self(.malformed) }
    /// The file uses something this reader does not decode (a JPEG colour space, say).
    public static var unsupported: Self { Self(.unsupported) }
    /// Decoding would need more memory than the limits allow (a decompression bomb).
    public static var limitExceeded: Self { Self(.limitExceeded) }
    /// Encoding failed.
    public static var writeFailed: Self { Self(.writeFailed) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What happened and, where possible, what to do about it.
  public var message: String
  /// The file concerned.
  public var path: String
  /// The library's own message, if it gave one.
  public var cause: String?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what happened.
  ///   - path: the file concerned.
  ///   - cause: the library's own message.
  public init(code: Code, message: String, path: String, cause: String? = nil) {
    self.code = code
    self.message = message
    self.path = path
    self.cause = cause
  }

  /// `path: message (library: …)`.
  public var description: String {
    var text = "\(path): \(message)"
    if let cause, !cause.isEmpty { text += " (\(cause))" }
    return text
  }
}
