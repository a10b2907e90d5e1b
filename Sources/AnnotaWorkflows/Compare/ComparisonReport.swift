// SPDX-License-Identifier: Apache-2.0

public import AnnotaMetrics
public import AnnotaModel

/// What `annota compare` found: the numbers per image and over the dataset, the conventions they
/// follow, and every pair it could not measure (`Specs/annota/0.2/compare.schema.json`).
public struct ComparisonReport: Sendable, Codable {
  /// The report format's version.
  public var schema = "annota-compare/1"
  /// The reference side's name (set id or path).
  public var reference: String
  /// The candidate side's name.
  public var candidate: String
  /// `instance` or `semantic`.
  public var mode: String
  /// The pair score for instances: `iou`, `iot` or `iop`.
  public var criterion: String
  /// The matching thresholds.
  public var thresholds: [Double]
  /// How the numbers were computed, in words: the references they equal, how empty images and
  /// classes were scored, how images were aggregated.
  public var conventions: [String]
  /// Each compared image.
  public var images: [ImageScores]
  /// Over every compared image.
  public var dataset: DatasetScores
  /// Pairs not measured and images scored by convention (the COMPARE rules).
  public var findings: [Diagnostic]
  /// Files that could not be read: never counted as agreeing or disagreeing.
  public var couldNotCheck: [CouldNotCheck]

  /// One image's numbers.
  public struct ImageScores: Sendable, Codable, Hashable {
    /// The image id, or the reference file's path without extension.
    public var name: String
    /// The reference file.
    public var referenceFile: String
    /// The candidate file.
    public var candidateFile: String
    /// `width×height` or `depth×height×width`.
    public var shape: String
    /// Instance matching at each threshold (instance mode).
    public var instance: [InstanceMatching.Summary]?
    /// Foreground (any label against background) Dice, both modes.
    public var foregroundDice: Double?
    /// Foreground IoU.
    public var foregroundIoU: Double?
    /// Per-class scores (semantic mode).
    public var classes: [ClassScores]?
    /// Point matching (points mode).
    public var points: PointScores?
    /// The two labels of the image (classification mode).
    public var labels: [String]?

    enum CodingKeys: String, CodingKey {
      case name, shape, instance, classes, points, labels
      case referenceFile = "reference_file"
      case candidateFile = "candidate_file"
      case foregroundDice = "foreground_dice"
      case foregroundIoU = "foreground_iou"
    }
  }

  /// Point matching numbers: one image's, or pooled over a dataset.
  public struct PointScores: Sendable, Codable, Hashable {
    /// The largest distance of a match.
    public var cutoff: Double
    /// Reference points.
    public var nReference: Int
    /// Candidate points.
    public var nCandidate: Int
    /// Matched pairs.
    public var tp: Int
    /// Unmatched candidate points.
    public var fp: Int
    /// Unmatched reference points.
    public var fn: Int
    /// tp / n_candidate.
    public var precision: Double
    /// tp / n_reference.
    public var recall: Double
    /// 2tp / (n_reference + n_candidate).
    public var f1: Double
    /// The mean distance of the matched pairs (`nil` without one): the localisation error.
    public var meanDistance: Double?

    /// No point yet, at a cutoff.
    static func zero(cutoff: Double) -> PointScores {
      PointScores(
        cutoff: cutoff, nReference: 0, nCandidate: 0, tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0,
        meanDistance: nil)
    }

    /// Adds an image's counts and recomputes the ratios from the sums.
    mutating func add(_ result: PointMatching.Result) {
      nReference += result.nReference
      nCandidate += result.nCandidate
      tp += result.tp
      fp += result.fp
      fn += result.fn
      precision = nCandidate > 0 ? Double(tp) / Double(nCandidate) : 0
      recall = nReference > 0 ? Double(tp) / Double(nReference) : 0
      f1 = nReference + nCandidate > 0 ? Double(2 * tp) / Double(nReference + nCandidate) : 0
    }

    enum CodingKeys: String, CodingKey {
      case cutoff, tp, fp, fn, precision, recall, f1
      case nReference = "n_reference"
      case nCandidate = "n_candidate"
      case meanDistance = "mean_distance"
    }
  }

  /// Image-level classification: two class tables' labels of the same images.
  public struct ClassificationScores: Sendable, Codable, Hashable {
    /// One label's numbers (scikit-learn's `classification_report`).
    public struct LabelScores: Sendable, Codable, Hashable {
      /// The label.
      public var label: String
      /// Images the reference gives it.
      public var support: Int
      /// Images the candidate gives it.
      public var predicted: Int
      /// Images both give it.
      public var tp: Int
      /// tp / predicted (0 when nothing is predicted).
      public var precision: Double
      /// tp / support (0 without support).
      public var recall: Double
      /// Their harmonic mean (0 when both are 0).
      public var f1: Double
    }

    /// Images compared (labelled once on both sides).
    public var images: Int
    /// The share of images with the same label.
    public var accuracy: Double
    /// Cohen's κ (`nil` when chance agreement is total: one label only).
    public var cohenKappa: Double?
    /// The unweighted mean F1 over the labels.
    public var macroF1: Double
    /// The labels, in the matrix's order.
    public var labels: [String]
    /// The confusion matrix: rows the reference's label, columns the candidate's.
    public var matrix: [[Int]]
    /// Each label's numbers.
    public var classes: [LabelScores]

    enum CodingKeys: String, CodingKey {
      case images, accuracy, labels, matrix, classes
      case cohenKappa = "cohen_kappa"
      case macroF1 = "macro_f1"
    }
  }

