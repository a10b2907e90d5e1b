// SPDX-License-Identifier: Apache-2.0

public import AnnotaMetrics

/// How `annota compare` measures.
public struct ComparisonOptions: Sendable {
  /// What the labels are.
  public enum Mode: String, Sendable, CaseIterable {
    /// Object ids: instance matching (StarDist's `matching`) and foreground overlap.
    case instance
    /// Class values: per-class Dice and IoU.
    case semantic
    /// COCO files: detection AP and AR as pycocotools' `COCOeval`.
    case detection
    /// Point files (Cell Counter, TrackMate…): one-to-one matching within a distance.
    case points
    /// Class tables (image-level labels): accuracy, per-label scores, confusion matrix, Cohen's κ.
    case classification
  }

  /// Instances or classes; `nil` takes the reference set's `kind`, and instances without one.
  public var mode: Mode?
  /// The matching thresholds τ, ascending or not, each in [0, 1].
  public var thresholds: [Double]
  /// How a pair of objects is scored.
  public var criterion: InstanceMatching.Criterion
  /// The classes scored in semantic mode; `nil` takes the label table's, or the values present.
  public var classes: [Int]?
  /// How a class absent from both sides is scored.
  public var empty: SemanticOverlap.EmptyConvention
  /// Images compared at once.
  public var width: Int
  /// NSD's tolerance in physical units (or pixels when no pixel size is known); `nil`: no boundary
  /// metrics (semantic mode computes HD95, Hausdorff, ASSD and NSD when it is set).
  public var tolerance: Double?
  /// Points mode: the physical size of a pixel along x, y (and z), or `nil` for distances in pixels.
  ///
  /// With it the tolerance and the distances are physical; a missing z takes y's size.
  public var pixelSize: [Double]?
  /// Detection mode: boxes or masks.
  public var iouType: COCOEvaluation.IoUType = .bbox
  /// What boundary metrics are when a class is empty on one side or both.
  public var boundaryEmpty: BoundaryDistances.EmptyConvention = .metricsReloaded

  /// Creates options.
  /// - Parameters:
  ///   - mode: instances or classes (`nil`: from the set).
  ///   - thresholds: the matching thresholds.
  ///   - criterion: the pair score.
  ///   - classes: the classes scored in semantic mode.
  ///   - empty: how a class absent from both sides is scored.
  ///   - width: images compared at once.
  public init(
    mode: Mode? = nil, thresholds: [Double] = [0.5], criterion: InstanceMatching.Criterion = .iou,
    classes: [Int]? = nil, empty: SemanticOverlap.EmptyConvention = .undefined, width: Int = 1
  ) {
    self.mode = mode
    self.thresholds = thresholds
    self.criterion = criterion
    self.classes = classes
    self.empty = empty
    self.width = max(1, width)
  }

  /// Parses `0.5`, `0.5,0.75` or a range `0.5:0.95:0.05` (start, stop inclusive, step), as COCO's
  /// thresholds are written.
  /// - Parameter text: the thresholds.
  /// - Returns: the thresholds, or `nil` when the text is not one of those forms or a value is outside
  ///   [0, 1].
  public static func thresholds(_ text: String) -> [Double]? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    var values: [Double]
    if parts.count == 3 {
      guard let start = Double(parts[0]), let stop = Double(parts[1]), let step = Double(parts[2]), step > 0,
        stop >= start
      else { return nil }
      // As numpy.linspace(start, stop, n) with n = round((stop − start) / step) + 1: no drift from
      // repeated addition.
      let intervals = Int(((stop - start) / step).rounded())
      guard intervals <= 10_000 else { return nil }
      // Rounded to 12 decimals, so 0.5:0.95:0.05 holds 0.9, not 0.8999999999999999.
      values = (0...intervals).map { index in
        let value = start + Double(index) * ((stop - start) / Double(max(intervals, 1)))
        return (value * 1e12).rounded() / 1e12
      }
    } else if parts.count == 1 {
      let items = text.split(separator: ",")
      values = items.compactMap { Double(String($0.filter { !$0.isWhitespace })) }
      guard values.count == items.count, !values.isEmpty else { return nil }
    } else {
      return nil
    }
    guard values.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
    return values
  }
}
