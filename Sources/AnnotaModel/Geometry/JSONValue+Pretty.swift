// SPDX-License-Identifier: Apache-2.0

extension JSONValue {
  /// JSON text with two-space indentation, one key or item per line, and a final newline.
  ///
  /// For records people read and diff (`.zenodo.json`, Croissant). Arrays of scalars only stay on
  /// one line.
  public var prettyText: String {
    var out: [UInt8] = []
    writePretty(into: &out, indent: 0)
    out.append(0x0A)
    return String(decoding: out, as: UTF8.self)
  }

  private func writePretty(into out: inout [UInt8], indent: Int) {
    let inner = [UInt8](repeating: 0x20, count: indent + 2)
    switch self {
    case .array(let items) where !items.isEmpty && items.contains(where: \.isContainer):
      out.append(0x5B)
      for (index, item) in items.enumerated() {
        out.append(contentsOf: index == 0 ? [0x0A] : [0x2C, 0x0A])
        out.append(contentsOf: inner)
        item.writePretty(into: &out, indent: indent + 2)
      }
      out.append(0x0A)
      out.append(contentsOf: [UInt8](repeating: 0x20, count: indent))
      out.append(0x5D)
    case .object(let entries) where !entries.isEmpty:
      out.append(0x7B)
      for (index, entry) in entries.enumerated() {
        out.append(contentsOf: index == 0 ? [0x0A] : [0x2C, 0x0A])
        out.append(contentsOf: inner)
        NodeJSON.appendQuoted(entry.0, to: &out)
        out.append(contentsOf: [0x3A, 0x20])
        entry.1.writePretty(into: &out, indent: indent + 2)
      }
      out.append(0x0A)
      out.append(contentsOf: [UInt8](repeating: 0x20, count: indent))
      out.append(0x7D)
    default:
      write(into: &out)
    }
  }

  private var isContainer: Bool {
    switch self {
    case .array, .object: true
    default: false
    }
  }
}
