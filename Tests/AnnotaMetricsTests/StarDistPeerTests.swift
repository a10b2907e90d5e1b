// SPDX-License-Identifier: Apache-2.0

import AnnotaMetrics
import AnnotaTestSupport
import Testing

/// Instance matching against StarDist 0.9.2 itself.
///
/// `stardist.matching.matching` and `matching_dataset` (both `by_image` ways) run on seeded label
/// images: shifted, split, merged, dropped
/// and added objects, empty images and 3-D volumes, at thresholds below 0.5 (where the assignment
/// decides) and above, for every criterion. Counts must be equal and ratios within 1e-9.
@Suite("Instance matching against StarDist")
struct StarDistPeerTests {
  /// One image pair, flattened in C order.
  struct Image: Codable {
    var shape: [Int]
    var truth: [Int]
    var pred: [Int]
  }

  /// What the peer is given.
  struct Cases: Codable {
    var thresholds: [Double]
    var criterion: String
    var images: [Image]
  }

  /// StarDist's numbers at one threshold.
  struct Numbers: Codable {
    var tp: Int
    var fp: Int
    var fn: Int
    var n_true: Int
    var n_pred: Int
    var precision: Double
    var recall: Double
    var accuracy: Double
    var f1: Double
    var mean_true_score: Double
    var mean_matched_score: Double
    var panoptic_quality: Double
  }

  /// What the peer prints: per image and threshold, then the dataset both ways.
  struct Expected: Codable {
    var images: [[Numbers]]
    var pooled: [Numbers]
    var by_image: [Numbers]
  }

  static let script = """
    import json, sys
    import numpy as np
    from stardist.matching import matching, matching_dataset
    cases = json.load(open(sys.argv[1]))
    thresholds, criterion = cases["thresholds"], cases["criterion"]
    truth = [np.array(c["truth"], np.int32).reshape(c["shape"]) for c in cases["images"]]
    pred = [np.array(c["pred"], np.int32).reshape(c["shape"]) for c in cases["images"]]
    keys = ("tp", "fp", "fn", "n_true", "n_pred")
    def numbers(m):
        return {k: (int(v) if k in keys else float(v)) for k, v in m._asdict().items()
                if k not in ("criterion", "thresh", "by_image")}
    out = {
        "images": [[numbers(m) for m in matching(t, p, thresh=thresholds, criterion=criterion)]
                   for t, p in zip(truth, pred)],
        "pooled": [numbers(m) for m in matching_dataset(truth, pred, thresh=thresholds, criterion=criterion,
                                                        by_image=False, show_progress=False)],
        "by_image": [numbers(m) for m in matching_dataset(truth, pred, thresh=thresholds, criterion=criterion,
                                                          by_image=True, show_progress=False)],
    }
    print(json.dumps(out))
    """

