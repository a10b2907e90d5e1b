// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaXML2

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One step of a streaming read.
public enum XMLEvent: Sendable {
  /// An element starts. `selfClosing` elements get no separate end event.
  case start(
    name: String, namespace: String?, attributes: [XMLAttribute], depth: Int, line: Int,
    selfClosing: Bool)
  /// An element ends.
  case end(name: String, depth: Int)
  /// Text or CDATA inside the current element.
  case text(String)
}

/// Reads XML as a stream of events with flat memory, for documents too large for a DOM (TrackMate,
/// CVAT, big OME-XML).
///
/// Same safety as ``XMLSafeParser``: no network, no entities, DOCTYPE refused.
public enum XMLStreamReader {
  /// Streams `bytes` to `handler`, event by event.
  /// - Parameters:
  ///   - bytes: the document.
  ///   - limits: size and depth limits.
  ///   - handler: receives every event; throw from it to stop early.
  /// - Throws: ``XMLError`` for malformed documents, DOCTYPEs or limits, or what `handler` throws.
  public static func read(
    _ bytes: [UInt8], limits: XMLLimits = .defaults, handler: (XMLEvent) throws -> Void
  ) throws {
    _ = XMLLibrary.setUp
    guard bytes.count <= limits.maxBytes, bytes.count <= Int(Int32.max) else {
      throw XMLError(
        code: .limitExceeded, message: "document of \(bytes.count) bytes is over the \(limits.maxBytes)-byte limit")
    }
    // xmlReaderForMemory does not copy: the whole loop stays inside withUnsafeBytes.
    try bytes.withUnsafeBytes { raw in
      guard
        let reader = xmlReaderForMemory(
          raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil, XMLSafeParser.options)
      else { throw XMLError(code: .malformed, message: "libxml2 could not allocate a reader") }
      defer { xmlFreeTextReader(reader) }
      try pump(reader, limits: limits, handler: handler)
    }
  }

  /// Streams a file to `handler` without reading it whole: memory stays flat whatever the file's
  /// size (a 100 MB CVAT export costs what the handler keeps, not 100 MB).
  /// - Parameters:
  ///   - path: the file; it is only read.
  ///   - limits: size and depth limits (the size is checked before parsing).
  ///   - handler: receives every event; throw from it to stop early.
  /// - Throws: ``XMLError`` for unreadable or malformed files, DOCTYPEs or limits, or what `handler`
  ///   throws.
  public static func read(
    fileAt path: String, limits: XMLLimits = .defaults, handler: (XMLEvent) throws -> Void
  ) throws {
    _ = XMLLibrary.setUp
    // Regular files only, opened without blocking: a FIFO must not hang the reader.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw XMLError(code: .malformed, message: "cannot open the file") }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
      throw XMLError(code: .malformed, message: "not a regular file")
    }
    guard Int(status.st_size) <= limits.maxBytes else {
      throw XMLError(
        code: .limitExceeded, message: "document of \(status.st_size) bytes is over the \(limits.maxBytes)-byte limit")
    }
    // The descriptor, not the path: libxml2 never resolves a name or URL itself.
    guard let reader = xmlReaderForFd(descriptor, nil, nil, XMLSafeParser.options) else {
      throw XMLError(code: .malformed, message: "libxml2 could not allocate a reader")
    }
    defer { xmlFreeTextReader(reader) }
    try pump(reader, limits: limits, handler: handler)
  }

  /// Reads events from a reader until the end of the document.
  private static func pump(_ reader: xmlTextReaderPtr, limits: XMLLimits, handler: (XMLEvent) throws -> Void) throws {
    while true {
      let status = xmlTextReaderRead(reader)
      if status == 0 { break }
      guard status == 1 else {
        let message = xmlTextReaderGetLastError(reader)
        throw XMLError(code: .malformed, message: message.text, line: message.line, column: message.column)
      }
      let depth = Int(xmlTextReaderDepth(reader))
      guard depth < limits.maxDepth else {
        throw XMLError(
          code: .limitExceeded, message: "elements nested deeper than \(limits.maxDepth)",
          line: Int(xmlTextReaderGetParserLineNumber(reader)))
      }
      switch xmlReaderTypes(rawValue: UInt32(xmlTextReaderNodeType(reader))) {
      case XML_READER_TYPE_DOCUMENT_TYPE:
        throw XMLError(
          code: .doctypeRejected,
          message: "documents with a DOCTYPE are refused (entities and external DTDs are unsafe)")
      case XML_READER_TYPE_ELEMENT:
        let name = string(xmlTextReaderConstLocalName(reader))
        let namespace = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
        let selfClosing = xmlTextReaderIsEmptyElement(reader) == 1
        var attributes: [XMLAttribute] = []
        if xmlTextReaderHasAttributes(reader) == 1 {
          while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            attributes.append(
              XMLAttribute(
                name: string(xmlTextReaderConstLocalName(reader)), value: string(xmlTextReaderConstValue(reader))))
          }
          _ = xmlTextReaderMoveToElement(reader)
        }
        try handler(
          .start(
            name: name, namespace: namespace, attributes: attributes, depth: depth,
            line: Int(xmlTextReaderGetParserLineNumber(reader)), selfClosing: selfClosing))
      case XML_READER_TYPE_END_ELEMENT:
        try handler(.end(name: string(xmlTextReaderConstLocalName(reader)), depth: depth))
      case XML_READER_TYPE_TEXT, XML_READER_TYPE_CDATA, XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        try handler(.text(string(xmlTextReaderConstValue(reader))))
      default:
        break
      }
    }
  }

  private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
  }
}

/// libxml2's last error for a reader, as text and position.
private func xmlTextReaderGetLastError(_ reader: xmlTextReaderPtr) -> (text: String, line: Int?, column: Int?) {
  guard let error = xmlGetLastError() else { return ("not well-formed XML", nil, nil) }
  var text = error.pointee.message.map { String(cString: $0) } ?? "not well-formed XML"
  while text.last == "\n" { text.removeLast() }
  return (text, Int(error.pointee.line), Int(error.pointee.int2))
}
