// SPDX-License-Identifier: Apache-2.0

/// An XML element as plain Swift values: a safe, detached copy of what libxml2 parsed.
public struct XMLElement: Sendable, Hashable {
  /// The local name, without prefix (`Rectangle`, not `ROI:Rectangle`).
  public var name: String
  /// The namespace URI, if any.
  public var namespace: String?
  /// Attributes by local name, in document order.
  public var attributes: [XMLAttribute]
  /// Child elements in document order.
  public var children: [XMLElement]
  /// The concatenated text directly inside this element (not its children's).
  public var text: String
  /// The 1-based line where the element starts.
  public var line: Int

  /// The value of the attribute with local name `name`.
  /// - Parameter name: the attribute's local name.
  /// - Returns: its value, or `nil`.
  public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

  /// The first child with local name `name`.
  /// - Parameter name: a local name.
  /// - Returns: the child, or `nil`.
  public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

  /// Every child with local name `name`.
  /// - Parameter name: a local name.
  /// - Returns: the children, in order.
  public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

  /// Every descendant (depth first, document order) with local name `name`.
  /// - Parameter name: a local name.
  /// - Returns: the matching elements.
  public func descendants(_ name: String) -> [XMLElement] {
    var found: [XMLElement] = []
    for child in children {
      if child.name == name { found.append(child) }
      found += child.descendants(name)
    }
    return found
  }

  /// Creates an element.
  /// - Parameters:
  ///   - name: local name.
  ///   - namespace: namespace URI.
  ///   - attributes: attributes in order.
  ///   - children: child elements.
  ///   - text: direct text content.
  ///   - line: 1-based line.
  public init(
    name: String, namespace: String? = nil, attributes: [XMLAttribute] = [],
    children: [XMLElement] = [], text: String = "", line: Int = 0
  ) {
    self.name = name
    self.namespace = namespace
    self.attributes = attributes
    self.children = children
    self.text = text
    self.line = line
  }

  /// Equality over every field (attributes compared in order).
  public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
    lhs.name == rhs.name && lhs.namespace == rhs.namespace && lhs.text == rhs.text && lhs.line == rhs.line
      && lhs.children == rhs.children && lhs.attributes == rhs.attributes
  }

  /// Hashes name, namespace, text and children.
  /// - Parameter hasher: the hasher.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(namespace)
    hasher.combine(text)
    hasher.combine(children)
  }
}
