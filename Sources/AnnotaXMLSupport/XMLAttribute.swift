// SPDX-License-Identifier: Apache-2.0

/// One attribute of an XML element, by its local name.
public struct XMLAttribute: Sendable, Hashable {
  /// The local name, without prefix.
  public var name: String
  /// The value, entities already replaced by the parser (never expanded from a DTD).
  public var value: String

  /// Creates an attribute.
  /// - Parameters:
  ///   - name: the local name.
  ///   - value: the value.
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}
