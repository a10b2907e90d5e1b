// SPDX-License-Identifier: Apache-2.0

/// "Did you mean" suggestions by edit distance.
public enum Suggestions {
  /// The candidate closest to `text`, if it is close enough to be a likely typo.
  /// - Parameters:
  ///   - text: what was written.
  ///   - candidates: what could have been meant.
  /// - Returns: the best candidate, or `nil` when none is close.
  public static func closest(to text: String, among candidates: [String]) -> String? {
    let folded = fold(text)
    var best: (String, Int)? = nil
    for candidate in candidates {
      let distance = editDistance(folded, fold(candidate))
      if best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    let allowed = max(2, min(folded.count, candidate.count) / 3)
    return distance <= allowed ? candidate : nil
  }

  /// Lowercases and treats space, `-` and `_` alike, so `segmentation mask` finds `segmentation_mask`.
  static func fold(_ text: String) -> [Character] {
    Array(text.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
  }

  /// Levenshtein distance with adjacent transpositions counted as one edit.
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
  }
}
