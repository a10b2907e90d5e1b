// SPDX-License-Identifier: Apache-2.0

/// pycocotools' `COCOeval.evaluate()`: every (category, image) pair's detections matched to its
/// objects, for each area range and IoU threshold.
///
/// Only pairs with objects or detections are kept (pycocotools' `evaluateImg` gives `None` for the
/// others), as "groups" ordered by category, then image: a category's groups are consecutive and in
/// ascending image id, the order `accumulate()` concatenates them in.
struct COCOImageEvaluations {
  /// What a detection counts as at one area range and threshold.
  enum Verdict {
    /// Unmatched, or matched to an object whose id is 0.
    static let falsePositive: UInt8 = 0
    /// Matched to a non-ignored object with a nonzero id.
    static let truePositive: UInt8 = 1
    /// Matched to an ignored object, or unmatched and outside the area range.
    static let ignored: UInt8 = 2
  }

  let categoryCount: Int
  let areaCount: Int
  let thresholdCount: Int
  /// Where each category's groups start, with one more entry than categories.
  private(set) var categoryOffsets: [Int]
  /// Where each group's detections start in ``scores``, with one more entry than groups.
  ///
  /// A group keeps its detections sorted by score, and at most `maxDetections.last` of them.
  private(set) var detectionOffsets: [Int]
  /// The kept detections' scores.
  private(set) var scores: [Double]
  /// Verdicts: group g's detection d at area range a and threshold t is at
  /// `detectionOffsets[g] * areaCount * thresholdCount + (a * thresholdCount + t) * D + d`, D being
  /// the group's detection count.
  private(set) var verdicts: [UInt8]
  /// The non-ignored objects of group g in area range a, at `g * areaCount + a`.
  private(set) var countedTruths: [Int]

  init(
    groundTruth: COCOGroundTruth, detections: [COCODetection], iouType: COCOEvaluation.IoUType, imageIDs: [Int],
    categoryIDs: [Int], parameters: COCOEvaluation.Parameters
  ) {
    categoryCount = categoryIDs.count
    areaCount = parameters.areaRanges.count
    thresholdCount = parameters.iouThresholds.count
    var imageIndex: [Int: Int] = [:]
    for (index, id) in imageIDs.enumerated() { imageIndex[id] = index }
    var categoryIndex: [Int: Int] = [:]
    for (index, id) in categoryIDs.enumerated() { categoryIndex[id] = index }
    let truths = Truths(groundTruth.annotations, imageIndex: imageIndex, categoryIndex: categoryIndex)
    let found = Detections(detections, imageIndex: imageIndex, categoryIndex: categoryIndex)

    // The pairs with objects or detections, as `category * imageCount + image`, ascending.
    var pairs = truths.order.map { truths.pairs[$0] } + found.pairs
    pairs.sort()
    var unique: [Int] = []
    for pair in pairs where pair >= 0 && pair != unique.last { unique.append(pair) }
    let groupCount = unique.count
    categoryOffsets = [Int](repeating: 0, count: categoryCount + 1)
    for pair in unique { categoryOffsets[pair / max(imageIDs.count, 1) + 1] += 1 }
    for category in 0..<categoryCount { categoryOffsets[category + 1] += categoryOffsets[category] }
    let truthGroups = Self.groups(truths.pairs, in: unique)
    let groupsOfTruths = Self.bucket(truths.order, keys: truthGroups, count: groupCount)
    let detectionGroups = Self.groups(found.pairs, in: unique)
    var groupsOfDetections = Self.bucket(Array(detections.indices), keys: detectionGroups, count: groupCount)
    detectionOffsets = [Int](repeating: 0, count: groupCount + 1)
    scores = []
    verdicts = []
    countedTruths = [Int](repeating: 0, count: groupCount * areaCount)

    let limit = parameters.maxDetections.last ?? 0
    var matcher = Matcher(parameters: parameters)
    var kept: [Int] = []
    var objects: [Int] = []
    for group in 0..<groupCount {
      let truthRange = groupsOfTruths.offsets[group]..<groupsOfTruths.offsets[group + 1]
      let detectionRange = groupsOfDetections.offsets[group]..<groupsOfDetections.offsets[group + 1]
      // `np.argsort(-score, kind='mergesort')`: stable, NaN last.
      groupsOfDetections.order[detectionRange].sort { a, b in
        let (x, y) = (found.scores[a], found.scores[b])
        if x > y || (y.isNaN && !x.isNaN) { return true }
        if y > x || (x.isNaN && !y.isNaN) { return false }
        return a < b
      }
      kept.removeAll(keepingCapacity: true)
      kept.append(contentsOf: groupsOfDetections.order[detectionRange].prefix(limit))
      detectionOffsets[group + 1] = detectionOffsets[group] + kept.count
      for detection in kept { scores.append(found.scores[detection]) }
      objects.removeAll(keepingCapacity: true)
      objects.append(contentsOf: groupsOfTruths.order[truthRange])
      matcher.overlaps(
        detections: kept, objects: objects, found: found, truths: truths, masks: iouType == .segm)
      for area in 0..<areaCount {
        let range = parameters.areaRanges[area]
        countedTruths[group * areaCount + area] = matcher.match(
          detections: kept, objects: objects, found: found, truths: truths, range: range, into: &verdicts)
      }
    }
  }

