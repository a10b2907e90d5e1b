// SPDX-License-Identifier: Apache-2.0

/// The syntax a string field must follow.
///
/// Each format has its own checker and rule id.
public enum StringFormat: String, Sendable, Hashable, CaseIterable {
  /// Any text that is not empty or only white space.
  case text
  /// A local identifier: letters, digits, `.`, `_`, `-`, starting with a letter or digit.
  case identifier
  /// An ORCID iD, bare (`0000-0002-1825-0097`) or as `https://orcid.org/…`, with a valid checksum.
  case orcid
  /// A ROR id, bare (`02catss52`) or as `https://ror.org/…`, with a valid checksum.
  case ror
  /// A compact URI `PREFIX:LOCAL`, e.g. `GO:0005634`.
  case curie
  /// An NCBI Taxonomy id as a CURIE (`NCBITaxon:9606`), the BIA's form (`NCBI:txid9606`) or OBO IRI.
  case ncbiTaxon
  /// An FBbi imaging-method id as a CURIE (`FBbi:00000251`) or OBO IRI.
  case fbbi
  /// An e-mail address.
  case email
  /// An absolute URI with a scheme.
  case uri
  /// A DOI, bare (`10.1038/…`) or as `https://doi.org/…`.
  case doi
  /// A calendar date, `YYYY-MM-DD`.
  case date
  /// An RFC 3339 date-time with a time zone, e.g. `2026-11-22T10:00:00Z`.
  case dateTime
  /// An ISO 8601 duration, e.g. `PT12H30M`.
  case duration
  /// An SPDX licence id (e.g. `CC-BY-4.0`) or one of the BIA's licence URLs.
  case licence
  /// A colour `#rrggbb` or `#rrggbbaa`.
  case colour
  /// A checksum `sha256:<64 hex>` or `sha512:<128 hex>`, lowercase.
  case checksum
  /// A SHA-256 digest: 64 lowercase hex digits.
  case sha256
  /// A relative path inside the dataset, `/`-separated, without `.` or `..` segments.
  case relativePath
  /// A relative path pattern with `{placeholder}`s, e.g. `masks/{name}_mask.tif`.
  case pathPattern
  /// The version of this standard the manifest follows: `0.1` or `0.2`.
  case specVersion
  /// Free text that may be empty (rarely used).
  case anyText
}

extension StringFormat {
  /// Whether `text` follows this format (ORCID and ROR checksums, calendar dates and all).
  ///
  /// The same check the manifest reader applies; importers and the validator reuse it.
  /// - Parameter text: the value.
  /// - Returns: `true` when it conforms.
  public func accepts(_ text: String) -> Bool { FormatChecker.check(text, self) == nil }

  /// What is wrong with `text` in this format, with the rule it breaks and a hint, or `nil`.
  /// - Parameter text: the value.
  /// - Returns: the rule, a message and a hint.
  public func problem(with text: String) -> (rule: RuleID, message: String, hint: String?)? {
    FormatChecker.check(text, self).map { ($0.rule, $0.message, $0.hint) }
  }
}
