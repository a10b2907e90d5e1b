// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Foundation
import Testing

/// COCO detection evaluation against pycocotools 2.0.11's `COCOeval` (`evaluate`, `accumulate`,
/// `summarize`): fixed vectors it produced, a peer run on seeded random data, and hostile input.
@Suite("COCO evaluation")
struct COCOEvaluationTests {
  static func box(_ x: Double, _ y: Double, _ width: Double, _ height: Double) -> COCOBox {
    COCOBox(x: x, y: y, width: width, height: height)
  }

  static func detection(_ image: Int, _ category: Int, _ box: COCOBox, _ score: Double) -> COCODetection {
    COCODetection(imageID: image, categoryID: category, box: box, score: score)
  }

  // MARK: Boxes

  /// Image 1 has a crowd and a score tie, image 2 objects (one unfound), image 3 detections only,
  /// image 4 nothing; a small unmatched detection in image 2 is ignored in the other area ranges.
  static let boxTruth = COCOGroundTruth(
    imageIDs: [4, 3, 2, 1], categoryIDs: [2, 1],
    annotations: [
      COCOAnnotation(id: 1, imageID: 1, categoryID: 1, box: box(10, 10, 20, 20), area: 400),
      COCOAnnotation(id: 2, imageID: 1, categoryID: 1, box: box(50, 50, 40, 40), area: 1600),
      COCOAnnotation(id: 3, imageID: 1, categoryID: 1, box: box(100, 100, 100, 100), area: 10000, isCrowd: true),
      COCOAnnotation(id: 4, imageID: 1, categoryID: 2, box: box(5, 60, 100, 30), area: 3000),
      COCOAnnotation(id: 5, imageID: 2, categoryID: 1, box: box(0, 0, 120, 120), area: 14400),
      COCOAnnotation(id: 6, imageID: 2, categoryID: 2, box: box(10, 10, 8, 8), area: 64),
    ])
  static let boxDetections = [
    detection(1, 1, box(11, 11, 20, 20), 0.9), detection(1, 1, box(50, 52, 40, 38), 0.8),
    detection(1, 1, box(120, 120, 10, 10), 0.8), detection(1, 1, box(150, 100, 30, 30), 0.3),
    detection(1, 2, box(5, 60, 90, 30), 0.7), detection(2, 1, box(0, 5, 110, 120), 0.4),
    detection(2, 1, box(180, 180, 5, 5), 0.6), detection(3, 1, box(0, 0, 10, 10), 0.95),
    detection(3, 2, box(3, 3, 30, 30), 0.5),
  ]

