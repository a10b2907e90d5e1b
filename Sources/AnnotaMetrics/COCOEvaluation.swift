// SPDX-License-Identifier: Apache-2.0

/// COCO detection evaluation, giving the numbers of pycocotools 2.0.11's `COCOeval`.
///
/// Creating a value runs `evaluate()`, `accumulate()` and `summarize()` for boxes (`iouType="bbox"`)
/// or masks (`"segm"`), with every convention of pycocotools kept:
///
/// - Ground truth: an object is ignored when it is a crowd or outside the area range, by its given
///   `area`. Non-ignored objects are tried first, and a detection that has matched a non-ignored
///   object stops at the first ignored one. A crowd may be matched by any number of detections; the
///   overlap with a crowd is the intersection over the detection's area.
/// - Detections: per image and category, sorted by score (stable, highest first), the first
///   `maxDetections.last` kept, and matched greedily at each IoU threshold t to the best object with
///   IoU ≥ min(t, 1 − 1e-10). An unmatched detection outside the area range is ignored.
/// - Box IoU is `maskApi.c`'s `bbIou`; mask IoU counts pixels exactly, from the run lengths.
/// - Accumulation: detections of all images (by ascending image id) sorted by score again (stable);
///   precision is `tp / (fp + tp + ε)` made non-increasing, read at the first rank whose recall
///   reaches each recall threshold (0 beyond the last rank); −1 where a category has no non-ignored
///   object in the area range.
/// - Summary: means of the entries above −1 (−1 when none), with numpy's pairwise summation.
///
/// Images listed in the ground truth but without objects or detections count for nothing, as in
/// pycocotools (which gives `None` for them). Polygon segmentations must be rasterised by the caller.
/// Keypoint evaluation and `useCats=0` are not provided.
public struct COCOEvaluation: Sendable {
  /// What is compared: boxes or masks (pycocotools' `iouType`).
  public enum IoUType: String, Sendable, Hashable, CaseIterable {
    /// Boxes, `iouType="bbox"`.
    case bbox
    /// Masks, `iouType="segm"`.
    case segm
  }

  /// A named range of object areas, bounds included (pycocotools' `areaRng` with `areaRngLbl`).
  public struct AreaRange: Sendable, Hashable {
    /// The name the summary looks for: `all`, `small`, `medium`, `large`.
    public var label: String
    /// The least area in the range.
    public var lower: Double
    /// The greatest area in the range.
    public var upper: Double

    /// Creates a range.
    /// - Parameters:
    ///   - label: the name.
    ///   - lower: the least area.
    ///   - upper: the greatest area.
    public init(label: String, lower: Double, upper: Double) {
      self.label = label
      self.lower = lower
      self.upper = upper
    }

    /// COCO's four ranges: all, small (< 32²), medium (32² to 96²) and large (> 96²), up to 1e5².
    public static let cocoDefaults: [AreaRange] = [
      AreaRange(label: "all", lower: 0, upper: 1e10), AreaRange(label: "small", lower: 0, upper: 1024),
      AreaRange(label: "medium", lower: 1024, upper: 9216), AreaRange(label: "large", lower: 9216, upper: 1e10),
    ]
  }

  /// The evaluation settings (pycocotools' `Params` for detection).
  public struct Parameters: Sendable, Hashable {
    /// The IoU thresholds; by default 0.5, 0.55, …, 0.95 as `np.linspace(.5, .95, 10)` computes them.
    public var iouThresholds: [Double]
    /// The recall thresholds; by default 0, 0.01, …, 1 as `np.linspace(0, 1, 101)` computes them.
    public var recallThresholds: [Double]
    /// The numbers of detections per image and category kept; sorted before use, negative ones
    /// taken as 0.
    public var maxDetections: [Int]
    /// The area ranges.
    public var areaRanges: [AreaRange]

    /// Creates settings; the defaults are COCO's.
    /// - Parameters:
    ///   - iouThresholds: the IoU thresholds.
    ///   - recallThresholds: the recall thresholds.
    ///   - maxDetections: the detection limits.
    ///   - areaRanges: the area ranges.
    public init(
      iouThresholds: [Double] = Parameters.linspace(0.5, 0.95, count: 10),
      recallThresholds: [Double] = Parameters.linspace(0, 1, count: 101),
      maxDetections: [Int] = [1, 10, 100], areaRanges: [AreaRange] = AreaRange.cocoDefaults
    ) {
      self.iouThresholds = iouThresholds
      self.recallThresholds = recallThresholds
      self.maxDetections = maxDetections
      self.areaRanges = areaRanges
    }

