// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import FoundationEssentials

/// Renders a ``ValidationReport`` for people (text grouped by file) or machines (JSON).
public enum ReportRenderer {
  /// Output formats.
  public enum Format: String, Sendable, CaseIterable {
    /// Text grouped by file.
    case text
    /// JSON: `dataset`, `summary`, `diagnostics`, `unchecked`, `omitted`.
    case json
    /// SARIF 2.1.0.
    case sarif
    /// JUnit XML.
    case junit
    /// Markdown.
    case md
  }

  /// The report in `format`.
  /// - Parameters:
  ///   - report: the report.
  ///   - format: the format.
  ///   - colour: ANSI colours for severities (text only; callers pass `false` unless stdout is a TTY
  ///     and `NO_COLOR` is unset).
  ///   - failOn: for JUnit, the severity from which findings are failures (`nil`: none is).
  ///   - version: the toolkit's version, for SARIF.
  ///   - rules: rules from outside the validator (the packer's `BAG` rules), for SARIF's catalog.
  /// - Returns: the text, ending in a newline.
  public static func render(
    _ report: ValidationReport, as format: Format, colour: Bool = false, failOn: Severity? = .error,
    version: String = AnnotaToolkit.version, rules: [Rule] = []
  ) -> String {
    switch format {
    case .sarif: return CIRenderers.sarif(report, version: version, extraRules: rules)
    case .junit: return CIRenderers.junit(report, failOn: failOn)
    case .md: return CIRenderers.markdown(report)
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      return (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
    case .text:
      var out = ""
      var byFile: [String: [Diagnostic]] = [:]
      for diagnostic in report.diagnostics { byFile[diagnostic.location.file, default: []].append(diagnostic) }
      for item in report.omitted where byFile[item.location.file] == nil { byFile[item.location.file] = [] }
      for file in byFile.keys.sorted() {
        out += file + "\n"
        for diagnostic in byFile[file]! {
          var location = diagnostic.location
          location.file = ""
          let place = location.description.trimmingPrefix(while: { $0 == " " })
          let severity = paint(diagnostic.severity.rawValue, diagnostic.severity, colour)
          let waived = diagnostic.waived.map { " (waived: \($0))" } ?? ""
          out +=
            "  \(place.isEmpty ? "" : place + ": ")\(severity)[\(diagnostic.rule)]: \(diagnostic.message)\(waived)\n"
          if let hint = diagnostic.hint { out += "    hint: \(hint)\n" }
        }
        for item in report.omitted where item.location.file == file {
          out += "  … and \(item.count) more \(item.severity.rawValue)(s) [\(item.rule)] in this file\n"
        }
      }
      for item in report.unchecked {
        out += "\(item.location.file)\n  could not check [\(item.rule)]: \(item.reason)\n"
      }
      for profile in report.profiles {
        var missing =
          profile.missingRequired.isEmpty ? "" : "; missing: " + profile.missingRequired.joined(separator: ", ")
        if !profile.missingRecommended.isEmpty {
          missing += "; recommended missing: " + profile.missingRecommended.joined(separator: ", ")
        }
        // Every required field present but not satisfied: the errors above are why.
        let verdict =
          profile.satisfied
          ? "satisfied" : profile.missingRequired.isEmpty ? "not satisfied (errors above)" : "not satisfied"
        out +=
          "profile \(profile.name): \(verdict) — required \(profile.required.present)/\(profile.required.total), recommended \(profile.recommended.present)/\(profile.recommended.total)\(missing)\n"
      }
      let s = report.summary
      out +=
        "\(s.errors) error(s), \(s.warnings) warning(s), \(s.infos) info(s), \(s.couldNotCheck) could not check\(s.waived > 0 ? ", \(s.waived) waived" : ""); \(s.files) file(s), \(s.bytes) bytes\n"
      return out
    }
  }

  private static func paint(_ text: String, _ severity: Severity, _ colour: Bool) -> String {
    guard colour else { return text }
    let code =
      switch severity {
      case .error: "31"
      case .warning: "33"
      case .info: "36"
      }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}
