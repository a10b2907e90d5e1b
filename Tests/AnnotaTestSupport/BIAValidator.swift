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
}