    /// Evenly spaced values as `np.linspace(start, stop, count)` computes them, bit for bit:
    /// `start + i · ((stop − start) / (count − 1))`, the last one `stop`.
    /// - Parameters:
    ///   - start: the first value.
    ///   - stop: the last value.
    ///   - count: how many values.
    /// - Returns: the values.
    public static func linspace(_ start: Double, _ stop: Double, count: Int) -> [Double] {
      guard count > 1 else { return count == 1 ? [start] : [] }
      let step = (stop - start) / Double(count - 1)
      var values = (0..<count).map { Double($0) * step + start }
      values[count - 1] = stop
      return values
    }
  }

  /// What was compared.
  public let iouType: IoUType
  /// The settings as used: `maxDetections` sorted.
  public let parameters: Parameters
  /// The images evaluated, ascending.
  public let imageIDs: [Int]
  /// The categories evaluated, ascending; the `K` axis of ``precision`` and ``recall``.
  public let categoryIDs: [Int]
  /// pycocotools' `eval['precision']`, flattened in C order: T × R × K × A × M (IoU thresholds,
  /// recall thresholds, categories, area ranges, detection limits); −1 where there is no
  /// non-ignored object.
  public let precision: [Double]
  /// pycocotools' `eval['recall']`, flattened in C order: T × K × A × M.
  public let recall: [Double]
  /// pycocotools' `eval['scores']`, the score at each precision entry, T × R × K × A × M.
  public let scores: [Double]
  /// The twelve summary statistics.
  public let summary: Summary

  /// Evaluates detections against a ground truth.
  /// - Parameters:
  ///   - groundTruth: the images, categories and objects.
  ///   - detections: the detections, in the order of the results file.
  ///   - iouType: boxes or masks.
  ///   - parameters: the settings.
  public init(
    groundTruth: COCOGroundTruth, detections: [COCODetection], iouType: IoUType,
    parameters: Parameters = Parameters()
  ) {
    var used = parameters
    used.maxDetections = parameters.maxDetections.map { max($0, 0) }.sorted()
    self.iouType = iouType
    self.parameters = used
    imageIDs = Array(Set(groundTruth.imageIDs)).sorted()
    categoryIDs = Array(Set(groundTruth.categoryIDs)).sorted()
    let evaluations = COCOImageEvaluations(
      groundTruth: groundTruth, detections: detections, iouType: iouType, imageIDs: imageIDs,
      categoryIDs: categoryIDs, parameters: used)
    let accumulation = COCOAccumulation(evaluations, parameters: used)
    precision = accumulation.precision
    recall = accumulation.recall
    scores = accumulation.scores
    summary = Summary(precision: precision, recall: recall, parameters: used, categoryCount: categoryIDs.count)
  }

  /// One entry of ``precision``.
  /// - Parameters:
  ///   - iouIndex: the position in `parameters.iouThresholds`.
  ///   - recallIndex: the position in `parameters.recallThresholds`.
  ///   - categoryIndex: the position in ``categoryIDs``.
  ///   - areaIndex: the position in `parameters.areaRanges`.
  ///   - maxDetectionsIndex: the position in `parameters.maxDetections`.
  /// - Returns: the interpolated precision, or −1.
  public func precision(
    iouIndex: Int, recallIndex: Int, categoryIndex: Int, areaIndex: Int, maxDetectionsIndex: Int
  ) -> Double {
    let recalls = parameters.recallThresholds.count
    let areas = parameters.areaRanges.count
    let limits = parameters.maxDetections.count
    let index = (((iouIndex * recalls + recallIndex) * categoryIDs.count + categoryIndex) * areas + areaIndex)
    return precision[index * limits + maxDetectionsIndex]
  }

  /// One entry of ``recall``.
  /// - Parameters:
  ///   - iouIndex: the position in `parameters.iouThresholds`.
  ///   - categoryIndex: the position in ``categoryIDs``.
  ///   - areaIndex: the position in `parameters.areaRanges`.
  ///   - maxDetectionsIndex: the position in `parameters.maxDetections`.
  /// - Returns: the recall, or −1.
  public func recall(iouIndex: Int, categoryIndex: Int, areaIndex: Int, maxDetectionsIndex: Int) -> Double {
    let areas = parameters.areaRanges.count
    let limits = parameters.maxDetections.count
    return recall[((iouIndex * categoryIDs.count + categoryIndex) * areas + areaIndex) * limits + maxDetectionsIndex]
  }
}