  @Test func boxesGiveTheNumbersOfPycocotools() {
    let evaluation = COCOEvaluation(groundTruth: Self.boxTruth, detections: Self.boxDetections, iouType: .bbox)
    // Produced by pycocotools 2.0.11 COCOeval (iouType "bbox", default Params) on the same input.
    #expect(
      evaluation.summary.stats == [
        0.4695379537953795, 0.5745874587458746, 0.5745874587458746, 0.175, 0.9499999999999998, 0.6999999999999998,
        0.3416666666666667, 0.625, 0.625, 0.35, 0.95, 0.7,
      ])
    #expect(evaluation.summary.ap == 0.4695379537953795 && evaluation.summary.ap75 == 0.5745874587458746)
    #expect(evaluation.summary.apMedium == 0.9499999999999998 && evaluation.summary.arLarge == 0.7)
    #expect(evaluation.imageIDs == [1, 2, 3, 4] && evaluation.categoryIDs == [1, 2])
    #expect(evaluation.precision.count == 10 * 101 * 2 * 4 * 3 && evaluation.recall.count == 10 * 2 * 4 * 3)
    // eval['recall'][:, 0, 0, 2] and eval['precision'][0, r, 0, 0, 2].
    let recall = (0..<10).map {
      evaluation.recall(iouIndex: $0, categoryIndex: 0, areaIndex: 0, maxDetectionsIndex: 2)
    }
    #expect(recall == [1, 1, 1, 1, 1, 1, 1, 0.3333333333333333, 0.3333333333333333, 0.3333333333333333])
    let precision = [0, 11, 100].map {
      evaluation.precision(iouIndex: 0, recallIndex: $0, categoryIndex: 0, areaIndex: 0, maxDetectionsIndex: 2)
    }
    #expect(precision == [0.6666666666666666, 0.6666666666666666, 0.6])
  }

  @Test func theDefaultThresholdsAreNumpys() {
    let iou = COCOEvaluation.Parameters().iouThresholds
    #expect(iou == [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95])
    let recall = COCOEvaluation.Parameters().recallThresholds
    #expect(recall.count == 101 && recall[0] == 0 && recall[1] == 0.01 && recall[100] == 1)
    // np.linspace(0, 1, 101) is i * 0.01, not i / 100.
    #expect(recall[35] == 0.35000000000000003 && recall[57] == 0.5700000000000001 && recall[95] == 0.9500000000000001)
    #expect(COCOEvaluation.Parameters.linspace(2, 3, count: 1) == [2])
    #expect(COCOEvaluation.Parameters.linspace(2, 3, count: 0) == [])
  }

  // MARK: Masks

  /// A 10 × 8 image: objects 1 and 2, and a crowd (3).
  static let truthLabels = [
    0, 0, 0, 0, 0, 0, 0, 3, 3, 3,
    0, 1, 1, 1, 1, 0, 0, 3, 3, 3,
    0, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 2, 2, 2, 2,
    0, 0, 0, 0, 0, 0, 2, 2, 2, 2,
    0, 0, 0, 0, 0, 0, 2, 2, 2, 2,
  ]
  static let predictedA = [
    0, 0, 0, 0, 0, 0, 0, 0, 3, 3,
    0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 1, 1, 1, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 2, 2, 2, 2, 0,
    0, 0, 0, 0, 0, 2, 2, 2, 2, 0,
    0, 0, 0, 0, 0, 2, 2, 2, 2, 0,
  ]
  static let predictedB = (0..<80).map { $0 % 10 < 2 ? 1 : 0 }

  static func masks(_ labels: [Int]) throws -> [Int: COCOMask] {
    let masks = try #require(COCOMask.masks(labels: labels, width: 10, height: 8))
    return Dictionary(uniqueKeysWithValues: masks.map { ($0.label, $0.mask) })
  }

  @Test func masksFromLabelImagesAreCOCORunLengths() throws {
    let truth = try Self.masks(Self.truthLabels)
    // pycocotools.mask.encode on the Fortran-ordered binary images, decoded to counts, and toBbox.
    #expect(truth[1]?.counts == [9, 3, 5, 3, 5, 3, 5, 3, 44] && truth[1]?.boundingBox == Self.box(1, 1, 4, 3))
    #expect(truth[2]?.counts == [53, 3, 5, 3, 5, 3, 5, 3] && truth[2]?.boundingBox == Self.box(6, 5, 4, 3))
    #expect(truth[3]?.counts == [56, 2, 6, 2, 6, 2, 6] && truth[3]?.boundingBox == Self.box(7, 0, 3, 2))
    #expect(truth[1]?.area == 12 && truth[3]?.area == 6 && truth.count == 3)
    let single = try #require(COCOMask(labels: Self.truthLabels, width: 10, height: 8, label: 2))
    #expect(single == truth[2])
    let absent = try #require(COCOMask(labels: Self.truthLabels, width: 10, height: 8, label: 9))
    #expect(absent.counts == [80] && absent.area == 0 && absent.boundingBox == .zero)
    #expect(COCOMask(width: 10, height: 8, counts: [9, 3, 5, 3, 5, 3, 5, 3, 44]) == truth[1])
  }

  @Test func masksGiveTheNumbersOfPycocotools() throws {
    let truth = try Self.masks(Self.truthLabels)
    let a = try Self.masks(Self.predictedA)
    let b = try Self.masks(Self.predictedB)
    let (one, two, crowd) = (try #require(truth[1]), try #require(truth[2]), try #require(truth[3]))
    let groundTruth = COCOGroundTruth(
      imageIDs: [7, 9], categoryIDs: [1],
      annotations: [
        COCOAnnotation(id: 10, imageID: 7, categoryID: 1, mask: one),
        COCOAnnotation(id: 11, imageID: 7, categoryID: 1, mask: two),
        COCOAnnotation(id: 12, imageID: 7, categoryID: 1, mask: crowd, isCrowd: true),
      ])
    let (inOne, overTwo, inCrowd) = (try #require(a[1]), try #require(a[2]), try #require(a[3]))
    let strip = try #require(b[1])
    let detections = [
      COCODetection(imageID: 7, categoryID: 1, mask: inOne, score: 0.9),
      COCODetection(imageID: 7, categoryID: 1, mask: overTwo, score: 0.75),
      COCODetection(imageID: 7, categoryID: 1, mask: inCrowd, score: 0.75),
      COCODetection(imageID: 7, categoryID: 1, mask: strip, score: 0.6),
      COCODetection(imageID: 9, categoryID: 1, mask: strip, score: 0.95),
    ]
    let evaluation = COCOEvaluation(groundTruth: groundTruth, detections: detections, iouType: .segm)
    // Produced by pycocotools 2.0.11 COCOeval (iouType "segm"): IoUs 12/16 → 0.75, 9/15 → 0.6,
    // 2/2 over the crowd, 3/24 → 0.12; image 9 holds a detection only.
    #expect(
      evaluation.summary.stats == [
        0.27574257425742577, 0.6666666666666669, 0.2524752475247525, 0.27574257425742577, -1, -1, 0.3, 0.45, 0.45,
        0.45, -1, -1,
      ])
  }

  @Test func masksOfAnotherSizeNeverMatch() throws {
    let truth = try #require(COCOMask(labels: Self.truthLabels, width: 10, height: 8, label: 1))
    let wideLabels = (0..<88).map { index in (1...3).contains(index / 11) && (1...4).contains(index % 11) ? 1 : 0 }
    let wide = try #require(COCOMask(labels: wideLabels, width: 11, height: 8, label: 1))
    let empty = try #require(COCOMask(labels: [Int](repeating: 0, count: 80), width: 10, height: 8, label: 1))
    let groundTruth = COCOGroundTruth(
      imageIDs: [1], categoryIDs: [1],
      annotations: [
        COCOAnnotation(id: 1, imageID: 1, categoryID: 1, mask: truth),
        COCOAnnotation(id: 2, imageID: 1, categoryID: 1, mask: empty),
      ])
    let detections = [
      COCODetection(imageID: 1, categoryID: 1, mask: wide, score: 0.9),
      COCODetection(imageID: 1, categoryID: 1, mask: empty, score: 0.8),
      COCODetection(imageID: 1, categoryID: 1, mask: truth, score: 0.7),
    ]
    let evaluation = COCOEvaluation(groundTruth: groundTruth, detections: detections, iouType: .segm)
    // Produced by pycocotools 2.0.11 (rleIou gives −1 for masks of different sizes, 0 for empty ones).
    #expect(
      evaluation.summary.stats == [
        0.16831683168316833, 0.16831683168316833, 0.16831683168316833, 0.16831683168316833, -1, -1, 0, 0.5, 0.5,
        0.5, -1, -1,
      ])
  }

  // MARK: Hostile input

  @Test func hostileBoxesAndIDsGiveTheNumbersOfPycocotools() {
    let groundTruth = COCOGroundTruth(
      imageIDs: [1, 2], categoryIDs: [1],
      annotations: [
        // Id 0: a detection matched to it counts as unmatched.
        COCOAnnotation(id: 0, imageID: 1, categoryID: 1, box: Self.box(0, 0, 10, 10), area: 100),
        COCOAnnotation(id: 7, imageID: 1, categoryID: 1, box: Self.box(20, 20, 10, 10), area: 100),
        COCOAnnotation(id: 8, imageID: 1, categoryID: 1, box: Self.box(40, 40, -10, 10), area: -100),
        COCOAnnotation(id: 9, imageID: 2, categoryID: 1, box: Self.box(0, 0, 50, 50), area: 2500),
        COCOAnnotation(id: 10, imageID: 2, categoryID: 1, box: Self.box(60, 60, 20, 20), area: .nan),
      ])
    let detections = [
      Self.detection(1, 1, Self.box(0, 0, 10, 10), 0.9), Self.detection(1, 1, Self.box(20, 20, .nan, 10), 0.8),
      Self.detection(1, 1, Self.box(21, 21, 10, 10), .nan), Self.detection(1, 1, Self.box(40, 40, -10, -10), 0.7),
      Self.detection(2, 1, Self.box(0, 0, 50, 50), 0.5), Self.detection(2, 1, Self.box(60, 60, 20, 20), 0.5),
      Self.detection(2, 1, Self.box(.infinity, 0, 5, 5), 0.4),
    ]
    let evaluation = COCOEvaluation(groundTruth: groundTruth, detections: detections, iouType: .bbox)
    // Produced by pycocotools 2.0.11 COCOeval on the same input (NaN IoU matches, as its `<` test lets it).
    #expect(
      evaluation.summary.stats == [
        0.4514851485148514, 0.45148514851485144, 0.45148514851485144, 0.3316831683168317, 1, 0.9999999999999998,
        0.25, 0.75, 0.75, 0.6666666666666667, 1, 1,
      ])
    // Detections of an image or category outside the ground truth (pycocotools refuses them) are left out.
    let stray = detections + [Self.detection(99, 1, Self.box(0, 0, 10, 10), 1), Self.detection(1, 5, .zero, 1)]
    let again = COCOEvaluation(groundTruth: groundTruth, detections: stray, iouType: .bbox)
    #expect(again.summary == evaluation.summary && again.precision == evaluation.precision)
  }

  @Test func repeatedAnnotationIDsStandForTheLastOfThem() {
    let groundTruth = COCOGroundTruth(
      imageIDs: [1, 2], categoryIDs: [1, 2],
      annotations: [
        COCOAnnotation(id: 5, imageID: 1, categoryID: 1, box: Self.box(0, 0, 10, 10), area: 100),
        COCOAnnotation(id: 6, imageID: 1, categoryID: 1, box: Self.box(20, 20, 10, 10), area: 100),
        COCOAnnotation(id: 5, imageID: 2, categoryID: 2, box: Self.box(50, 50, 40, 40), area: 1600),
      ])
    let detections = [
      Self.detection(1, 1, Self.box(0, 0, 10, 10), 0.9), Self.detection(1, 1, Self.box(20, 20, 10, 10), 0.8),
      Self.detection(2, 2, Self.box(50, 50, 40, 40), 0.7),
    ]
    let evaluation = COCOEvaluation(groundTruth: groundTruth, detections: detections, iouType: .bbox)
    // Produced by pycocotools 2.0.11, whose index keeps the last annotation of an id.
    #expect(
      evaluation.summary.stats == [
        0.5024752475247525, 0.5024752475247525, 0.5024752475247525, 0.5, 0.5049504950495048, -1, 0.25, 0.75, 0.75,
        1, 0.5, -1,
      ])
  }

  @Test func emptyInputGivesDefinedResults() {
    let nothing = COCOEvaluation(
      groundTruth: COCOGroundTruth(imageIDs: [], categoryIDs: [], annotations: []), detections: [], iouType: .bbox)
    #expect(nothing.summary.stats == [Double](repeating: -1, count: 12) && nothing.precision.isEmpty)
    let noObjects = COCOEvaluation(
      groundTruth: COCOGroundTruth(imageIDs: [1], categoryIDs: [1], annotations: []),
      detections: [Self.detection(1, 1, Self.box(0, 0, 5, 5), 0.5)], iouType: .segm)
    #expect(noObjects.summary.stats == [Double](repeating: -1, count: 12))
    #expect(noObjects.precision.allSatisfy { $0 == -1 } && noObjects.precision.count == 10 * 101 * 4 * 3)
    // pycocotools' loadRes fails on an empty list (IndexError); its evaluate/accumulate/summarize
    // on an empty results dataset give these zeros.
    let noDetections = COCOEvaluation(groundTruth: Self.boxTruth, detections: [], iouType: .bbox)
    #expect(noDetections.summary.stats == [Double](repeating: 0, count: 12))
  }

  @Test func degenerateParametersGiveDefinedResults() {
    let none = COCOEvaluation.Parameters(iouThresholds: [], recallThresholds: [], maxDetections: [], areaRanges: [])
    let empty = COCOEvaluation(
      groundTruth: Self.boxTruth, detections: Self.boxDetections, iouType: .bbox, parameters: none)
    #expect(empty.summary.stats == [Double](repeating: -1, count: 12) && empty.precision.isEmpty)
    // Limits are sorted and negative ones taken as 0; the summary's AP reads the limit 100, absent here.
    let odd = COCOEvaluation.Parameters(iouThresholds: [.nan, 0.5], maxDetections: [3, -2, 1])
    let evaluation = COCOEvaluation(
      groundTruth: Self.boxTruth, detections: Self.boxDetections, iouType: .segm, parameters: odd)
    #expect(evaluation.parameters.maxDetections == [0, 1, 3] && evaluation.summary.ap == -1)
    #expect(evaluation.precision.count == 2 * 101 * 2 * 4 * 3)
  }

  @Test func malformedMasksAreRefused() {
    #expect(COCOMask(width: 2, height: 2, counts: [1, 2]) == nil)
    #expect(COCOMask(width: -1, height: 2, counts: []) == nil)
    #expect(COCOMask(labels: [0, 1, 2], width: 2, height: 2, label: 1) == nil)
    #expect(COCOMask.masks(labels: [0, 1], width: 1, height: 1) == nil)
    #expect(COCOMask(pixels: [true, false], width: 2, height: 1)?.counts == [0, 1, 1])
    #expect(COCOMask(width: 0, height: 0, counts: [0])?.area == 0)
  }
}

