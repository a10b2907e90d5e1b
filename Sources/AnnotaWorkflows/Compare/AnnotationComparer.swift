// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
import AnnotaMetrics
import AnnotaModel

/// `annota compare`: two annotations of the same images measured against each other, every pixel
/// read, pairs measured on all cores.
public enum AnnotationComparer {
  /// Compares a candidate with a reference.
  /// - Parameters:
  ///   - reference: the reference (ground truth, or annotator A).
  ///   - candidate: the candidate (a model's output, or annotator B).
  ///   - options: thresholds, criterion, mode, width.
  ///   - progress: called after each image with the images done and the total.
  /// - Returns: the report; files that could not be read are in its `couldNotCheck`.
  public static func compare(
    reference: ComparisonSource, candidate: ComparisonSource, options: ComparisonOptions = ComparisonOptions(),
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) async -> ComparisonReport {
    let pairing = ComparisonPairing(reference: reference, candidate: candidate)
    let mode =
      options.mode.flatMap { [.detection, .points, .classification].contains($0) ? nil : $0 }
      ?? (reference.kind == .semantic ? .semantic : .instance)
    let classes = options.classes ?? reference.classes
    var report = ComparisonReport(
      reference: reference.name, candidate: candidate.name, mode: mode.rawValue,
      criterion: options.criterion.rawValue, thresholds: options.thresholds,
      conventions: conventions(mode: mode, options: options), images: [], dataset: .init(images: 0),
      findings: pairing.findings, couldNotCheck: [])
    if reference.isClassTable, candidate.isClassTable {
      return compareClassTables(
        reference: reference.files, candidate: candidate.files, names: (reference.name, candidate.name))
    }
    for side in [reference, candidate] {
      guard let encoding = side.otherEncoding else { continue }
      // Boxes, shapes or tables against label images have no common metric here: say so, measure nothing.
      report.findings.append(
        CompareRules.incomparable.finding(
          "\(side.name) holds \(encoding) annotations; annota compare measures label images against label images",
          hint: "compare two sets of label images, or convert the shapes to masks first",
          at: SourceLocation(file: side.dataset ?? side.name)))
    }
    guard reference.otherEncoding == nil, candidate.otherEncoding == nil else { return report }
    for side in [reference, candidate] {
      for note in side.notes {
        report.findings.append(
          CompareRules.incomparable.finding(note, at: SourceLocation(file: side.name)))
      }
    }
    var perImage: [[InstanceMatching.Result]] = []
    var pooledClasses: [Int: SemanticOverlap.ClassCounts] = [:]
    var foreground = SemanticOverlap.ClassCounts()
    let total = pairing.pairs.count
    // `emit` runs one at a time, in order; the pairs are measured concurrently.
    try? await BoundedParallel.forEach(pairing.pairs, width: options.width) { pair in
      measure(pair, mode: mode, classes: classes, options: options)
    } emit: { index, outcome in
      report.findings += outcome.findings
      report.couldNotCheck += outcome.unchecked
      if var scores = outcome.scores {
        if let results = outcome.results { perImage.append(results) }
        if let counts = outcome.classCounts {
          for (value, count) in counts { pooledClasses[value, default: .init()].add(count) }
        }
        foreground.add(outcome.foreground)
        if let names = scores.classes {
          scores.classes = names.map {
            var score = $0; score.name = reference.classNames[score.value]; return score
          }
        }
        report.images.append(scores)
      }
      progress?(index + 1, total)
    }
    report.dataset = datasetScores(
      report.images, perImage: perImage, pooledClasses: pooledClasses, foreground: foreground, mode: mode,
      classes: classes, names: reference.classNames, empty: options.empty)
    return report
  }

