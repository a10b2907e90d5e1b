// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaModel
import FoundationEssentials

/// Inter-annotator agreement: every pair of sets compared as `annota compare` compares two.
public enum AgreementAnalysis {
  /// Compares every pair of `sets`.
  /// - Parameters:
  ///   - sets: two or more sides over the same images (annotators A, B, C…).
  ///   - options: as for a comparison; the first threshold is the one the matrix reads F1 at.
  ///   - progress: called after each image of each pair with the images done and the total so far.
  /// - Returns: the agreement.
  public static func run(
    _ sets: [ComparisonSource], options: ComparisonOptions = ComparisonOptions(),
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> AgreementReport {
    if !sets.isEmpty, sets.allSatisfy(\.isClassTable) { return classAgreement(sets) }
    let mode = options.mode ?? (sets.first?.kind == .semantic ? .semantic : .instance)
    var options = options
    options.mode = mode
    let threshold = options.thresholds.first ?? 0.5
    var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: sets.count), count: sets.count)
    for index in sets.indices { matrix[index][index] = 1 }
    var pairs: [AgreementReport.PairAgreement] = []
    var comparisons: [ComparisonReport] = []
    var perImage: [String: [Double]] = [:]
    for i in sets.indices {
      for j in sets.indices where j > i {
        let report = await AnnotationComparer.compare(
          reference: sets[i], candidate: sets[j], options: options, progress: progress)
        let value = mode == .instance ? report.dataset.pooled?.first?.f1 : report.dataset.meanDice
        matrix[i][j] = value
        matrix[j][i] = value
        pairs.append(.init(a: sets[i].name, b: sets[j].name, value: value, images: report.dataset.images))
        for image in report.images {
          // Two annotators who both drew nothing agree; StarDist's F1 of 0 there would rank it first.
          if let first = image.instance?.first, first.nTrue == 0, first.nPred == 0 { continue }
          let score =
            mode == .instance
            ? image.instance?.first?.f1
            : SemanticMean.dice(image.classes ?? [])
          if let score { perImage[image.name, default: []].append(score) }
        }
        comparisons.append(report)
      }
    }
    let values = pairs.compactMap(\.value)
    let mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    let sd = mean.flatMap { mean in
      values.count < 2
        ? nil : (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
    }
    let images = perImage.map { name, scores in
      AgreementReport.ImageAgreement(
        name: name, mean: scores.reduce(0, +) / Double(scores.count), min: scores.min() ?? 0, pairs: scores.count)
    }.sorted { ($0.mean, $0.min, $0.name) < ($1.mean, $1.min, $1.name) }
    let method =
      mode == .instance
      ? "StarDist matching (\(options.criterion.rawValue) ≥ \(threshold), Hungarian), F1 from counts pooled over "
        + "images, mean over \(pairs.count) pair(s) of \(sets.count) sets; annota \(AnnotaToolkit.version)"
      : "per-class Dice from pixels pooled over images, mean over classes, mean over \(pairs.count) pair(s) of "
        + "\(sets.count) sets; annota \(AnnotaToolkit.version)"
    return AgreementReport(
      sets: sets.map(\.name), metric: mode == .instance ? "f1" : "dice",
      threshold: mode == .instance ? threshold : nil, method: method, matrix: matrix, pairs: pairs, mean: mean, sd: sd,
      images: images, comparisons: comparisons)
  }

