// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// Resource limits for untrusted XML.
///
/// Overridable for archives that need more.
public struct XMLLimits: Sendable, Hashable {
  /// The largest document accepted, in bytes.
  public var maxBytes: Int
  /// The deepest element nesting accepted.
  public var maxDepth: Int
  /// The most elements a DOM parse builds (streaming reads have no such limit).
  public var maxElements: Int

  /// Creates limits.
  /// - Parameters:
  ///   - maxBytes: the largest document, in bytes.
  ///   - maxDepth: the deepest nesting.
  ///   - maxElements: the most elements a DOM parse builds.
  public init(maxBytes: Int = 1 << 30, maxDepth: Int = 256, maxElements: Int = 5_000_000) {
    self.maxBytes = maxBytes
    self.maxDepth = maxDepth
    self.maxElements = maxElements
  }
}

extension XMLLimits {
  /// The limits a reader uses when none are passed, for the current task and the tasks it starts.
  ///
  /// The built-in ones unless a caller bound others around its work with `$defaults.withValue(_:)`
  /// (`annota`'s `--max-xml-*` options, through `ReadLimits`). Scoped, not process-wide, so two validations in one program can read with different
  /// limits.
  @TaskLocal public static var defaults = XMLLimits()
}
