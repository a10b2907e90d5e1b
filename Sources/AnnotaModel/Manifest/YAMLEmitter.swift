// SPDX-License-Identifier: Apache-2.0

/// Writes a ``ManifestNode`` tree as canonical block YAML: two-space indentation, a blank line
/// between top-level sections, short scalar lists in flow style, multi-line text as literal blocks,
/// and quotes wherever a plain scalar could be read as something else (by Annota or by YAML 1.1
/// tools such as PyYAML).
enum YAMLEmitter {
  static let lineLimit = 100

  static func emit(_ root: ManifestNode) -> String {
    guard case .mapping(let entries, _) = root else { return inline(root) + "\n" }
    var out = ""
    for (index, entry) in entries.enumerated() {
      if index > 0, entry.value.isCollection || entries[index - 1].value.isCollection { out += "\n" }
      writeEntry(entry, indent: 0, into: &out)
    }
    return out
  }

  private static func writeEntry(_ entry: ManifestNode.Entry, indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent)
    let key = plainSafe(entry.key) ? entry.key : NodeJSON.quote(entry.key)
    let head = pad + key + ":"
    switch entry.value {
    case .scalar(let text, .string, _) where text.contains("\n"):
      out += head + " " + literalBlock(text, indent: indent + 2)
    case .scalar:
      out += head + " " + inline(entry.value) + "\n"
    case .sequence(let items, _):
      if let flow = flowList(items), head.count + 1 + flow.count <= lineLimit {
        out += head + " " + flow + "\n"
      } else {
        out += head + "\n"
        writeItems(items, indent: indent + 2, into: &out)
      }
    case .mapping(let entries, _):
      out += head + (entries.isEmpty ? " {}\n" : "\n")
      for child in entries { writeEntry(child, indent: indent + 2, into: &out) }
    }
  }

  private static func writeItems(_ items: [ManifestNode], indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent)
    for item in items {
      switch item {
      case .mapping(let entries, _) where !entries.isEmpty:
        var first = ""
        writeEntry(entries[0], indent: indent + 2, into: &first)
        out += pad + "- " + first.dropFirst(indent + 2)
        for child in entries.dropFirst() { writeEntry(child, indent: indent + 2, into: &out) }
      case .sequence(let inner, _):
        if let flow = flowList(inner), pad.count + 2 + flow.count <= lineLimit {
          out += pad + "- " + flow + "\n"
        } else {
          out += pad + "-\n"
          writeItems(inner, indent: indent + 2, into: &out)
        }
      case .scalar(let text, .string, _) where text.contains("\n"):
        out += pad + "- " + literalBlock(text, indent: indent + 2)
      default:
        out += pad + "- " + inline(item) + "\n"
      }
    }
  }

  /// `[a, b, c]` when every item is a short one-line scalar.
  private static func flowList(_ items: [ManifestNode]) -> String? {
    guard !items.isEmpty else { return "[]" }
    var parts: [String] = []
    for item in items {
      guard case .scalar(let text, let kind, _) = item, !text.contains("\n") else { return nil }
      if kind == .string, !plainSafe(text, inFlow: true) {
        parts.append(NodeJSON.quote(text))
      } else {
        parts.append(inline(item))
      }
    }
    return "[" + parts.joined(separator: ", ") + "]"
  }

  private static func inline(_ node: ManifestNode) -> String {
    switch node {
    case .scalar(let text, let kind, _):
      switch kind {
      case .string: return plainSafe(text) ? text : NodeJSON.quote(text)
      case .integer, .float: return JSONNumber.parse(text).map(JSONNumber.format) ?? "null"
      case .boolean: return text.lowercased()
      case .null: return "null"
      }
    case .sequence(let items, _): return flowList(items) ?? "[]"
    case .mapping: return "{}"
    }
  }

  /// `|` or `|-` followed by the indented lines; quoted when a literal block cannot hold the text.
  private static func literalBlock(_ text: String, indent: Int) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let trailing = lines.reversed().prefix { $0.isEmpty }.count
    let body = lines.dropLast(trailing)
    let safe =
      trailing <= 1 && !body.isEmpty && !(body.first?.hasPrefix(" ") ?? true)
      && !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || $0 == "\u{FEFF}" }
      && !body.contains { $0.last == " " || $0.last == "\t" }
    guard safe else { return NodeJSON.quote(text) + "\n" }
    let pad = String(repeating: " ", count: indent)
    var out = trailing == 1 ? "|\n" : "|-\n"
    for line in body { out += line.isEmpty ? "\n" : pad + line + "\n" }
    return out
  }

  /// Whether `text` can be written unquoted and read back as the same string by YAML 1.1 and 1.2.
  static func plainSafe(_ text: String, inFlow: Bool = false) -> Bool {
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
      first != " ", last != " ", first != "\t", last != "\t"
    else { return false }
    if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
    if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
    if inFlow, text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
    if text.unicodeScalars.contains(where: {
      $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) || $0 == "\u{FEFF}" || $0 == "\u{2028}"
        || $0 == "\u{2029}"
    }) {
      return false
    }
    if ManifestNode.ScalarKind.resolvePlain(text) != .string { return false }
    // YAML 1.1 readers (PyYAML and other libyaml-based tools) also resolve these.
    let lowered = text.lowercased()
    if ["yes", "no", "on", "off", "~", "null", "true", "false", "=", "<<"].contains(lowered) { return false }
    if looksLikeYAML11NumberOrDate(text) { return false }
    return true
  }
}

/// YAML 1.1's implicit int, float, sexagesimal and timestamp forms (a superset, to be safe).
// Compiled once: a regex literal is parsed again at every evaluation otherwise, which made writing a
// manifest of 100 000 files take minutes. Read-only after initialisation.
nonisolated(unsafe) private let yamlInteger = #/[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*)/#
nonisolated(unsafe) private let yamlFloat = #/[-+]?([0-9][0-9_]*)?\.[0-9._]*([eE][-+]?[0-9]+)?/#
nonisolated(unsafe) private let yamlSpecial = #/[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)/#
nonisolated(unsafe) private let yamlDate = #/[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/#

private func looksLikeYAML11NumberOrDate(_ text: String) -> Bool {
  // Every pattern starts with a sign, a digit or a dot.
  guard let first = text.utf8.first,
    first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
      || first == UInt8(ascii: ".") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
  else { return false }
  if text.wholeMatch(of: yamlInteger) != nil { return true }
  if text.wholeMatch(of: yamlFloat) != nil { return true }
  if text.wholeMatch(of: yamlSpecial) != nil { return true }
  if text.prefixMatch(of: yamlDate) != nil { return true }
  return false
}

extension ManifestNode {
  var isCollection: Bool {
    switch self {
    case .scalar: false
    case .sequence(let items, _): items.contains { $0.isCollection }
    case .mapping: true
    }
  }
}
