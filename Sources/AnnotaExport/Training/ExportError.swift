// SPDX-License-Identifier: Apache-2.0

/// An export that cannot run or cannot finish: a manifest that does not decode, a split leak, a
/// layout that cannot hold the dataset, a file that cannot be read or written.
///
/// The shape of `AnnotaTIFF/TIFFError`: a code, a message, the path and the cause. Every error is
/// raised before the output folder appears: the export is written under a temporary name first.
public struct ExportError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable {
      case invalidManifest, unknownSet, ambiguous, splitLeak, unsupported, unreadable, conflict, notWritten, incomplete
    }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// A manifest that is missing or does not decode.
    public static var invalidManifest: Self { Self(.invalidManifest) }
    /// An annotation set id the manifest does not declare.
    public static var unknownSet: Self { Self(.unknownSet) }
    /// Two sets (or two class tables) annotate one image the same way: choose with `--set`.
    public static var ambiguous: Self { Self(.ambiguous) }
    /// One image in two splits, or identical image files in two splits.
    public static var splitLeak: Self { Self(.splitLeak) }
    /// The layout cannot hold what the dataset has (an image format, labels, a split).
    public static var unsupported: Self { Self(.unsupported) }
    /// A file of the dataset that cannot be read.
    public static var unreadable: Self { Self(.unreadable) }
    /// The output folder exists and is not empty.
    public static var conflict: Self { Self(.conflict) }
    /// Writing the output failed.
    public static var notWritten: Self { Self(.notWritten) }
    /// The manifest lacks a field the catalog record requires (each gap is in the message).
    public static var incomplete: Self { Self(.incomplete) }

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

  /// `path: message (cause)`: the cause says why a copy, a write or a decode failed.
  public var description: String { "\(path): \(message)\(cause.map { " (\($0))" } ?? "")" }
}
