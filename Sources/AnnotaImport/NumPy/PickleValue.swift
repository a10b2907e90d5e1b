// SPDX-License-Identifier: Apache-2.0

/// A value built by ``PickleReader``: plain data and NumPy arrays, never an object with behaviour.
public indirect enum PickleValue: Sendable {
  /// `None`.
  case none
  /// A boolean.
  case bool(Bool)
  /// An integer.
  case int(Int)
  /// A float.
  case float(Double)
  /// Text.
  case string(String)
  /// Bytes.
  case bytes([UInt8])
  /// A list or tuple.
  case list([PickleValue])
  /// A dictionary with its keys in insertion order.
  case dict([(key: PickleValue, value: PickleValue)])
  /// A NumPy array of numbers.
  case array(NumPyArray)
  /// A NumPy object array: its shape and elements.
  case objectArray(shape: [Int], items: [PickleValue])
  /// A NumPy class named as an argument (`numpy.ndarray` in `_reconstruct`'s arguments).
  case type(String)

  /// The value for a text key of a dictionary.
  /// - Parameter key: the key.
  /// - Returns: the value, if the dictionary has it.
  public subscript(key: String) -> PickleValue? {
    guard case .dict(let entries) = self else { return nil }
    return entries.first { if case .string(key) = $0.key { true } else { false } }?.value
  }

  /// A number as a double (ints, floats, booleans and one-element NumPy arrays or scalars).
  public var number: Double? {
    switch self {
    case .int(let value): Double(value)
    case .float(let value): value
    case .bool(let value): value ? 1 : 0
    case .array(let array): array.count == 1 ? array.scalar : nil
    default: nil
    }
  }

  /// Text, if this is text.
  public var text: String? { if case .string(let text) = self { text } else { nil } }
}