  /// Seeded objects (boxes and discs with non-sequential labels), and a candidate derived from them.
  static func images(count: Int, seed: UInt64) -> [Image] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { index in
      let volume = index % 5 == 4
      let shape = volume ? [6, 24, 24] : [48, 40]
      let (depth, height, width) = volume ? (6, 24, 24) : (1, 48, 40)
      var truth = [Int](repeating: 0, count: depth * height * width)
      let objects = index % 7 == 6 ? 0 : Int.random(in: 1...12, using: &generator)
      var labels: [Int] = []
      for _ in 0..<objects {
        let label = Int.random(in: 1...60_000, using: &generator)
        labels.append(label)
        let z = Int.random(in: 0..<depth, using: &generator)
        let y = Int.random(in: 0..<height, using: &generator)
        let x = Int.random(in: 0..<width, using: &generator)
        let radius = Int.random(in: 2...7, using: &generator)
        let disc = Bool.random(using: &generator)
        for dz in -1...1 where z + dz >= 0 && z + dz < depth && (volume || dz == 0) {
          for dy in -radius...radius where y + dy >= 0 && y + dy < height {
            for dx in -radius...radius where x + dx >= 0 && x + dx < width {
              if disc && dx * dx + dy * dy > radius * radius { continue }
              truth[((z + dz) * height + y + dy) * width + x + dx] = label
            }
          }
        }
      }
      var pred = [Int](repeating: 0, count: truth.count)
      if index % 11 == 10 { return Image(shape: shape, truth: truth, pred: pred) }
      // Shift by up to 2 pixels; relabel; drop, split, merge, add.
      let shiftY = Int.random(in: -2...2, using: &generator)
      let shiftX = Int.random(in: -2...2, using: &generator)
      var relabel: [Int: Int] = [:]
      for label in labels where relabel[label] == nil {
        let roll = Int.random(in: 0..<10, using: &generator)
        relabel[label] = roll == 0 ? 0 : roll == 1 && labels.count > 1 ? labels[0] + 70_000 : label + 100_000
      }
      let split = labels.randomElement(using: &generator)
      for z in 0..<depth {
        for y in 0..<height {
          for x in 0..<width {
            let label = truth[(z * height + y) * width + x]
            guard label != 0, var mapped = relabel[label], mapped != 0 else { continue }
            if label == split, x % 8 < 4 { mapped += 200_000 }
            let (ty, tx) = (y + shiftY, x + shiftX)
            guard ty >= 0, ty < height, tx >= 0, tx < width else { continue }
            pred[(z * height + ty) * width + tx] = mapped
          }
        }
      }
      for _ in 0..<Int.random(in: 0...2, using: &generator) {
        let y = Int.random(in: 0..<height - 4, using: &generator)
        let x = Int.random(in: 0..<width - 4, using: &generator)
        let label = Int.random(in: 300_000...301_000, using: &generator)
        for dy in 0..<4 { for dx in 0..<4 { pred[(y + dy) * width + x + dx] = label } }
      }
      return Image(shape: shape, truth: truth, pred: pred)
    }
  }

  static func check(_ actual: InstanceMatching.Summary, _ expected: Numbers, _ context: String) {
    #expect(
      actual.tp == expected.tp && actual.fp == expected.fp && actual.fn == expected.fn
        && actual.nTrue == expected.n_true && actual.nPred == expected.n_pred, "\(context): counts")
    let pairs: [(String, Double, Double)] = [
      ("precision", actual.precision, expected.precision), ("recall", actual.recall, expected.recall),
      ("accuracy", actual.accuracy, expected.accuracy), ("f1", actual.f1, expected.f1),
      ("mean_true_score", actual.meanTrueScore, expected.mean_true_score),
      ("mean_matched_score", actual.meanMatchedScore, expected.mean_matched_score),
      ("panoptic_quality", actual.panopticQuality, expected.panoptic_quality),
    ]
    for (name, mine, theirs) in pairs {
      #expect(abs(mine - theirs) <= 1e-9, "\(context): \(name) \(mine) against StarDist's \(theirs)")
    }
  }

  @Test(.enabled(if: python(with: ["stardist.matching"]) != nil), arguments: ["iou", "iot", "iop"])
  func equalsStarDist(criterion: String) throws {
    let interpreter = try #require(python(with: ["stardist.matching"]))
    let thresholds = [0.1, 0.3, 0.5, 0.55, 0.7, 0.9]
    let images = Self.images(count: 44, seed: 0x57A2_D157 &+ UInt64(criterion.utf8.first!))
    let expected = try PythonPeer.run(
      Self.script, interpreter: interpreter,
      cases: Cases(thresholds: thresholds, criterion: criterion, images: images), as: Expected.self)
    let how = try #require(InstanceMatching.Criterion(rawValue: criterion))
    let results = images.map { image in
      InstanceMatching.match(
        LabelOverlap(reference: image.truth, candidate: image.pred), thresholds: thresholds, criterion: how)
    }
    for (index, (mine, theirs)) in zip(results, expected.images).enumerated() {
      for (result, numbers) in zip(mine, theirs) {
        Self.check(InstanceMatching.Summary(result), numbers, "image \(index) τ=\(result.threshold)")
      }
    }
    for (summary, numbers) in zip(InstanceMatching.summarize(results, byImage: false), expected.pooled) {
      Self.check(summary, numbers, "pooled τ=\(summary.threshold)")
    }
    for (summary, numbers) in zip(InstanceMatching.summarize(results, byImage: true), expected.by_image) {
      Self.check(summary, numbers, "by image τ=\(summary.threshold)")
    }
    // Cellpose's average precision at τ is tp / (tp + fp + fn): StarDist's accuracy.
    for result in results.joined() where result.tp + result.fp + result.fn > 0 {
      #expect(result.accuracy == Double(result.tp) / Double(result.tp + result.fp + result.fn))
    }
  }
}
