// SPDX-License-Identifier: Apache-2.0

/// Any JSON value, decoded without a schema (COCO and LabelMe files vary too much for Codable models).
indirect enum AnyJSON: Decodable, Sendable {
  case null, bool(Bool), number(Double), string(String), array([AnyJSON]), object([String: AnyJSON])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([AnyJSON].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: AnyJSON].self))
    }
  }

  subscript(key: String) -> AnyJSON? { if case .object(let object) = self { object[key] } else { nil } }
  var array: [AnyJSON]? { if case .array(let items) = self { items } else { nil } }
  var double: Double? { if case .number(let value) = self { value } else { nil } }
  var int: Int? { double.flatMap { $0.isFinite && $0.rounded() == $0 && abs($0) < 1e15 ? Int($0) : nil } }
  var string: String? { if case .string(let value) = self { value } else { nil } }
}
