// SPDX-License-Identifier: Apache-2.0

/// A path pattern with `{name}` placeholders (SPEC §6.1 `pathPattern`, §7): each placeholder matches
/// one or more characters other than `/`.
public struct PathPattern: Sendable, Hashable {
  private enum Part: Sendable, Hashable {
    /// The literal text, as scalars (matched scalar by scalar).
    case literal([Unicode.Scalar])
    case placeholder(String)
  }

  private let parts: [Part]

  /// Parses a pattern such as `masks/{name}_mask.tif`.
  /// - Parameter text: the pattern.
  public init(_ text: String) {
    var parts: [Part] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      if open > rest.startIndex { parts.append(.literal(Array(rest[..<open].unicodeScalars))) }
      parts.append(.placeholder(String(rest[rest.index(after: open)..<close])))
      rest = rest[rest.index(after: close)...]
    }
    if !rest.isEmpty { parts.append(.literal(Array(rest.unicodeScalars))) }
    self.parts = parts
  }

  /// The placeholder values when `path` matches, else `nil`.
  /// - Parameter path: a relative path.
  /// - Returns: values by placeholder name.
  public func match(_ path: String) -> [String: String]? {
    var bindings: [String: String] = [:]
    return Self.match(parts[...], Array(path.unicodeScalars)[...], &bindings) ? bindings : nil
  }

  /// The path the pattern gives for `bindings`, or `nil` when a placeholder has no value.
  /// - Parameter bindings: values by placeholder name.
  /// - Returns: the path.
  public func fill(_ bindings: [String: String]) -> String? {
    var out = ""
    for part in parts {
      switch part {
      case .literal(let scalars): out.unicodeScalars.append(contentsOf: scalars)
      case .placeholder(let name):
        guard let value = bindings[name] else { return nil }
        out += value
      }
    }
    return out
  }

  private static func match(
    _ parts: ArraySlice<Part>, _ text: ArraySlice<Unicode.Scalar>, _ bindings: inout [String: String]
  ) -> Bool {
    guard let first = parts.first else { return text.isEmpty }
    switch first {
    case .literal(let scalars):
      guard text.starts(with: scalars) else { return false }
      return match(parts.dropFirst(), text.dropFirst(scalars.count), &bindings)
    case .placeholder(let name):
      // One or more characters other than `/`; shortest first, backtracking on failure. Where a
      // literal follows, only ends where it starts are tried (no value is built for the others).
      var next: [Unicode.Scalar]? = nil
      if case .literal(let scalars)? = parts.dropFirst().first { next = scalars }
      var end = text.startIndex
      while end < text.endIndex, text[end] != "/" {
        end += 1
        if let next, !text[end...].starts(with: next) { continue }
        let value = String(String.UnicodeScalarView(text[text.startIndex..<end]))
        if let bound = bindings[name], bound != value { continue }
        let previous = bindings[name]
        bindings[name] = value
        if match(parts.dropFirst(), text[end...], &bindings) { return true }
        bindings[name] = previous
      }
      return false
    }
  }
}
