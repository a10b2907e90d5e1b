// SPDX-License-Identifier: Apache-2.0

/// A strict RFC 8259 JSON parser that keeps the line and column of every value, so manifest errors
/// can point at them.
///
/// Nesting depth and document size are bounded.
struct JSONNodeParser {
  /// A syntax error at a position.
  struct SyntaxError: Error {
    var message: String
    var position: ManifestNode.Position
  }

  private let bytes: [UInt8]
  private var index = 0
  private var line = 1
  private var lineStart = 0
  private let maxDepth: Int

  init(bytes: [UInt8], maxDepth: Int = 256) {
    self.bytes = bytes
    self.maxDepth = maxDepth
  }

  /// Parses one JSON document.
  mutating func parse() throws(SyntaxError) -> ManifestNode {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      index = 3
      lineStart = 3
    }
    skipWhitespace()
    let node = try value(depth: 0)
    skipWhitespace()
    guard index == bytes.count else { throw error("unexpected text after the JSON value") }
    return node
  }

  /// Where the column count was last taken, so positions cost the bytes since then, not the whole
  /// line again (one-line JSON, as encoders write it, would otherwise be quadratic).
  private var counted = (index: 0, column: 1)

  private var position: ManifestNode.Position {
    mutating get {
      // Columns count Unicode scalars: skip UTF-8 continuation bytes.
      var (i, column) = counted.index >= lineStart && counted.index <= index ? counted : (lineStart, 1)
      while i < index {
        if bytes[i] & 0xC0 != 0x80 { column += 1 }
        i += 1
      }
      counted = (index, column)
      return .init(line: line, column: column)
    }
  }

  private mutating func error(_ message: String) -> SyntaxError {
    SyntaxError(message: message, position: position)
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0D: index += 1
      case 0x0A:
        index += 1
        line += 1
        lineStart = index
      default: return
      }
    }
  }

  private mutating func value(depth: Int) throws(SyntaxError) -> ManifestNode {
    guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
    guard index < bytes.count else { throw error("unexpected end of document; expected a value") }
    let start = position
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object(start: start, depth: depth)
    case UInt8(ascii: "["): return try array(start: start, depth: depth)
    case UInt8(ascii: "\""): return .scalar(text: try string(), kind: .string, position: start)
    case UInt8(ascii: "t"): try literal("true"); return .scalar(text: "true", kind: .boolean, position: start)
    case UInt8(ascii: "f"): try literal("false"); return .scalar(text: "false", kind: .boolean, position: start)
    case UInt8(ascii: "n"): try literal("null"); return .scalar(text: "null", kind: .null, position: start)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(start: start)
    default: throw error("unexpected character; expected a JSON value")
    }
  }

  private mutating func literal(_ word: String) throws(SyntaxError) {
    let expected = Array(word.utf8)
    guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected
    else { throw error("invalid literal; expected `\(word)`") }
    index += expected.count
  }

  private mutating func object(start: ManifestNode.Position, depth: Int) throws(SyntaxError) -> ManifestNode {
    index += 1
    var entries: [ManifestNode.Entry] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .mapping(entries: entries, position: start)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected a quoted key")
      }
      let keyPosition = position
      let key = try string()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected `:` after the key") }
      index += 1
      skipWhitespace()
      let item = try value(depth: depth + 1)
      entries.append(.init(key: key, keyPosition: keyPosition, value: item))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of document inside an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else { throw error("expected `,` or `}`") }
      index += 1
      return .mapping(entries: entries, position: start)
    }
  }

  private mutating func array(start: ManifestNode.Position, depth: Int) throws(SyntaxError) -> ManifestNode {
    index += 1
    var items: [ManifestNode] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .sequence(items: items, position: start)
    }
    while true {
      skipWhitespace()
      items.append(try value(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of document inside an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else { throw error("expected `,` or `]`") }
      index += 1
      return .sequence(items: items, position: start)
    }
  }

  private mutating func number(start: ManifestNode.Position) throws(SyntaxError) -> ManifestNode {
    let begin = index
    var isFloat = false
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    func digits(_ parser: inout JSONNodeParser) -> Int {
      let s = parser.index
      while parser.index < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.index]) { parser.index += 1 }
      return parser.index - s
    }
    guard index < bytes.count else { throw error("invalid number") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else if digits(&self) == 0 {
      throw error("invalid number")
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      isFloat = true
      guard digits(&self) > 0 else { throw error("invalid number: digits expected after `.`") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      isFloat = true
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard digits(&self) > 0 else { throw error("invalid number: digits expected in the exponent") }
    }
    let text = String(decoding: bytes[begin..<index], as: UTF8.self)
    return .scalar(text: text, kind: isFloat ? .float : .integer, position: start)
  }

  private mutating func string() throws(SyntaxError) -> String {
    index += 1
    var out: [UInt8] = []
    while true {
      guard index < bytes.count else { throw error("unterminated string") }
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: out, as: UTF8.self) else {
          throw error("string is not valid UTF-8")
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        guard index < bytes.count else { throw error("unterminated escape") }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800...0xDBFF).contains(scalar) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw error("unpaired surrogate in \\u escape") }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00...0xDFFF).contains(scalar) {
            throw error("unpaired surrogate in \\u escape")
          }
          guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
          out.append(contentsOf: Array(String(Character(unicode)).utf8))
        default: throw error("invalid escape `\\\(Character(Unicode.Scalar(escape)))`")
        }
      case 0x00..<0x20:
        throw error("control character in string; escape it")
      default:
        out.append(byte)
        index += 1
      }
    }
  }

  private mutating func hex4() throws(SyntaxError) -> UInt32 {
    guard bytes.count - index >= 4 else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: throw error("invalid hex digit in \\u escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }
}
