// SPDX-License-Identifier: Apache-2.0

/// A closed list of allowed string values, each with its meaning.
///
/// Near misses get a hint.
public struct Vocabulary: Sendable, Hashable {
  /// The vocabulary's name, as in SPEC.md ("MIFA annotation type").
  public var name: String
  /// The allowed values and what each means, in canonical order.
  public var terms: [Term]
  /// Accepted spellings that are normalised to a canonical value (for example `µm` → `um`).
  public var aliases: [String: String]

  /// One allowed value.
  public struct Term: Sendable, Hashable {
    /// The value as written.
    public var value: String
    /// What it means.
    public var meaning: String
  }

  /// Creates a vocabulary.
  /// - Parameters:
  ///   - name: the vocabulary's name.
  ///   - terms: `(value, meaning)` pairs in canonical order.
  ///   - aliases: extra spellings mapped to canonical values.
  public init(_ name: String, _ terms: [(String, String)], aliases: [String: String] = [:]) {
    self.name = name
    self.terms = terms.map { Term(value: $0.0, meaning: $0.1) }
    self.aliases = aliases
  }

  /// The allowed values in canonical order.
  public var values: [String] { terms.map(\.value) }

  /// The canonical value for `text` (itself or an alias), or `nil` when it is not allowed.
  /// - Parameter text: the value as written.
  /// - Returns: the canonical value.
  public func canonical(_ text: String) -> String? {
    if values.contains(text) { return text }
    return aliases[text]
  }
}