  /// COCO detection metrics, as pycocotools' `COCOeval.summarize()` gives them (−1 where undefined).
  ///
  /// In JSON the twelve numbers sit beside the counts (`ap`, `ap50`, …, `ar_large`).
  public struct DetectionScores: Sendable, Codable, Hashable {
    /// `bbox` or `segm`.
    public var iouType: String
    /// Images evaluated.
    public var images: Int
    /// Categories evaluated.
    public var categories: Int
    /// Ground-truth objects read.
    public var groundTruth: Int
    /// Detections read.
    public var detections: Int
    /// AP and AR, in `COCOeval.stats` order.
    public var summary: COCOEvaluation.Summary

    enum CodingKeys: String, CodingKey {
      case images, categories, detections
      case iouType = "iou_type"
      case groundTruth = "ground_truth"
    }

    /// Creates the scores.
    /// - Parameters:
    ///   - iouType: `bbox` or `segm`.
    ///   - images: images evaluated.
    ///   - categories: categories evaluated.
    ///   - groundTruth: ground-truth objects read.
    ///   - detections: detections read.
    ///   - summary: the twelve numbers.
    public init(
      iouType: String, images: Int, categories: Int, groundTruth: Int, detections: Int, summary: COCOEvaluation.Summary
    ) {
      self.iouType = iouType
      self.images = images
      self.categories = categories
      self.groundTruth = groundTruth
      self.detections = detections
      self.summary = summary
    }

    /// Decodes the counts and, from the same object, the twelve numbers.
    /// - Parameter decoder: the decoder.
    /// - Throws: a decoding error.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      iouType = try container.decode(String.self, forKey: .iouType)
      images = try container.decode(Int.self, forKey: .images)
      categories = try container.decode(Int.self, forKey: .categories)
      groundTruth = try container.decode(Int.self, forKey: .groundTruth)
      detections = try container.decode(Int.self, forKey: .detections)
      summary = try COCOEvaluation.Summary(from: decoder)
    }

    /// Encodes the counts and the twelve numbers into one object.
    /// - Parameter encoder: the encoder.
    /// - Throws: an encoding error.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(iouType, forKey: .iouType)
      try container.encode(images, forKey: .images)
      try container.encode(categories, forKey: .categories)
      try container.encode(groundTruth, forKey: .groundTruth)
      try container.encode(detections, forKey: .detections)
      try summary.encode(to: encoder)
    }
  }

  /// One class's Dice and IoU.
  public struct ClassScores: Sendable, Codable, Hashable {
    /// The class value.
    public var value: Int
    /// The label table's name for it.
    public var name: String?
    /// Pixels of the class in the reference.
    public var reference: Int
    /// Pixels of the class in the candidate.
    public var candidate: Int
    /// Pixels of the class in both.
    public var shared: Int
    /// Dice, or `nil` when the class is absent from both and the convention leaves it unscored.
    public var dice: Double?
    /// IoU, likewise.
    public var iou: Double?
    /// Boundary metrics (`--boundary`): per image, or over the dataset the means over the images
    /// where they are defined.
    public var boundary: BoundaryScores?
  }

  /// One class's boundary metrics, as Metrics Reloaded defines them, in the units of ``unit``.
  public struct BoundaryScores: Sendable, Codable, Hashable {
    /// The 95th percentile Hausdorff distance (`nil`: undefined under the empty convention).
    public var hd95: Double?
    /// The Hausdorff distance.
    public var hausdorff: Double?
    /// The average symmetric surface distance.
    public var assd: Double?
    /// The normalised surface distance at ``tolerance``.
    public var nsd: Double?
    /// NSD's tolerance τ.
    public var tolerance: Double
    /// `µm`-like units from the manifest's pixel sizes, or `pixel`.
    public var unit: String
    /// Over a dataset: how many images each mean is over (those where the metric is defined).
    public var images: Int?
  }

  /// The numbers over every compared image.
  public struct DatasetScores: Sendable, Codable, Hashable {
    /// Images compared.
    public var images: Int
    /// Instance matching from counts pooled over images (`matching_dataset(by_image=False)`).
    public var pooled: [InstanceMatching.Summary]?
    /// Instance matching as means of per-image ratios (`by_image=True`).
    public var byImage: [InstanceMatching.Summary]?
    /// Foreground Dice from pixels pooled over images.
    public var foregroundDice: Double?
    /// Foreground IoU from pixels pooled over images.
    public var foregroundIoU: Double?
    /// The mean of the images' foreground Dice.
    public var meanForegroundDice: Double?
    /// Per-class scores from pixels pooled over images (semantic mode).
    public var classes: [ClassScores]?
    /// The mean Dice over the scored classes (semantic mode).
    public var meanDice: Double?
    /// The mean IoU over the scored classes.
    public var meanIoU: Double?
    /// COCO detection metrics (detection mode).
    public var detection: DetectionScores?
    /// Point matching pooled over the images (points mode).
    public var points: PointScores?
    /// Image-level classification (classification mode).
    public var classification: ClassificationScores?

    enum CodingKeys: String, CodingKey {
      case images, pooled, classes, detection, points, classification
      case byImage = "by_image"
      case foregroundDice = "foreground_dice"
      case foregroundIoU = "foreground_iou"
      case meanForegroundDice = "mean_foreground_dice"
      case meanDice = "mean_dice"
      case meanIoU = "mean_iou"
    }
  }

  enum CodingKeys: String, CodingKey {
    case schema, reference, candidate, mode, criterion, thresholds, conventions, images, dataset, findings
    case couldNotCheck = "could_not_check"
  }
}

extension ComparisonReport.PointScores {
  /// One image's numbers.
  init(_ result: PointMatching.Result) {
    self = .zero(cutoff: result.cutoff)
    add(result)
    meanDistance = result.tp > 0 ? result.meanDistance : nil
  }
}
