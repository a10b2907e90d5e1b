// SPDX-License-Identifier: Apache-2.0

/// A file `annota inspect` (and validation's read pass) cannot read, with the reason.
///
/// The shape of `AnnotaTIFF/TIFFError`: an open ``Code``, a message that says what is wrong, the
/// path, and the kit's own error (`TIFFError`, `HDF5Error`, `RasterError`…) as ``cause``, so a
/// report can say which library refused the file and why without parsing text.
public struct InspectError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case unreadable, unrecognised, malformed, unsupported, limitExceeded }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The file cannot be read at all (missing, a folder, no permission).
    public static var unreadable: Self { Self(.unreadable) }
    /// The content is no format Annota inspects.
    public static var unrecognised: Self { Self(.unrecognised) }
    /// The file is in a format Annota reads, but damaged.
    public static var malformed: Self { Self(.malformed) }
    /// The file uses a layout or sample type Annota does not decode: a check could not run, which is
    /// "could not check", never "passed".
    public static var unsupported: Self { Self(.unsupported) }
    /// Reading it would exceed a resource limit (`--max-plane-bytes`, `--max-expansion`…).
    public static var limitExceeded: Self { Self(.limitExceeded) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// The file.
  public var path: String
  /// What is wrong and what to do.
  public var message: String
  /// The error underneath, from the format kit that read the file.
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure (by default, damaged content).
  ///   - path: the file.
  ///   - message: what is wrong and what to do.
  ///   - cause: the error underneath, if any.
  public init(code: Code = .malformed, path: String, message: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.path = path
    self.message = message
    self.cause = cause
  }

  /// Whether the file uses a layout or sample type this reader does not decode (so a check could
  /// not run), rather than being damaged.
  public var isUnsupported: Bool { code == .unsupported }

  /// `path: message`.
  public var description: String { "\(path): \(message)" }
}
