// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics

/// `--fail-below f1=0.8`: a lowest acceptable value for a dataset metric, so a model's outputs can
/// gate a CI run.
public struct MetricGate: Sendable, Hashable, CustomStringConvertible {
  /// The metric: an instance metric (`f1`, `precision`, `recall`, `accuracy`, `panoptic_quality`,
  /// `mean_matched_score`, `mean_true_score`), `dice` / `iou` (semantic: the mean over classes),
  /// `foreground_dice`, or a COCO detection number (`ap`, `ap50`, `ar100`…).
  public var metric: String
  /// The threshold τ the instance metric is read at; `nil` for the first one given.
  public var threshold: Double?
  /// The lowest acceptable value.
  public var minimum: Double

  /// The metrics a gate can name.
  public static let metrics = [
    "f1", "precision", "recall", "accuracy", "panoptic_quality", "mean_matched_score", "mean_true_score", "dice",
    "iou", "foreground_dice", "ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10", "ar100",
    "ar_small", "ar_medium", "ar_large", "cohen_kappa", "macro_f1", "fleiss_kappa",
  ]

  /// Parses `metric=value` or `metric@τ=value`.
  /// - Parameter text: the gate.
  /// - Returns: the gate, or `nil` when the text is not in that form or names an unknown metric.
  public init?(_ text: String) {
    let parts = text.split(separator: "=", maxSplits: 1)
    guard parts.count == 2, let minimum = Double(parts[1]) else { return nil }
    let name = parts[0].split(separator: "@", maxSplits: 1)
    guard let metric = name.first.map(String.init), Self.metrics.contains(metric) else { return nil }
    if name.count == 2 {
      // Only instance matching is read at a threshold of the user's choosing.
      guard let threshold = Double(name[1]), Self.metrics.prefix(7).contains(metric) else { return nil }
      self.threshold = threshold
    }
    self.metric = metric
    self.minimum = minimum
  }

  /// `metric[@τ]=minimum`.
  public var description: String { metric + (threshold.map { "@\($0)" } ?? "") + "=\(minimum)" }

  /// The report's value for this gate (pooled over the dataset), or `nil` when the report has none.
  /// - Parameter report: the report.
  /// - Returns: the value.
  public func value(in report: ComparisonReport) -> Double? {
    let dataset = report.dataset
    let instance = report.mode == ComparisonOptions.Mode.instance.rawValue
    switch metric {
    case "foreground_dice": return dataset.foregroundDice
    // Instances have no classes: their Dice and IoU are the foreground's.
    case "dice": return instance ? dataset.foregroundDice : dataset.meanDice
    case "iou": return instance ? dataset.foregroundIoU : dataset.meanIoU
    default: break
    }
    if let classification = dataset.classification {
      switch metric {
      case "accuracy": return classification.accuracy
      case "cohen_kappa": return classification.cohenKappa
      case "macro_f1": return classification.macroF1
      default: return nil
      }
    }
    if let points = dataset.points {
      switch metric {
      case "f1": return points.f1
      case "precision": return points.precision
      case "recall": return points.recall
      default: return nil
      }
    }
    if let detection = dataset.detection {
      // COCOeval's −1 (nothing to measure) is no value, not a low one.
      let value = ComparisonRenderer.detectionRows(detection).first { $0.key == metric }?.value
      return value.flatMap { $0 < 0 ? nil : $0 }
    }
    guard let pooled = dataset.pooled else { return nil }
    let summary = threshold.map { τ in pooled.first { abs($0.threshold - τ) < 1e-9 } } ?? pooled.first
    guard let summary else { return nil }
    switch metric {
    case "f1": return summary.f1
    case "precision": return summary.precision
    case "recall": return summary.recall
    case "accuracy": return summary.accuracy
    case "panoptic_quality": return summary.panopticQuality
    case "mean_matched_score": return summary.meanMatchedScore
    case "mean_true_score": return summary.meanTrueScore
    default: return nil  // a detection number, and this is no detection report
    }
  }

  /// What fails the gate: a value under the minimum, or no value at all (nothing measured).
  /// - Parameter report: the report.
  /// - Returns: the reason, or `nil` when the gate passes.
  public func failure(in report: ComparisonReport) -> String? {
    if let threshold, report.mode != ComparisonOptions.Mode.instance.rawValue {
      return "\(description): a threshold (@\(threshold)) applies to instance matching only, not to \(report.mode)"
    }
    // Instance metrics are read at a threshold; points and detections have none of their own.
    let matching = Self.metrics.prefix(7).contains(metric) && report.mode == ComparisonOptions.Mode.instance.rawValue
    return verdict(value(in: report), at: threshold ?? (matching ? report.thresholds.first : nil))
  }

  /// The gate on an agreement: its mean over the pairs of sets, which is read at one metric and
  /// threshold only.
  /// - Parameter report: the agreement.
  /// - Returns: the reason, or `nil` when the gate passes.
  public func failure(in report: AgreementReport) -> String? {
    guard metric == report.metric else {
      return "\(description): the agreement is measured as \(report.metric), not \(metric)"
    }
    if let threshold, let measured = report.threshold, abs(threshold - measured) > 1e-9 {
      return "\(description): the agreement is measured at τ = \(measured); give that threshold first"
    }
    return verdict(report.mean, at: report.threshold)
  }

  private func verdict(_ value: Double?, at τ: Double?) -> String? {
    let name = metric + (τ.map { "@\($0)" } ?? "")
    guard let value else { return "\(description): the report has no \(name)" }
    return value < minimum ? "\(name) \(value) is below \(minimum)" : nil
  }
}
