// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaValidation
import AnnotaWorkflows

/// The report as one HTML document: summary, findings, plots, gallery and comparison.
///
/// Its style and script are inline and its pictures data URIs, so the file opens anywhere,
/// offline. Everything taken from the dataset (titles, names, paths, messages) is escaped.
struct ReportPage {
  var content: DatasetContent
  var run: ValidationRun
  var options: DatasetReport.Options
  var selection: CardSelection
  var pictures: [Int: CardPicture]
  var comparison: ComparisonSection?
  var generator: String

  /// The document.
  func html() -> String {
    let title = "Annota report: " + content.manifest.study.title
    var out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    // No request may leave the page: the policy says so to the browser too.
    out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
    out += "<meta name=\"generator\" content=\"\(h(generator))\">"
    out += "<title>\(h(title))</title><style>\(ReportAssets.style)</style></head><body>"
    out += "<a class=\"skip\" href=\"#gallery\">Skip to the gallery</a>"
    out += "<header><h1>\(h(title))</h1><nav aria-label=\"Sections\"><ul>"
    out += "<li><a href=\"#summary\">Summary</a></li><li><a href=\"#findings\">Findings</a></li>"
    out += "<li><a href=\"#plots\">Plots</a></li><li><a href=\"#gallery\">Gallery</a></li>"
    if comparison != nil { out += "<li><a href=\"#compare\">Compare</a></li>" }
    out += "</ul></nav></header><main>"
    out += summary()
    out += findings()
    out += PlotSection(content: content, run: run).html()
    out += GallerySection(content: content, run: run, selection: selection, pictures: pictures).html()
    if let comparison { out += comparison.html() }
    out += "</main><footer><p>Written by \(h(generator)). Every file listed was read in full; what could not be "
    out += "read or checked is said so above, never counted as passed.</p></footer>"
    out += "<script>\(ReportAssets.script)</script></body></html>\n"
    return out
  }