  /// Agreement of class tables: Fleiss' κ over the images every set labels exactly once (as
  /// statsmodels' `fleiss_kappa`), Cohen's κ for each pair in the matrix, and the images ranked by the
  /// share of pairs of sets that give them the same label.
  static func classAgreement(_ sets: [ComparisonSource]) -> AgreementReport {
    var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: sets.count), count: sets.count)
    for index in sets.indices { matrix[index][index] = 1 }
    var pairs: [AgreementReport.PairAgreement] = []
    var comparisons: [ComparisonReport] = []
    var labels: [String: [String]] = [:]
    var order: [String] = []
    // Each set's tables are read once, for every pair and for Fleiss' κ.
    let tables = sets.map { ClassTableFiles.merged($0.files) }
    for i in sets.indices {
      for j in sets.indices where j > i {
        let report = AnnotationComparer.compareClassTables(
          tables[i], tables[j], files: (sets[i].files, sets[j].files), names: (sets[i].name, sets[j].name))
        let kappa = report.dataset.classification?.cohenKappa
        matrix[i][j] = kappa
        matrix[j][i] = kappa
        pairs.append(.init(a: sets[i].name, b: sets[j].name, value: kappa, images: report.dataset.images))
        comparisons.append(report)
      }
    }
    // Each set's single label per image, from the tables directly.
    var perSet: [[String: String]] = []
    for (table, _) in tables {
      perSet.append(table.labels.compactMapValues { $0.count == 1 ? $0[0] : nil })
      for image in table.labels.keys.sorted() where labels[image] == nil {
        labels[image] = []
        order.append(image)
      }
    }
    let shared = order.filter { image in perSet.allSatisfy { $0[image] != nil } }
    let ratings = shared.map { image in perSet.map { $0[image]! } }
    let fleiss = try? FleissKappa(ratings: ratings)
    let images = zip(shared, ratings).map { image, row in
      var agreeing = 0
      var total = 0
      for a in row.indices {
        for b in row.indices where b > a {
          total += 1
          if row[a] == row[b] { agreeing += 1 }
        }
      }
      let share = total > 0 ? Double(agreeing) / Double(total) : 1
      return AgreementReport.ImageAgreement(name: image, mean: share, min: share, pairs: total)
    }.sorted { ($0.mean, $0.name) < ($1.mean, $1.name) }
    return AgreementReport(
      sets: sets.map(\.name), metric: "fleiss_kappa", threshold: nil,
      method:
        "Fleiss' κ over the \(shared.count) images every set labels once (statsmodels fleiss_kappa); matrix: "
        + "Cohen's κ per pair; annota \(AnnotaToolkit.version)",
      matrix: matrix, pairs: pairs, mean: fleiss?.kappa(), sd: nil, images: images, comparisons: comparisons)
  }

  /// Writes the agreement into the `agreement` of each compared set's provenance in the dataset's
  /// manifest, replacing an earlier record of the same metric, threshold and annotator count.
  ///
  /// The manifest is rewritten in the canonical form (`annota format`); one that is not in it already
  /// is refused, so that no comment or ordering of the person's is lost. A set without provenance is
  /// left alone: recording would have to invent its origin.
  /// - Parameters:
  ///   - report: the agreement.
  ///   - dataset: the dataset folder.
  /// - Returns: the compared sets it was not recorded in, for want of provenance.
  /// - Throws: ``CompareError`` when there is nothing to record, the manifest is not canonical, or it
  ///   cannot be written.
  @discardableResult
  public static func record(_ report: AgreementReport, in dataset: String) throws(CompareError) -> [String] {
    guard let agreement = report.agreement else {
      throw CompareError(code: .notWritten, message: "no agreement was measured; nothing recorded", path: dataset)
    }
    guard let path = ManifestReader.locate(in: dataset), let data = FileManager.default.contents(atPath: path),
      var manifest = ManifestReader.readDraft(contentsOf: path).manifest
    else {
      throw CompareError(code: .invalidManifest, message: "no readable manifest", path: dataset)
    }
    let syntax: ManifestSyntax = path.hasSuffix(".json") ? .json : .yaml
    let text = String(decoding: data, as: UTF8.self)
    guard (try? ManifestWriter.text(for: manifest, syntax: syntax)) == text else {
      throw CompareError(
        code: .notWritten,
        message: "the manifest is not in canonical form, so rewriting it would lose comments or order; "
          + "run `annota format` on it first, or add the agreement by hand",
        path: path)
    }
    var skipped: [String] = []
    for index in manifest.annotationSets.indices where report.sets.contains(manifest.annotationSets[index].id) {
      guard var provenance = manifest.annotationSets[index].provenance else {
        skipped.append(manifest.annotationSets[index].id)
        continue
      }
      provenance.agreement.removeAll {
        $0.metric == agreement.metric && $0.threshold == agreement.threshold && $0.annotators == agreement.annotators
      }
      provenance.agreement.append(agreement)
      manifest.annotationSets[index].provenance = provenance
    }
    do {
      let updated = try ManifestWriter.text(for: manifest, syntax: syntax)
      try Data(updated.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw CompareError(code: .notWritten, message: "cannot write the manifest: \(error)", path: path, cause: error)
    }
    return skipped
  }
}

/// The mean Dice over the scored classes of one image.
enum SemanticMean {
  static func dice(_ classes: [ComparisonReport.ClassScores]) -> Double? {
    let scored = classes.compactMap(\.dice)
    return scored.isEmpty ? nil : scored.reduce(0, +) / Double(scored.count)
  }
}
