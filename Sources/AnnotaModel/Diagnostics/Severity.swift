// SPDX-License-Identifier: Apache-2.0

/// How serious a finding is.
///
/// A closed set: the spec defines exactly these three.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
  /// Information only; nothing to fix.
  case info
  /// Should be fixed; the dataset can still be used.
  case warning
  /// Must be fixed; the dataset does not conform.
  case error

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
  }

  /// Orders info < warning < error.
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