  private func summary() -> String {
    let manifest = content.manifest
    let summary = run.report.summary
    var out = "<section id=\"summary\" aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Summary</h2>"
    let verdict: String
    if summary.errors > 0 {
      verdict = "Validation failed: \(count(summary.errors, "error")) must be fixed before deposit."
    } else if summary.couldNotCheck > 0 {
      verdict = "No error, but \(summary.couldNotCheck) check(s) could not run: not passed in full."
    } else {
      verdict = "Validation passed: no error, and every check ran."
    }
    let state = summary.errors > 0 ? "fail" : summary.couldNotCheck > 0 ? "partial" : "pass"
    out += "<p class=\"verdict \(state)\">\(h(verdict))</p>"
    if run.report.diagnostics.contains(where: { $0.rule == FileRules.noManifest.id }) {
      out += "<p class=\"verdict partial\">No manifest: the images and annotations below were inferred from the "
      out += "folder as <code>annota init</code> would; the study's facts are placeholders until one is written.</p>"
    }
    out += "<div class=\"facts\"><dl>"
    out += row("Study", manifest.study.title)
    if !manifest.study.description.isEmpty { out += row("Description", manifest.study.description) }
    out += row("Licence", manifest.study.licence.isEmpty ? "not stated" : manifest.study.licence)
    if !manifest.study.authors.isEmpty {
      out += row("Authors", manifest.study.authors.map(\.name).joined(separator: ", "))
    }
    out += row("Images", String(manifest.images.count))
    let files = manifest.annotationSets.reduce(0) { $0 + $1.files.count }
    out += row("Annotation sets", "\(manifest.annotationSets.count), with \(files) annotation files")
    out += row(
      "Files read", "\(summary.files) files, \(SVGChart.short(Double(summary.bytes) / 1_048_576)) MiB, every byte")
    out += row(
      "Findings",
      "\(count(summary.errors, "error")), \(count(summary.warnings, "warning")), \(summary.infos) info, "
        + "\(summary.couldNotCheck) could not check" + (summary.waived > 0 ? ", \(summary.waived) waived" : ""))
    out += "</dl><div>"
    // Splits.
    if !content.splits.isEmpty {
      out +=
        "<h3>Splits</h3><table><thead><tr><th scope=\"col\">Split</th><th scope=\"col\">Images</th></tr></thead><tbody>"
      for split in content.splits {
        out += "<tr><td>\(h(split))</td><td>\(manifest.images.filter { $0.split == split }.count)</td></tr>"
      }
      let none = manifest.images.filter { $0.split == nil }.count
      if none > 0 { out += "<tr><td><em>no split</em></td><td>\(none)</td></tr>" }
      out += "</tbody></table>"
    }
    // Sets and objects.
    out += "<h3>Annotation sets</h3><table><thead><tr><th scope=\"col\">Set</th><th scope=\"col\">Encoding</th>"
    out += "<th scope=\"col\">Files</th></tr></thead><tbody>"
    for set in manifest.annotationSets {
      let kind = set.kind.map { " (\($0.rawValue))" } ?? ""
      out += "<tr><td>\(h(set.name)) <code>\(h(set.id))</code></td><td>\(h(set.encoding.rawValue + kind))</td>"
      out += "<td>\(set.files.count)</td></tr>"
    }
    out += "</tbody></table>"
    if !content.classes.isEmpty {
      out += "<h3>Objects per class</h3><table><thead><tr><th scope=\"col\">Class</th><th scope=\"col\">Objects</th>"
      out += "<th scope=\"col\">Images</th></tr></thead><tbody>"
      let classes = content.classes.sorted(by: { ($0.value.objects, $1.key) > ($1.value.objects, $0.key) })
      for (name, record) in classes.prefix(50) {
        out += "<tr><td>\(h(name))</td><td>\(record.objects)</td><td>\(record.images)</td></tr>"
      }
      if classes.count > 50 { out += "<tr><td colspan=\"3\">… and \(classes.count - 50) more classes</td></tr>" }
      out += "</tbody></table>"
    }
    out += "</div></div>"
    // Profiles.
    if !run.report.profiles.isEmpty {
      out += "<h3>Profiles</h3><table><thead><tr><th scope=\"col\">Profile</th><th scope=\"col\">Satisfied</th>"
      out +=
        "<th scope=\"col\">Required fields</th><th scope=\"col\">Recommended fields</th><th scope=\"col\">Missing</th>"
      out += "</tr></thead><tbody>"
      for profile in run.report.profiles {
        let missing = (profile.missingRequired + profile.missingRecommended.map { $0 + " (recommended)" })
        out += "<tr><td>\(h(profile.name))</td><td>\(profile.satisfied ? "yes" : "<strong>no</strong>")</td>"
        out += "<td>\(percent(profile.required.share)) (\(profile.required.present)/\(profile.required.total))</td>"
        out +=
          "<td>\(percent(profile.recommended.share)) (\(profile.recommended.present)/\(profile.recommended.total))</td>"
        out +=
          "<td>\(missing.isEmpty ? "—" : h(missing.prefix(8).joined(separator: ", ") + (missing.count > 8 ? ", …" : "")))</td></tr>"
      }
      out += "</tbody></table>"
    }
    return out + "</section>"
  }

