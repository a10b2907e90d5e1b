// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// One annotation tool's file format: how to recognise a file in it and how to read one.
///
/// Every format is one value in ``AnnotationFormats/registry``; `annota detect`, `convert`, `import`,
/// `init` and the fuzz targets enumerate that list, so a format is added in one reader file and one
/// registry line (`docs/architecture.md`, "Adding a format").
public protocol ToolFormat: Sendable {
  /// The format's id, as `annota detect` prints it.
  var id: FormatID { get }
  /// The tool and format by name, for people (`CVAT for images 1.1`).
  var title: String { get }
  /// How sure this format is that a file with this head is in it, and why (a confidence of 0
  /// rejects it, with the reason).
  /// - Parameter head: the file's first bytes, looked at once for every format.
  /// - Returns: the verdict.
  func detect(_ head: FileHead) -> AnnotationFormats.Candidate
  /// Reads a whole file into the spec's conventions.
  /// - Parameters:
  ///   - bytes: the file's bytes.
  ///   - path: the file (for messages and neighbouring files).
  /// - Returns: the annotations.
  /// - Throws: ``ForeignFormatError``, or `AnnotaXMLSupport/XMLError` for XML that does not parse.
  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations
  /// Reads a file image by image with flat memory, when the format allows it.
  /// - Parameters:
  ///   - path: the file.
  ///   - onImage: receives each annotated image in file order.
  /// - Returns: the format, convention, labels and notes (`images` empty), or `nil` when this format
  ///   is only read whole.
  /// - Throws: as ``read(_:path:)``, or what `onImage` throws.
  func stream(_ path: String, onImage: (ForeignAnnotations.AnnotatedImage) throws -> Void) throws
    -> ForeignAnnotations?
  /// Whether the format's masks are classes of semantic label images (``ForeignAnnotations/masksAreClasses``),
  /// known before its file is read.
  var masksAreClasses: Bool { get }
}

extension ToolFormat {
  /// Formats are read whole unless they say otherwise.
  /// - Parameters:
  ///   - path: the file.
  ///   - onImage: not called.
  /// - Returns: `nil`.
  public func stream(_ path: String, onImage: (ForeignAnnotations.AnnotatedImage) throws -> Void) throws
    -> ForeignAnnotations?
  { nil }

  /// Masks are objects unless a format says otherwise.
  public var masksAreClasses: Bool { false }
}

/// The first bytes of a file, as every format's detector sees them.
public struct FileHead: Sendable {
  /// The first MiB at most: enough for any header, and a 1 GB export is not read to detect it.
  public var bytes: [UInt8]
  /// The first 4 KiB as UTF-8 text.
  public var text: String
  /// The first XML element's local name, when the file is XML.
  public var xmlRoot: String?

  /// How many bytes a detector may look at.
  public static let length = 1 << 20

  /// Looks at a file's first bytes.
  /// - Parameter bytes: the first ``length`` bytes (fewer for a short file).
  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    text = String(decoding: bytes.prefix(4096), as: UTF8.self)
    xmlRoot = AnnotationFormats.rootElement(bytes)
  }

  /// The first character that is not white space, when it opens JSON (`{` or `[`).
  public var jsonOpener: Character? {
    let first = text.drop { $0.isWhitespace }.first
    return first == "{" || first == "[" ? first : nil
  }

  /// Whether the text shows a quoted JSON key (or string) `key` in its first 4 KiB.
  /// - Parameter key: the key.
  /// - Returns: `true` when present.
  public func mentions(_ key: String) -> Bool { text.contains("\"\(key)\"") }

  /// The verdict for an XML format recognised by its root element.
  /// - Parameters:
  ///   - format: the format.
  ///   - root: the root element's local name.
  /// - Returns: 0.95 when the root matches, else 0 with the reason.
  public func xmlVerdict(_ format: FormatID, root: String) -> AnnotationFormats.Candidate {
    guard let xmlRoot else { return .init(format: format, confidence: 0, reason: "not XML") }
    return xmlRoot == root
      ? .init(format: format, confidence: 0.95, reason: "root element <\(root)>")
      : .init(format: format, confidence: 0, reason: "root element is <\(xmlRoot)>, not <\(root)>")
  }
}
