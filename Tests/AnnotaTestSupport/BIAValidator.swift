// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The BioImage Archive's own RO-Crate validator (`../shared/tools/bia-validator/bia-validate`).
public enum BIAValidator {
  /// Where the wrapper is.
  public static let path = Paths.project("../shared/tools/bia-validator/bia-validate")

  /// Runs the validator on a crate folder.
  /// - Parameter crate: the crate folder (a path without spaces: the validator mis-reads those).
  /// - Returns: its output and status (0: no finding at WARNING or above), or `nil` when it cannot
  ///   run here: the tool is absent (no `../shared`), or it exits 3 (no Python 3.13 on the machine).
  /// - Throws: when the process cannot be started.
  public static func run(_ crate: String) throws -> ProcessOutput? {
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let run = try runProcess(path, [crate])
    return run.status == 3 ? nil : run
  }

  /// What the BIA's RO-Crate parser built from a crate.
  public struct Parse: Sendable {
    /// The parser's issues as (severity, message): `("ERROR", "…")`.
    public var issues: [(severity: String, message: String)]
    /// The RO-Crate models built, counted by class name (`Dataset`, `ImageAnalysisMethod`…).
    public var models: [String: Int]
    /// The file list's rows, when it parsed.
    public var fileListRows: Int?
    /// Network access the parser attempted (refused).
    public var blocked: [String]
    /// Why parsing stopped, when it did.
    public var failure: String?
  }

  /// Runs the parser the BIA's ingest starts with (`bia_ro_crate`'s `ROCrateParser`, in the venv the
  /// validator wrapper provisions) on a crate, offline, through `Tests/Peers/bia_ro_crate_parse.py`.
  /// - Parameter crate: the crate folder.
  /// - Returns: what it built, or `nil` when the validator cannot run here (see ``run(_:)``).
  /// - Throws: when a process cannot be started or the parser's report is not JSON.
  public static func parse(_ crate: String) throws -> Parse? {
    let home =
      ProcessInfo.processInfo.environment["BIA_VALIDATOR_HOME"]
      ?? (NSHomeDirectory() + "/.cache/annota-bia-validator")
    let python = home + "/venv/bin/python"
    let context = home + "/ro-crate-1.1-context.jsonld"
    if !FileManager.default.isExecutableFile(atPath: python) || !FileManager.default.fileExists(atPath: context) {
      // The wrapper makes the venv and the context on its first run.
      guard try run(crate) != nil else { return nil }
    }
    let run = try runProcess(python, [Paths.project("Tests/Peers/bia_ro_crate_parse.py"), crate, context])
    guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] else {
      throw CocoaError(.propertyListReadCorrupt, userInfo: [NSDebugDescriptionErrorKey: run.stderr])
    }
    let issues = (object["issues"] as? [[String: String]] ?? []).map {
      (severity: $0["severity"] ?? "", message: $0["message"] ?? "")
    }
    return Parse(
      issues: issues, models: object["models"] as? [String: Int] ?? [:],
      fileListRows: object["file_list_rows"] as? Int, blocked: object["blocked"] as? [String] ?? [],
      failure: object["failure"] as? String)
  }
}
