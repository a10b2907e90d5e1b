// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics
import AnnotaModel

/// The `ml` profile's batch-effect rules: a split or an acquisition whose images differ
/// systematically from another's (`ML-006`: another microscope, stain or day shows in the
/// intensities, noise or focus), and splits whose images differ in pixel size or bit depth (`ML-007`).
///
/// Each statistic is compared between the first group (split, or acquisition) and every other with
/// the two-sample Kolmogorov–Smirnov test; a difference is reported when it is both large
/// (D ≥ ``effectSize``) and unlikely by chance (p < ``significance``).
struct BatchEffectCheck {
  static let effectSize = BatchEffectStatistics.effectSize
  static let significance = BatchEffectStatistics.significance
  static let minimumImages = BatchEffectStatistics.minimumImages

  let manifest: Manifest
  let facts: [String: FileFacts]

  /// Whether two splits, or two acquisitions, have enough images to compare: only then are images
  /// measured (the measurement is not free).
  static func hasGroupsToCompare(_ manifest: Manifest) -> Bool {
    func groups(_ key: (AnnotaModel.Image) -> String?) -> Int {
      var counts: [String: Int] = [:]
      for image in manifest.images { if let group = key(image) { counts[group, default: 0] += 1 } }
      return counts.values.filter { $0 >= minimumImages }.count
    }
    return groups(\.split) >= 2 || groups(\.acquisition) >= 2
  }

  /// The findings, and the images that could not be measured.
  func check() -> (findings: [Diagnostic], unchecked: [ValidationReport.Unchecked]) {
    var unchecked: [ValidationReport.Unchecked] = []
    let measures = Self.hasGroupsToCompare(manifest)
    var splits: [String] = manifest.splits.map(\.name)
    for image in manifest.images { if let split = image.split, !splits.contains(split) { splits.append(split) } }
    var bySplit: [String: [ImageStatistics]] = [:]
    var byAcquisition: [String: [ImageStatistics]] = [:]
    for image in manifest.images {
      guard measures, let fact = facts[image.path], fact.failure == nil, fact.unsupported == nil else { continue }
      guard let statistics = fact.imageStatistics else {
        unchecked.append(
          .init(
            rule: MLRules.batchEffect.id, location: SourceLocation(file: image.path),
            reason: "not measured: only one-channel integer or float planes are (this is \(fact.dtype ?? "unknown")"
              + (fact.samples > 1 ? ", \(fact.samples) samples per pixel" : "") + ")"))
        continue
      }
      if let split = image.split { bySplit[split, default: []].append(statistics) }
      if let acquisition = image.acquisition { byAcquisition[acquisition, default: []].append(statistics) }
    }
    var findings = compare(
      splits.map { ($0, bySplit[$0] ?? []) }, kind: "split",
      hint: {
        "a model trained on \($0) may not transfer: draw every split from the same acquisitions, "
          + "or say in the study why they differ"
      }, pointer: splitPointer)
    // Batches: acquisitions (instrument, camera, protocol) that differ are fine when every split
    // holds each; the finding says which differ so the splits can be checked for it.
    let acquisitions = manifest.acquisitions.map(\.id).filter { byAcquisition[$0] != nil }
    findings += compare(
      acquisitions.map { ($0, byAcquisition[$0] ?? []) }, kind: "acquisition",
      hint: { _ in "give every split images of every acquisition, or normalise the images, and say so in the study" },
      pointer: { id in manifest.acquisitions.firstIndex { $0.id == id }.map { "/acquisitions/\($0)" } ?? "/acquisitions"
      })
    findings += pixelDifferences(splits)
    return (findings, unchecked)
  }

  /// Every group against the first with enough images, statistic by statistic.
  private func compare(
    _ groups: [(name: String, statistics: [ImageStatistics])], kind: String, hint: (String) -> String,
    pointer: (String) -> String
  ) -> [Diagnostic] {
    let compared = groups.filter { $0.statistics.count >= Self.minimumImages }
    guard let reference = compared.first else { return [] }
    var findings: [Diagnostic] = []
    for other in compared.dropFirst() {
      for statistic in BatchEffectStatistics.all {
        let a = reference.statistics.compactMap(statistic.value)
        let b = other.statistics.compactMap(statistic.value)
        guard a.count >= Self.minimumImages, b.count >= Self.minimumImages,
          let test = KolmogorovSmirnov.twoSample(a, b), test.statistic >= Self.effectSize,
          test.pValue < Self.significance
        else { continue }
        findings.append(
          MLRules.batchEffect.finding(
            "the images of \(kind) \(other.name) differ from those of \(reference.name) in \(statistic.name): D = "
              + "\(rounded(test.statistic)) (p = \(rounded(test.pValue, digits: 4)), \(b.count) vs \(a.count) images; "
              + "medians \(rounded(median(b))) vs \(rounded(median(a))))",
            hint: hint(reference.name), at: SourceLocation(file: "annota.yaml", pointer: pointer(other.name))))
      }
    }
    return findings
  }

  /// Splits whose images differ in pixel size (manifest or file) or sample type.
  private func pixelDifferences(_ splits: [String]) -> [Diagnostic] {
    var sizes: [String: Set<String>] = [:]
    var types: [String: Set<String>] = [:]
    for image in manifest.images {
      guard let split = image.split else { continue }
      if let size = image.physicalSize {
        sizes[split, default: []].insert("\(rounded(size.x)) × \(rounded(size.y)) \(size.unit)")
      }
      if let dtype = facts[image.path]?.dtype { types[split, default: []].insert(dtype) }
    }
    var findings: [Diagnostic] = []
    for (what, values) in [("pixel sizes", sizes), ("sample types", types)] {
      let present = splits.filter { values[$0] != nil }
      guard let first = present.first else { continue }
      for other in present.dropFirst() where values[other] != values[first] {
        findings.append(
          MLRules.pixelDifference.finding(
            "split \(other) has \(what) \(sorted(values[other])) and split \(first) \(sorted(values[first]))",
            hint: "resample or convert so every split has the same pixel size and type, or say in the study why not",
            at: SourceLocation(file: "annota.yaml", pointer: splitPointer(other))))
      }
    }
    return findings
  }

  private func splitPointer(_ split: String) -> String {
    manifest.splits.firstIndex { $0.name == split }.map { "/splits/\($0)" } ?? "/images"
  }

  private func sorted(_ values: Set<String>?) -> String { (values ?? []).sorted().joined(separator: ", ") }

  private func median(_ values: [Double]) -> Double { Percentile.numpy(values, 50) }

  private func rounded(_ value: Double, digits: Int = 3) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let result = (value * scale).rounded() / scale
    return result == result.rounded() && abs(result) < 1e15 ? String(Int(result)) : String(result)
  }
}