  /// Each pair's place among the groups (binary search), or −1 for no pair.
  static func groups(_ pairs: [Int], in unique: [Int]) -> [Int] {
    pairs.map { pair in
      guard pair >= 0 else { return -1 }
      var (low, high) = (0, unique.count)
      while low < high {
        let middle = (low + high) / 2
        if unique[middle] < pair { low = middle + 1 } else { high = middle }
      }
      return low
    }
  }

  /// A stable counting sort: the items whose key is not negative, grouped by key in item order.
  static func bucket(_ items: [Int], keys: [Int], count: Int) -> (order: [Int], offsets: [Int]) {
    var offsets = [Int](repeating: 0, count: count + 1)
    for item in items where keys[item] >= 0 { offsets[keys[item] + 1] += 1 }
    for index in 0..<count { offsets[index + 1] += offsets[index] }
    var next = offsets
    var order = [Int](repeating: 0, count: offsets[count])
    for item in items where keys[item] >= 0 {
      order[next[keys[item]]] = item
      next[keys[item]] += 1
    }
    return (order, offsets)
  }
}

/// The ground-truth objects as pycocotools indexes them.
private struct Truths {
  let boxes: [COCOBox]
  let areas: [Double]
  let crowd: [Bool]
  let zeroID: [Bool]
  let masks: [COCOMask?]
  /// The objects in the order `getAnnIds` lists them (by image, then as given), each replaced by the
  /// last annotation with its id, as `loadAnns` looks them up.
  let order: [Int]
  /// Each annotation's (category, image) pair, `category * imageCount + image`, or −1 when its image
  /// or category is not evaluated.
  let pairs: [Int]

  init(_ annotations: [COCOAnnotation], imageIndex: [Int: Int], categoryIndex: [Int: Int]) {
    boxes = annotations.map(\.box)
    areas = annotations.map(\.area)
    crowd = annotations.map(\.isCrowd)
    zeroID = annotations.map { $0.id == 0 }
    masks = annotations.map(\.mask)
    var lastWithID: [Int: Int] = [:]
    var images = [Int](repeating: -1, count: annotations.count)
    var pairs = [Int](repeating: -1, count: annotations.count)
    for (index, annotation) in annotations.enumerated() {
      lastWithID[annotation.id] = index
      guard let image = imageIndex[annotation.imageID], let category = categoryIndex[annotation.categoryID] else {
        continue
      }
      images[index] = image
      pairs[index] = category * imageIndex.count + image
    }
    let listed = COCOImageEvaluations.bucket(
      Array(annotations.indices), keys: images, count: imageIndex.count)
    order = listed.order.map { lastWithID[annotations[$0].id] ?? $0 }
    self.pairs = pairs
  }
}

/// The detections as `loadRes` prepares them.
private struct Detections {
  let masks: [COCOMask?]
  /// The masks' boxes, `.zero` without one.
  let maskBoxes: [COCOBox]
  let boxes: [COCOBox]
  let areas: [Double]
  let scores: [Double]
  /// Each detection's (category, image) pair, or −1 when its image or category is not evaluated.
  let pairs: [Int]

  init(_ detections: [COCODetection], imageIndex: [Int: Int], categoryIndex: [Int: Int]) {
    let boxBranch = detections.first?.box != nil
    masks = detections.map(\.mask)
    maskBoxes = detections.map { $0.mask?.boundingBox ?? .zero }
    scores = detections.map(\.score)
    boxes = detections.map { $0.box ?? $0.mask?.boundingBox ?? .zero }
    areas = detections.map { detection in
      let boxArea = detection.box.map { $0.width * $0.height }
      let maskArea = detection.mask.map { Double($0.area) }
      return (boxBranch ? boxArea ?? maskArea : maskArea ?? boxArea) ?? 0
    }
    pairs = detections.map { detection in
      guard let image = imageIndex[detection.imageID], let category = categoryIndex[detection.categoryID] else {
        return -1
      }
      return category * imageIndex.count + image
    }
  }
}

/// `computeIoU` and `evaluateImg` for one group, reusing its buffers from group to group.
private struct Matcher {
  let thresholds: [Double]
  /// D × G overlaps, objects in their given order.
  var overlaps: [Double] = []
  /// D × G overlaps, objects in matching order.
  var sorted: [Double] = []
  var order: [Int] = []
  var ignored: [Bool] = []
  var crowd: [Bool] = []
  var zeroID: [Bool] = []
  var taken: [Bool] = []

