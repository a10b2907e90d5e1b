// SPDX-License-Identifier: Apache-2.0

/// A stable rule identifier such as `MANIFEST-003`, documented in `Specs/annota/0.2/RULES.md`.
///
/// Identifiers are never reused; an open set, like swift-system's `Errno`.
public struct RuleID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The identifier text.
  public var rawValue: String
  /// Creates a rule id from its text.
  /// - Parameter rawValue: the identifier, e.g. `MANIFEST-003`.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Creates a rule id from a string literal.
  /// - Parameter value: the identifier.
  public init(stringLiteral value: String) { self.rawValue = value }
  /// The identifier text.
  public var description: String { rawValue }
}
