// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// What makes a validation run fail (`--fail-on`).
///
/// Something that could not be checked fails the run at every threshold: nothing unchecked ever
/// counts as passed. The thresholds differ in which findings fail it as well.
public enum FailureThreshold: String, Sendable, CaseIterable {
  /// Warnings and errors fail the run, and so does anything that could not be checked.
  case warning
  /// Errors fail the run, and so does anything that could not be checked (the default).
  case error
  /// Only what could not be checked fails the run: findings are reported but do not fail it. For an
  /// archive's triage pass that asks which submissions need a person before their findings matter.
  case couldNotCheck = "could-not-check"

  /// The lowest severity whose findings fail the run, or `nil` when no finding does.
  public var failingSeverity: Severity? {
    switch self {
    case .warning: .warning
    case .error: .error
    case .couldNotCheck: nil
    }
  }
}
