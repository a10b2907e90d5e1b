// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import Foundation

/// The `ML` rules (profile `ml`, AI-readiness): splits declared and exhaustive, no identical image
/// content in two splits, how much of the dataset is annotated, and class balance per split.
struct MLCheck {
  /// A class with fewer pixels than this share of the most frequent class is extremely rare.
  static let extremeImbalance = 100

  let manifest: Manifest
  let facts: [String: FileFacts]
  private(set) var unchecked: [ValidationReport.Unchecked] = []

  init(manifest: Manifest, facts: [String: FileFacts]) {
    self.manifest = manifest
    self.facts = facts
  }

  mutating func check() -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let manifestFile = SourceLocation(file: "annota.yaml")
    if manifest.splits.isEmpty {
      findings.append(
        MLRules.splits.finding(
          "no splits are declared", hint: "declare `splits` (e.g. train, validation, test) and give every image one",
          at: SourceLocation(file: "annota.yaml", pointer: "/splits")))
    } else {
      let unsplit = manifest.images.enumerated().filter { $0.element.split == nil }
      if !unsplit.isEmpty {
        var place = manifestFile
        place.pointer = "/images/\(unsplit[0].offset)/split"
        findings.append(
          MLRules.splits.finding(
            "\(unsplit.count) of \(manifest.images.count) image(s) belong to no split (first: \(unsplit[0].element.id))",
            hint: "give every image a `split`", at: place))
      }
    }
    // Leakage: the same bytes in two splits (digests from the one read of each file).
    var splitOfDigest: [String: (split: String, path: String)] = [:]
    for image in manifest.images {
      guard let split = image.split, let fact = facts[image.path] else { continue }
      guard let digest = fact.sha256 else {
        unchecked.append(
          .init(
            rule: MLRules.leakage.id, location: SourceLocation(file: image.path),
            reason: fact.failure ?? "the file cannot be read"))
        continue
      }
      if let earlier = splitOfDigest[digest], earlier.split != split {
        findings.append(
          MLRules.leakage.finding(
            "has the same content as \(earlier.path), which is in split \(earlier.split); this one is in \(split)",
            hint: "keep identical images in one split, or remove the duplicate", at: SourceLocation(file: image.path)))
      } else if splitOfDigest[digest] == nil {
        splitOfDigest[digest] = (split, image.path)
      }
    }
    // Coverage: images with at least one annotation file.
    let annotated = Set(manifest.annotationSets.flatMap { $0.files.compactMap(\.image) })
    let covered = manifest.images.filter { annotated.contains($0.id) }.count
    if !manifest.images.isEmpty, covered < manifest.images.count {
      findings.append(
        MLRules.coverage.finding(
          "\(covered) of \(manifest.images.count) image(s) (\(covered * 100 / manifest.images.count)%) have annotations",
          hint: "say in each set's `coverage` which images were left out and why", at: manifestFile))
    }
    findings += balance()
    return findings
  }

  /// Shapes per label and split for `geojson` and `tracks` sets, and labels missing from a split.
  private func shapeBalance(_ splitOf: [String: String]) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for (s, set) in manifest.annotationSets.enumerated() where set.encoding == .geojson || set.encoding == .tracks {
      let location = SourceLocation(file: "annota.yaml", pointer: "/annotation_sets/\(s)")
      var counts: [String: [String: Int]] = [:]
      for file in set.files {
        guard let fact = facts[file.path], fact.failure == nil else { continue }
        let split = file.image.flatMap { splitOf[$0] } ?? "(no split)"
        for (label, count) in fact.labelCounts { counts[split, default: [:]][label, default: 0] += count }
      }
      guard !counts.isEmpty else { continue }
      let labels = Set(counts.values.flatMap(\.keys))
      for (split, perLabel) in counts.sorted(by: { $0.key < $1.key }) {
        let sum = perLabel.values.reduce(0, +)
        let shares = perLabel.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
        findings.append(
          MLRules.balance.finding(
            "set \(set.id), split \(split): \(sum) shapes — \(shares.joined(separator: ", "))", at: location))
        let absent = labels.subtracting(perLabel.keys).sorted()
        if !absent.isEmpty, counts.count > 1 {
          findings.append(
            MLRules.imbalance.finding(
              "set \(set.id): split \(split) has no shape labelled \(absent.joined(separator: ", ")), which other splits have",
              hint: "move some images so every split holds every class, or say why in the set's `coverage`",
              at: location))
        }
      }
    }
    return findings
  }

  /// Class balance per split from the label images' counts: pixels per class for semantic sets,
  /// objects for instance sets.
  private func balance() -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let splitOf = Dictionary(manifest.images.map { ($0.id, $0.split ?? "(no split)") }, uniquingKeysWith: { a, _ in a })
    findings += shapeBalance(splitOf)
    for (s, set) in manifest.annotationSets.enumerated() where set.encoding == .labelImage {
      let location = SourceLocation(file: "annota.yaml", pointer: "/annotation_sets/\(s)")
      let table = set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id } }
      let names = Dictionary(
        (table?.labels ?? []).map { (Int128($0.value), $0.name) }, uniquingKeysWith: { a, _ in a })
      var pixels: [String: [Int128: Int]] = [:]
      var objects: [String: (objects: Int, files: Int)] = [:]
      for file in set.files {
        guard let fact = facts[file.path], fact.isLabelImage else { continue }
        let split = file.image.flatMap { splitOf[$0] } ?? "(no split)"
        if set.kind == .semantic, let labels = fact.labels {
          for (value, count) in labels { pixels[split, default: [:]][value, default: 0] += count }
        } else {
          objects[split, default: (0, 0)].objects += fact.labelCount
          objects[split, default: (0, 0)].files += 1
        }
      }
      if !objects.isEmpty {
        let parts = objects.sorted { $0.key < $1.key }.map {
          "\($0.key): \($0.value.objects) objects in \($0.value.files) file(s)"
        }
        findings.append(
          MLRules.balance.finding(
            "set \(set.id) (instances) — \(parts.joined(separator: "; "))", at: location))
      }
      guard !pixels.isEmpty else { continue }
      func name(_ value: Int128) -> String { names[value].map { "\($0) (\(value))" } ?? "\(value)" }
      var totals: [Int128: Int] = [:]
      for (_, counts) in pixels { for (value, count) in counts { totals[value, default: 0] += count } }
      for (split, counts) in pixels.sorted(by: { $0.key < $1.key }) {
        let sum = max(1, counts.values.reduce(0, +))
        let shares = counts.sorted { $0.value > $1.value }.map {
          "\(name($0.key)) \(String(format: "%.1f", Double($0.value) * 100 / Double(sum)))%"
        }
        findings.append(
          MLRules.balance.finding(
            "set \(set.id), split \(split): \(sum) labelled pixels — \(shares.joined(separator: ", "))", at: location))
        // A class the dataset has that this split lacks cannot be evaluated (or learnt) there.
        let absent = totals.keys.filter { counts[$0] == nil }.sorted()
        if !absent.isEmpty, pixels.count > 1 {
          findings.append(
            MLRules.imbalance.finding(
              "set \(set.id): split \(split) has no pixel of \(absent.map(name).joined(separator: ", ")), which other splits have",
              hint: "move some images so every split holds every class, or say why in the set's `coverage`",
              at: location))
        }
      }
      if let largest = totals.values.max() {
        for (value, count) in totals.sorted(by: { $0.key < $1.key }) where count * Self.extremeImbalance < largest {
          findings.append(
            MLRules.imbalance.finding(
              "set \(set.id): \(name(value)) has \(count) pixels, under 1/\(Self.extremeImbalance) of the most frequent class (\(largest))",
              hint: "weight or resample the class when training, and report per-class metrics",
              at: location))
        }
      }
    }
    return findings
  }
}