  /// Evaluates COCO detections against a COCO ground truth, as pycocotools' `COCOeval` with its
  /// default parameters (IoU 0.50:0.95, 101 recall points, 1/10/100 detections, COCO's area ranges).
  /// - Parameters:
  ///   - reference: the ground-truth dataset file.
  ///   - candidate: the detections: a results array, or a dataset whose objects score 1.
  ///   - options: `iouType` picks boxes or masks.
  /// - Returns: the report; files that cannot be read are in its `couldNotCheck`.
  public static func compareDetections(reference: String, candidate: String, options: ComparisonOptions)
    -> ComparisonReport
  {
    compareDetections(reference: reference, candidate: candidate, files: nil, options: options)
  }

  /// Evaluates the boxes of one annotation set of a dataset against another's (a second annotator's
  /// boxes, or a detector's), each set's files read as ``compareDetections(reference:candidate:options:)``
  /// reads other tools' files, single-image files named by the manifest's image.
  /// - Parameters:
  ///   - reference: the ground-truth set.
  ///   - candidate: the detections' set.
  ///   - options: as for files.
  /// - Returns: the report.
  public static func compareDetections(
    reference: ComparisonSource, candidate: ComparisonSource, options: ComparisonOptions
  ) -> ComparisonReport {
    compareDetections(
      reference: reference.name, candidate: candidate.name, files: (reference.toolInputs, candidate.toolInputs),
      options: options)
  }

  static func compareDetections(
    reference: String, candidate: String, files: (reference: [ToolFiles.Input], candidate: [ToolFiles.Input])?,
    options: ComparisonOptions
  ) -> ComparisonReport {
    var report = ComparisonReport(
      reference: reference, candidate: candidate, mode: ComparisonOptions.Mode.detection.rawValue,
      criterion: options.iouType.rawValue, thresholds: COCOEvaluation.Parameters().iouThresholds,
      conventions: [
        "COCO detection as pycocotools 2.0.11 COCOeval (iouType \(options.iouType.rawValue)): per image and category, "
          + "detections sorted by score are matched greedily to the unmatched ground truth of highest IoU ≥ t; "
          + "crowd objects absorb matches and are ignored",
        "AP = mean over IoU t in 0.50:0.95 (step 0.05) and categories of the precision interpolated at 101 recall "
          + "points; AR = mean of the largest recall over t and categories; areas small 0–32², medium 32²–96², "
          + "large 96² and up (bounds inclusive, as pycocotools); "
          + "−1 where no ground truth makes a number defined",
      ], images: [], dataset: .init(images: 0), findings: [], couldNotCheck: [])
    let loaded: DetectionFiles.Loaded
    do {
      // COCO files as pycocotools reads them; any other tool's boxes through Annota's importers.
      let coco = [reference, candidate].allSatisfy { $0.lowercased().hasSuffix(".json") }
      if files != nil, options.iouType == .segm {
        // Mask evaluation reads COCO's RLE; sets' shapes are boxes here.
        report.findings.append(
          CompareRules.incomparable.finding(
            "mask evaluation (--iou-type segm) reads two COCO files with RLE masks, not annotation sets",
            hint: "give the two COCO files, or evaluate boxes", at: SourceLocation(file: reference)))
        return report
      }
      if coco || options.iouType == .segm, files == nil {
        loaded = try DetectionFiles.load(reference: reference, candidate: candidate, iouType: options.iouType)
      } else {
        let truth =
          if let files { try ToolFiles.annotations(of: files.reference) } else {
            try ToolFiles.annotations(under: reference)
          }
        let found =
          if let files { try ToolFiles.annotations(of: files.candidate) } else {
            try ToolFiles.annotations(under: candidate)
          }
        loaded = BoxFiles.load(
          reference: truth, candidate: found, names: (reference, candidate), sharedOnly: files != nil)
      }
    } catch {
      report.couldNotCheck.append(
        CouldNotCheck(
          rule: CompareRules.unreadable.id, location: SourceLocation(file: error.path), reason: error.message))
      return report
    }
    report.findings = loaded.findings
    let evaluation = COCOEvaluation(
      groundTruth: loaded.groundTruth, detections: loaded.detections, iouType: options.iouType)
    report.dataset.images = evaluation.imageIDs.count
    report.dataset.detection = ComparisonReport.DetectionScores(
      iouType: options.iouType.rawValue, images: evaluation.imageIDs.count, categories: evaluation.categoryIDs.count,
      groundTruth: loaded.groundTruth.annotations.count, detections: loaded.detections.count,
      summary: evaluation.summary)
    return report
  }

