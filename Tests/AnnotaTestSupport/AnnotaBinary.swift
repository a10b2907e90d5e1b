// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The built `annota` executable, as the CLI tests run it.
public enum AnnotaBinary {
  /// Where it is: beside the test bundle.
  public static var path: String { Paths.products + "/annota" }

  /// Raised when the product has not been built.
  public struct NotBuilt: Error, CustomStringConvertible {
    /// What to do.
    public var description: String { "build the annota product first (`swift build`): \(AnnotaBinary.path)" }
  }
}

/// Runs `annota` with `arguments`, in `folder` when one is given.
/// - Parameters:
///   - arguments: the command line after `annota`.
///   - folder: the working directory, or `nil` for the current one.
/// - Returns: its output and exit status.
/// - Throws: ``AnnotaBinary/NotBuilt`` without the product; what `runProcess` throws.
public func annota(_ arguments: [String], in folder: String? = nil) throws -> ProcessOutput {
  guard FileManager.default.isExecutableFile(atPath: AnnotaBinary.path) else { throw AnnotaBinary.NotBuilt() }
  guard let folder else { return try runProcess(AnnotaBinary.path, arguments) }
  return try runProcess("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", folder, AnnotaBinary.path] + arguments)
}

/// Runs `annota` with `arguments`.
/// - Parameter arguments: the command line after `annota`.
/// - Returns: its output and exit status.
/// - Throws: ``AnnotaBinary/NotBuilt`` without the product; what `runProcess` throws.
public func annota(_ arguments: String...) throws -> ProcessOutput { try annota(arguments) }
