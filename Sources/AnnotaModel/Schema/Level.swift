// SPDX-License-Identifier: Apache-2.0

/// How strongly the core standard asks for a field.
///
/// Profiles (MIFA, REMBI, BIA, ML) may raise a recommended or optional field to required; they
/// never lower a required one.
public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
  /// A conforming manifest MUST have it.
  case required
  /// A manifest SHOULD have it; its absence lowers completeness scores.
  case recommended
  /// A manifest MAY have it.
  case optional
}
