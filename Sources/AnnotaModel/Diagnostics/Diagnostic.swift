// SPDX-License-Identifier: Apache-2.0

/// One finding: which rule, how serious, where, what is wrong, and how to fix it.
///
/// Findings are data, not thrown errors, so every problem in a file is reported in one pass.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The rule that produced this finding.
  public var rule: RuleID
  /// How serious it is.
  public var severity: Severity
  /// What is wrong, naming the offending value and what was expected.
  public var message: String
  /// How to fix it, when there is something specific to say (for example "did you mean
  /// `licence`?").
  public var hint: String?
  /// Where it applies.
  public var location: SourceLocation
  /// Why the finding is accepted, when a waiver covers it; waived findings stay in the report but do
  /// not count.
  public var waived: String?

  /// Creates a finding.
  /// - Parameters:
  ///   - rule: the rule id.
  ///   - severity: how serious.
  ///   - message: what is wrong.
  ///   - hint: how to fix it.
  ///   - location: where.
  public init(
    rule: RuleID, severity: Severity, message: String, hint: String? = nil,
    location: SourceLocation
  ) {
    self.rule = rule
    self.severity = severity
    self.message = message
    self.hint = hint
    self.location = location
  }

  /// `location: severity[RULE]: message (hint)` — the compiler-style line users paste into issues.
  public var description: String {
    var text = "\(location): \(severity.rawValue)[\(rule)]: \(message)"
    if let hint { text += " — \(hint)" }
    if let waived { text += " (waived: \(waived))" }
    return text
  }
}
