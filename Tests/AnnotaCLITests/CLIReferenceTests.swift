// SPDX-License-Identifier: Apache-2.0
import AnnotaCLI
import AnnotaTestSupport
import ArgumentParser
import Foundation
import Testing

/// docs/cli.md against the parser: every command has its section, every option `--help` shows is
/// named there, and every option the section's heading names exists.
@Suite("CLI reference")
struct CLIReferenceTests {
  /// The options a command's `--help` lists (long names), but `--help` and `--version`.
  static func options(_ command: [String]) throws -> Set<String> {
    let help = try annota(command + ["--help"]).stdout
    let section = help.components(separatedBy: "OPTIONS:").last ?? ""
    let names = section.matches(of: /--[a-z][a-z0-9-]*/).map { String($0.output) }
    return Set(names).subtracting(["--help", "--version"])
  }

  /// The text of docs/cli.md's section for `command`: from its heading to the next one; a heading
  /// that goes on with one of `others` (sibling subcommands) is theirs.
  static func section(_ command: String, in reference: String, others: [String] = []) -> (
    heading: String, body: String
  )? {
    let parts = reference.components(separatedBy: "\n## ")
    guard
      let part = parts.first(where: { part in
        part.hasPrefix("`annota \(command)")
          && !others.contains { part.hasPrefix("`annota \(command) \($0)") }
      })
    else { return nil }
    let heading = String(part.prefix { $0 != "\n" })
    return (heading, part)
  }

  @Test func everyCommandAndOptionIsDocumented() throws {
    let reference = try String(contentsOfFile: Paths.project("docs/cli.md"), encoding: .utf8)
    // Every command, and every subcommand of one that has them (the default one documented under
    // its parent's name, as users type it).
    var commands: [(name: String, words: [String], others: [String])] = []
    for command in AnnotaCommand.configuration.subcommands {
      guard let name = command.configuration.commandName else { continue }
      let subcommands = command.configuration.subcommands
      guard !subcommands.isEmpty else {
        commands.append((name, [name], []))
        continue
      }
      let names = subcommands.compactMap { $0.configuration.commandName }
      for sub in subcommands {
        guard let subName = sub.configuration.commandName else { continue }
        let isDefault = command.configuration.defaultSubcommand.map { ObjectIdentifier($0) } == ObjectIdentifier(sub)
        commands.append(
          isDefault
            ? (name, [name, subName], names.filter { $0 != subName }) : ("\(name) \(subName)", [name, subName], []))
      }
    }
    #expect(commands.count >= 12)
    for (command, words, others) in commands {
      let section = try #require(
        Self.section(command, in: reference, others: others), "docs/cli.md has no section for \(command)")
      let options = try Self.options(words)
      // The limit options are documented once, in their own section.
      let limits = reference.components(separatedBy: "\n## ").first { $0.hasPrefix("Limits") } ?? ""
      for option in options where !section.body.contains(option) && !limits.contains(option) {
        Issue.record("docs/cli.md, `annota \(command)`: \(option) is not described")
      }
      for named in section.heading.matches(of: /--[a-z][a-z0-9-]*/).map({ String($0.output) })
      where !options.contains(named) && named != "--help" && named != "--version" {
        Issue.record("docs/cli.md, `annota \(command)`: the heading names \(named), which --help does not list")
      }
    }
  }
}
