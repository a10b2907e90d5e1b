// SPDX-License-Identifier: Apache-2.0

import AnnotaModel
import AnnotaTestSupport
import AnnotaWorkflows
import Foundation
import Testing

/// Class tables (image-level labels, SPEC §5.5) compared as scikit-learn scores them, and several
/// annotators' tables as statsmodels' Fleiss' κ: seeded tables with missing and multi-labelled
/// images, against the peers themselves.
@Suite("Compare class tables")
struct ClassificationCompareTests {
  /// Seeded tables: `raters` annotators label 120 images with one of four classes, mostly agreeing
  /// with a hidden truth; image 7 is missing from the last table and image 9 has two labels in the
  /// first.
  static func tables(raters: Int, in folder: TemporaryFolder) throws -> [String] {
    var generator = SeededGenerator(seed: 0xC1A5_5E5)
    let classes = ["nucleus", "mitotic", "apoptotic", "debris"]
    let truth = (0..<120).map { _ in classes.randomElement(using: &generator)! }
    return try (0..<raters).map { rater in
      var rows = ["image\tlabel\tconfidence"]
      for (index, label) in truth.enumerated() {
        if rater == raters - 1, index == 7 { continue }
        let given =
          Double.random(in: 0..<1, using: &generator) < 0.75 ? label : classes.randomElement(using: &generator)!
        rows.append("img\(index)\t\(given)\t0.9")
        if rater == 0, index == 9 { rows.append("img\(index)\tdebris\t0.2") }
      }
      return try folder.write(rows.joined(separator: "\n") + "\n", to: "rater\(rater).tsv")
    }
  }

  @Test(.enabled(if: python(with: ["sklearn", "statsmodels"]) != nil))
  func twoTablesAndThreeEqualTheirPeers() async throws {
    let interpreter = try #require(python(with: ["sklearn", "statsmodels"]))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let paths = try Self.tables(raters: 3, in: folder)
    let script = """
      import csv, json, sys
      from sklearn.metrics import accuracy_score, cohen_kappa_score, confusion_matrix, f1_score
      from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
      tables = []
      for path in sys.argv[1:]:
          rows = {}
          for row in csv.DictReader(open(path), delimiter="\\t"):
              rows.setdefault(row["image"], []).append(row["label"])
          tables.append({k: v[0] for k, v in rows.items() if len(v) == 1})
      a, b = tables[0], tables[1]
      shared = [k for k in a if k in b]
      ra, rb = [a[k] for k in shared], [b[k] for k in shared]
      labels = sorted(set(ra) | set(rb))
      every = [k for k in sorted(a) if all(k in t for t in tables)]
      counts, _ = aggregate_raters([[t[k] for t in tables] for k in every])
      print(json.dumps({"images": len(shared), "accuracy": accuracy_score(ra, rb), "kappa": cohen_kappa_score(ra, rb),
                        "macro_f1": f1_score(ra, rb, average="macro", zero_division=0), "labels": labels,
                        "matrix": confusion_matrix(ra, rb, labels=labels).tolist(),
                        "fleiss": fleiss_kappa(counts), "fleiss_images": len(every)}))
      """
    let run = try runProcess(interpreter, ["-c", script] + paths)
    #expect(run.status == 0, "\(run.stderr)")
    let expected = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let report = AnnotationComparer.compareClassTables(reference: [paths[0]], candidate: [paths[1]])
    let scores = try #require(report.dataset.classification)
    #expect(scores.images == expected["images"] as? Int)
    #expect(abs(scores.accuracy - (expected["accuracy"] as? Double ?? -1)) <= 1e-12)
    #expect(abs((scores.cohenKappa ?? -9) - (expected["kappa"] as? Double ?? 9)) <= 1e-12)
    #expect(abs(scores.macroF1 - (expected["macro_f1"] as? Double ?? -1)) <= 1e-12)
    #expect(scores.labels == expected["labels"] as? [String] && scores.matrix == expected["matrix"] as? [[Int]])
    // img9 has two labels in the first table: a finding, left out.
    #expect(report.findings.contains { $0.rule.rawValue == "COMPARE-005" && $0.message.contains("img9") })

    let sources = try paths.map { try ComparisonSource.path($0) }
    let agreement = await AgreementAnalysis.run(sources)
    #expect(agreement.metric == "fleiss_kappa" && agreement.matrix[0][1] == scores.cohenKappa)
    #expect(abs((agreement.mean ?? -9) - (expected["fleiss"] as? Double ?? 9)) <= 1e-12)
    #expect(agreement.images.count == expected["fleiss_images"] as? Int)
    let ranked = agreement.images.map(\.mean)
    #expect(ranked == ranked.sorted() && ranked.first ?? 1 < 1)
    #expect(AgreementRenderer.render(agreement, as: .text).contains("Fleiss' κ"))
    #expect(MetricGate("fleiss_kappa=-1")?.failure(in: agreement) == nil)
    #expect(MetricGate("fleiss_kappa=0.99")?.failure(in: agreement)?.contains("below") == true)
  }

  @Test func badTablesAreCouldNotCheck() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let good = try folder.write("image\tlabel\na\tx\n", to: "good.tsv")
    for (index, bad) in ["", "image,label\na,x\n", "name\tclass\na\tx\n"].enumerated() {
      let path = try folder.write(bad, to: "bad\(index).tsv")
      let report = AnnotationComparer.compareClassTables(reference: [good], candidate: [path])
      #expect(report.couldNotCheck.count == 1 && report.dataset.classification == nil, "\(bad)")
      #expect(ComparisonRenderer.render(report, as: .text).contains("nothing was measured"))
    }
    let same = AnnotationComparer.compareClassTables(reference: [good], candidate: [good])
    // One label only: accuracy 1, κ undefined (chance agreement is total), said as nil, not NaN.
    #expect(same.dataset.classification?.accuracy == 1 && same.dataset.classification?.cohenKappa == nil)
  }
}