// MARK: - Peer

extension COCOEvaluationTests {
  /// An interpreter with pycocotools and numpy (the test venv), or `nil`: the peer tests skip.
  static let peer = python(with: ["numpy", "pycocotools.cocoeval", "pycocotools.mask"])

  /// Random datasets, the same for both sides: pycocotools builds its RLEs with `mask.encode` from
  /// the label planes, this side with ``COCOMask/masks(labels:width:height:background:)``.
  @Test(.enabled(if: COCOEvaluationTests.peer != nil), arguments: COCOEvaluation.IoUType.allCases)
  func randomDataGiveTheNumbersOfPycocotools(iouType: COCOEvaluation.IoUType) throws {
    let interpreter = try #require(Self.peer)
    let cases = (0..<(iouType == .bbox ? 8 : 6)).map { PeerCase.random(seed: UInt64($0), iouType: iouType) }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let input = folder.file("cases.json")
    try JSONEncoder().encode(cases).write(to: URL(fileURLWithPath: input))
    let run = try runProcess(interpreter, ["-c", PeerCase.script, input])
    try #require(run.status == 0, "\(run.stderr)")
    let expected = try JSONDecoder().decode([PeerCase.Expected].self, from: Data(run.stdout.utf8))
    try #require(expected.count == cases.count)
    for (seed, (peer, reference)) in zip(cases, expected).enumerated() {
      let (groundTruth, detections) = try peer.inputs()
      let evaluation = COCOEvaluation(groundTruth: groundTruth, detections: detections, iouType: iouType)
      let stats = evaluation.summary.stats
      #expect(reference.stats.count == 12 && stats.count == 12, "seed \(seed)")
      for (index, (ours, theirs)) in zip(stats, reference.stats).enumerated() {
        #expect(abs(ours - theirs) <= 1e-9, "seed \(seed) stat \(index): \(ours) vs pycocotools \(theirs)")
      }
      #expect(evaluation.precision.count == reference.precision.count, "seed \(seed)")
      let precision = zip(evaluation.precision, reference.precision).map { abs($0 - $1) }.max() ?? 0
      #expect(precision <= 1e-9, "seed \(seed): precision differs by \(precision)")
      #expect(evaluation.recall.count == reference.recall.count, "seed \(seed)")
      let recall = zip(evaluation.recall, reference.recall).map { abs($0 - $1) }.max() ?? 0
      #expect(recall <= 1e-9, "seed \(seed): recall differs by \(recall)")
      // Not a vacuous comparison: the random data find objects.
      #expect(stats[1] > 0, "seed \(seed)")
    }
  }
}

