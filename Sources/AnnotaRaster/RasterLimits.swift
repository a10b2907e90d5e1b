// SPDX-License-Identifier: Apache-2.0
import Synchronization

/// How much decoding a PNG or JPEG may cost, whatever its header claims.
public struct RasterLimits: Sendable, Hashable {
  /// The largest decoded image accepted, in bytes.
  public var maxImageBytes: Int
  /// The most the decoded image may exceed the file's size (deflate tops out near 1032:1).
  public var maxExpansion: Int

  /// Creates limits.
  /// - Parameters:
  ///   - maxImageBytes: the largest decoded image, in bytes.
  ///   - maxExpansion: the largest ratio of decoded bytes to file bytes.
  public init(maxImageBytes: Int = 1 << 32, maxExpansion: Int = 2048) {
    self.maxImageBytes = maxImageBytes
    self.maxExpansion = maxExpansion
  }
}

extension RasterLimits {
  /// The limits a reader uses when none are passed, for the current task and the tasks it starts.
  ///
  /// The built-in ones unless a caller bound others around its work with `$defaults.withValue(_:)`
  /// (`annota`'s `--max-plane-bytes` and `--max-expansion`, through `ReadLimits`). Scoped, not process-wide, so two validations in one program can read with different
  /// limits.
  @TaskLocal public static var defaults = RasterLimits()
}
