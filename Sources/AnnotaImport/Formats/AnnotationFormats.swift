// SPDX-License-Identifier: Apache-2.0
import AnnotaXMLSupport
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Detection and reading of annotation-tool files: CVAT, Pascal VOC, Cell Counter, TrackMate, COCO
/// and LabelMe.
public enum AnnotationFormats {
  /// One candidate format for a file, with how sure the detector is and why.
  public struct Candidate: Sendable, Hashable {
    /// The format id, for example `cvat-1.1`.
    public var format: String
    /// 0 (no) to 1 (certain).
    public var confidence: Double
    /// Why it was accepted or rejected.
    public var reason: String
  }

  /// Every known format, ranked by confidence, each with its reason (rejected ones too).
  /// - Parameter path: a file.
  /// - Returns: candidates, best first.
  public static func detect(_ path: String) -> [Candidate] {
    // The first MiB decides: enough for any header, and a 1 GB export is not read to detect it.
    guard let data = FileManagerBridge.prefix(path, count: 1 << 20) else {
      return [Candidate(format: "unreadable", confidence: 0, reason: "cannot read the file")]
    }
    let head = String(decoding: data.prefix(4096), as: UTF8.self)
    let xmlRoot = rootElement(data)
    func xml(_ format: String, _ root: String) -> Candidate {
      guard let xmlRoot else { return Candidate(format: format, confidence: 0, reason: "not XML") }
      return xmlRoot == root
        ? Candidate(format: format, confidence: 0.95, reason: "root element <\(root)>")
        : Candidate(format: format, confidence: 0, reason: "root element is <\(xmlRoot)>, not <\(root)>")
    }
    var candidates = [
      xml("cvat-1.1", "annotations"), xml("pascal-voc", "annotation"), xml("cellcounter", "CellCounter_Marker_File"),
      xml("trackmate", "TrackMate"),
    ]
    let json = head.drop { $0.isWhitespace }.first
    let isJSON = json == "{" || json == "["
    func has(_ key: String) -> Bool { head.contains("\"\(key)\"") }
    candidates.append(
      !isJSON
        ? Candidate(format: "coco", confidence: 0, reason: "not JSON")
        : json == "[" && has("image_id")
          ? Candidate(format: "coco", confidence: 0.8, reason: "an array of results with image_id")
          : has("annotations") && (has("images") || has("categories"))
            ? Candidate(format: "coco", confidence: 0.9, reason: "images, annotations and categories")
            : Candidate(format: "coco", confidence: 0, reason: "no images/annotations/categories keys"))
    candidates.append(
      !isJSON
        ? Candidate(format: "labelme", confidence: 0, reason: "not JSON")
        : has("shapes") && (has("imagePath") || has("shape_type"))
          ? Candidate(format: "labelme", confidence: 0.9, reason: "shapes with shape_type and imagePath")
          : Candidate(format: "labelme", confidence: 0, reason: "no shapes/imagePath keys"))
    if let xmlRoot, xmlRoot == "annotations", !head.contains("<version>1.1</version>") {
      if let index = candidates.firstIndex(where: { $0.format == "cvat-1.1" }) {
        candidates[index].confidence = 0.6
        candidates[index].reason += " but no <version>1.1</version> in the header"
      }
    }
    return candidates.sorted { $0.confidence > $1.confidence }
  }

  /// Reads a file in the best-detected format.
  /// - Parameters:
  ///   - path: the file.
  ///   - format: force a format instead of detecting it.
  /// - Returns: the annotations in the spec's conventions.
  /// - Throws: ``ForeignFormatError`` (or `XMLError`) naming the file and the problem.
  public static func read(_ path: String, format: String? = nil) throws -> ForeignAnnotations {
    guard let bytes = FileManagerBridge.contents(path) else {
      throw ForeignFormatError(
        path: path,
        message: "cannot read the file (missing, not a regular file, or over \(FileManagerBridge.maxWholeFile) bytes)")
    }
    let chosen = format ?? detect(path).first { $0.confidence > 0 }?.format
    do {
      switch chosen {
      case "cvat-1.1": return try CVATReader.read(bytes, path: path)
      case "pascal-voc": return try PascalVOCReader.read(bytes, path: path)
      case "cellcounter": return try CellCounterReader.read(bytes, path: path)
      case "trackmate": return try TrackMateReader.read(bytes, path: path)
      case "coco": return try COCOReader.read(bytes, path: path)
      case "labelme": return try LabelMeReader.read(bytes, path: path)
      default: throw ForeignFormatError(path: path, message: "not a known annotation format (see `annota detect`)")
      }
    } catch let error as XMLError {
      throw ForeignFormatError(path: path, message: error.message, line: error.line)
    }
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
    guard detect(path).first(where: { $0.confidence > 0 })?.format == "cvat-1.1" else {
      var whole = try read(path)
      for image in whole.images { try onImage(image) }
      whole.images = []
      return whole
    }
    do {
      return try CVATReader.stream(path: path, source: .file(path), onImage: onImage)
    } catch let error as XMLError {
      throw ForeignFormatError(path: path, message: error.message, line: error.line)
    }
  }

  /// The first element's local name, read with the safe streaming parser and stopped right there
  /// (comments and declarations before it may be any length).
  static func rootElement(_ bytes: [UInt8]) -> String? {
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

enum FileManagerBridge {
  /// The largest annotation file read whole (larger CVAT files are streamed instead).
  static let maxWholeFile = 1 << 30

  /// A regular file's bytes, read with `read(2)`; `nil` when unreadable.
  ///
  /// FIFOs and folders are refused without blocking, files over ``maxWholeFile`` too. Not
  /// `FileManager.contents(atPath:)`: fuzzing found it leaking a 4 KiB buffer on empty files, and it
  /// has no size bound.
  static func contents(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) <= maxWholeFile
    else { return nil }
    return prefix(path, count: Int(status.st_size))
  }

  /// The first `count` bytes of a regular file (fewer if it is shorter); `nil` when unreadable.
  static func prefix(_ path: String, count: Int) -> [UInt8]? {
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
