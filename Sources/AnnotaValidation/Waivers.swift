// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// Accepted findings: a rule, the files it is accepted for (a glob), why, and until when.
///
/// The waiver file is a UTF-8 TSV with the header `rule`, `target`, `reason` and optionally
/// `expires` (an ISO 8601 date, inclusive). In targets `*` matches within one path segment, `**`
/// across segments and `?` one character. A waived finding stays in the report, marked with the
/// reason, and no longer counts; an expired waiver no longer applies.
public struct Waivers: Sendable {
  /// One waiver.
  public struct Waiver: Sendable, Hashable {
    /// The rule accepted.
    public var rule: RuleID
    /// The files it is accepted for.
    public var target: String
    /// Why.
    public var reason: String
    /// The last day it applies (`YYYY-MM-DD`), if any.
    public var expires: String?
  }

  /// A waiver file that cannot be read, with the row: a `AnnotaModel/TableError`.
  public typealias ParseError = TableError

  /// The waivers, in file order.
  public var waivers: [Waiver]

  /// Parses a waiver file.
  /// - Parameter text: the TSV.
  /// - Throws: ``ParseError`` naming the row.
  public init(tsv text: String) throws(ParseError) {
    let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    guard let header = rows.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init),
      let ruleColumn = header.firstIndex(of: "rule"), let targetColumn = header.firstIndex(of: "target"),
      let reasonColumn = header.firstIndex(of: "reason")
    else { throw ParseError(code: .header, row: 1, message: "the header needs `rule`, `target` and `reason` columns") }
    let expiresColumn = header.firstIndex(of: "expires")
    waivers = []
    for (index, row) in rows.enumerated().dropFirst() where !row.isEmpty {
      let cells = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == header.count else {
        throw ParseError(row: index + 1, message: "\(cells.count) cells; the header has \(header.count)")
      }
      let rule = cells[ruleColumn]
      guard rule.wholeMatch(of: /[A-Z]+-[0-9]{3}/) != nil else {
        throw ParseError(row: index + 1, message: "`\(rule)` is not a rule id such as FILE-002")
      }
      guard !cells[reasonColumn].isEmpty else { throw ParseError(row: index + 1, message: "a waiver needs a reason") }
      let expires = expiresColumn.map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }
      if let expires, expires.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) == nil {
        throw ParseError(row: index + 1, message: "expires `\(expires)` is not a date YYYY-MM-DD")
      }
      waivers.append(
        Waiver(rule: RuleID(rawValue: rule), target: cells[targetColumn], reason: cells[reasonColumn], expires: expires)
      )
    }
  }

  /// `diagnostics` with the covered ones marked waived.
  /// - Parameters:
  ///   - diagnostics: the findings.
  ///   - today: the date (`YYYY-MM-DD`) against which expiry is judged.
  /// - Returns: the findings, waived ones marked.
  public func apply(to diagnostics: [Diagnostic], today: String) -> [Diagnostic] {
    diagnostics.map { diagnostic in
      var copy = diagnostic
      if let waiver = waivers.first(where: {
        $0.rule == diagnostic.rule && ($0.expires.map { $0 >= today } ?? true)
          && Self.glob($0.target, matches: diagnostic.location.file)
      }) {
        copy.waived = waiver.reason + (waiver.expires.map { " (until \($0))" } ?? "")
      }
      return copy
    }
  }

  /// Glob matching with `*` (within a segment), `**` (across segments) and `?`.
  static func glob(_ pattern: String, matches path: String) -> Bool {
    func match(_ p: Substring, _ s: Substring) -> Bool {
      guard let first = p.first else { return s.isEmpty }
      if p.hasPrefix("**") {
        let rest = p.dropFirst(2).drop { $0 == "/" }
        var tail = s
        while true {
          if match(rest, tail) { return true }
          guard !tail.isEmpty else { return false }
          tail = tail.dropFirst()
        }
      }
      if first == "*" {
        var tail = s
        while true {
          if match(p.dropFirst(), tail) { return true }
          guard let next = tail.first, next != "/" else { return false }
          tail = tail.dropFirst()
        }
      }
      guard let head = s.first, first == "?" ? head != "/" : first == head else { return false }
      return match(p.dropFirst(), s.dropFirst())
    }
    return match(pattern[...], path[...])
  }
}
