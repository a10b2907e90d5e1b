// SPDX-License-Identifier: Apache-2.0

/// Writes a ``ManifestNode`` tree as canonical JSON: two-space indentation, keys in tree order,
/// lists of numbers on one line, a final newline.
package enum NodeJSON {
  static func encode(_ node: ManifestNode) -> String {
    var out = ""
    write(node, indent: 0, into: &out)
    out += "\n"
    return out
  }

  private static func write(_ node: ManifestNode, indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent + 2)
    switch node {
    case .scalar(let text, let kind, _):
      out += scalar(text, kind)
    case .sequence(let items, _):
      if items.isEmpty {
        out += "[]"
      } else if items.allSatisfy(\.isNumber) {
        out +=
          "["
          + items.map { node in
            if case .scalar(let text, let kind, _) = node { return scalar(text, kind) }
            return ""
          }.joined(separator: ", ") + "]"
      } else {
        out += "[\n"
        for (index, item) in items.enumerated() {
          out += pad
          write(item, indent: indent + 2, into: &out)
          out += index + 1 < items.count ? ",\n" : "\n"
        }
        out += String(repeating: " ", count: indent) + "]"
      }
    case .mapping(let entries, _):
      if entries.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (index, entry) in entries.enumerated() {
        out += pad + quote(entry.key) + ": "
        write(entry.value, indent: indent + 2, into: &out)
        out += index + 1 < entries.count ? ",\n" : "\n"
      }
      out += String(repeating: " ", count: indent) + "}"
    }
  }

  private static func scalar(_ text: String, _ kind: ManifestNode.ScalarKind) -> String {
    switch kind {
    case .string: quote(text)
    case .integer, .float: JSONNumber.parse(text).map(JSONNumber.format) ?? "null"
    case .boolean: text.lowercased() == "true" ? "true" : "false"
    case .null: "null"
    }
  }

  /// Appends `text` as a JSON string literal, as UTF-8; the common case (nothing to escape) is
  /// copied as it is.
  static func appendQuoted(_ text: String, to out: inout [UInt8]) {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 < 0x7F }) {
      out.append(0x22)
      out.append(contentsOf: text.utf8)
      out.append(0x22)
    } else {
      out.append(contentsOf: quote(text).utf8)
    }
  }

  /// A JSON string literal; only `"`, `\` and control characters are escaped (not `/`).
  package static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
          || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
        {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

extension ManifestNode {
  var isNumber: Bool {
    if case .scalar(_, let kind, _) = self { return kind == .integer || kind == .float }
    return false
  }
}