  init(parameters: COCOEvaluation.Parameters) {
    thresholds = parameters.iouThresholds.map { min($0, 1 - 1e-10) }
  }

  /// `maskUtils.iou(d, g, iscrowd)` for boxes (`bbIou`) or masks (`rleIou`).
  mutating func overlaps(
    detections: [Int], objects: [Int], found: Detections, truths: Truths, masks: Bool
  ) {
    let columns = objects.count
    overlaps.removeAll(keepingCapacity: true)
    overlaps.append(contentsOf: repeatElement(0, count: detections.count * columns))
    for (column, object) in objects.enumerated() {
      let isCrowd = truths.crowd[object]
      let truthBox = masks ? truths.masks[object]?.boundingBox ?? .zero : truths.boxes[object]
      for (row, detection) in detections.enumerated() {
        let detectionBox = masks ? found.maskBoxes[detection] : found.boxes[detection]
        var overlap = Self.boxOverlap(detectionBox, truthBox, crowd: isCrowd)
        if masks && overlap > 0 {
          // `rleIou`: exact pixel counts where the masks' boxes overlap; −1 for masks of different sizes.
          guard let a = found.masks[detection], let b = truths.masks[object] else { continue }  // stays 0
          if a.width != b.width || a.height != b.height {
            overlap = -1
          } else {
            let shared = a.intersection(b)
            let union = shared == 0 ? 1 : isCrowd ? a.area : a.area + b.area - shared
            overlap = Double(shared) / Double(union)
          }
        }
        overlaps[row * columns + column] = overlap
      }
    }
  }

  /// `bbIou` of `maskApi.c`: the intersection over the union, or over the detection's area for a crowd.
  static func boxOverlap(_ d: COCOBox, _ g: COCOBox, crowd: Bool) -> Double {
    let w = Double.minimum(d.width + d.x, g.width + g.x) - Double.maximum(d.x, g.x)
    if w <= 0 { return 0 }
    let h = Double.minimum(d.height + d.y, g.height + g.y) - Double.maximum(d.y, g.y)
    if h <= 0 { return 0 }
    let intersection = w * h
    let detectionArea = d.width * d.height
    let union = crowd ? detectionArea : detectionArea + g.width * g.height - intersection
    return intersection / union
  }

  /// `evaluateImg` for one area range, after ``overlaps(detections:objects:found:truths:masks:)``:
  /// appends the verdicts, threshold-major, and returns the count of non-ignored objects.
  mutating func match(
    detections: [Int], objects: [Int], found: Detections, truths: Truths, range: COCOEvaluation.AreaRange,
    into verdicts: inout [UInt8]
  ) -> Int {
    let columns = objects.count
    // Objects not ignored first, each part in its given order.
    order.removeAll(keepingCapacity: true)
    ignored.removeAll(keepingCapacity: true)
    crowd.removeAll(keepingCapacity: true)
    zeroID.removeAll(keepingCapacity: true)
    for pass in 0..<2 {
      for (column, object) in objects.enumerated() {
        let area = truths.areas[object]
        let ignore = truths.crowd[object] || area < range.lower || area > range.upper
        guard ignore == (pass == 1) else { continue }
        order.append(column)
        ignored.append(ignore)
        crowd.append(truths.crowd[object])
        zeroID.append(truths.zeroID[object])
      }
    }
    let counted = ignored.firstIndex(of: true) ?? ignored.count
    sorted.removeAll(keepingCapacity: true)
    for row in 0..<detections.count {
      for column in order { sorted.append(overlaps[row * columns + column]) }
    }
    if taken.count < columns { taken = [Bool](repeating: false, count: columns) }
    for threshold in thresholds {
      for column in 0..<columns { taken[column] = false }
      for (row, detection) in detections.enumerated() {
        var best = threshold
        var match = -1
        for column in 0..<columns {
          if taken[column] && !crowd[column] { continue }
          if match > -1 && !ignored[match] && ignored[column] { break }
          let overlap = sorted[row * columns + column]
          if overlap < best { continue }
          best = overlap
          match = column
        }
        let area = found.areas[detection]
        let outside = area < range.lower || area > range.upper
        if match == -1 {
          verdicts.append(outside ? COCOImageEvaluations.Verdict.ignored : COCOImageEvaluations.Verdict.falsePositive)
          continue
        }
        taken[match] = true
        // `dtm` holds the object's id: a match to id 0 reads as no match.
        if ignored[match] || (zeroID[match] && outside) {
          verdicts.append(COCOImageEvaluations.Verdict.ignored)
        } else {
          verdicts.append(
            zeroID[match] ? COCOImageEvaluations.Verdict.falsePositive : COCOImageEvaluations.Verdict.truePositive)
        }
      }
    }
    return counted
  }
}
