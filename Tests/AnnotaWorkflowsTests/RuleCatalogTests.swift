// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

/// The one rule catalog (``RuleCatalog``) against the one RULES.md: every rule of every family, in
/// order, with its severity, and nothing else.
@Suite("Rule catalog")
struct RuleCatalogTests {
  /// RULES.md's rule rows: id and severity, in order.
  static func rows() throws -> [(id: String, severity: String)] {
    let text = try String(contentsOfFile: Paths.spec + "/RULES.md", encoding: .utf8)
    return text.split(separator: "\n").compactMap { line in
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard line.hasPrefix("| "), cells.count >= 2, cells[0].wholeMatch(of: /[A-Z]+-[0-9]{3}/) != nil else {
        return nil
      }
      return (cells[0], cells[1])
    }
  }

  @Test func rulesMDListsExactlyTheCatalogInOrder() throws {
    let rows = try Self.rows()
    #expect(rows.map(\.id) == RuleCatalog.all.map(\.id.rawValue))
    #expect(rows.map(\.severity) == RuleCatalog.all.map(\.severity.rawValue))
  }

  @Test func everyFamilyHoldsOnlyItsOwnIds() {
    for family in RuleCatalog.families {
      #expect(!family.rules.isEmpty, "\(family.prefix)")
      for rule in family.rules { #expect(rule.id.rawValue.hasPrefix(family.prefix + "-"), "\(rule.id)") }
    }
    #expect(Set(RuleCatalog.all.map(\.id)).count == RuleCatalog.all.count, "no id twice")
  }
}

/// Every error and warning carries a hint: the rule catalog's fix when the check has nothing more
/// specific to say.
@Suite("Hints")
struct HintTests {
  static let catalog = RuleCatalog.all

  @Test func everyErrorAndWarningRuleHasAFix() {
    for rule in Self.catalog where rule.severity != .info {
      #expect(!(RuleFixes.hint(for: rule.id) ?? "").isEmpty, "\(rule.id) has no fix in RULES.md")
    }
  }

  @Test func aFindingWithoutItsOwnHintCarriesTheCatalogFix() {
    for rule in Self.catalog {
      let finding = rule.finding("something", at: SourceLocation(file: "x"))
      #expect(finding.hint == RuleFixes.hint(for: rule.id))
    }
  }

  @Test func theFixesAreTheCatalogsHowToFixColumn() throws {
    let text = try String(contentsOfFile: Paths.spec + "/RULES.md", encoding: .utf8)
    var fromCatalog: [String: String] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix("| ") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false)
      guard cells.count >= 3, let id = cells.dropFirst().first?.trimmingCharacters(in: .whitespaces),
        id.wholeMatch(of: /[A-Z]+-[0-9]{3}/) != nil
      else { continue }
      // The last cell; `\|` inside a cell is an escaped bar.
      let row = String(line).replacingOccurrences(of: #"\|"#, with: "\u{1}")
      let last = row.split(separator: "|", omittingEmptySubsequences: false).dropLast().last ?? ""
      fromCatalog[id] = last.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{1}", with: "|")
    }
    #expect(fromCatalog == RuleFixes.fixes, "run `make spec` (scripts/update-rule-fixes.py)")
  }

  @Test func manifestFindingsCarryHints() {
    let text = "annota: \"0.1\"\nstudy:\n  title: x\n"
    let result = ManifestReader.read(bytes: Array(text.utf8), syntax: .yaml, file: "annota.yaml")
    #expect(!result.diagnostics.isEmpty)
    for finding in result.diagnostics where finding.severity != .info {
      #expect(finding.hint != nil, "\(finding)")
    }
  }
}
