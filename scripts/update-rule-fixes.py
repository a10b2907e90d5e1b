#!/usr/bin/env python3
"""Writes Sources/AnnotaModel/Diagnostics/RuleFixes.swift from the "How to fix" column of RULES.md.

Run by `make spec`; a test fails when the two disagree.
"""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
rules = root / "Specs/annota/0.2/RULES.md"
target = root / "Sources/AnnotaModel/Diagnostics/RuleFixes.swift"

rows = []
for line in rules.read_text(encoding="utf-8").splitlines():
    if re.match(r"^\| [A-Z]+-\d{3} \|", line):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        rows.append((cells[0], cells[-1].replace("\\|", "|")))


def swift_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


lines = [
    "// SPDX-License-Identifier: Apache-2.0",
    "// Generated from Specs/annota/0.2/RULES.md by scripts/update-rule-fixes.py (`make spec`); do not edit.",
    "",
    "/// How to fix each rule's findings, as the rule catalog (`Specs/annota/0.2/RULES.md`, column \"How to",
    "/// fix\") says it: the hint a finding carries when its check has nothing more specific to say.",
    "///",
    "/// Kept equal to the catalog by a test; every error and warning rule has one.",
    "public enum RuleFixes {",
    "  /// The catalog's fix for `rule`, or `nil` for a rule the catalog does not list.",
    "  /// - Parameter rule: the rule id.",
    "  /// - Returns: the fix.",
    "  public static func hint(for rule: RuleID) -> String? { fixes[rule.rawValue] }",
    "",
    "  /// Every rule's fix, by rule id.",
    "  public static let fixes: [String: String] = [",
]
lines += [f"    {swift_string(rule)}: {swift_string(fix)}," for rule, fix in rows]
lines += ["  ]", "}", ""]
target.write_text("\n".join(lines), encoding="utf-8")
print(f"{target.relative_to(root)}: {len(rows)} rules")
