// SPDX-License-Identifier: Apache-2.0

/// The type of a field's value in the manifest.
public indirect enum ValueType: Sendable, Hashable {
  /// A string with a syntax.
  case string(StringFormat)
  /// An integer within optional bounds.
  case integer(minimum: Int?, maximum: Int?)
  /// A number within optional bounds (inclusive).
  case number(minimum: Double?, maximum: Double?)
  /// `true` or `false`.
  case boolean
  /// One value of a closed vocabulary.
  case vocabulary(Vocabulary)
  /// A list of values of one type.
  case list(ValueType, minItems: Int)
  /// An object described by the named ``ObjectSpec``.
  case object(String)
  /// An affine matrix: (n+1) rows of (n+1) numbers, n = 2 or 3, last row `[0 … 0 1]`.
  case affineMatrix

  /// A human word for the type, used in messages ("a list of mappings", "an ORCID iD"…).
  public var phrase: String {
    switch self {
    case .string(let format): format.phrase
    case .integer: "an integer"
    case .number: "a number"
    case .boolean: "true or false"
    case .vocabulary(let vocabulary): "one of \(vocabulary.name)"
    case .list(let item, _): "a list of \(item.itemPhrase)"
    case .object(let name): "a mapping (\(name))"
    case .affineMatrix: "an affine matrix (a list of rows of numbers)"
    }
  }

  var itemPhrase: String {
    switch self {
    case .object: "mappings"
    case .string(.text), .string(.anyText): "strings"
    default: "values (\(phrase))"
    }
  }
}

extension StringFormat {
  /// How messages name the format.
  public var phrase: String {
    switch self {
    case .text, .anyText: "a string"
    case .identifier: "an identifier (letters, digits, `.`, `_`, `-`)"
    case .orcid: "an ORCID iD such as 0000-0002-1825-0097"
    case .ror: "a ROR id such as https://ror.org/02catss52"
    case .curie: "a CURIE such as GO:0005634"
    case .ncbiTaxon: "an NCBI Taxonomy id such as NCBITaxon:9606 or NCBI:txid9606"
    case .fbbi: "an FBbi id such as FBbi:00000251"
    case .email: "an e-mail address"
    case .uri: "a URI such as https://example.org/page"
    case .doi: "a DOI such as 10.1038/s41592-021-01166-8"
    case .date: "a date YYYY-MM-DD"
    case .dateTime: "a date-time such as 2026-11-22T10:00:00Z"
    case .duration: "an ISO 8601 duration such as PT12H"
    case .licence: "an SPDX licence id such as CC-BY-4.0, or a BIA licence URL"
    case .colour: "a colour #rrggbb or #rrggbbaa"
    case .checksum: "a checksum sha256:<64 hex digits>"
    case .sha256: "a SHA-256 digest (64 lowercase hex digits)"
    case .relativePath: "a relative path such as images/cell_01.tif"
    case .pathPattern: "a path pattern such as masks/{name}_mask.tif"
    case .specVersion: "a standard version (\(AnnotaSpec.versions.map { "\"\($0)\"" }.joined(separator: " or ")))"
    }
  }
}
