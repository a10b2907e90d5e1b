// SPDX-License-Identifier: Apache-2.0

/// A comparison that cannot run: a missing input, an unknown annotation set, a manifest that does
/// not decode.
///
/// The shape of `AnnotaTIFF/TIFFError`: a code, a message, the path and the cause.
public struct CompareError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case missingInput, unknownSet, invalidManifest, unsupported, notWritten }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// A file or folder that does not exist.
    public static var missingInput: Self { Self(.missingInput) }
    /// An annotation set id the manifest does not declare.
    public static var unknownSet: Self { Self(.unknownSet) }
    /// A manifest that is missing or does not decode.
    public static var invalidManifest: Self { Self(.invalidManifest) }
    /// Inputs Annota cannot compare (an encoding it does not measure).
    public static var unsupported: Self { Self(.unsupported) }
    /// The agreement could not be recorded in the manifest.
    public static var notWritten: Self { Self(.notWritten) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// What is wrong and what to do.
  public var message: String
  /// The file or folder concerned.
  public var path: String
  /// The error underneath, if any.
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure.
  ///   - message: what is wrong and what to do.
  ///   - path: the file or folder.
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