  /// Matches the points of two annotation-tool files one to one within a distance, per image and
  /// time point (pairs most points first, then the least total squared distance, as Spotiflow's
  /// evaluation with SciPy does).
  /// - Parameters:
  ///   - reference: the reference file (Cell Counter, TrackMate, CVAT…).
  ///   - candidate: the candidate file.
  ///   - options: `tolerance` is the largest distance of a match, in the files' coordinates (3 by default).
  /// - Returns: the report; files that cannot be read are in its `couldNotCheck`.
  public static func comparePoints(reference: String, candidate: String, options: ComparisonOptions)
    -> ComparisonReport
  {
    comparePoints(reference: reference, candidate: candidate, files: nil, options: options)
  }

  /// Matches the points of one annotation set of a dataset against another's, each set's files read
  /// as ``comparePoints(reference:candidate:options:)`` reads files.
  /// - Parameters:
  ///   - reference: the reference set.
  ///   - candidate: the candidate set.
  ///   - options: as for files.
  /// - Returns: the report.
  public static func comparePoints(
    reference: ComparisonSource, candidate: ComparisonSource, options: ComparisonOptions
  ) -> ComparisonReport {
    comparePoints(
      reference: reference.name, candidate: candidate.name, files: (reference.toolInputs, candidate.toolInputs),
      options: options)
  }

