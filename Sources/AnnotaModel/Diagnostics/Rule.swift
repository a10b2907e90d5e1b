// SPDX-License-Identifier: Apache-2.0

/// A rule of the catalog (`Specs/annota/0.2/RULES.md`): id, default severity and what it checks.
public struct Rule: Sendable, Hashable {
  /// The stable id.
  public var id: RuleID
  /// The severity its findings have unless a profile says otherwise.
  public var severity: Severity
  /// A short title.
  public var title: String

  /// Creates a rule.
  /// - Parameters:
  ///   - id: the stable id.
  ///   - severity: the default severity.
  ///   - title: a short title.
  public init(_ id: RuleID, _ severity: Severity, _ title: String) {
    self.id = id
    self.severity = severity
    self.title = title
  }
}

/// The manifest rules (`MANIFEST-001` to `MANIFEST-026`): what reading a manifest checks.
public enum ManifestRules {
  /// The file is not readable YAML or JSON (syntax, encoding, size, nesting, anchors).
  public static let syntax = Rule("MANIFEST-001", .error, "The manifest is not readable YAML or JSON")
  /// A key the standard does not define.
  public static let unknownKey = Rule("MANIFEST-002", .error, "Unknown key")
  /// A required field is absent (or null).
  public static let missingRequired = Rule("MANIFEST-003", .error, "Required field missing")
  /// A value has the wrong type (string for number, mapping for list…).
  public static let wrongType = Rule("MANIFEST-004", .error, "Value of the wrong type")
  /// A value outside a closed vocabulary.
  public static let vocabulary = Rule("MANIFEST-005", .error, "Value not in the vocabulary")
  /// An identifier with the wrong syntax or checksum (ORCID, ROR, CURIE, NCBITaxon, FBbi, DOI…).
  public static let identifierSyntax = Rule("MANIFEST-006", .error, "Malformed identifier")
  /// A licence that is neither an SPDX id nor a BIA licence URL.
  public static let licence = Rule("MANIFEST-007", .error, "Unknown licence")
  /// A date, date-time or duration not in ISO 8601 form.
  public static let dateSyntax = Rule("MANIFEST-008", .error, "Malformed date, time or duration")
  /// A text field that is empty or only white space.
  public static let emptyText = Rule("MANIFEST-009", .error, "Empty text")
  /// Two entries with the same id, path or label value.
  public static let duplicate = Rule("MANIFEST-010", .error, "Duplicate id, path or value")
  /// A reference to an id that is not defined.
  public static let danglingReference = Rule("MANIFEST-011", .error, "Reference to an undefined id")
  /// Fields of which exactly one must be given: none or several were.
  public static let exactlyOne = Rule("MANIFEST-012", .error, "Give exactly one of several fields")
  /// A transformation matrix that is not a valid affine matrix.
  public static let matrix = Rule("MANIFEST-013", .error, "Invalid affine matrix")
  /// A number outside its allowed range, or a list with too few items.
  public static let range = Rule("MANIFEST-014", .error, "Value out of range")
  /// The manifest declares a version of the standard this build does not read.
  public static let specVersion = Rule("MANIFEST-015", .error, "Unsupported standard version")
  /// A path that is absolute, uses `\`, has `.`/`..` or empty segments.
  public static let path = Rule("MANIFEST-016", .error, "Path is not a portable relative path")
  /// A colour not written `#rrggbb` or `#rrggbbaa`.
  public static let colour = Rule("MANIFEST-017", .error, "Malformed colour")
  /// A checksum not written `sha256:…` / `sha512:…` with lowercase hex of the right length.
  public static let checksum = Rule("MANIFEST-018", .error, "Malformed checksum")
  /// A pairing whose patterns do not use the same placeholders, or use none.
  public static let pairingPattern = Rule("MANIFEST-019", .error, "Pairing patterns do not match")
  /// A label-image annotation set without `kind` (instance or semantic).
  public static let labelImageKind = Rule("MANIFEST-020", .error, "Label-image set without a kind")
  /// An annotation set whose encoding cannot hold its MIFA types.
  public static let encodingMismatch = Rule("MANIFEST-021", .warning, "Encoding does not fit the annotation types")
  /// Label value 0 named as something other than background in a label-image set.
  public static let backgroundLabel = Rule("MANIFEST-022", .warning, "Label 0 is not background")
  /// A value `annota init` left as `TODO` for a person to fill in (reported by `validate`).
  public static let todo = Rule("MANIFEST-023", .warning, "Value still TODO")
  /// A date-time without a time zone (as the BIA's own MIFA example writes them): read as UTC.
  public static let noTimeZone = Rule("MANIFEST-024", .warning, "Date-time without a time zone")
  /// A field a later version of the standard added, in a manifest that declares an earlier one.
  public static let newerField = Rule("MANIFEST-025", .warning, "Field newer than the declared standard version")
  /// An image that names no study component, in a manifest that declares components.
  public static let componentMissing = Rule("MANIFEST-026", .error, "Image outside every study component")

  /// Every manifest rule, in id order.
  public static let all: [Rule] = [
    syntax, unknownKey, missingRequired, wrongType, vocabulary, identifierSyntax, licence,
    dateSyntax, emptyText, duplicate, danglingReference, exactlyOne, matrix, range, specVersion,
    path, colour, checksum, pairingPattern, labelImageKind, encodingMismatch, backgroundLabel, todo,
    noTimeZone, newerField, componentMissing,
  ]
}

extension Rule {
  /// A finding of this rule, with the rule's id and severity.
  /// - Parameters:
  ///   - message: what is wrong.
  ///   - hint: how to fix it; by default the rule catalog's fix (``RuleFixes``).
  ///   - location: where.
  /// - Returns: the diagnostic.
  public func finding(_ message: String, hint: String? = nil, at location: SourceLocation) -> Diagnostic {
    Diagnostic(
      rule: id, severity: severity, message: message, hint: hint ?? RuleFixes.hint(for: id), location: location)
  }
}
