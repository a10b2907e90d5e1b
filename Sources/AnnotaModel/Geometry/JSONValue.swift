// SPDX-License-Identifier: Apache-2.0

/// A JSON value with ordered object keys, written deterministically (GeoJSON files, reports).
public indirect enum JSONValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral
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
    switch self {
    case .null: "null"
    case .bool(let value): value ? "true" : "false"
    case .number(let value): value.isFinite ? JSONNumber.format(value) : "null"
    case .integer(let value): String(value)
    case .string(let value): NodeJSON.quote(value)
    case .array(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
    case .object(let entries): "{" + entries.map { NodeJSON.quote($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
    }
  }

  /// Equality, with object keys compared in order.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }
  /// Hashes the JSON text.
  /// - Parameter hasher: the hasher.
  public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
