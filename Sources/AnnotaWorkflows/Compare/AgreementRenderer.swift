// SPDX-License-Identifier: Apache-2.0

import AnnotaModel
import FoundationEssentials

/// Renders an ``AgreementReport``: the pairwise matrix, the pairs, and the images most in dispute.
public enum AgreementRenderer {
  /// The images listed in text and Markdown (all of them are in JSON).
  public static let imagesShown = 10

  /// The report in `format` (`csv` is not offered for agreement; it renders as text).
  /// - Parameters:
  ///   - report: the report.
  ///   - format: the format.
  /// - Returns: the text, ending in a newline.
  public static func render(_ report: AgreementReport, as format: ComparisonRenderer.Format) -> String {
    if format == .json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      return (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
    }
    let markdown = format == .md
    let metric = report.metric + (report.threshold.map { "@\($0)" } ?? "")
    var out = markdown ? "## Agreement between \(report.sets.count) annotation sets\n\n" : ""
    out += "agreement (\(metric)) between \(report.sets.joined(separator: ", "))\n\n"
    // Class tables: Fleiss' κ over all sets; the matrix holds each pair's Cohen's κ.
    let fleiss = report.metric == "fleiss_kappa"
    out += ComparisonRenderer.table(
      title: "Pairwise \(fleiss ? "Cohen's κ" : metric)", header: [""] + report.sets,
      rows: report.sets.indices.map { i in
        [report.sets[i]] + report.matrix[i].map { ComparisonRenderer.number($0) }
      }, markdown: markdown)
    let spread = report.sd.map { " ± \(ComparisonRenderer.number($0))" } ?? ""
    out +=
      fleiss
      ? "Fleiss' κ \(ComparisonRenderer.number(report.mean)) over \(report.sets.count) sets\n\n"
      : "mean \(ComparisonRenderer.number(report.mean))\(spread) over \(report.pairs.count) pair(s)\n\n"
    out += ComparisonRenderer.table(
      title: "Images with the least agreement first (re-annotate these first)",
      header: ["image", fleiss ? "pairs agreeing" : "mean \(metric)", "lowest pair", "pairs"],
      rows: report.images.prefix(imagesShown).map {
        [$0.name, ComparisonRenderer.number($0.mean), ComparisonRenderer.number($0.min), "\($0.pairs)"]
      }, markdown: markdown)
    out += (markdown ? "### Method\n\n" : "method: ") + report.method + "\n"
    let findings = report.comparisons.flatMap(\.findings).filter { $0.severity != .info }
    let unchecked = report.comparisons.flatMap(\.couldNotCheck)
    if !findings.isEmpty || !unchecked.isEmpty {
      out += markdown ? "\n### Findings\n\n" : "\nfindings:\n"
      for finding in findings {
        out += "- \(finding.severity.rawValue)[\(finding.rule)] \(finding.location.file): \(finding.message)\n"
      }
      for item in unchecked { out += "- could not check [\(item.rule)] \(item.location.file): \(item.reason)\n" }
    }
    return out
  }
}
