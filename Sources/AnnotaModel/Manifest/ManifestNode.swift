// SPDX-License-Identifier: Apache-2.0

/// A parsed manifest document before it is checked against the spec: mappings keep key order and
/// duplicates, scalars keep their text and resolved kind, every node knows its line and column.
///
/// YAML and JSON both parse into this tree, so one checker serves both.
public indirect enum ManifestNode: Sendable, Hashable {
  /// A mapping; `entries` keeps the document's order, duplicates included.
  case mapping(entries: [Entry], position: Position)
  /// A sequence.
  case sequence(items: [ManifestNode], position: Position)
  /// A scalar with its source text and resolved kind.
  case scalar(text: String, kind: ScalarKind, position: Position)

  /// One key–value pair of a mapping.
  public struct Entry: Sendable, Hashable {
    /// The key text.
    public var key: String
    /// Where the key stands.
    public var keyPosition: Position
    /// The value.
    public var value: ManifestNode
  }

  /// A 1-based line and column (Unicode scalars).
  public struct Position: Sendable, Hashable {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
  }

  /// What a scalar resolved to.
  ///
  /// YAML plain scalars resolve by the YAML 1.2 core schema; quoted scalars are always strings;
  /// JSON scalars are what JSON says they are.
  public enum ScalarKind: String, Sendable, Hashable {
    /// A string.
    case string
    /// An integer (no fraction or exponent).
    case integer
    /// A number with a fraction or exponent.
    case float
    /// `true` or `false`.
    case boolean
    /// `null`, `~` or an empty YAML value.
    case null
  }

  /// Where the node starts.
  public var position: Position {
    switch self {
    case .mapping(_, let position), .sequence(_, let position), .scalar(_, _, let position):
      position
    }
  }

  /// A word for the node's type as users know it ("mapping", "list", "string", "number"…).
  public var typeName: String {
    switch self {
    case .mapping: "mapping"
    case .sequence: "list"
    case .scalar(_, let kind, _):
      switch kind {
      case .string: "string"
      case .integer, .float: "number"
      case .boolean: "boolean"
      case .null: "null"
      }
    }
  }

  /// Where the value at a JSON Pointer starts, or the deepest enclosing value that exists.
  /// - Parameter pointer: an RFC 6901 pointer such as `/images/3/id`.
  /// - Returns: the position, `nil` only for a pointer that does not start with `/` (or is empty on a scalar).
  public func position(at pointer: String) -> Position? {
    var node = self
    for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
      let key = token.replacingEscapes()
      switch node {
      case .mapping(let entries, _):
        guard let entry = entries.first(where: { $0.key == key }) else { return node.position }
        node = entry.value
      case .sequence(let items, _):
        guard let index = Int(key), items.indices.contains(index) else { return node.position }
        node = items[index]
      case .scalar:
        return node.position
      }
    }
    return node.position
  }

  /// Whether this is a null scalar.
  public var isNull: Bool {
    if case .scalar(_, .null, _) = self { return true }
    return false
  }
}

extension ManifestNode.ScalarKind {
  /// Resolves a YAML plain scalar by the YAML 1.2 core schema.
  /// - Parameter text: the scalar's text.
  /// - Returns: the kind it denotes.
  static func resolvePlain(_ text: String) -> Self {
    switch text {
    case "", "~", "null", "Null", "NULL": return .null
    case "true", "True", "TRUE", "false", "False", "FALSE": return .boolean
    case ".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", ".nan", ".NaN", ".NAN":
      return .float
    default: break
    }
    let scalars = Array(text.unicodeScalars)
    var index = 0
    if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
    let digitsStart = index
    while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
    let integerDigits = index - digitsStart
    if index == scalars.count { return integerDigits > 0 ? .integer : .string }
    var fractionDigits = 0
    if scalars[index] == "." {
      index += 1
      let start = index
      while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
      fractionDigits = index - start
    }
    guard integerDigits + fractionDigits > 0 else { return .string }
    if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
      index += 1
      if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
      let start = index
      while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
      guard index > start else { return .string }
    }
    return index == scalars.count ? .float : .string
  }
}

extension Substring {
  /// Undoes RFC 6901 escaping: `~1` → `/`, `~0` → `~`.
  fileprivate func replacingEscapes() -> String {
    guard contains("~") else { return String(self) }
    var out = ""
    var iterator = makeIterator()
    while let character = iterator.next() {
      if character == "~", let next = iterator.next() {
        out.append(next == "1" ? "/" : next == "0" ? "~" : next)
      } else {
        out.append(character)
      }
    }
    return out
  }
}