  static func comparePoints(
    reference: String, candidate: String, files: (reference: [ToolFiles.Input], candidate: [ToolFiles.Input])?,
    options: ComparisonOptions
  ) -> ComparisonReport {
    let cutoff = options.tolerance ?? 3
    var report = ComparisonReport(
      reference: reference, candidate: candidate, mode: ComparisonOptions.Mode.points.rawValue, criterion: "distance",
      thresholds: [],
      conventions: [
        "points matched one to one within \(cutoff) "
          + (options.pixelSize.map { "physical units (pixel size \($0.map { "\($0)" }.joined(separator: " × ")))" }
            ?? "pixels (every importer converts to Annota's pixel convention; z in planes)")
          + ", per image and time point: the most pairs, then the least total squared "
          + "distance (Spotiflow's evaluation recipe with scipy.optimize.linear_sum_assignment); a pair exactly at "
          + "the cutoff matches",
        "precision = tp/n_candidate, recall = tp/n_reference, F1 = 2tp/(n_reference+n_candidate), each 0 when its "
          + "denominator is 0; mean distance over the matched pairs; dataset = counts and distances pooled",
      ], images: [], dataset: .init(images: 0), findings: [], couldNotCheck: [])
    var sides: [PointFiles.Loaded] = []
    for (path, inputs) in [(reference, files?.reference), (candidate, files?.candidate)] {
      do {
        let read =
          if let inputs { try ToolFiles.annotations(of: inputs) } else { try ToolFiles.annotations(under: path) }
        sides.append(PointFiles.load(read))
      } catch {
        report.couldNotCheck.append(
          CouldNotCheck(
            rule: CompareRules.unreadable.id, location: SourceLocation(file: error.path), reason: error.message))
      }
    }
    guard sides.count == 2 else { return report }
    for (side, path) in zip(sides, [reference, candidate]) where !side.otherShapes.isEmpty {
      let shapes = side.otherShapes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
      report.findings.append(
        CompareRules.incomparable.finding(
          "\(shapes) feature(s) are not points; only points are matched", hint: "for boxes, give --mode detection",
          at: SourceLocation(file: path)))
    }
    // One image on each side is the same image, whatever the files call it.
    var keys = sides[0].order
    var candidateKey = Dictionary(uniqueKeysWithValues: keys.map { ($0, $0) })
    if sides[0].order.count == 1, sides[1].order.count == 1 {
      candidateKey = [sides[0].order[0]: sides[1].order[0]]
    } else if files != nil {
      // Two annotation sets: an image one of them does not cover is not compared.
      let onlyOne = keys.filter { sides[1].groups[$0] == nil } + sides[1].order.filter { sides[0].groups[$0] == nil }
      keys.removeAll { sides[1].groups[$0] == nil }
      if !onlyOne.isEmpty {
        report.findings.append(
          CompareRules.unpaired.finding(
            "\(onlyOne.count) image(s) have points in one set only (\(onlyOne.prefix(3).joined(separator: ", ")))"
              + "; they are not compared", at: SourceLocation(file: reference)))
      }
    } else {
      for key in sides[1].order where sides[0].groups[key] == nil { keys.append(key) }
    }
    let threeD = sides[0].allHaveZ && sides[1].allHaveZ
    var total = ComparisonReport.PointScores.zero(cutoff: cutoff)
    var distances = 0.0
    for key in keys {
      let truth = sides[0].groups[key]?.points ?? []
      let found = candidateKey[key].flatMap { sides[1].groups[$0]?.points } ?? []
      let axes = threeD ? 3 : 2
      do {
        let result = try PointMatching.match(
          reference: truth.map { Array($0.prefix(axes)) }, candidate: found.map { Array($0.prefix(axes)) },
          cutoff: cutoff, scale: options.pixelSize.map { size in (0..<axes).map { size[min($0, size.count - 1)] } })
        var scores = ComparisonReport.ImageScores(
          name: key, referenceFile: reference, candidateFile: candidate, shape: threeD ? "x, y, z" : "x, y",
          instance: nil, foregroundDice: nil, foregroundIoU: nil, classes: nil)
        scores.points = ComparisonReport.PointScores(result)
        report.images.append(scores)
        total.add(result)
        distances += result.pairs.reduce(0) { $0 + $1.distance }
      } catch {
        report.findings.append(
          CompareRules.incomparable.finding("\(key): \(error.message)", at: SourceLocation(file: candidate)))
      }
    }
    total.meanDistance = total.tp > 0 ? distances / Double(total.tp) : nil
    report.dataset.images = report.images.count
    report.dataset.points = total
    return report
  }

  /// Compares two class tables' image-level labels (SPEC §5.5): accuracy, per-label precision,
  /// recall and F1, the confusion matrix and Cohen's κ, as scikit-learn computes them, over the
  /// images both label exactly once.
  /// - Parameters:
  ///   - reference: the reference's class-table files (merged).
  ///   - candidate: the candidate's.
  ///   - names: how the report names the two sides (by default the first file of each).
  /// - Returns: the report; tables that cannot be read are in its `couldNotCheck`.
  public static func compareClassTables(
    reference: [String], candidate: [String], names: (String, String)? = nil
  ) -> ComparisonReport {
    compareClassTables(
      ClassTableFiles.merged(reference), ClassTableFiles.merged(candidate), files: (reference, candidate),
      names: names)
  }

