// SPDX-License-Identifier: Apache-2.0

/// Checks a string against a ``StringFormat``, returning the rule it breaks and what to do.
enum FormatChecker {
  struct Problem {
    var rule: RuleID
    var message: String
    var hint: String?
  }

  static func check(_ text: String, _ format: StringFormat) -> Problem? {
    if format != .anyText, text.trimmingWhitespace().isEmpty {
      return Problem(
        rule: ManifestRules.emptyText.id, message: "the value is empty",
        hint: "write the value, or remove the key if the field is optional")
    }
    if text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
      return Problem(rule: ManifestRules.wrongType.id, message: "the value contains control characters")
    }
    switch format {
    case .text, .anyText: return nil
    case .identifier:
      return isIdentifier(text)
        ? nil
        : Problem(
          rule: ManifestRules.identifierSyntax.id, message: "`\(text)` is not an identifier",
          hint: "use letters, digits, `.`, `_` and `-`, starting with a letter or digit")
    case .orcid:
      if ORCID.normalized(text) != nil { return nil }
      return Problem(
        rule: ManifestRules.identifierSyntax.id,
        message: "`\(text)` is not a valid ORCID iD (wrong form or check digit)",
        hint: "copy it from the person's ORCID page, e.g. 0000-0002-1825-0097")
    case .ror:
      if ROR.normalized(text) != nil { return nil }
      return Problem(
        rule: ManifestRules.identifierSyntax.id,
        message: "`\(text)` is not a valid ROR id (wrong form or checksum)",
        hint: "look the organisation up at ror.org and copy its id, e.g. https://ror.org/02catss52")
    case .curie:
      return isCURIE(text)
        ? nil
        : Problem(
          rule: ManifestRules.identifierSyntax.id, message: "`\(text)` is not a CURIE",
          hint: "write PREFIX:LOCAL, e.g. GO:0005634 or CL:0000236")
    case .ncbiTaxon:
      // The OBO CURIE or IRI, or the BIA's own form (`NCBI:txid9606`, its REMBI template's).
      let bia =
        text.hasPrefix("NCBI:txid") && text.count > 9 && text.dropFirst(9).allSatisfy { $0.isASCII && $0.isNumber }
      return isOBO(text, prefix: "NCBITaxon", digits: nil) || bia
        ? nil
        : Problem(
          rule: ManifestRules.identifierSyntax.id, message: "`\(text)` is not an NCBI Taxonomy id",
          hint: "write NCBITaxon:<number> or NCBI:txid<number>, e.g. NCBITaxon:9606 for Homo sapiens")
    case .fbbi:
      return isOBO(text, prefix: "FBbi", digits: 8)
        ? nil
        : Problem(
          rule: ManifestRules.identifierSyntax.id, message: "`\(text)` is not an FBbi id",
          hint: "write FBbi:<8 digits>, e.g. FBbi:00000251 for confocal microscopy")
    case .email:
      let parts = text.split(separator: "@", omittingEmptySubsequences: false)
      let ok =
        parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
        && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
        && !text.contains(where: \.isWhitespace)
      return ok
        ? nil
        : Problem(rule: ManifestRules.identifierSyntax.id, message: "`\(text)` is not an e-mail address")
    case .uri:
      return isURI(text)
        ? nil
        : Problem(
          rule: ManifestRules.identifierSyntax.id, message: "`\(text)` is not an absolute URI",
          hint: "start it with a scheme, e.g. https://")
    case .doi:
      var doi = Substring(text)
      for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"]
      where doi.hasPrefix(prefix) {
        doi = doi.dropFirst(prefix.count)
      }
      let parts = doi.split(separator: "/", maxSplits: 1)
      let ok =
        parts.count == 2 && parts[0].hasPrefix("10.") && parts[0].count >= 7
        && parts[0].dropFirst(3).allSatisfy({ $0.isNumber || $0 == "." })
        && !parts[1].contains(where: \.isWhitespace)
      return ok
        ? nil
        : Problem(
          rule: ManifestRules.identifierSyntax.id, message: "`\(text)` is not a DOI",
          hint: "write 10.<registrant>/<suffix>, e.g. 10.1038/s41592-021-01166-8")
    case .date:
      return ISO8601.isDate(text)
        ? nil
        : Problem(
          rule: ManifestRules.dateSyntax.id, message: "`\(text)` is not a date",
          hint: "write YYYY-MM-DD, e.g. 2026-11-22")
    case .dateTime:
      if ISO8601.isDateTime(text) { return nil }
      // The BIA's own MIFA example writes `2015-03-22 01:49:21`: accepted, read as UTC, and said.
      if ISO8601.isLocalDateTime(text) {
        return Problem(
          rule: ManifestRules.noTimeZone.id, message: "`\(text)` has no time zone; it is read as UTC",
          hint: "add one, e.g. \(String(text.map { $0 == " " ? "T" : $0 }))Z or an offset such as +02:00")
      }
      return Problem(
        rule: ManifestRules.dateSyntax.id, message: "`\(text)` is not a date-time with a time zone",
        hint: "write e.g. 2026-11-22T10:00:00Z (RFC 3339)")
    case .duration:
      return ISO8601.isDuration(text)
        ? nil
        : Problem(
          rule: ManifestRules.dateSyntax.id, message: "`\(text)` is not an ISO 8601 duration",
          hint: "write e.g. PT12H for twelve hours, P3DT4H for three days and four hours")
    case .licence:
      if Licences.isAccepted(text) { return nil }
      let suggestion = Suggestions.closest(to: text, among: Licences.spdxIDs)
      return Problem(
        rule: ManifestRules.licence.id,
        message: "`\(text)` is not an SPDX licence id or a BIA licence URL",
        hint: suggestion.map { "did you mean `\($0)`?" } ?? "write an SPDX id such as CC-BY-4.0 or CC0-1.0")
    case .colour:
      let hex = text.dropFirst()
      let ok =
        text.hasPrefix("#") && (hex.count == 6 || hex.count == 8) && hex.allSatisfy(\.isHexDigit)
      return ok
        ? nil
        : Problem(
          rule: ManifestRules.colour.id, message: "`\(text)` is not a colour",
          hint: "write #rrggbb or #rrggbbaa, e.g. \"#ff8800\" (quote it in YAML: # starts a comment)")
    case .checksum:
      return isChecksum(text)
        ? nil
        : Problem(
          rule: ManifestRules.checksum.id, message: "`\(text)` is not a checksum",
          hint: "write sha256:<64 lowercase hex digits> or sha512:<128 lowercase hex digits>")
    case .sha256:
      return isHex(text, count: 64)
        ? nil
        : Problem(
          rule: ManifestRules.checksum.id, message: "`\(text)` is not a SHA-256 digest",
          hint: "write 64 lowercase hex digits")
    case .relativePath:
      return PathRules.problem(in: text, allowPlaceholders: false).map {
        Problem(
          rule: ManifestRules.path.id, message: "`\(text)`: \($0)",
          hint: "write a path relative to the dataset root, with `/` separators")
      }
    case .pathPattern:
      if let problem = PathRules.problem(in: text, allowPlaceholders: true) {
        return Problem(rule: ManifestRules.path.id, message: "`\(text)`: \(problem)")
      }
      if PathRules.placeholders(in: text) == nil {
        return Problem(
          rule: ManifestRules.pairingPattern.id, message: "`\(text)` has unbalanced or empty `{}`",
          hint: "write placeholders as {name}")
      }
      return nil
    case .specVersion:
      return AnnotaSpec.versions.contains(text)
        ? nil
        : Problem(
          rule: ManifestRules.specVersion.id,
          message:
            "this Annota reads standard versions \(AnnotaSpec.versions.joined(separator: " and ")), not `\(text)`",
          hint: "write annota: \"\(AnnotaSpec.version)\", or use the Annota release that reads \(text)")
    }
  }

  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
    return text.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "." || $0 == "_" || $0 == "-" }
  }

  static func isCURIE(_ text: String) -> Bool {
    guard let colon = text.firstIndex(of: ":") else { return false }
    let prefix = text[..<colon]
    let local = text[text.index(after: colon)...]
    guard let first = prefix.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
      prefix.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || $0 == "_" || $0 == "-" || $0 == "." }),
      !local.isEmpty, !local.hasPrefix("//"), !local.contains(where: \.isWhitespace)
    else { return false }
    return true
  }

  private static func isOBO(_ text: String, prefix: String, digits: Int?) -> Bool {
    var local: Substring
    if text.hasPrefix(prefix + ":") {
      local = text.dropFirst(prefix.count + 1)
    } else if text.hasPrefix("http://purl.obolibrary.org/obo/\(prefix)_") {
      local = text.dropFirst("http://purl.obolibrary.org/obo/\(prefix)_".count)
    } else {
      return false
    }
    if local.isEmpty { return false }
    if let digits, local.count != digits { return false }
    local = local.drop { $0.isASCII && $0.isNumber }
    return local.isEmpty
  }

  private static func isURI(_ text: String) -> Bool {
    guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return false }
    let scheme = text[..<colon]
    guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
      scheme.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || $0 == "+" || $0 == "-" || $0 == "." })
    else { return false }
    let rest = text[text.index(after: colon)...]
    return !rest.isEmpty && !text.contains(where: \.isWhitespace)
  }

  private static func isChecksum(_ text: String) -> Bool {
    if text.hasPrefix("sha256:") { return isHex(String(text.dropFirst(7)), count: 64) }
    if text.hasPrefix("sha512:") { return isHex(String(text.dropFirst(7)), count: 128) }
    return false
  }

  private static func isHex(_ text: String, count: Int) -> Bool {
    text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}

extension Unicode.Scalar {
  var isASCIIAlphanumeric: Bool {
    ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
  }
}

extension String {
  func trimmingWhitespace() -> Substring {
    let start = firstIndex { !$0.isWhitespace } ?? endIndex
    let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
    return self[start..<max(start, end)]
  }
}
