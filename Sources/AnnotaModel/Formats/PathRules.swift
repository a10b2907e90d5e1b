// SPDX-License-Identifier: Apache-2.0

/// Rules for paths inside a dataset: relative, `/`-separated, no `.`/`..` segments, portable.
public enum PathRules {
  /// What is wrong with `path`, or `nil` when it is a portable relative path.
  /// - Parameters:
  ///   - path: the path as written.
  ///   - allowPlaceholders: whether `{name}` placeholders may appear (path patterns).
  /// - Returns: a short description of the problem.
  public static func problem(in path: String, allowPlaceholders: Bool) -> String? {
    if path.isEmpty { return "the path is empty" }
    if path.hasPrefix("/") { return "absolute paths are not allowed" }
    if path.contains("\\") { return "use `/` as the separator, not `\\`" }
    if path.count > 1, path.dropFirst().hasPrefix(":") { return "drive letters are not allowed" }
    if path.hasSuffix("/") { return "the path must name a file, not end with `/`" }
    if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      return "control characters are not allowed"
    }
    if !allowPlaceholders, path.contains("{") || path.contains("}") {
      return "`{` and `}` are only allowed in path patterns"
    }
    for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
      if segment.isEmpty { return "empty path segment (`//`)" }
      if segment == "." || segment == ".." { return "`.` and `..` segments are not allowed" }
    }
    return nil
  }

  /// The placeholder names in a path pattern, in order, or `nil` when braces are unbalanced
  /// or a placeholder is empty or not an identifier.
  /// - Parameter pattern: e.g. `masks/{name}_mask.tif`.
  /// - Returns: e.g. `["name"]`.
  public static func placeholders(in pattern: String) -> [String]? {
    var names: [String] = []
    var current: String? = nil
    for character in pattern {
      switch character {
      case "{":
        guard current == nil else { return nil }
        current = ""
      case "}":
        guard let name = current, !name.isEmpty, FormatChecker.isIdentifier(name) else { return nil }
        names.append(name)
        current = nil
      default:
        current?.append(character)
      }
    }
    return current == nil ? names : nil
  }
}