  /// The comparison of two sides' class tables, already read (agreement reads each set once).
  static func compareClassTables(
    _ referenceTable: (table: ClassTableFiles.Loaded, unread: [CouldNotCheck]),
    _ candidateTable: (table: ClassTableFiles.Loaded, unread: [CouldNotCheck]),
    files: (reference: [String], candidate: [String]), names: (String, String)?
  ) -> ComparisonReport {
    let (reference, candidate) = files
    var report = ComparisonReport(
      reference: names?.0 ?? reference.first ?? "", candidate: names?.1 ?? candidate.first ?? "",
      mode: ComparisonOptions.Mode.classification.rawValue, criterion: "label", thresholds: [],
      conventions: [
        "image-level labels paired by image id; images labelled more than once on either side are left out "
          + "(single-label metrics)",
        "accuracy = share of images with the same label; per label: precision = tp/predicted, recall = tp/support, "
          + "F1 their harmonic mean, each 0 when its denominator is 0 (scikit-learn's zero_division=0); "
          + "Cohen's κ = (p_o − p_e)/(1 − p_e), unweighted (sklearn.metrics.cohen_kappa_score)",
      ], images: [], dataset: .init(images: 0), findings: [], couldNotCheck: [])
    report.couldNotCheck = referenceTable.unread + candidateTable.unread
    let sides = [referenceTable.table, candidateTable.table]
    guard report.couldNotCheck.isEmpty else { return report }
    var truth: [String] = []
    var found: [String] = []
    for image in sides[0].order {
      guard let candidateLabels = sides[1].labels[image] else {
        report.findings.append(
          CompareRules.unpaired.finding(
            "\(image) is labelled in \(report.reference) only; it is not compared",
            at: SourceLocation(file: reference.first ?? "")))
        continue
      }
      let referenceLabels = sides[0].labels[image] ?? []
      guard referenceLabels.count == 1, candidateLabels.count == 1 else {
        report.findings.append(
          CompareRules.incomparable.finding(
            "\(image) has \(referenceLabels.count) reference and \(candidateLabels.count) candidate labels; "
              + "single-label metrics leave it out",
            at: SourceLocation(file: (referenceLabels.count == 1 ? candidate.first : reference.first) ?? "")))
        continue
      }
      truth.append(referenceLabels[0])
      found.append(candidateLabels[0])
      var scores = ComparisonReport.ImageScores(
        name: image, referenceFile: reference.first ?? "", candidateFile: candidate.first ?? "", shape: "image",
        instance: nil, foregroundDice: nil, foregroundIoU: nil, classes: nil)
      scores.labels = [referenceLabels[0], candidateLabels[0]]
      report.images.append(scores)
    }
    for image in sides[1].order where sides[0].labels[image] == nil {
      report.findings.append(
        CompareRules.unpaired.finding(
          "\(image) is labelled in \(report.candidate) only; it is not compared",
          at: SourceLocation(file: candidate.first ?? "")))
    }
    report.dataset.images = truth.count
    guard !truth.isEmpty, let matrix = try? ConfusionMatrix(reference: truth, candidate: found) else { return report }
    report.dataset.classification = ComparisonReport.ClassificationScores(
      images: truth.count, accuracy: matrix.accuracy, cohenKappa: matrix.cohenKappa(), macroF1: matrix.macroF1,
      labels: matrix.labels, matrix: matrix.counts,
      classes: matrix.classes.map {
        .init(
          label: $0.label, support: $0.support, predicted: $0.predicted, tp: $0.truePositives, precision: $0.precision,
          recall: $0.recall, f1: $0.f1)
      })
    return report
  }

  /// What measuring one pair gives.
  struct Outcome: Sendable {
    var scores: ComparisonReport.ImageScores?
    var results: [InstanceMatching.Result]?
    var classCounts: [Int: SemanticOverlap.ClassCounts]?
    var foreground = SemanticOverlap.ClassCounts()
    var findings: [Diagnostic] = []
    var unchecked: [CouldNotCheck] = []
  }

