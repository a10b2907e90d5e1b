// SPDX-License-Identifier: Apache-2.0

/// One manifest field a catalog record is made from, and how to tell whether the manifest has it in
/// a form the catalog takes.
public struct CatalogRequirement: Sendable {
  /// Whether the record cannot be written without the field, or is only poorer without it.
  public enum Level: String, Sendable, Hashable {
    /// The catalog (or its validator) refuses the record without it: export stops.
    case required
    /// The catalog asks for it (a validator's warning, a search facet): export notes it.
    case recommended
  }

  /// The manifest field as users write it, such as `study.release_date`.
  public var field: String
  /// The catalog's field it fills, such as `datePublished`.
  public var fills: String
  /// Required or recommended.
  public var level: Level
  /// What is wrong when the check fails, without the field's name.
  public var problem: String
  /// What to add or change, naming the manifest field.
  public var hint: String
  /// Every place (JSON Pointer into the manifest) where the field is missing or unusable.
  public var gaps: @Sendable (Manifest, CatalogFacts) -> [String]
}

/// A requirement a manifest does not meet, at one place.
public struct CatalogGap: Sendable, Hashable, CustomStringConvertible {
  /// The manifest field, such as `study.release_date`.
  public var field: String
  /// The catalog's field it would fill.
  public var fills: String
  /// Required or recommended.
  public var level: CatalogRequirement.Level
  /// Where in the manifest (JSON Pointer).
  public var pointer: String
  /// What is wrong.
  public var problem: String
  /// What to do.
  public var hint: String

  /// `annota.yaml#/pointer: field problem (fills …); hint`.
  public var description: String {
    "annota.yaml#\(pointer): \(field) \(problem) (\(fills)); \(hint)"
  }
}