/// One random dataset, written as JSON for the peer script.
private struct PeerCase: Codable {
  struct Image: Codable {
    var id: Int
    var width: Int
    var height: Int
    /// Label images, row-major: 0 the objects, 1 the crowds, then the detections'.
    var planes: [[Int]]
  }

  struct Object: Codable {
    var id: Int
    var imageID: Int
    var categoryID: Int
    var bbox: [Double]
    var area: Double
    var iscrowd: Int
    var plane: Int?
    var label: Int?

    enum CodingKeys: String, CodingKey {
      case id, bbox, area, iscrowd, plane, label
      case imageID = "image_id"
      case categoryID = "category_id"
    }
  }

  struct Detection: Codable {
    var imageID: Int
    var categoryID: Int
    var score: Double
    var bbox: [Double]?
    var plane: Int?
    var label: Int?

    enum CodingKeys: String, CodingKey {
      case score, bbox, plane, label
      case imageID = "image_id"
      case categoryID = "category_id"
    }
  }

  /// What the peer prints for one case.
  struct Expected: Decodable {
    var stats: [Double]
    var precision: [Double]
    var recall: [Double]
  }

  var iouType: String
  var images: [Image] = []
  var categories: [Int] = []
  var annotations: [Object] = []
  var detections: [Detection] = []