  static func measure(
    _ pair: ComparisonPairing.Pair, mode: ComparisonOptions.Mode, classes: [Int]?, options: ComparisonOptions
  ) -> Outcome {
    var outcome = Outcome()
    func load(_ entry: ComparisonSource.Entry, side: String) -> LabelVolume? {
      if let shapes = entry.shapes { return shapes.volume }
      do {
        return try LabelVolume.read(path: entry.path)
      } catch  where error.code == .notLabels {
        outcome.findings.append(
          CompareRules.notLabels.finding(
            "the \(side) of \(pair.name): \(error.message); it is not compared", at: SourceLocation(file: entry.path)))
      } catch {
        outcome.unchecked.append(
          CouldNotCheck(
            rule: CompareRules.unreadable.id, location: SourceLocation(file: entry.path),
            reason: "the \(side) of \(pair.name): \(error.message); it is not compared"))
      }
      return nil
    }
    guard let reference = load(pair.reference, side: "reference"),
      let candidate = load(pair.candidate, side: "candidate")
    else { return outcome }
    guard reference.width == candidate.width, reference.height == candidate.height, reference.depth == candidate.depth
    else {
      outcome.findings.append(
        CompareRules.sizeMismatch.finding(
          "\(pair.name): the reference is \(reference.shapeDescription), the candidate \(candidate.shapeDescription); "
            + "it is not compared",
          hint: "compare label images of the same image, at the same size",
          at: SourceLocation(file: pair.candidate.path)))
      return outcome
    }
    // 16-bit files are counted as read; anything wider (or mixed) at 32 bits.
    let overlap =
      if let narrowReference = reference.narrowLabels, let narrowCandidate = candidate.narrowLabels {
        LabelOverlap(reference: narrowReference, candidate: narrowCandidate)
      } else {
        LabelOverlap(reference: reference.labels, candidate: candidate.labels)
      }
    outcome.foreground.reference = overlap.referenceForeground
    outcome.foreground.candidate = overlap.candidateForeground
    outcome.foreground.shared = overlap.sharedForeground
    var scores = ComparisonReport.ImageScores(
      name: pair.name, referenceFile: pair.reference.path, candidateFile: pair.candidate.path,
      shape: reference.shapeDescription, instance: nil, foregroundDice: overlap.foregroundDice,
      foregroundIoU: overlap.foregroundIoU, classes: nil)
    switch mode {
    case .instance:
      let results = InstanceMatching.match(overlap, thresholds: options.thresholds, criterion: options.criterion)
      outcome.results = results
      scores.instance = results.map(InstanceMatching.Summary.init)
      if overlap.referenceLabels.isEmpty || overlap.candidateLabels.isEmpty {
        let side =
          overlap.referenceLabels.isEmpty && overlap.candidateLabels.isEmpty
          ? "neither side has an object"
          : overlap.referenceLabels.isEmpty
            ? "the reference has no object"
            : "the candidate has no object"
        outcome.findings.append(
          CompareRules.empty.finding(
            "\(pair.name): \(side); precision, recall, F1 and the scores are 0 here (StarDist's convention), "
              + "and its \(overlap.referenceLabels.count) reference and \(overlap.candidateLabels.count) candidate "
              + "objects count in the pooled numbers",
            at: SourceLocation(file: pair.reference.path)))
      }
    case .detection, .points, .classification:
      break  // their files go through compareDetections, comparePoints and compareClassTables
    case .semantic:
      // Widened once here: the classes and their boundaries all read them.
      let (referenceLabels, candidateLabels) = (reference.labels, candidate.labels)
      let semantic = SemanticOverlap(
        reference: referenceLabels, candidate: candidateLabels, classes: classes, empty: options.empty)
      outcome.classCounts = semantic.counts
      scores.classes = semantic.classes.map {
        ComparisonReport.ClassScores(
          value: $0.value, name: nil, reference: $0.reference, candidate: $0.candidate, shared: $0.shared,
          dice: $0.dice, iou: $0.iou)
      }
      if let tolerance = options.tolerance, var classScores = scores.classes {
        let (shape, spacing, unit) = grid(
          reference, pixelSize: pair.reference.pixelSize ?? reference.pixelSize,
          unit: pair.reference.pixelSize == nil ? (reference.pixelSize == nil ? nil : "um") : pair.reference.pixelUnit)
        for index in classScores.indices {
          let value = UInt32(classScores[index].value)
          do {
            let distances = try BoundaryDistances(
              reference: referenceLabels.map { $0 == value }, candidate: candidateLabels.map { $0 == value },
              shape: shape, spacing: spacing, empty: options.boundaryEmpty)
            classScores[index].boundary = ComparisonReport.BoundaryScores(
              hd95: distances.hausdorff95, hausdorff: distances.hausdorff,
              assd: distances.averageSymmetricSurfaceDistance,
              nsd: try distances.normalisedSurfaceDistance(tolerance: tolerance), tolerance: tolerance, unit: unit)
          } catch {
            outcome.findings.append(
              CompareRules.notLabels.finding(
                "\(pair.name): boundary metrics of class \(value) cannot be computed: \(error)",
                at: SourceLocation(file: pair.reference.path)))
          }
        }
        scores.classes = classScores
      }
      let absent = semantic.classes.filter { $0.reference == 0 && $0.candidate == 0 }.map(\.value)
      if !absent.isEmpty {
        outcome.findings.append(
          CompareRules.empty.finding(
            "\(pair.name): class \(absent.map(String.init).joined(separator: ", ")) is on neither side; "
              + (options.empty == .perfect ? "scored Dice = IoU = 1" : "not scored (left out of the means)"),
            at: SourceLocation(file: pair.reference.path)))
      }
    }
    outcome.scores = scores
    return outcome
  }