  private func findings() -> String {
    let report = run.report
    var out = "<section id=\"findings\" aria-labelledby=\"findings-h\"><h2 id=\"findings-h\">Findings</h2>"
    guard !report.diagnostics.isEmpty || !report.unchecked.isEmpty else {
      return out + "<p>No findings: every rule held.</p></section>"
    }
    // The card each finding and unchecked item links to (its first image with a card).
    var cardOf: [Int: Int] = [:]
    var uncheckedCard: [Int: Int] = [:]
    for index in selection.indices {
      for finding in content.images[index].findings where cardOf[finding] == nil { cardOf[finding] = index }
      for item in content.images[index].unchecked where uncheckedCard[item] == nil { uncheckedCard[item] = index }
    }
    let titles = Dictionary(RuleCatalog.all.map { ($0.id.rawValue, $0.title) }, uniquingKeysWith: { a, _ in a })
    let order = report.diagnostics.indices.sorted {
      let (a, b) = (report.diagnostics[$0], report.diagnostics[$1])
      if a.severity != b.severity { return a.severity > b.severity }
      return (a.rule.rawValue, $0) < (b.rule.rawValue, $1)
    }
    var listed = 0
    // By rule.
    out += "<h3>By rule</h3>"
    var byRule: [(String, [Int])] = []
    for index in order {
      let rule = report.diagnostics[index].rule.rawValue
      if byRule.last?.0 == rule { byRule[byRule.count - 1].1.append(index) } else { byRule.append((rule, [index])) }
    }
    // What the validator counted without listing one by one (per file, beyond its own cap).
    var omittedByRule: [String: Int] = [:]
    var omittedByFile: [String: Int] = [:]
    for item in report.omitted {
      omittedByRule[item.rule.rawValue, default: 0] += item.count
      omittedByFile[item.location.file, default: 0] += item.count
    }
    for (rule, indices) in byRule {
      let first = report.diagnostics[indices[0]]
      let omitted = omittedByRule[rule] ?? 0
      out += "<details class=\"rule\" open><summary><span class=\"sev \(first.severity.rawValue)\">"
      out +=
        "\(first.severity.rawValue)</span> <code>\(h(rule))</code> \(h(titles[rule] ?? "")) — \(indices.count + omitted)"
      out += "</summary><ul>"
      let room = max(0, min(indices.count, options.maxFindings - listed, 200))
      for index in indices.prefix(room) { out += item(index, cardOf: cardOf) }
      listed += room
      if indices.count + omitted > room {
        out += "<li class=\"more\">… and \(indices.count + omitted - room) more (all are in "
        out += "<code>annota validate --format json</code>)</li>"
      }
      out += "</ul></details>"
    }
    // By file.
    out += "<h3>By file</h3>"
    var byFile: [String: [Int]] = [:]
    for index in order { byFile[report.diagnostics[index].location.file, default: []].append(index) }
    let files = byFile.keys.sorted { (byFile[$0]!.count, $1) > (byFile[$1]!.count, $0) }
    for file in files.prefix(300) {
      let indices = byFile[file]!
      let omitted = omittedByFile[file] ?? 0
      out += "<details class=\"file\"><summary><code>\(h(file))</code> — \(indices.count + omitted)</summary><ul>"
      for index in indices.prefix(20) { out += item(index, cardOf: cardOf, withFile: false) }
      let shown = min(indices.count, 20)
      if indices.count + omitted > shown {
        out += "<li class=\"more\">… and \(indices.count + omitted - shown) more</li>"
      }
      out += "</ul></details>"
    }
    if files.count > 300 { out += "<p class=\"more\">… and \(files.count - 300) more files with findings.</p>" }
    // Could not check: never counted as passed.
    if !report.unchecked.isEmpty {
      out += "<h3>Could not check (\(report.unchecked.count))</h3><ul class=\"unchecked\">"
      for (number, item) in report.unchecked.enumerated().prefix(300) {
        out +=
          "<li><code>\(h(item.rule.rawValue))</code> <code>\(h(item.location.file))</code>: \(inlineCode(item.reason))"
        if let card = uncheckedCard[number] {
          out += " <a class=\"finding-link\" href=\"#card-\(card)\">see the image</a>"
        }
        out += "</li>"
      }
      if report.unchecked.count > 300 { out += "<li class=\"more\">… and \(report.unchecked.count - 300) more</li>" }
      out += "</ul>"
    }
    return out + "</section>"
  }

  private func item(_ index: Int, cardOf: [Int: Int], withFile: Bool = true) -> String {
    let finding = run.report.diagnostics[index]
    var where_ = withFile ? "<code>\(h(finding.location.file))</code>" : ""
    if let pointer = finding.location.pointer { where_ += "<code>#\(h(pointer))</code>" }
    var out = "<li><span class=\"sev \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> "
    if !withFile { out += "<code>\(h(finding.rule.rawValue))</code> " }
    out += where_ + (where_.isEmpty ? "" : ": ") + inlineCode(finding.message)
    if let hint = finding.hint { out += " <span class=\"hint\">Fix: \(inlineCode(hint))</span>" }
    if finding.waived != nil { out += " <em>(waived)</em>" }
    if let card = cardOf[index] {
      out += " <a class=\"finding-link\" href=\"#card-\(card)\">see the image</a>"
    }
    return out + "</li>"
  }

  private func row(_ name: String, _ value: String) -> String { "<dt>\(h(name))</dt><dd>\(h(value))</dd>" }
  private func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
  private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }
}
