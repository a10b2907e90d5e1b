// SPDX-License-Identifier: Apache-2.0

public import AnnotaModel

/// The images both sides annotate, and the ones only one side does.
public struct ComparisonPairing: Sendable {
  /// One image with a file on each side.
  public struct Pair: Sendable, Hashable {
    /// The image: its id, or the reference file's path without extension.
    public var name: String
    /// The reference file.
    public var reference: ComparisonSource.Entry
    /// The candidate file.
    public var candidate: ComparisonSource.Entry
  }

  /// The pairs, in the reference's order.
  public var pairs: [Pair]
  /// COMPARE-001 for each image annotated on one side only, and for a key with several files.
  public var findings: [Diagnostic]

  /// Pairs two sides by image id (sets) or by path (folders).
  ///
  /// Two single files always pair. Folders pair by the path without extension; what is left unpaired
  /// then pairs by its name alone when that is unique on both sides, after dropping the usual
  /// suffixes of mask files (`_mask`, `_masks`, `_cp_masks`, `_label`, `_labels`, `_seg`, `_pred`).
  /// - Parameters:
  ///   - reference: the reference side.
  ///   - candidate: the candidate side.
  public init(reference: ComparisonSource, candidate: ComparisonSource) {
    pairs = []
    findings = []
    if reference.entries.count == 1, candidate.entries.count == 1, !reference.pairsByName, !candidate.pairsByName,
      reference.dataset == nil, candidate.dataset == nil
    {
      pairs = [Pair(name: reference.entries[0].key, reference: reference.entries[0], candidate: candidate.entries[0])]
      return
    }
    var candidates: [String: [ComparisonSource.Entry]] = [:]
    for entry in candidate.entries { candidates[entry.key, default: []].append(entry) }
    var unpaired: [ComparisonSource.Entry] = []
    var used: Set<String> = []
    for entry in reference.entries {
      guard let match = candidates[entry.key]?.first, !used.contains(entry.key) else {
        unpaired.append(entry)
        continue
      }
      used.insert(entry.key)
      pairs.append(Pair(name: entry.key, reference: entry, candidate: match))
    }
    var leftover = candidate.entries.filter { !used.contains($0.key) }
    if reference.pairsByName || candidate.pairsByName {
      // The same image under different names: `a/img1.tif` against `img1_cp_masks.png`.
      let byName = Dictionary(grouping: leftover) { Self.baseName($0.key) }
      let referenceNames = Dictionary(grouping: unpaired) { Self.baseName($0.key) }
      var matched: Set<String> = []
      for (name, entries) in referenceNames where entries.count == 1 {
        guard let others = byName[name], others.count == 1 else { continue }
        pairs.append(Pair(name: entries[0].key, reference: entries[0], candidate: others[0]))
        // A tool's file holds many images: an entry is its path and its key together.
        matched.insert(entries[0].path + "\u{0}" + entries[0].key)
        matched.insert(others[0].path + "\u{0}" + others[0].key)
      }
      unpaired.removeAll { matched.contains($0.path + "\u{0}" + $0.key) }
      leftover.removeAll { matched.contains($0.path + "\u{0}" + $0.key) }
      let order = Dictionary(reference.entries.enumerated().map { ($1.path + "\u{0}" + $1.key, $0) }) { first, _ in
        first
      }
      func position(_ pair: Pair) -> Int { order[pair.reference.path + "\u{0}" + pair.reference.key, default: 0] }
      pairs.sort { position($0) < position($1) }
    }
    for entry in unpaired {
      findings.append(
        CompareRules.unpaired.finding(
          "\(entry.key) has a file in \(reference.name) but none in \(candidate.name); it is not compared",
          hint: "annotate it on both sides, or leave it out of the comparison knowingly",
          at: SourceLocation(file: entry.path)))
    }
    for entry in leftover {
      findings.append(
        CompareRules.unpaired.finding(
          "\(entry.key) has a file in \(candidate.name) but none in \(reference.name); it is not compared",
          hint: "annotate it on both sides, or leave it out of the comparison knowingly",
          at: SourceLocation(file: entry.path)))
    }
    for (key, entries) in candidates where entries.count > 1 && used.contains(key) {
      findings.append(
        CompareRules.unpaired.finding(
          "\(key) has \(entries.count) files in \(candidate.name); only the first is compared",
          hint: "keep one annotation file per image on each side", at: SourceLocation(file: entries[1].path)))
    }
  }

  /// The file name without folders and without a mask suffix, lowercased.
  package static func baseName(_ key: String) -> String {
    var name = (key.split(separator: "/").last.map(String.init) ?? key).lowercased()
    for suffix in ["_cp_masks", "_masks", "_mask", "_labels", "_label", "_seg", "_pred"] where name.hasSuffix(suffix) {
      name = String(name.dropLast(suffix.count))
      break
    }
    return name
  }
}