  static func datasetScores(
    _ images: [ComparisonReport.ImageScores], perImage: [[InstanceMatching.Result]],
    pooledClasses: [Int: SemanticOverlap.ClassCounts], foreground: SemanticOverlap.ClassCounts,
    mode: ComparisonOptions.Mode, classes: [Int]?, names: [Int: String], empty: SemanticOverlap.EmptyConvention
  ) -> ComparisonReport.DatasetScores {
    var scores = ComparisonReport.DatasetScores(images: images.count)
    guard !images.isEmpty else { return scores }
    let total = foreground.reference + foreground.candidate
    scores.foregroundDice = total == 0 ? 1 : 2 * Double(foreground.shared) / Double(total)
    let union = total - foreground.shared
    scores.foregroundIoU = union == 0 ? 1 : Double(foreground.shared) / Double(union)
    scores.meanForegroundDice = images.compactMap(\.foregroundDice).reduce(0, +) / Double(images.count)
    switch mode {
    case .instance:
      scores.pooled = InstanceMatching.summarize(perImage, byImage: false)
      scores.byImage = InstanceMatching.summarize(perImage, byImage: true)
    case .detection, .points, .classification:
      break
    case .semantic:
      let pooled = SemanticOverlap(counts: pooledClasses, classes: classes, empty: empty)
      scores.classes = pooled.classes.map {
        ComparisonReport.ClassScores(
          value: $0.value, name: names[$0.value], reference: $0.reference, candidate: $0.candidate, shared: $0.shared,
          dice: $0.dice, iou: $0.iou)
      }
      scores.meanDice = pooled.meanDice
      scores.meanIoU = pooled.meanIoU
      if var classScores = scores.classes {
        for index in classScores.indices {
          classScores[index].boundary = meanBoundary(of: classScores[index].value, over: images)
        }
        scores.classes = classScores
      }
    }
    return scores
  }

  /// A class's boundary metrics over a dataset: each the mean over the images where it is defined
  /// (Metrics Reloaded aggregates per case, then averages).
  static func meanBoundary(of value: Int, over images: [ComparisonReport.ImageScores]) -> ComparisonReport
    .BoundaryScores?
  {
    let measured = images.compactMap { $0.classes?.first { $0.value == value }?.boundary }
    guard let first = measured.first else { return nil }
    func mean(_ values: [Double?]) -> Double? {
      let defined = values.compactMap { $0 }
      return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }
    return ComparisonReport.BoundaryScores(
      hd95: mean(measured.map(\.hd95)), hausdorff: mean(measured.map(\.hausdorff)), assd: mean(measured.map(\.assd)),
      nsd: mean(measured.map(\.nsd)), tolerance: first.tolerance,
      unit: Set(measured.map(\.unit)).count == 1 ? first.unit : "mixed", images: measured.count)
  }

