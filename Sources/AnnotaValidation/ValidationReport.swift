// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// The result of validating a dataset: every finding, and every check that could not run.
public struct ValidationReport: Sendable, Codable {
  /// Counts for the whole run.
  public struct Summary: Sendable, Codable, Hashable {
    /// Findings by severity.
    public var errors: Int, warnings: Int, infos: Int
    /// Checks that could not run (never counted as passed).
    public var couldNotCheck: Int
    /// Findings a waiver accepts (not counted above).
    public var waived: Int
    /// Files examined and their bytes.
    public var files: Int, bytes: Int

    enum CodingKeys: String, CodingKey {
      case errors, warnings, infos
      case couldNotCheck = "could_not_check"
      case waived, files, bytes
    }
  }

  /// A check that could not run, and why (an unsupported compression, an unreadable image…).
  public typealias Unchecked = CouldNotCheck

  /// Findings of one rule in one file beyond the first ones listed: counted in the summary, not
  /// listed one by one (a mask with thousands of split ids would drown the report).
  public struct Omitted: Sendable, Codable, Hashable {
    /// The rule.
    public var rule: RuleID
    /// The findings' severity.
    public var severity: Severity
    /// The file.
    public var location: SourceLocation
    /// How many findings were not listed.
    public var count: Int

    /// Creates an entry.
    /// - Parameters:
    ///   - rule: the rule.
    ///   - severity: the findings' severity.
    ///   - location: the file.
    ///   - count: how many were not listed.
    public init(rule: RuleID, severity: Severity, location: SourceLocation, count: Int) {
      self.rule = rule
      self.severity = severity
      self.location = location
      self.count = count
    }
  }

  /// The dataset validated.
  public var dataset: String
  /// The counts.
  public var summary: Summary
  /// Every finding, sorted by file, then position.
  public var diagnostics: [Diagnostic]
  /// Checks that could not run.
  public var unchecked: [Unchecked]
  /// Findings counted but not listed, per rule and file ("… and N more").
  public var omitted: [Omitted] = []
  /// Completeness and status of `core` and of each profile asked for (empty for a single file).
  public var profiles: [ProfileResult] = []

  /// Builds a report from findings.
  /// - Parameters:
  ///   - dataset: the dataset's path.
  ///   - diagnostics: the findings.
  ///   - unchecked: checks that could not run.
  ///   - files: files examined.
  ///   - bytes: bytes examined.
  ///   - profiles: completeness per profile.
  ///   - omitted: findings counted but not listed.
  public init(
    dataset: String, diagnostics: [Diagnostic], unchecked: [Unchecked], files: Int, bytes: Int,
    profiles: [ProfileResult] = [], omitted: [Omitted] = []
  ) {
    self.profiles = profiles
    self.omitted = omitted
    self.dataset = dataset
    self.diagnostics = diagnostics.sorted {
      ($0.location.file, $0.location.line ?? 0, $0.rule.rawValue) < (
        $1.location.file, $1.location.line ?? 0, $1.rule.rawValue
      )
    }
    self.unchecked = unchecked
    let counted = diagnostics.filter { $0.waived == nil }
    func unlisted(_ severity: Severity) -> Int {
      omitted.filter { $0.severity == severity }.reduce(0) { $0 + $1.count }
    }
    summary = Summary(
      errors: counted.filter { $0.severity == .error }.count + unlisted(.error),
      warnings: counted.filter { $0.severity == .warning }.count + unlisted(.warning),
      infos: counted.filter { $0.severity == .info }.count + unlisted(.info), couldNotCheck: unchecked.count,
      waived: diagnostics.count - counted.count, files: files, bytes: bytes)
  }

  /// The report with `waivers` applied (waived findings stay listed, marked, and stop counting).
  /// - Parameters:
  ///   - waivers: the waivers.
  ///   - today: `YYYY-MM-DD`, for expiry.
  /// - Returns: the new report.
  public func waiving(_ waivers: Waivers, today: String) -> ValidationReport {
    ValidationReport(
      dataset: dataset, diagnostics: waivers.apply(to: diagnostics, today: today), unchecked: unchecked,
      files: summary.files, bytes: summary.bytes, profiles: profiles, omitted: omitted)
  }

  /// Whether anything at or above `severity` was found (or could not be checked, which never passes).
  /// - Parameter severity: the threshold.
  /// - Returns: `true` when the run should fail.
  public func fails(at severity: Severity) -> Bool {
    switch severity {
    case .error: summary.errors > 0 || summary.couldNotCheck > 0
    case .warning: summary.errors + summary.warnings > 0 || summary.couldNotCheck > 0
    case .info: summary.errors + summary.warnings + summary.infos > 0 || summary.couldNotCheck > 0
    }
  }

  /// Whether the run fails at `threshold`: anything that could not be checked always does.
  /// - Parameter threshold: the threshold.
  /// - Returns: `true` when the run should fail.
  public func fails(on threshold: FailureThreshold) -> Bool {
    guard let severity = threshold.failingSeverity else { return summary.couldNotCheck > 0 }
    return fails(at: severity)
  }
}
