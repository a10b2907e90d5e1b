// SPDX-License-Identifier: Apache-2.0

/// An axis-aligned box as COCO writes it: `[x, y, width, height]`, in pixels.
public struct COCOBox: Sendable, Hashable {
  /// The left edge.
  public var x: Double
  /// The top edge.
  public var y: Double
  /// The width.
  public var width: Double
  /// The height.
  public var height: Double

  /// Creates a box.
  /// - Parameters:
  ///   - x: the left edge.
  ///   - y: the top edge.
  ///   - width: the width.
  ///   - height: the height.
  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  /// The empty box at the origin, which overlaps nothing.
  public static let zero = COCOBox(x: 0, y: 0, width: 0, height: 0)
}

/// One ground-truth object, as an entry of a COCO dataset's `annotations`.
///
/// The area is the annotation's own `area` field, used as given (pycocotools does not recompute it):
/// it decides the object's area range. Polygon segmentations are not read here: rasterise them and
/// pass the result as a ``COCOMask``.
public struct COCOAnnotation: Sendable, Hashable {
  /// The annotation id.
  ///
  /// Ids should be unique; where one repeats, every annotation with it stands for the last of them,
  /// as in pycocotools' index. A detection matched to an object whose id is 0 counts as unmatched, as
  /// in pycocotools.
  public var id: Int
  /// The `image_id`.
  public var imageID: Int
  /// The `category_id`.
  public var categoryID: Int
  /// The `bbox`, used by box evaluation.
  public var box: COCOBox
  /// The `area`.
  public var area: Double
  /// `iscrowd`: a crowd region is ignored, and any number of detections may match it.
  public var isCrowd: Bool
  /// The `segmentation`, used by mask evaluation; an object without one overlaps nothing there.
  public var mask: COCOMask?

  /// Creates a ground-truth object from its fields.
  /// - Parameters:
  ///   - id: the annotation id.
  ///   - imageID: the image id.
  ///   - categoryID: the category id.
  ///   - box: the bounding box.
  ///   - area: the area.
  ///   - isCrowd: whether it is a crowd region.
  ///   - mask: the segmentation, for mask evaluation.
  public init(
    id: Int, imageID: Int, categoryID: Int, box: COCOBox, area: Double, isCrowd: Bool = false, mask: COCOMask? = nil
  ) {
    self.id = id
    self.imageID = imageID
    self.categoryID = categoryID
    self.box = box
    self.area = area
    self.isCrowd = isCrowd
    self.mask = mask
  }

  /// Creates a ground-truth object from its mask: the box is the mask's bounding box and the area
  /// its pixel count, as `pycocotools.mask.toBbox` and `area` give them.
  /// - Parameters:
  ///   - id: the annotation id.
  ///   - imageID: the image id.
  ///   - categoryID: the category id.
  ///   - mask: the segmentation.
  ///   - isCrowd: whether it is a crowd region.
  public init(id: Int, imageID: Int, categoryID: Int, mask: COCOMask, isCrowd: Bool = false) {
    self.init(
      id: id, imageID: imageID, categoryID: categoryID, box: mask.boundingBox, area: Double(mask.area),
      isCrowd: isCrowd, mask: mask)
  }
}

/// One detection, as an entry of a COCO results file.
///
/// As pycocotools' `loadRes` does, detections are numbered 1, 2, … in the order given, and the first
/// detection of the list sets how areas are taken: when it has a box, every detection's area is its
/// box's width × height (the branch that results with both `bbox` and `segmentation`, as Detectron2
/// and MMDetection write them, take); otherwise every area is the mask's pixel count. A detection
/// lacking the field its branch reads takes its area from the other, and has area 0 with neither.
/// The box of a detection without one is its mask's bounding box. In mask evaluation a detection
/// without a mask overlaps nothing (pycocotools would rasterise its box as a polygon).
public struct COCODetection: Sendable, Hashable {
  /// The `image_id`.
  public var imageID: Int
  /// The `category_id`.
  public var categoryID: Int
  /// The `bbox`.
  public var box: COCOBox?
  /// The `score`.
  public var score: Double
  /// The `segmentation`.
  public var mask: COCOMask?

  /// Creates a detection with a box.
  /// - Parameters:
  ///   - imageID: the image id.
  ///   - categoryID: the category id.
  ///   - box: the bounding box.
  ///   - score: the confidence.
  ///   - mask: the segmentation, for mask evaluation.
  public init(imageID: Int, categoryID: Int, box: COCOBox?, score: Double, mask: COCOMask? = nil) {
    self.imageID = imageID
    self.categoryID = categoryID
    self.box = box
    self.score = score
    self.mask = mask
  }

  /// Creates a detection with a mask and no box.
  /// - Parameters:
  ///   - imageID: the image id.
  ///   - categoryID: the category id.
  ///   - mask: the segmentation.
  ///   - score: the confidence.
  public init(imageID: Int, categoryID: Int, mask: COCOMask, score: Double) {
    self.init(imageID: imageID, categoryID: categoryID, box: nil, score: score, mask: mask)
  }
}

/// A ground-truth dataset: its `images`, `categories` and `annotations`.
///
/// Only the listed images and categories are evaluated (pycocotools' `params.imgIds` and
/// `params.catIds`); annotations and detections of other images or categories are left out.
/// pycocotools refuses detections of an image not in the dataset; here they are ignored.
public struct COCOGroundTruth: Sendable, Hashable {
  /// The ids of the images, in any order; repeats count once.
  public var imageIDs: [Int]
  /// The ids of the categories, in any order; repeats count once.
  public var categoryIDs: [Int]
  /// The ground-truth objects.
  public var annotations: [COCOAnnotation]

  /// Creates a dataset.
  /// - Parameters:
  ///   - imageIDs: the image ids, including images without objects.
  ///   - categoryIDs: the category ids.
  ///   - annotations: the objects.
  public init(imageIDs: [Int], categoryIDs: [Int], annotations: [COCOAnnotation]) {
    self.imageIDs = imageIDs
    self.categoryIDs = categoryIDs
    self.annotations = annotations
  }
}