  /// The grid of a label volume for distances: extents slowest axis first, the pixel size along each
  /// (from the manifest, x, y and z), and its unit; pixels when the manifest gives no size.
  static func grid(_ volume: LabelVolume, pixelSize: [Double]?, unit: String?) -> (
    shape: [Int], spacing: [Double], unit: String
  ) {
    let shape = volume.depth > 1 ? [volume.depth, volume.height, volume.width] : [volume.height, volume.width]
    guard let size = pixelSize, size.count >= 2, size.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      return (shape, shape.map { _ in 1 }, "pixel")
    }
    if volume.depth > 1 {
      guard size.count >= 3 else { return (shape, shape.map { _ in 1 }, "pixel") }
      return (shape, [size[2], size[1], size[0]], unit ?? "unit")
    }
    return (shape, [size[1], size[0]], unit ?? "unit")
  }

  /// The conventions of a report, in words.
  static func conventions(mode: ComparisonOptions.Mode, options: ComparisonOptions) -> [String] {
    var lines = [
      "foreground Dice = 2|A∩B|/(|A|+|B|) over all non-zero pixels; 1 when both sides are empty"
    ]
    switch mode {
    case .detection, .points, .classification:
      break
    case .instance:
      lines += [
        "instance matching as StarDist 0.9.2 stardist.matching.matching: objects paired one to one by the "
          + "Hungarian method on cost −(S≥τ)−S/(2·min(n_true,n_pred)), S = \(options.criterion.rawValue); "
          + "a pair is a true positive when S ≥ τ",
        "precision = tp/(tp+fp), recall = tp/(tp+fn), f1 = 2tp/(2tp+fp+fn), accuracy = tp/(tp+fp+fn) "
          + "(Cellpose's \"average precision\", not COCO's AP), panoptic_quality = ΣS(tp)/(tp+fp/2+fn/2); "
          + "each 0 when its denominator or tp is 0 (StarDist)",
        "dataset: pooled = counts and score sums added over images, ratios from the sums "
          + "(matching_dataset by_image=False); by_image = mean of per-image ratios, an image with no "
          + "object on either side counting 0 (by_image=True)",
      ]
    case .semantic:
      lines += [
        "per class c: Dice = 2|R_c∩C_c|/(|R_c|+|C_c|), IoU = |R_c∩C_c|/|R_c∪C_c| (Metrics Reloaded)",
        options.empty == .perfect
          ? "a class on neither side scores Dice = IoU = 1 (--empty perfect)"
          : "a class on neither side is not scored and is left out of the means (--empty undefined)",
        "dataset: per-class pixels pooled over images; mean Dice and IoU over the scored classes",
      ]
      if let tolerance = options.tolerance {
        let (name, empty) =
          switch options.boundaryEmpty {
          case .metricsReloaded:
            (
              "metrics-reloaded",
              "both empty: distances 0 and NSD 1; one empty: distances undefined, NSD as Metrics Reloaded computes it"
            )
          case .undefined: ("undefined", "a class empty on either side: every boundary metric undefined")
          case .worstCase:
            ("worst-case", "one side empty: distances = the grid's diagonal, NSD 0; both empty: distances 0, NSD 1")
          }
        lines += [
          "boundary metrics per class and image as Metrics Reloaded (cb38dfc): distances between border pixels "
            + "(foreground pixels with a background face neighbour, or on the grid's edge) in the manifest's pixel sizes, "
            + "else the file's (TIFF resolution in cm or inches, HDF5 element_size_um), else pixels; "
            + "HD95 = the larger of the two directions' 95th percentiles; ASSD; NSD at τ = \(tolerance) = the share "
            + "of border pixels within τ of the other border",
          "boundary, empty classes (--boundary-empty \(name)): \(empty)",
          "boundary over the dataset: per class, the mean over the images where each metric is defined",
        ]
      }
    }
    return lines
  }
}
