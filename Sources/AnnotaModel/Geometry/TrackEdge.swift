// SPDX-License-Identifier: Apache-2.0

/// One edge of a track graph (SPEC §5.4): from a feature to the feature that follows it (a link, or
/// one branch of a division), by their GeoJSON ids.
public struct TrackEdge: Sendable, Hashable {
  /// The earlier feature's id.
  public var source: JSONValue
  /// The later feature's id.
  public var target: JSONValue

  /// Creates an edge.
  /// - Parameters:
  ///   - source: the earlier feature's id.
  ///   - target: the later feature's id.
  public init(source: JSONValue, target: JSONValue) {
    self.source = source
    self.target = target
  }
}
