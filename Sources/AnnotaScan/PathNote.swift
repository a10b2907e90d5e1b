// SPDX-License-Identifier: Apache-2.0

/// A path and something said about it: why an entry was refused, why a file cannot be read, what
/// changed.
public struct PathNote: Sendable, Hashable {
  /// The path, relative to the dataset folder.
  public var path: String
  /// What is said about it.
  public var reason: String

  /// Creates a note.
  /// - Parameters:
  ///   - path: the path, relative to the dataset folder.
  ///   - reason: what is said about it.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }
}
