// SPDX-License-Identifier: Apache-2.0
import AnnotaValidation
public import ArgumentParser
import Foundation

/// `--cache DIR` (or `ANNOTA_CACHE`), for the commands that validate: `validate` and `pack`.
public struct CacheOption: ParsableArguments {
  /// The facts cache folder.
  @Option(
    help: """
      A folder keeping what was learnt from each file by its content: a re-run hashes every file but \
      decodes only those whose bytes changed (default: the ANNOTA_CACHE environment variable, if set).
      """)
  public var cache: String?

  /// Creates the option (ArgumentParser calls this).
  public init() {}

  /// The cache named by `--cache`, else by a non-empty `ANNOTA_CACHE`, else none.
  /// - Throws: ``CommandFailure`` when the folder cannot be created or written.
  func factsCache() throws -> FactsCache? {
    let environment = ProcessInfo.processInfo.environment["ANNOTA_CACHE"].flatMap { $0.isEmpty ? nil : $0 }
    guard let folder = cache ?? environment else { return nil }
    do { return try FactsCache(directory: folder) } catch { throw CommandFailure(error.description) }
  }
}
