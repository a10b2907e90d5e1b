// SPDX-License-Identifier: Apache-2.0

/// Paths as BagIt manifests write them (RFC 8493 §2.1.3): `/` separators, and CR, LF and `%`
/// percent-encoded.
enum BagPaths {
  static func encode(_ path: String) -> String {
    var out = ""
    for character in path.unicodeScalars {
      switch character {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }

  static func decode(_ path: Substring) -> String {
    String(
      path.replacing("%0D", with: "\r").replacing("%0d", with: "\r").replacing("%0A", with: "\n")
        .replacing("%0a", with: "\n").replacing("%25", with: "%"))
  }

  /// Whether a manifest path stays inside the bag: relative, no `..`, no `~`, no empty segment.
  static func isSafe(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~"), !path.contains("\0") else { return false }
    return !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0.isEmpty }
  }
}
