// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import AnnotaXMLSupport
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The annotation-tool formats Annota reads, and detection and reading over all of them.
public enum AnnotationFormats {
  /// Every tool format, in the order `annota detect` breaks ties.
  ///
  /// Adding a format is one reader file and one line here.
  public static let registry: [any ToolFormat] = [
    CVATFormat(), PascalVOCFormat(), CellCounterFormat(), TrackMateFormat(), COCOFormat(), LabelMeFormat(),
    YOLOFormat(),
    CellposeFormat(), NNUNetFormat(), DeepLabCutFormat(),
  ]

  /// The registered format with this id, if any.
  /// - Parameter id: the format.
  /// - Returns: its reader.
  public static func format(_ id: FormatID) -> (any ToolFormat)? { registry.first { $0.id == id } }

  /// One candidate format for a file, with how sure the detector is and why.
  public struct Candidate: Sendable, Hashable {
    /// The format id, for example `cvat-1.1`.
    public var format: FormatID
    /// 0 (no) to 1 (certain).
    public var confidence: Double
    /// Why it was accepted or rejected.
    public var reason: String

    /// Creates a verdict.
    /// - Parameters:
    ///   - format: the format.
    ///   - confidence: 0 (no) to 1 (certain).
    ///   - reason: why.
    public init(format: FormatID, confidence: Double, reason: String) {
      self.format = format
      self.confidence = confidence
      self.reason = reason
    }
  }

  /// Every known format, ranked by confidence, each with its reason (rejected ones too).
  /// - Parameter path: a file.
  /// - Returns: candidates, best first.
  public static func detect(_ path: String) -> [Candidate] {
    guard let data = FileManagerBridge.prefix(path, count: FileHead.length) else {
      return [Candidate(format: .unreadable, confidence: 0, reason: "cannot read the file")]
    }
    return ranked(FileHead(data))
  }

  /// Every format's verdict on a head, best first; ties keep the registry's order (a stable sort).
  static func ranked(_ head: FileHead) -> [Candidate] {
    registry.map { $0.detect(head) }.enumerated()
      .sorted { ($0.element.confidence, -$0.offset) > ($1.element.confidence, -$1.offset) }.map(\.element)
  }

  /// The reader of the best verdict on a head, if any format accepts it.
  static func best(_ head: FileHead) -> (any ToolFormat)? {
    ranked(head).first { $0.confidence > 0 }.flatMap { format($0.format) }
  }

  /// The best-detected format of a file, if any format accepts it.
  /// - Parameter path: a file.
  /// - Returns: the format's reader.
  public static func detected(_ path: String) -> (any ToolFormat)? {
    FileManagerBridge.prefix(path, count: FileHead.length).flatMap { best(FileHead($0)) }
  }

  /// Reads a file in the best-detected format.
  /// - Parameters:
  ///   - path: the file.
  ///   - format: force a format instead of detecting it.
  /// - Returns: the annotations in the spec's conventions.
  /// - Throws: ``ForeignFormatError`` naming the file and the problem (an XML syntax error is its
  ///   `cause`).
  public static func read(_ path: String, format: FormatID? = nil) throws(ForeignFormatError) -> ForeignAnnotations {
    guard let bytes = FileManagerBridge.contents(path) else {
      throw ForeignFormatError(
        code: .unreadable, path: path,
        message: "cannot read the file (missing, not a regular file, or over \(FileManagerBridge.maxWholeFile) bytes)")
    }
    // Detected from the bytes already read: the file is not opened a second time.
    guard let reader = format.map(Self.format) ?? best(FileHead(Array(bytes.prefix(FileHead.length)))) else {
      throw ForeignFormatError(
        code: .unrecognised, path: path, message: "not a known annotation format (see `annota detect`)")
    }
    return try ForeignFormatError.wrapping(path) { try reader.read(bytes, path: path) }
  }

  /// Reads a file image by image with flat memory where the format allows it (CVAT is streamed
  /// from disk); other formats are read whole and then handed over image by image.
  /// - Parameters:
  ///   - path: the file.
  ///   - onImage: receives each annotated image in file order.
  /// - Returns: the format, convention, labels and notes; `images` is empty.
  /// - Throws: ``ForeignFormatError`` naming the file and the problem, or what `onImage` throws.
  public static func stream(_ path: String, onImage: (ForeignAnnotations.AnnotatedImage) throws -> Void) throws
    -> ForeignAnnotations
  {
    let reader = detected(path)
    if let reader,
      let streamed = try ForeignFormatError.convertingXMLErrors(path, { try reader.stream(path, onImage: onImage) })
    {
      return streamed
    }
    // Read whole in the format already detected (without one, `read` says why the file is refused).
    var whole = try read(path, format: reader?.id)
    for image in whole.images { try onImage(image) }
    whole.images = []
    return whole
  }

  /// The first element's local name, read with the safe streaming parser and stopped right there
  /// (comments and declarations before it may be any length).
  package static func rootElement(_ bytes: [UInt8]) -> String? {
    struct Found: Error { var name: String }
    let start = bytes.drop {
      $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF
    }
    guard start.first == UInt8(ascii: "<") else { return nil }
    do {
      try XMLStreamReader.read(bytes) { event in
        if case .start(let name, _, _, _, _, _) = event { throw Found(name: name) }
      }
    } catch let found as Found {
      return found.name
    } catch {
      return nil
    }
    return nil
  }
}

package enum FileManagerBridge {
  /// The largest annotation file read whole (larger CVAT files are streamed instead).
  package static let maxWholeFile = 1 << 30

  /// A regular file's bytes, read with `read(2)`; `nil` when unreadable.
  ///
  /// FIFOs and folders are refused without blocking, files over ``maxWholeFile`` too. Not
  /// `FileManager.contents(atPath:)`: fuzzing found it leaking a 4 KiB buffer on empty files, and it
  /// has no size bound.
  package static func contents(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) <= maxWholeFile
    else { return nil }
    return prefix(path, count: Int(status.st_size))
  }

  /// The first `count` bytes of a regular file (fewer if it is shorter); `nil` when unreadable.
  package static func prefix(_ path: String, count: Int) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
    var buffer = [UInt8](repeating: 0, count: min(count, max(0, Int(status.st_size))))
    var filled = 0
    while filled < buffer.count {
      let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
      guard got > 0 else { break }
      filled += got
    }
    return Array(buffer.prefix(filled))
  }
}
