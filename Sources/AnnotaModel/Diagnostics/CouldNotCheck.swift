// SPDX-License-Identifier: Apache-2.0

/// A check that could not run, and why: reported as "could not check", never counted as passed.
///
/// An unsupported compression, an unreadable image, a manifest of an algorithm this build does not
/// compute. One type for the validator's reports and the bundle verifiers'.
public struct CouldNotCheck: Sendable, Codable, Hashable {
  /// The rule that could not be applied.
  public var rule: RuleID
  /// What it was to be applied to.
  public var location: SourceLocation
  /// Why not.
  public var reason: String

  /// Creates an entry.
  /// - Parameters:
  ///   - rule: the rule that could not be applied.
  ///   - location: what it was to be applied to.
  ///   - reason: why not.
  public init(rule: RuleID, location: SourceLocation, reason: String) {
    self.rule = rule
    self.location = location
    self.reason = reason
  }
}
