// SPDX-License-Identifier: Apache-2.0

/// Which images get a card when there are more than the gallery holds: every image with findings
/// first (the most findings first, up to the cap), then an even sample of the others, split by
/// split in proportion to each split's size — so a 100 000-image dataset gives a page of the same
/// size as a 1 000-image one, and says how it chose.
struct CardSelection: Equatable {
  /// The chosen images' indices, in gallery order (findings first, then manifest order).
  var indices: [Int]
  /// What was left out and how the rest was chosen, for the page; `nil` when every image is shown.
  var statement: String?

  /// Chooses at most `cap` of `images`.
  /// - Parameters:
  ///   - images: per image (in manifest order) its split (`""` for none) and how many findings it has.
  ///   - cap: cards at most.
  init(_ images: [(split: String, findings: Int)], cap: Int) {
    let cap = max(0, cap)
    guard images.count > cap else {
      indices = images.indices.sorted { (images[$0].findings > 0 ? 0 : 1, $0) < (images[$1].findings > 0 ? 0 : 1, $1) }
      statement = nil
      return
    }
    let withFindings = images.indices.filter { images[$0].findings > 0 }
    let chosenWithFindings = Array(
      withFindings.sorted { (-images[$0].findings, $0) < (-images[$1].findings, $1) }.prefix(cap)
        .sorted())
    var room = cap - chosenWithFindings.count
    // The rest, per split in proportion (largest remainders), each split's share spread evenly.
    var bySplit: [String: [Int]] = [:]
    var order: [String] = []
    for index in images.indices where images[index].findings == 0 {
      if bySplit[images[index].split] == nil { order.append(images[index].split) }
      bySplit[images[index].split, default: []].append(index)
    }
    let others = bySplit.values.reduce(0) { $0 + $1.count }
    var shares: [String: Int] = [:]
    if others > 0, room > 0 {
      let exact = order.map { (split: $0, value: Double(bySplit[$0]!.count) * Double(room) / Double(others)) }
      for entry in exact { shares[entry.split] = Int(entry.value) }
      room -= shares.values.reduce(0, +)
      for entry in exact.sorted(by: { ($0.value - $0.value.rounded(.down)) > ($1.value - $1.value.rounded(.down)) })
      where room > 0 {
        shares[entry.split]! += 1
        room -= 1
      }
    }
    var sampled: [Int] = []
    for split in order {
      let members = bySplit[split]!
      let count = min(shares[split] ?? 0, members.count)
      guard count > 0 else { continue }
      // Evenly spaced: the middle of each of `count` equal stretches.
      for k in 0..<count { sampled.append(members[(2 * k + 1) * members.count / (2 * count)]) }
    }
    indices = chosenWithFindings + sampled.sorted()
    let shownOthers = sampled.count
    var parts = ["\(indices.count) of \(images.count) images have a card"]
    parts.append(
      withFindings.isEmpty
        ? "none has findings"
        : chosenWithFindings.count == withFindings.count
          ? "all \(withFindings.count) with findings"
          : "the \(chosenWithFindings.count) with the most findings of \(withFindings.count) with findings")
    if shownOthers > 0 {
      parts.append(
        "and \(shownOthers) of the \(others) without, sampled evenly within each split in proportion to its size")
    }
    statement = parts[0] + ": " + parts.dropFirst().joined(separator: ", ") + "."
  }
}
