// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaModel
import Foundation

/// Renders a ``ComparisonReport`` as a text table, JSON, CSV (one row per image and threshold or
/// class) or Markdown.
public enum ComparisonRenderer {
  /// Output formats.
  public enum Format: String, Sendable, CaseIterable {
    /// Tables for a terminal.
    case text
    /// The report as JSON (`Specs/annota/0.2/compare.schema.json`).
    case json
    /// One row per image and threshold (instances) or class (semantic).
    case csv
    /// Markdown tables, for a pull request or a data paper.
    case md
  }

  /// The report in `format`, ending in a newline.
  /// - Parameters:
  ///   - report: the report.
  ///   - format: the format.
  /// - Returns: the text.
  public static func render(_ report: ComparisonReport, as format: Format) -> String {
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
      return (try? encoder.encode(report)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
    case .csv: return csv(report)
    case .md: return tables(report, markdown: true)
    case .text: return tables(report, markdown: false)
    }
  }

  static func number(_ value: Double?) -> String {
    guard let value else { return "–" }
    return value.isFinite ? String(format: "%.4f", value) : "\(value)"
  }

  static func csv(_ report: ComparisonReport) -> String {
    func field(_ text: String) -> String {
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    func exact(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
    var out: String
    if report.dataset.classification != nil || report.mode == ComparisonOptions.Mode.classification.rawValue {
      return "image,reference,candidate\n"
        + report.images.map { image in
          ([image.name] + (image.labels ?? [])).map(field).joined(separator: ",") + "\n"
        }.joined()
    }
    if report.dataset.points != nil {
      return "image,cutoff,n_reference,n_candidate,tp,fp,fn,precision,recall,f1,mean_distance\n"
        + report.images.compactMap { image in
          image.points.map {
            [
              field(image.name), exact($0.cutoff), "\($0.nReference)", "\($0.nCandidate)", "\($0.tp)", "\($0.fp)",
              "\($0.fn)", exact($0.precision), exact($0.recall), exact($0.f1), exact($0.meanDistance),
            ].joined(separator: ",") + "\n"
          }
        }.joined()
    }
    if let detection = report.dataset.detection {
      return "metric,value\n" + detectionRows(detection).map { "\($0.key),\(exact($0.value))\n" }.joined()
    }
    if report.mode == ComparisonOptions.Mode.semantic.rawValue {
      out = "image,class,name,reference_pixels,candidate_pixels,shared_pixels,dice,iou,hd95,hausdorff,assd,nsd\n"
      for image in report.images {
        for score in image.classes ?? [] {
          out +=
            [
              field(image.name), "\(score.value)", field(score.name ?? ""), "\(score.reference)", "\(score.candidate)",
              "\(score.shared)", exact(score.dice), exact(score.iou), exact(score.boundary?.hd95),
              exact(score.boundary?.hausdorff), exact(score.boundary?.assd), exact(score.boundary?.nsd),
            ].joined(separator: ",") + "\n"
        }
      }
      return out
    }
    out =
      "image,threshold,criterion,n_true,n_pred,tp,fp,fn,precision,recall,f1,accuracy,mean_matched_score,"
      + "mean_true_score,panoptic_quality,foreground_dice\n"
    for image in report.images {
      for result in image.instance ?? [] {
        out +=
          [
            field(image.name), exact(result.threshold), result.criterion, "\(result.nTrue)", "\(result.nPred)",
            "\(result.tp)", "\(result.fp)", "\(result.fn)", exact(result.precision), exact(result.recall),
            exact(result.f1), exact(result.accuracy), exact(result.meanMatchedScore), exact(result.meanTrueScore),
            exact(result.panopticQuality), exact(image.foregroundDice),
          ].joined(separator: ",") + "\n"
      }
    }
    return out
  }

  static func tables(_ report: ComparisonReport, markdown: Bool) -> String {
    var out = markdown ? "## \(report.candidate) against \(report.reference)\n\n" : ""
    if !markdown { out += "reference: \(report.reference)\ncandidate: \(report.candidate)\n" }
    out += markdown ? "" : "mode: \(report.mode); images compared: \(report.dataset.images)\n\n"
    if markdown { out += "Mode: \(report.mode); images compared: \(report.dataset.images).\n\n" }
    if let detection = report.dataset.detection {
      out += detectionTable(detection, markdown: markdown)
    } else if let classification = report.dataset.classification {
      out += table(
        title: "Labels of \(classification.images) images",
        header: ["label", "support", "predicted", "tp", "precision", "recall", "F1"],
        rows: classification.classes.map {
          [
            $0.label, "\($0.support)", "\($0.predicted)", "\($0.tp)", number($0.precision), number($0.recall),
            number($0.f1),
          ]
        }, markdown: markdown)
      out += table(
        title: "Confusion matrix (rows: reference, columns: candidate)", header: [""] + classification.labels,
        rows: zip(classification.labels, classification.matrix).map { [$0] + $1.map(String.init) }, markdown: markdown)
      out +=
        "accuracy \(number(classification.accuracy)), Cohen's κ \(number(classification.cohenKappa)), "
        + "macro F1 \(number(classification.macroF1))\n\n"
    } else if let points = report.dataset.points {
      let header = [
        "image", "n_reference", "n_candidate", "tp", "fp", "fn", "precision", "recall", "F1", "mean distance",
      ]
      func row(_ name: String, _ scores: ComparisonReport.PointScores) -> [String] {
        [
          name, "\(scores.nReference)", "\(scores.nCandidate)", "\(scores.tp)", "\(scores.fp)", "\(scores.fn)",
          number(scores.precision), number(scores.recall), number(scores.f1), number(scores.meanDistance),
        ]
      }
      out += table(
        title: "Points matched within \(points.cutoff)", header: header,
        rows: report.images.compactMap { image in image.points.map { row(image.name, $0) } } + [row("(all)", points)],
        markdown: markdown)
    } else if ![ComparisonOptions.Mode.instance.rawValue, ComparisonOptions.Mode.semantic.rawValue].contains(
      report.mode)
    {
      out += "nothing was measured\n\n"
    } else if report.mode == ComparisonOptions.Mode.instance.rawValue {
      let first = report.thresholds.first ?? 0.5
      out += table(
        title: "Per image at \(report.criterion.uppercased()) ≥ \(first)",
        header: ["image", "n_true", "n_pred", "tp", "fp", "fn", "precision", "recall", "F1", "PQ", "fg Dice"],
        rows: report.images.map { image in
          let result = image.instance?.first
          return [
            image.name, "\(result?.nTrue ?? 0)", "\(result?.nPred ?? 0)", "\(result?.tp ?? 0)", "\(result?.fp ?? 0)",
            "\(result?.fn ?? 0)", number(result?.precision), number(result?.recall), number(result?.f1),
            number(result?.panopticQuality), number(image.foregroundDice),
          ]
        }, markdown: markdown)
      for (label, summaries) in [("pooled", report.dataset.pooled), ("by image", report.dataset.byImage)] {
        guard let summaries, !summaries.isEmpty else { continue }
        out += table(
          title: "Dataset, \(label)",
          header: ["τ", "tp", "fp", "fn", "precision", "recall", "F1", "accuracy", "mean matched", "mean true", "PQ"],
          rows: summaries.map {
            [
              "\($0.threshold)", "\($0.tp)", "\($0.fp)", "\($0.fn)", number($0.precision), number($0.recall),
              number($0.f1), number($0.accuracy), number($0.meanMatchedScore), number($0.meanTrueScore),
              number($0.panopticQuality),
            ]
          }, markdown: markdown)
      }
    } else {
      out += table(
        title: "Dataset, pixels pooled",
        header: ["class", "name", "reference px", "candidate px", "shared px", "Dice", "IoU"],
        rows: (report.dataset.classes ?? []).map {
          [
            "\($0.value)", $0.name ?? "", "\($0.reference)", "\($0.candidate)", "\($0.shared)", number($0.dice),
            number($0.iou),
          ]
        }, markdown: markdown)
      out += "mean Dice \(number(report.dataset.meanDice)), mean IoU \(number(report.dataset.meanIoU))\n\n"
      let bounded = (report.dataset.classes ?? []).filter { $0.boundary != nil }
      if let first = bounded.first?.boundary {
        out += table(
          title: "Boundary, mean over images (\(first.unit))",
          header: ["class", "name", "HD95", "Hausdorff", "ASSD", "NSD@\(first.tolerance)", "images"],
          rows: bounded.map {
            [
              "\($0.value)", $0.name ?? "", number($0.boundary?.hd95), number($0.boundary?.hausdorff),
              number($0.boundary?.assd), number($0.boundary?.nsd), "\($0.boundary?.images ?? 0)",
            ]
          }, markdown: markdown)
      }
    }
    if let dice = report.dataset.foregroundDice {
      out +=
        "foreground Dice \(number(dice)) (pixels pooled), \(number(report.dataset.meanForegroundDice)) "
        + "(mean of images)\n\n"
    }
    out += markdown ? "### Conventions\n\n" : "conventions:\n"
    for line in report.conventions { out += "- \(line)\n" }
    if !report.findings.isEmpty || !report.couldNotCheck.isEmpty {
      out += markdown ? "\n### Findings\n\n" : "\nfindings:\n"
      for finding in report.findings {
        out += "- \(finding.severity.rawValue)[\(finding.rule)] \(finding.location.file): \(finding.message)\n"
      }
      for item in report.couldNotCheck {
        out += "- could not check [\(item.rule)] \(item.location.file): \(item.reason)\n"
      }
    }
    return out
  }

  /// COCOeval's twelve numbers under its own names, in `summarize()`'s order.
  static func detectionRows(_ scores: ComparisonReport.DetectionScores) -> [(key: String, label: String, value: Double)]
  {
    let keys = [
      "ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10", "ar100", "ar_small", "ar_medium",
      "ar_large",
    ]
    let labels = [
      "AP @[IoU=0.50:0.95 | area=all | maxDets=100]", "AP @[IoU=0.50 | area=all | maxDets=100]",
      "AP @[IoU=0.75 | area=all | maxDets=100]", "AP @[IoU=0.50:0.95 | area=small | maxDets=100]",
      "AP @[IoU=0.50:0.95 | area=medium | maxDets=100]", "AP @[IoU=0.50:0.95 | area=large | maxDets=100]",
      "AR @[IoU=0.50:0.95 | area=all | maxDets=1]", "AR @[IoU=0.50:0.95 | area=all | maxDets=10]",
      "AR @[IoU=0.50:0.95 | area=all | maxDets=100]", "AR @[IoU=0.50:0.95 | area=small | maxDets=100]",
      "AR @[IoU=0.50:0.95 | area=medium | maxDets=100]", "AR @[IoU=0.50:0.95 | area=large | maxDets=100]",
    ]
    return zip(zip(keys, labels), scores.summary.stats).map { ($0.0, $0.1, $1) }
  }

  static func detectionTable(_ scores: ComparisonReport.DetectionScores, markdown: Bool) -> String {
    table(
      title: "COCO \(scores.iouType): \(scores.images) images, \(scores.categories) categories, "
        + "\(scores.groundTruth) objects, \(scores.detections) detections",
      header: ["metric", "", "value"],
      rows: detectionRows(scores).map { [$0.key, $0.label, number($0.value)] }, markdown: markdown)
  }

  static func table(title: String, header: [String], rows: [[String]], markdown: Bool) -> String {
    if markdown {
      var out = "### \(title)\n\n| " + header.joined(separator: " | ") + " |\n"
      out += "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
      for row in rows {
        out += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
      }
      return out + "\n"
    }
    var widths = header.map(\.count)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        index == 0
          ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
          : String(repeating: " ", count: widths[index] - cell.count) + cell
      }.joined(separator: "  ") + "\n"
    }
    return title + "\n" + line(header) + rows.map(line).joined() + "\n"
  }
}
