// SPDX-License-Identifier: Apache-2.0

/// Decodes `Decodable` values straight from a checked ``ManifestNode`` tree, without a detour
/// through JSON text.
///
/// The structure checker has already enforced types, so failures here are bugs.
struct NodeDecoder: Decoder {
  let node: ManifestNode
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  init(node: ManifestNode, codingPath: [any CodingKey] = []) {
    self.node = node
    self.codingPath = codingPath
  }

  static func decode<T: Decodable>(_ type: T.Type, from node: ManifestNode) throws -> T {
    try T(from: NodeDecoder(node: node))
  }

  func mismatch(_ expected: String) -> DecodingError {
    .typeMismatch(
      Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(node.typeName)"))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .mapping(let entries, _) = node else { throw mismatch("a mapping") }
    var values: [String: ManifestNode] = [:]
    values.reserveCapacity(entries.count)
    for entry in entries { values[entry.key] = entry.value }
    return KeyedDecodingContainer(KeyedContainer<Key>(values: values, codingPath: codingPath))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .sequence(let items, _) = node else { throw mismatch("a list") }
    return UnkeyedContainer(items: items, codingPath: codingPath)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    SingleValueContainer(node: node, codingPath: codingPath)
  }
}

private struct IndexKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(_ index: Int) {
    stringValue = String(index)
    intValue = index
  }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.init(intValue) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let values: [String: ManifestNode]
  let codingPath: [any CodingKey]
  var allKeys: [Key] { values.keys.compactMap { Key(stringValue: $0) } }

  func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

  private func node(_ key: Key) throws -> ManifestNode {
    guard let node = values[key.stringValue] else {
      throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
    }
    return node
  }

  func decodeNil(forKey key: Key) throws -> Bool { values[key.stringValue]?.isNull ?? true }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try T(from: NodeDecoder(node: try node(key), codingPath: codingPath + [key]))
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try NodeDecoder(node: try node(key), codingPath: codingPath + [key]).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try NodeDecoder(node: try node(key), codingPath: codingPath + [key]).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder {
    throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "no super"))
  }
  func superDecoder(forKey key: Key) throws -> any Decoder { try superDecoder() }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
  let items: [ManifestNode]
  let codingPath: [any CodingKey]
  var currentIndex = 0
  var count: Int? { items.count }
  var isAtEnd: Bool { currentIndex >= items.count }

  init(items: [ManifestNode], codingPath: [any CodingKey]) {
    self.items = items
    self.codingPath = codingPath
  }

  private mutating func next() throws -> NodeDecoder {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "list ended"))
    }
    defer { currentIndex += 1 }
    return NodeDecoder(node: items[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd, items[currentIndex].isNull else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: try next()) }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  { try next().container(keyedBy: type) }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
  mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
  let node: ManifestNode
  let codingPath: [any CodingKey]

  private func scalar(_ expected: String) throws -> (String, ManifestNode.ScalarKind) {
    guard case .scalar(let text, let kind, _) = node else {
      throw DecodingError.typeMismatch(
        Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }
    return (text, kind)
  }

  private func number<T>(_ parse: (String) -> T?) throws -> T {
    let (text, kind) = try scalar("a number")
    guard kind == .integer || kind == .float, let value = parse(text) else {
      throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "not a number: \(text)"))
    }
    return value
  }

  func decodeNil() -> Bool { node.isNull }
  func decode(_ type: Bool.Type) throws -> Bool {
    let (text, kind) = try scalar("true or false")
    guard kind == .boolean else {
      throw DecodingError.typeMismatch(Bool.self, .init(codingPath: codingPath, debugDescription: text))
    }
    return text.lowercased() == "true"
  }
  func decode(_ type: String.Type) throws -> String {
    let (text, kind) = try scalar("a string")
    guard kind == .string else {
      throw DecodingError.typeMismatch(String.self, .init(codingPath: codingPath, debugDescription: text))
    }
    return text
  }
  func decode(_ type: Double.Type) throws -> Double { try number { JSONNumber.parse($0) } }
  func decode(_ type: Float.Type) throws -> Float { try number { JSONNumber.parse($0).map(Float.init) } }
  func decode(_ type: Int.Type) throws -> Int { try number { Int($0) } }
  func decode(_ type: Int8.Type) throws -> Int8 { try number { Int8($0) } }
  func decode(_ type: Int16.Type) throws -> Int16 { try number { Int16($0) } }
  func decode(_ type: Int32.Type) throws -> Int32 { try number { Int32($0) } }
  func decode(_ type: Int64.Type) throws -> Int64 { try number { Int64($0) } }
  func decode(_ type: UInt.Type) throws -> UInt { try number { UInt($0) } }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try number { UInt8($0) } }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try number { UInt16($0) } }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try number { UInt32($0) } }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try number { UInt64($0) } }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: NodeDecoder(node: node, codingPath: codingPath)) }
}
