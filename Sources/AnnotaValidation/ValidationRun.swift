// SPDX-License-Identifier: Apache-2.0
public import AnnotaMetrics
public import AnnotaModel

/// A validation with what its one read per file measured: what `annota report` draws from.
public struct ValidationRun: Sendable {
  /// The findings.
  public var report: ValidationReport
  /// The manifest checked, with every `pairing` resolved into the files it pairs; `nil` when no
  /// dataset was read (a missing path, one file).
  public var manifest: Manifest?
  /// What the read measured, by path relative to the dataset (only when asked: `measuring`).
  public var files: [String: FileMeasurements]

  /// Creates a run.
  /// - Parameters:
  ///   - report: the findings.
  ///   - manifest: the manifest checked, resolved.
  ///   - files: measurements by path.
  public init(report: ValidationReport, manifest: Manifest? = nil, files: [String: FileMeasurements] = [:]) {
    self.report = report
    self.manifest = manifest
    self.files = files
  }

  /// A shard's run: the facts of the files it read, and nothing judged yet.
  init(report: ValidationReport, facts: [String: FileFacts]) {
    self.init(report: report)
    self.facts = facts
  }

  /// A merge whose parts do not cover the dataset's files (or cover files it no longer has).
  init(report: ValidationReport, uncovered: [String]) {
    self.init(report: report)
    self.uncovered = uncovered
  }

  /// The per-file facts of a shard's run.
  var facts: [String: FileFacts] = [:]
  /// Files the merged parts did not cover, or covered but the dataset no longer lists.
  var uncovered: [String] = []
}

/// What reading one file found that the report draws from: why it could not be read, a label
/// image's values with their pixel counts, a GeoJSON file's shapes per label, and an image's
/// intensity statistics.
public struct FileMeasurements: Sendable, Hashable {
  /// Why the file could not be read or decoded, or why a decode could not be attempted.
  public var failure: String?
  /// A label image's non-background values with their pixel counts (object sizes for instance
  /// sets, class areas for semantic ones).
  public var labelPixels: [Int: Int]?
  /// A GeoJSON file's shapes (or an instance table's instances) per label name.
  public var shapesPerLabel: [String: Int]
  /// An image's first-plane intensity, noise and focus, when it is a one-channel plane.
  public var statistics: ImageStatistics?

  init(_ facts: FileFacts) {
    failure = facts.failure ?? facts.unsupported
    labelPixels = facts.labels.map { labels in
      var pixels: [Int: Int] = [:]
      for (value, count) in labels where value != 0 { if let value = Int(exactly: value) { pixels[value] = count } }
      return pixels
    }
    shapesPerLabel = facts.labelCounts
    statistics = facts.imageStatistics
  }
}
