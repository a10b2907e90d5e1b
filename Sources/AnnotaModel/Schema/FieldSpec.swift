// SPDX-License-Identifier: Apache-2.0

/// One field of a manifest object: its key, type, level, meaning and crosswalk.
public struct FieldSpec: Sendable, Hashable {
  /// The key as written in the manifest (snake_case).
  public var name: String
  /// The value's type.
  public var type: ValueType
  /// How strongly the core standard asks for it.
  public var level: Level
  /// One sentence: what the field means.
  public var summary: String
  /// Where it goes in MIFA, REMBI and the BIA RO-Crate profile.
  public var crosswalk: Crosswalk
  /// The version of the standard that added it (`"0.1"` for the first).
  public var since: String
  /// For a field that was required before it became optional: the version that relaxed it.
  public var optionalSince: String?

  /// Creates a field description.
  /// - Parameters:
  ///   - name: the key.
  ///   - type: the value type.
  ///   - level: required, recommended or optional.
  ///   - summary: what it means.
  ///   - crosswalk: where it goes in the community standards.
  ///   - since: the version of the standard that added it.
  ///   - optionalSince: the version that made a once-required field optional.
  public init(
    _ name: String, _ type: ValueType, _ level: Level, _ summary: String,
    _ crosswalk: Crosswalk = Crosswalk(), since: String = "0.1", optionalSince: String? = nil
  ) {
    self.since = since
    self.optionalSince = optionalSince
    self.name = name
    self.type = type
    self.level = level
    self.summary = summary
    self.crosswalk = crosswalk
  }
}

/// A manifest object type (Study, Author, AnnotationSet…) and its fields in canonical order.
public struct ObjectSpec: Sendable, Hashable {
  /// The type's name, as used in SPEC.md and in the JSON Schema's `$defs`.
  public var name: String
  /// What the object describes.
  public var summary: String
  /// The fields, in the order the writer emits them.
  public var fields: [FieldSpec]
  /// Groups of fields of which exactly one must be present (for example `files` or `pairing`).
  public var exactlyOneOf: [[String]]
  /// Groups of fields of which at most one may be present (for example `image` or `images`).
  public var atMostOneOf: [[String]]
  /// Groups of fields of which at least one must be present (for example `matrix` or `description`).
  public var atLeastOneOf: [[String]]

  /// Creates an object description.
  /// - Parameters:
  ///   - name: the type name.
  ///   - summary: what it describes.
  ///   - fields: the fields in canonical order.
  ///   - exactlyOneOf: groups of mutually exclusive, jointly required fields.
  ///   - atMostOneOf: groups of mutually exclusive, optional fields.
  ///   - atLeastOneOf: groups of fields one of which, at least, is required.
  public init(
    _ name: String, _ summary: String, fields: [FieldSpec], exactlyOneOf: [[String]] = [],
    atMostOneOf: [[String]] = [], atLeastOneOf: [[String]] = []
  ) {
    self.name = name
    self.summary = summary
    self.fields = fields
    self.exactlyOneOf = exactlyOneOf
    self.atMostOneOf = atMostOneOf
    self.atLeastOneOf = atLeastOneOf
  }

  /// The field named `name`, if the object has one.
  /// - Parameter name: the key.
  /// - Returns: its description.
  public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}
