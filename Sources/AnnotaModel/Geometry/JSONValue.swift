// SPDX-License-Identifier: Apache-2.0

/// A JSON value with ordered object keys, written deterministically (GeoJSON files, reports).
public enum JSONValue: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
  ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
  ExpressibleByBooleanLiteral
{
  /// `null`.
  case null
  /// `true` / `false`.
  case bool(Bool)
  /// A finite number.
  case number(Double)
  /// An integer beyond `Double`'s exact range (label ids).
  case integer(Int128)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object; keys keep their order.
  case object([(String, JSONValue)])

  /// Creates a string value.
  /// - Parameter value: the string.
  public init(stringLiteral value: String) { self = .string(value) }
  /// Creates an integer value.
  /// - Parameter value: the integer.
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  /// Creates a number value.
  /// - Parameter value: the number.
  public init(floatLiteral value: Double) { self = .number(value) }
  /// Creates an array value.
  /// - Parameter elements: the items.
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  /// Creates a boolean value.
  /// - Parameter value: the boolean.
  public init(booleanLiteral value: Bool) { self = .bool(value) }

  /// Compact JSON text (`", "` and `": "` separators, keys in their given order).
  public var text: String {
    var out = ""
    write(into: &out)
    return out
  }

  /// Appends the compact JSON text to `out` (one buffer, no intermediate strings).
  /// - Parameter out: the text to append to.
  public func write(into out: inout String) {
    var bytes: [UInt8] = []
    write(into: &bytes)
    out += String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the compact JSON text to `out` as UTF-8.
  ///
  /// The one writer, with no `String` in between (a COCO file of traced polygons holds millions of
  /// numbers): the `String` form decodes its bytes.
  /// - Parameter out: the bytes to append to.
  public func write(into out: inout [UInt8]) {
    switch self {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
    case .number(let value):
      if value.isFinite { JSONNumber.append(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    case .integer(let value): out.append(contentsOf: String(value).utf8)
    case .string(let value): NodeJSON.appendQuoted(value, to: &out)
    case .array(let items):
      out.append(0x5B)
      for (index, item) in items.enumerated() {
        if index > 0 { out.append(contentsOf: [0x2C, 0x20]) }
        item.write(into: &out)
      }
      out.append(0x5D)
    case .object(let entries):
      out.append(0x7B)
      for (index, entry) in entries.enumerated() {
        if index > 0 { out.append(contentsOf: [0x2C, 0x20]) }
        NodeJSON.appendQuoted(entry.0, to: &out)
        out.append(contentsOf: [0x3A, 0x20])
        entry.1.write(into: &out)
      }
      out.append(0x7D)
    }
  }

  /// The compact JSON text, so that printing a value (and a failed test expectation) shows JSON
  /// rather than nested enum cases.
  public var description: String { text }

  /// The compact JSON text.
  public var debugDescription: String { text }

  /// Equality, with object keys compared in order.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
  /// Hashes the JSON text.
  /// - Parameter hasher: the hasher.
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
