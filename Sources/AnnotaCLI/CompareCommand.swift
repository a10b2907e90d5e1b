// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaModel
import AnnotaWorkflows
public import ArgumentParser
import Foundation

/// `annota compare`: segmentation metrics between two annotations of the same images, or the
/// agreement between several annotators.
public struct CompareCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Measure a candidate against a reference (Dice, IoU, instance F1, PQ), or annotators' agreement.",
    discussion: """
      Two annotation sets of a dataset (DATASET --reference SET --candidate SET), or two files or \
      folders (REFERENCE CANDIDATE): label images, or annotation tools' files (COCO, CVAT, VOC, \
      LabelMe: shapes drawn as masks); folders pair by path, then by file name without mask \
      suffixes. Instances are matched as StarDist's `matching` does (Hungarian pairing, a true \
      positive at IoU ≥ τ); classes get per-class Dice and IoU (and boundary metrics with \
      --boundary). Two COCO JSON files (ground truth, detections), or any tool's boxes or two \
      sets with --mode detection, give COCO's AP and AR as pycocotools' COCOeval does; two point \
      files (Cell Counter, TrackMate, GeoJSON), or two sets with --mode points, are matched one to \
      one within --tolerance; two class tables (TSV, or class_table sets) give \
      accuracy, per-label scores, the confusion matrix and Cohen's κ. With --sets A,B,C (or three or more \
      paths, or --agreement) every pair is compared: the agreement matrix and the images ranked by \
      disagreement; --record writes it into the sets' provenance. Every pixel is read; a pair that \
      cannot be read is reported as not checked, never as agreeing. Exit status: 0 when every pair \
      was measured and every --fail-below holds, 1 when not, 2 when the comparison could not run, \
      64 on bad arguments.
      """)

  /// Inputs.
  @Argument(help: "A dataset folder (with --reference/--candidate or --sets), or label-image files or folders.")
  public var inputs: [String] = []

  /// The reference set.
  @Option(help: "The reference annotation set's id (in DATASET).")
  public var reference: String?

  /// The candidate set.
  @Option(help: "The candidate annotation set's id (in DATASET).")
  public var candidate: String?

  /// Sets for agreement.
  @Option(help: "Annotation set ids compared pairwise for agreement, comma-separated (in DATASET).")
  public var sets: String?

  /// Agreement over paths.
  @Flag(help: "Compare every pair of the given paths for agreement (implied by three or more paths).")
  public var agreement = false

  /// Thresholds.
  @Option(help: "IoU thresholds: 0.5, a list 0.5,0.75, or a range start:stop:step such as 0.5:0.95:0.05.")
  public var thresholds = "0.5"

  /// Criterion.
  @Option(help: "How a pair of objects is scored: iou, iot (over the reference) or iop (over the candidate).")
  public var criterion: String = "iou"

  /// Mode.
  @Option(
    help:
      "instance, semantic, detection, points or classification (default: the set's kind; two .json files: detection, .xml: points, .tsv: classification; else instance)."
  )
  public var mode: String?

  /// Classes scored.
  @Option(
    help: "Semantic mode: the class values scored, comma-separated (default: the label table's, or those present).")
  public var classes: String?

  /// Empty convention.
  @Option(help: "A class on neither side: undefined (left out of means) or perfect (scored 1).")
  public var empty: String = "undefined"

  /// Pixel size for points.
  @Option(
    name: .customLong("pixel-size"),
    help: "Points mode: the pixel size along x,y[,z] (e.g. 0.65,0.65,2), so --tolerance and distances are physical.")
  public var pixelSize: String?

  /// Detection boxes or masks.
  @Option(
    name: .customLong("iou-type"),
    help: "Detection mode: bbox, or segm (RLE masks; two COCO JSON files only), as pycocotools' iouType.")
  public var iouType = "bbox"

  /// Boundary metrics.
  @Flag(help: "Semantic mode: also HD95, Hausdorff, ASSD and NSD per class (Metrics Reloaded).")
  public var boundary = false

  /// NSD tolerance, or the largest distance of a point match.
  @Option(
    help: ArgumentHelp(
      "Semantic mode: NSD's tolerance in the manifest's (else the file's) pixel-size unit, else pixels; implies "
        + "--boundary; default 1. Points mode: the largest distance of a match, in pixels (or --pixel-size units), "
        + "default 3."))
  public var tolerance: Double?

  /// Boundary empty convention.
  @Option(
    name: .customLong("boundary-empty"),
    help: "A class empty on one side or both: metrics-reloaded (its own values), undefined, or worst-case.")
  public var boundaryEmpty = "metrics-reloaded"

  /// Output format.
  @Option(help: "The report's format: text, json, csv (per image) or md.")
  public var format: String = "text"

  /// Output file.
  @Option(help: "Write the report to this file instead of standard output.")
  public var output: String?

  /// Gates.
  @Option(
    name: .customLong("fail-below"),
    help: "Exit 1 when a pooled metric is below a value, e.g. f1=0.8, f1@0.75=0.6, dice=0.9 (repeatable).")
  public var failBelow: [String] = []

  /// Record agreement.
  @Flag(help: "With --sets: write the agreement into each set's provenance in the manifest.")
  public var record = false

  /// Width.
  @Option(name: .customLong("jobs"), help: "Images compared at once (default: the number of cores).")
  public var jobsOption: Int?

  /// No progress bar.
  @Flag(help: "No progress bar on standard error (it is shown only on a terminal anyway).")
  public var quiet = false

  /// Resource limits.
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  private var isAgreement: Bool { sets != nil || agreement || inputs.count >= 3 }

  /// Two point files (Cell Counter, TrackMate…): explicit, or two `.xml` files.
  private var isPoints: Bool {
    mode == ComparisonOptions.Mode.points.rawValue
      || mode == nil && !isAgreement && reference == nil && inputs.count == 2
        && inputs.allSatisfy { $0.lowercased().hasSuffix(".xml") }
  }

  /// Two class tables (`.tsv`): image-level labels.
  private var isClassification: Bool {
    // Sets of class tables (--reference/--candidate, --sets) are recognised by their encoding.
    !isAgreement && reference == nil && inputs.count == 2
      && (mode == ComparisonOptions.Mode.classification.rawValue
        || mode == nil && inputs.allSatisfy { $0.lowercased().hasSuffix(".tsv") })
  }

  /// Two COCO files: the ground truth and the detections.
  private var isDetection: Bool {
    mode == ComparisonOptions.Mode.detection.rawValue
      || mode == nil && !isAgreement && reference == nil && inputs.count == 2
        && inputs.allSatisfy { $0.lowercased().hasSuffix(".json") }
  }

  /// Checks the arguments.
  public func validate() throws {
    guard !inputs.isEmpty else { throw ValidationError("give a dataset folder, or two label-image files or folders") }
    if sets != nil || reference != nil || candidate != nil {
      guard inputs.count == 1 else { throw ValidationError("--reference, --candidate and --sets take one DATASET") }
      if sets == nil, reference == nil || candidate == nil {
        throw ValidationError("give both --reference and --candidate (or --sets for agreement)")
      }
    } else if inputs.count < 2 {
      throw ValidationError("one path: give --reference and --candidate set ids, or --sets")
    }
    if let sets, sets.split(separator: ",").filter({ !$0.allSatisfy(\.isWhitespace) }).count < 2 {
      throw ValidationError("--sets needs two or more set ids, comma-separated")
    }
    if record, sets == nil { throw ValidationError("--record needs --sets (the agreement of a dataset's sets)") }
    if isAgreement, criterion != InstanceMatching.Criterion.iou.rawValue {
      throw ValidationError("--criterion \(criterion): agreement is symmetric, so it is measured with iou")
    }
    guard ComparisonOptions.thresholds(thresholds) != nil else {
      throw ValidationError("--thresholds \(thresholds): give values in [0, 1]: 0.5, 0.5,0.75 or 0.5:0.95:0.05")
    }
    guard InstanceMatching.Criterion(rawValue: criterion) != nil else {
      throw ValidationError("--criterion \(criterion): iou, iot or iop")
    }
    if let mode, ComparisonOptions.Mode(rawValue: mode) == nil {
      throw ValidationError("--mode \(mode): instance, semantic, detection, points or classification")
    }
    guard COCOEvaluation.IoUType(rawValue: iouType) != nil else {
      throw ValidationError("--iou-type \(iouType): bbox or segm")
    }
    if isDetection || isPoints, isAgreement || reference == nil && inputs.count != 2 {
      throw ValidationError(
        "detection and points modes compare two files (GROUND_TRUTH DETECTIONS) or two sets (--reference, --candidate)")
    }
    guard SemanticOverlap.EmptyConvention(rawValue: empty) != nil else {
      throw ValidationError("--empty \(empty): undefined or perfect")
    }
    guard let chosen = ComparisonRenderer.Format(rawValue: format), !isAgreement || chosen != .csv else {
      throw ValidationError("--format \(format): text, json, csv or md (csv for two sides only)")
    }
    for gate in failBelow where MetricGate(gate) == nil {
      throw ValidationError(
        "--fail-below \(gate): give metric=value or metric@τ=value; metrics: \(MetricGate.metrics.joined(separator: ", "))"
      )
    }
    if let jobsOption, jobsOption < 1 { throw ValidationError("--jobs must be at least 1") }
    if let tolerance, !(tolerance >= 0 && tolerance.isFinite) {
      throw ValidationError("--tolerance \(tolerance): give a distance of 0 or more")
    }
    guard Self.boundaryConvention(boundaryEmpty) != nil else {
      throw ValidationError("--boundary-empty \(boundaryEmpty): metrics-reloaded, undefined or worst-case")
    }
    if let pixelSize, Self.sizes(pixelSize) == nil {
      throw ValidationError("--pixel-size \(pixelSize): give 2 or 3 positive numbers, comma-separated (x,y[,z])")
    }
    if let classes, Self.classValues(classes) == nil {
      throw ValidationError("--classes \(classes): give non-negative integers, comma-separated")
    }
  }

  /// Compares and reports.
  public func run() async throws { try await limits.readLimits.apply { try await execute() } }

  /// The command's work, with its read limits in force.
  func execute() async throws {
    MemoryTuning.reuseLargeBuffers()
    var options = ComparisonOptions(
      mode: mode.flatMap(ComparisonOptions.Mode.init(rawValue:)), thresholds: ComparisonOptions.thresholds(thresholds)!,
      criterion: InstanceMatching.Criterion(rawValue: criterion)!, classes: classes.flatMap(Self.classValues),
      empty: SemanticOverlap.EmptyConvention(rawValue: empty)!, width: jobsOption ?? BoundedParallel.defaultWidth)
    if isPoints {
      options.tolerance = tolerance
      options.pixelSize = pixelSize.flatMap(Self.sizes)
    } else if boundary || tolerance != nil {
      options.tolerance = tolerance ?? 1
      options.boundaryEmpty = Self.boundaryConvention(boundaryEmpty) ?? .metricsReloaded
    }
    options.iouType = COCOEvaluation.IoUType(rawValue: iouType) ?? .bbox
    // Two files of boxes, points or labels are read by their own readers; sets always resolve.
    let sources = (isDetection || isPoints || isClassification) && reference == nil ? [] : try resolveSources()
    let bar = ProgressBar.wanted(quiet: quiet) ? ProgressBar() : nil
    var progress: (@Sendable (Int, Int) -> Void)?
    if let bar { progress = { done, total in bar.update(done: done, total: total, noun: "images") } }
    let gates = failBelow.compactMap(MetricGate.init)
    let renderFormat = ComparisonRenderer.Format(rawValue: format)!
    var failures: [String] = []
    var recording: AgreementReport?
    let text: String
    if isAgreement {
      let report = await AgreementAnalysis.run(sources, options: options, progress: progress)
      bar?.finish()
      text = AgreementRenderer.render(report, as: renderFormat)
      if report.isIncomplete { failures.append("not every pair of sets was measured in full; see the report") }
      failures += gates.compactMap { $0.failure(in: report) }
      recording = report
    } else {
      let report =
        if isDetection, sources.count == 2 {
          AnnotationComparer.compareDetections(reference: sources[0], candidate: sources[1], options: options)
        } else if isPoints, sources.count == 2 {
          AnnotationComparer.comparePoints(reference: sources[0], candidate: sources[1], options: options)
        } else if isDetection {
          AnnotationComparer.compareDetections(reference: inputs[0], candidate: inputs[1], options: options)
        } else if isClassification {
          AnnotationComparer.compareClassTables(reference: [inputs[0]], candidate: [inputs[1]])
        } else if isPoints {
          AnnotationComparer.comparePoints(reference: inputs[0], candidate: inputs[1], options: options)
        } else {
          await AnnotationComparer.compare(
            reference: sources[0], candidate: sources[1], options: options, progress: progress)
        }
      bar?.finish()
      text = ComparisonRenderer.render(report, as: renderFormat)
      if !report.couldNotCheck.isEmpty {
        failures.append("\(report.couldNotCheck.count) file(s) could not be checked; see the report")
      }
      let errors = report.findings.filter { $0.severity == .error }.count
      if errors > 0 { failures.append("\(errors) error finding(s); see the report") }
      let gateFailures = gates.compactMap { $0.failure(in: report) }
      failures += gateFailures
      // A gate speaks for the whole dataset: images without a counterpart were not measured.
      let unpaired = report.findings.filter { $0.rule == CompareRules.unpaired.id }.count
      if !gates.isEmpty, unpaired > 0 {
        failures.append("\(unpaired) image(s) have no counterpart, so the gated numbers leave them out")
      }
    }
    if let output {
      do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
      } catch {
        throw CommandFailure("\(output): cannot write the report: \(error.localizedDescription)")
      }
    } else {
      print(text, terminator: "")
    }
    for failure in failures { FileHandle.standardError.write(Data("annota compare: \(failure)\n".utf8)) }
    if record, let report = recording, let dataset = inputs.first {
      guard failures.isEmpty else {
        FileHandle.standardError.write(Data("annota compare: the agreement is not recorded, the run failed\n".utf8))
        throw ExitCode(ExitStatus.findings.rawValue)
      }
      do {
        let skipped = try AgreementAnalysis.record(report, in: dataset)
        for id in skipped {
          FileHandle.standardError.write(
            Data("annota compare: set \(id) has no provenance (its origin is unknown); not recorded there\n".utf8))
        }
      } catch {
        throw CommandFailure(error.description)
      }
    }
    if !failures.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
  }

  private static func boundaryConvention(_ text: String) -> BoundaryDistances.EmptyConvention? {
    switch text {
    case "metrics-reloaded": .metricsReloaded
    case "undefined": .undefined
    case "worst-case": .worstCase
    default: nil
    }
  }

  private static func sizes(_ text: String) -> [Double]? {
    let values = text.split(separator: ",").compactMap { Double($0.filter { !$0.isWhitespace }) }
    guard (2...3).contains(values.count), values.count == text.split(separator: ",").count,
      values.allSatisfy({ $0 > 0 && $0.isFinite })
    else { return nil }
    return values
  }

  private static func classValues(_ text: String) -> [Int]? {
    let items = text.split(separator: ",").map { $0.filter { !$0.isWhitespace } }
    let values = items.compactMap { Int($0) }.filter { $0 >= 0 }
    return values.count == items.count && !values.isEmpty ? values : nil
  }

  private func resolveSources() throws -> [ComparisonSource] {
    do throws(CompareError) {
      if let sets {
        let ids = sets.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
        return try ids.map { id throws(CompareError) in try ComparisonSource.annotationSet(id, in: inputs[0]) }
      }
      if let reference, let candidate {
        return [
          try ComparisonSource.annotationSet(reference, in: inputs[0]),
          try ComparisonSource.annotationSet(candidate, in: inputs[0]),
        ]
      }
      return try inputs.map { path throws(CompareError) in try ComparisonSource.path(path) }
    } catch {
      throw CommandFailure(error.description)
    }
  }
}