  /// pycocotools on each case: RLEs from the label planes, then evaluate, accumulate, summarize.
  static let script = #"""
    import contextlib, io, json, sys
    import numpy as np
    from pycocotools import mask as maskUtils
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    out = []
    for case in json.load(open(sys.argv[1])):
        planes = {i['id']: [np.array(p, dtype=np.int64).reshape(i['height'], i['width']) for p in i['planes']]
                  for i in case['images']}
        def rle(o):
            m = planes[o['image_id']][o['plane']] == o['label']
            return maskUtils.encode(np.asfortranarray(m.astype(np.uint8)))
        gt = {'images': [{'id': i['id'], 'width': i['width'], 'height': i['height']} for i in case['images']],
              'categories': [{'id': c} for c in case['categories']], 'annotations': []}
        for a in case['annotations']:
            g = {k: a[k] for k in ('id', 'image_id', 'category_id', 'bbox', 'area', 'iscrowd')}
            if 'plane' in a:
                g['segmentation'] = rle(a)
            gt['annotations'].append(g)
        results = []
        for d in case['detections']:
            r = {k: d[k] for k in ('image_id', 'category_id', 'score') }
            if 'bbox' in d:
                r['bbox'] = d['bbox']
            if 'plane' in d:
                r['segmentation'] = rle(d)
            results.append(r)
        with contextlib.redirect_stdout(io.StringIO()):
            coco = COCO()
            coco.dataset = gt
            coco.createIndex()
            E = COCOeval(coco, coco.loadRes(results), case['iouType'])
            E.evaluate()
            E.accumulate()
            E.summarize()
        out.append({'stats': [float(s) for s in E.stats], 'precision': E.eval['precision'].reshape(-1).tolist(),
                    'recall': E.eval['recall'].reshape(-1).tolist()})
    print(json.dumps(out))
    """#

  /// The case as this module's input.
  func inputs() throws -> (COCOGroundTruth, [COCODetection]) {
    var masks: [Int: [[Int: COCOMask]]] = [:]
    var sizes: [Int: (width: Int, height: Int)] = [:]
    for image in images {
      sizes[image.id] = (image.width, image.height)
      masks[image.id] = try image.planes.map { plane in
        let found = try #require(COCOMask.masks(labels: plane, width: image.width, height: image.height))
        return Dictionary(uniqueKeysWithValues: found.map { ($0.label, $0.mask) })
      }
    }
    func mask(_ image: Int, _ plane: Int?, _ label: Int?) -> COCOMask? {
      guard let plane, let label, let size = sizes[image] else { return nil }
      if let found = masks[image]?[plane][label] { return found }
      // A label painted over entirely: an empty mask, as `plane == label` is for pycocotools.
      let blank = [Int](repeating: 0, count: size.width * size.height)
      return COCOMask(labels: blank, width: size.width, height: size.height, label: label)
    }
    func box(_ values: [Double]?) -> COCOBox? {
      guard let values, values.count == 4 else { return nil }
      return COCOBox(x: values[0], y: values[1], width: values[2], height: values[3])
    }
    let objects = annotations.map { object in
      COCOAnnotation(
        id: object.id, imageID: object.imageID, categoryID: object.categoryID, box: box(object.bbox) ?? .zero,
        area: object.area, isCrowd: object.iscrowd != 0, mask: mask(object.imageID, object.plane, object.label))
    }
    let found = detections.map { detection in
      COCODetection(
        imageID: detection.imageID, categoryID: detection.categoryID, box: box(detection.bbox), score: detection.score,
        mask: mask(detection.imageID, detection.plane, detection.label))
    }
    return (COCOGroundTruth(imageIDs: images.map(\.id), categoryIDs: categories, annotations: objects), found)
  }

  /// A random dataset for the peer.
  ///
  /// Many images and categories, crowds, score ties, empty images, images with only objects or only
  /// detections, more than 100 detections in an image, annotation id 0, given areas unlike the
  /// boxes', and (every third seed) repeated annotation ids. Coordinates are multiples of 1/4 and
  /// scores of 1/32, so the JSON carries them exactly.
  static func random(seed: UInt64, iouType: COCOEvaluation.IoUType) -> PeerCase {
    var random = SeededGenerator(seed: seed &+ 0xC0C0)
    let masks = iouType == .segm
    var peer = PeerCase(iouType: iouType.rawValue)
    peer.categories = Array((1...12).shuffled(using: &random).prefix(masks ? 3 : 5))
    let imageIDs = Array((0..<400).shuffled(using: &random).prefix(masks ? 14 : 60))
    let boxBranch = !masks || Bool.random(using: &random)
    var nextID = Bool.random(using: &random) ? 0 : 1
    func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    for imageID in imageIDs {
      let large = masks && chance(15)
      let width = masks ? (large ? 110 : Int.random(in: 12...48, using: &random)) : 200
      let height = masks ? (large ? 100 : Int.random(in: 12...48, using: &random)) : 200
      var image = Image(id: imageID, width: width, height: height, planes: [])
      let kind = Int.random(in: 0..<10, using: &random)  // 0: empty, 1: objects only, 2: detections only
      let objectCount = kind == 0 || kind == 2 ? 0 : Int.random(in: 0...8, using: &random)
      var detectionCount = kind == 0 || kind == 1 ? 0 : Int.random(in: 0...14, using: &random)
      if chance(4) { detectionCount = Int.random(in: 101...130, using: &random) }
      if masks { image.planes = [[Int]](repeating: [Int](repeating: 0, count: width * height), count: 2) }
      var objects: [Object] = []
      for index in 0..<objectCount {
        let crowd = chance(10)
        let category = peer.categories[Int.random(in: 0..<peer.categories.count, using: &random)]
        var object = Object(
          id: nextID, imageID: imageID, categoryID: category, bbox: [], area: 0, iscrowd: crowd ? 1 : 0)
        nextID += 1
        if masks {
          object.plane = crowd ? 1 : 0
          object.label = index + 1
          let big = chance(30)
          paint(&image.planes[crowd ? 1 : 0], label: index + 1, width: width, height: height, big: big, &random)
        } else {
          object.bbox = randomBox(&random)
          object.area = object.bbox[2] * object.bbox[3]
        }
        objects.append(object)
      }
      var detections: [Detection] = []
      for index in 0..<detectionCount {
        let category = peer.categories[Int.random(in: 0..<peer.categories.count, using: &random)]
        var detection = Detection(
          imageID: imageID, categoryID: category, score: Double(Int.random(in: 0...32, using: &random)) / 32)
        let source = objects.isEmpty || chance(30) ? nil : objects[Int.random(in: 0..<objects.count, using: &random)]
        if let source, chance(60) { detection.categoryID = source.categoryID }
        if masks {
          if image.planes.count == 2 || chance(30) { image.planes.append([Int](repeating: 0, count: width * height)) }
          let plane = image.planes.count - 1
          detection.plane = plane
          detection.label = index + 1
          if let source, let from = source.plane, let label = source.label {
            let (dx, dy) = (Int.random(in: -2...2, using: &random), Int.random(in: -2...2, using: &random))
            for y in 0..<height {
              for x in 0..<width where image.planes[from][y * width + x] == label {
                let (u, v) = (x + dx, y + dy)
                guard (0..<width).contains(u) && (0..<height).contains(v) else { continue }
                image.planes[plane][v * width + u] = index + 1
              }
            }
          } else {
            paint(&image.planes[plane], label: index + 1, width: width, height: height, big: false, &random)
          }
        } else {
          detection.bbox = source.map { jitter($0.bbox, &random) } ?? randomBox(&random)
        }
        detections.append(detection)
      }
      if masks {
        // Boxes and areas from the final planes: later labels may cover earlier ones, even wholly.
        func box(_ plane: Int?, _ label: Int?) -> (box: [Double], area: Double) {
          let found = COCOMask(labels: image.planes[plane ?? 0], width: width, height: height, label: label ?? 0)
          let box = found?.boundingBox ?? .zero
          return ([box.x, box.y, box.width, box.height], Double(found?.area ?? 0))
        }
        for index in objects.indices {
          (objects[index].bbox, objects[index].area) = box(objects[index].plane, objects[index].label)
        }
        for index in detections.indices where boxBranch {
          detections[index].bbox = box(detections[index].plane, detections[index].label).box
        }
      }
      for index in objects.indices where chance(12) {
        objects[index].area = [500, 1024, 5000, 9216, 20000][Int.random(in: 0..<5, using: &random)]
      }
      peer.images.append(image)
      peer.annotations += objects
      peer.detections += detections
    }
    if Bool.random(using: &random) { peer.detections.shuffle(using: &random) }
    if seed % 3 == 2 && peer.annotations.count > 3 {
      for _ in 0..<3 {
        let from = Int.random(in: 0..<peer.annotations.count, using: &random)
        let to = Int.random(in: 0..<peer.annotations.count, using: &random)
        peer.annotations[to].id = peer.annotations[from].id
      }
    }
    return peer
  }

  static func quarter(_ range: ClosedRange<Int>, _ random: inout SeededGenerator) -> Double {
    Double(Int.random(in: range, using: &random)) / 4
  }

  /// A box from tiny to larger than the 200 × 200 image, so every area range has objects.
  static func randomBox(_ random: inout SeededGenerator) -> [Double] {
    let extent = [40, 160, 480, 1200][Int.random(in: 0..<4, using: &random)]
    let (x, y) = (quarter(-16...700, &random), quarter(-16...700, &random))
    return [x, y, quarter(4...extent, &random), quarter(4...extent, &random)]
  }

  /// A box near `box`: shifted and resized by up to about a tenth or a third.
  static func jitter(_ box: [Double], _ random: inout SeededGenerator) -> [Double] {
    let spread = Int.random(in: 0..<2, using: &random) == 0 ? 10 : 3
    let dx = Int(box[2] * 4) / spread + 1
    let dy = Int(box[3] * 4) / spread + 1
    return [
      box[0] + quarter(-dx...dx, &random), box[1] + quarter(-dy...dy, &random),
      max(0, box[2] + quarter(-dx...dx, &random)), max(0, box[3] + quarter(-dy...dy, &random)),
    ]
  }

  /// Paints a rectangle or an ellipse of `label` into a label plane.
  static func paint(
    _ plane: inout [Int], label: Int, width: Int, height: Int, big: Bool, _ random: inout SeededGenerator
  ) {
    let w = Int.random(in: 1...max(1, big ? width : width / 3), using: &random)
    let h = Int.random(in: 1...max(1, big ? height : height / 3), using: &random)
    let (x0, y0) = (Int.random(in: -2..<width, using: &random), Int.random(in: -2..<height, using: &random))
    let ellipse = Bool.random(using: &random)
    for y in 0..<height {
      for x in 0..<width {
        let inside: Bool
        if ellipse {
          let (u, v) = (Double(x - x0) / max(Double(w) / 2, 0.5), Double(y - y0) / max(Double(h) / 2, 0.5))
          inside = u * u + v * v <= 1
        } else {
          inside = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h
        }
        if inside { plane[y * width + x] = label }
      }
    }
  }
}
