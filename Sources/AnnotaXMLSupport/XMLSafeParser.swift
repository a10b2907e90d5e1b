// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaXML2

/// The outline of a well-formed document: its root element, as a safe parse found it.
public struct XMLRootElement: Sendable, Hashable {
  /// The root element's local name (no prefix), for example "OME".
  public var localName: String
  /// The root element's namespace URI, if any.
  public var namespace: String?
  /// The number of element children of the root.
  public var childElementCount: Int
}

/// Parses XML with network access off, no entity substitution, no DTD loading, and DOCTYPEs refused.
public enum XMLSafeParser {
  /// The libxml2 options every Annota parse uses.
  ///
  /// `XML_PARSE_NOENT` is deliberately absent: despite its name it turns entity substitution on.
  static var options: Int32 {
    Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
  }

  /// Parses `bytes` and describes the root element.
  /// - Parameters:
  ///   - bytes: the document.
  ///   - maxBytes: documents larger than this are refused before parsing.
  /// - Returns: the root element's outline.
  /// - Throws: ``XMLError`` for malformed documents, any DOCTYPE, or oversized input.
  public static func root(of bytes: [UInt8], maxBytes: Int = 256 << 20) throws -> XMLRootElement {
    let root = try document(bytes, limits: XMLLimits(maxBytes: maxBytes))
    return XMLRootElement(localName: root.name, namespace: root.namespace, childElementCount: root.children.count)
  }

  /// Parses `bytes` into a detached element tree.
  /// - Parameters:
  ///   - bytes: the document.
  ///   - limits: size, depth and element-count limits.
  /// - Returns: the root element.
  /// - Throws: ``XMLError`` for malformed documents, any DOCTYPE, or input over the limits.
  public static func document(_ bytes: [UInt8], limits: XMLLimits = .defaults) throws -> XMLElement {
    _ = XMLLibrary.setUp
    guard bytes.count <= limits.maxBytes, bytes.count <= Int(Int32.max) else {
      throw XMLError(
        code: .limitExceeded, message: "document of \(bytes.count) bytes is over the \(limits.maxBytes)-byte limit")
    }
    guard let context = xmlNewParserCtxt() else {
      throw XMLError(code: .malformed, message: "libxml2 could not allocate a parser")
    }
    defer { xmlFreeParserCtxt(context) }
    let document = bytes.withUnsafeBytes { raw in
      xmlCtxtReadMemory(
        context, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil, options)
    }
    guard let document else {
      if let error = xmlCtxtGetLastError(context) {
        let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
        throw XMLError(
          code: .malformed, message: message.trimmingSuffixNewlines(), line: Int(error.pointee.line),
          column: Int(error.pointee.int2))
      }
      throw XMLError(code: .malformed, message: "not well-formed XML")
    }
    defer { xmlFreeDoc(document) }
    guard document.pointee.intSubset == nil, document.pointee.extSubset == nil else {
      throw XMLError(
        code: .doctypeRejected,
        message: "documents with a DOCTYPE are refused (entities and external DTDs are unsafe)")
    }
    guard let root = xmlDocGetRootElement(document) else {
      throw XMLError(code: .malformed, message: "the document has no root element")
    }
    var budget = limits.maxElements
    return try copy(root, depth: 0, limits: limits, budget: &budget)
  }

  private static func copy(_ node: xmlNodePtr, depth: Int, limits: XMLLimits, budget: inout Int) throws -> XMLElement {
    guard depth < limits.maxDepth else {
      throw XMLError(
        code: .limitExceeded, message: "elements nested deeper than \(limits.maxDepth)", line: Int(xmlGetLineNo(node)))
    }
    budget -= 1
    guard budget >= 0 else {
      throw XMLError(
        code: .limitExceeded, message: "more than \(limits.maxElements) elements", line: Int(xmlGetLineNo(node)))
    }
    var element = XMLElement(
      name: node.pointee.name.map { String(cString: $0) } ?? "",
      namespace: node.pointee.ns?.pointee.href.map { String(cString: $0) }, line: Int(xmlGetLineNo(node)))
    var attribute = node.pointee.properties
    while let current = attribute {
      let name = current.pointee.name.map { String(cString: $0) } ?? ""
      var value = ""
      if let text = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
        value = String(cString: text)
        cannotaxml2_free(text)
      }
      element.attributes.append(XMLAttribute(name: name, value: value))
      attribute = current.pointee.next
    }
    var child = node.pointee.children
    while let current = child {
      switch current.pointee.type {
      case XML_ELEMENT_NODE:
        element.children.append(try copy(current, depth: depth + 1, limits: limits, budget: &budget))
      case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        if let content = current.pointee.content { element.text += String(cString: content) }
      default:
        break  // comments, processing instructions, unexpanded entity references
      }
      child = current.pointee.next
    }
    return element
  }
}

extension String {
  fileprivate func trimmingSuffixNewlines() -> String {
    var text = self
    while text.last == "\n" { text.removeLast() }
    return text
  }
}
