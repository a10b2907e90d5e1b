// SPDX-License-Identifier: Apache-2.0
public import ArgumentParser

/// The exit statuses of every `annota` command (docs/cli.md, "Exit status").
public enum ExitStatus: Int32, Sendable, CaseIterable {
  /// It ran, and found nothing at or above the threshold.
  case ok = 0
  /// It ran, and found what the command reports as a failure (errors, differences, TODOs…).
  case findings = 1
  /// It could not run: an input is missing or unreadable, an output cannot be written.
  case couldNotRun = 2
  /// The arguments are wrong (unknown option, bad value); the usage is printed.
  case usage = 64

  /// The status as ArgumentParser's exit code.
  public var exitCode: ExitCode { ExitCode(rawValue) }
}

/// A command that could not run (exit status 2): the message says what is wrong and what to do.
///
/// Commands throw it from `run()`; the root command prints it on standard error without the usage
/// text, which is for wrong arguments only (`ValidationError`, from `validate()`).
public struct CommandFailure: Error, Sendable, CustomStringConvertible {
  /// What is wrong and what to do, naming the path.
  public var message: String

  /// Creates a failure.
  /// - Parameter message: what is wrong and what to do.
  public init(_ message: String) { self.message = message }

  /// The message.
  public var description: String { message }

  /// An input that does not exist.
  /// - Parameters:
  ///   - path: the path as given.
  ///   - what: what it should be, e.g. `"dataset folder or manifest"`.
  /// - Returns: the failure.
  public static func missing(_ path: String, _ what: String) -> CommandFailure {
    CommandFailure("\(path): no such \(what); check the path")
  }
}
