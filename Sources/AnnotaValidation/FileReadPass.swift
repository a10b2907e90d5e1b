// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaMetrics
import AnnotaModel
import AnnotaTIFF
internal import Crypto

#if canImport(Glibc)
  import Glibc
#endif

/// How far a validation run has got, for a progress bar.
public struct ValidationProgress: Sendable, Hashable {
  /// Files read so far, and in all.
  public var files: Int, totalFiles: Int
  /// Bytes read so far, and in all.
  public var bytes: Int, totalBytes: Int
}

/// Counts files and bytes read across the stages of one run and reports them, serially.
final class ProgressTracker {
  private var state: ValidationProgress
  private let report: (@Sendable (ValidationProgress) -> Void)?

  /// Totals from the files' sizes on disk; reports the start at once.
  init(tasks: [FileTask], root: String, report: (@Sendable (ValidationProgress) -> Void)?) {
    self.report = report
    state = ValidationProgress(files: 0, totalFiles: tasks.count, bytes: 0, totalBytes: 0)
    guard report != nil else { return }
    for task in tasks {
      var info = stat()
      if stat(root + "/" + task.path, &info) == 0 { state.totalBytes += Int(info.st_size) }
    }
    report?(state)
  }

  /// One more file read.
  func advance(bytes: Int) {
    state.files += 1
    state.bytes += bytes
    report?(state)
  }
}

/// What the validator does with one file in its single read.
struct FileTask: Sendable {
  enum Role: Sendable, Hashable {
    /// Hash only (GeoJSON, tool files, anything not decoded here).
    case other
    /// A source image: header, physical sizes, and every strip or tile decoded.
    case image
    /// A GeoJSON file of a `geojson` or `tracks` set: the shape rules, from the same bytes.
    case shapes(ShapeContext)
    /// A label image of a set: label statistics, and for 2-D instance masks connectivity and the
    /// instance table beside it.
    case labelImage(LabelContext)
  }

  var path: String
  var role: Role
  /// For an image: measure its first plane (`ImageStatistics`, the `ml` profile's batch effects).
  var measuresImage = false
}

/// What the mask rules need to know about one label image's set.
struct LabelContext: Sendable, Hashable {
  /// Whether the set's values are instances (else classes).
  var instance: Bool
  /// Whether to keep the values with their pixel counts (semantic sets, for the table and balance).
  var keepValues: Bool
  /// The set's label names, when it has a label table.
  var labelNames: Set<String>?
  /// The instance table beside the file (SPEC §5.2), when there is one.
  var instanceTable: String?
  /// The file's entry in the manifest.
  var pointer: String
}

/// Reads every file once, concurrently on all cores.
///
/// The bytes are hashed and, for TIFF images and label images, decoded from the same buffer. Memory
/// is bounded by the files in flight.
enum FileReadPass {
  /// Files up to this size are read into memory once; larger ones are hashed in a stream and then
  /// decoded from disk (two passes, so memory stays bounded for multi-gigabyte images).
  static let inMemoryLimit = 256 << 20

  /// What a read pass does besides reading: look facts up in a cache, show the bytes to an observer.
  struct Options: Sendable {
    var cache: FactsCache?
    var observer: FileReadObserver?
    /// ``FactsCache/scope()`` for this run (the limits bound when the pass started).
    var scope = ""
    /// Files hashed earlier in the run (``EarlyHashes``): with a cache, one whose facts are cached is
    /// not read again.
    var early: [String: EarlyHashes.Digest] = [:]
  }

  /// Reads `tasks` below `root`, `width` at a time, and returns facts by path.
  static func run(
    _ tasks: [FileTask], root: String, width: Int, tracker: ProgressTracker, options: Options = Options()
  ) async -> [String: FileFacts] {
    var options = options
    if options.cache != nil { options.scope = FactsCache.scope() }
    var facts: [String: FileFacts] = [:]
    facts.reserveCapacity(tasks.count)
    try? await BoundedParallel.forEach(tasks, width: width) { [options] task in
      read(task, root: root, options: options)
    } emit: { index, result in
      facts[tasks[index].path] = result
      tracker.advance(bytes: result.size)
    }
    return facts
  }

  /// One file: read, hash, then its facts from the cache or by decoding.
  static func read(_ task: FileTask, root: String, options: Options = Options()) -> FileFacts {
    if options.observer == nil, let early = options.early[task.path], let cache = options.cache,
      let cached = cache.load(
        FactsCache.key(for: task, sha256: early.sha256, scope: options.scope), sha256: early.sha256, size: early.size)
    {
      var facts = cached
      checkOtherFiles(&facts, task: task, root: root)
      return facts
    }
    let full = root + "/" + task.path
    var facts = FileFacts()
    let buffer: FileBuffer?
    let before = options.observer == nil ? nil : FileIdentity(path: full)
    do {
      buffer = try FileBuffer(contentsOf: full, maxBytes: inMemoryLimit)
    } catch let error where error.code == .limitExceeded {
      buffer = nil
    } catch {
      facts.failure = error.message
      return facts
    }
    if let buffer {
      facts.size = buffer.bytes.count
      let digest = FactsCache.hex(SHA256.hash(data: buffer.bytes))
      facts.sha256 = digest
      facts.format = ContentSniffer.sniff(buffer.bytes.prefix(ContentSniffer.headLength))
      if let observer = options.observer {
        let identity = before.flatMap { before in FileIdentity(path: full) == before ? before : nil }
        observer.body(.init(path: task.path, bytes: buffer.bytes, sha256: digest, identity: identity))
      }
    } else {
      facts.format = head(full).flatMap(ContentSniffer.sniff)
      var info = stat()
      facts.size = stat(full, &info) == 0 ? Int(info.st_size) : 0
      do { facts.sha256 = try FileDigest.sha256(full) } catch {
        facts.failure = "cannot be read: \(error)"
        return facts
      }
    }
    // The same bytes, path and role under the same toolkit, rules and limits give the same facts.
    if let cache = options.cache, let digest = facts.sha256 {
      let key = FactsCache.key(for: task, sha256: digest, scope: options.scope)
      if let cached = cache.load(key, sha256: digest, size: facts.size) {
        facts = cached
      } else {
        decode(&facts, task: task, buffer: buffer, path: full)
        cache.store(facts, under: key)
      }
    } else {
      decode(&facts, task: task, buffer: buffer, path: full)
    }
    checkOtherFiles(&facts, task: task, root: root)
    return facts
  }

  /// The instance table is another file: checked on every run, from the facts' kept values.
  private static func checkOtherFiles(_ facts: inout FileFacts, task: FileTask, root: String) {
    if case .labelImage(let context) = task.role {
      if let table = context.instanceTable, facts.isLabelImage {
        InstanceTableCheck.check(&facts, table: table, root: root, context: context)
      }
      if !context.keepValues { facts.labels = nil }
    }
  }

  /// The facts only the bytes give: shapes checked, images and label images decoded.
  private static func decode(_ facts: inout FileFacts, task: FileTask, buffer: FileBuffer?, path full: String) {
    switch task.role {
    case .other:
      return
    case .shapes(let context):
      guard let buffer, facts.size <= GeoJSONReader.maxBytes else {
        facts.failure = "\(facts.size) bytes is over the \(GeoJSONReader.maxBytes)-byte limit for GeoJSON files"
        return
      }
      do {
        let collection = try GeoJSONReader.read(Array(buffer.bytes), path: task.path)
        let result = ShapeCheck.check(collection, path: task.path, context: context)
        facts.findings = result.findings
        facts.unchecked = result.unchecked
        facts.labelCounts = result.labels
      } catch {
        facts.failure = "not the spec's GeoJSON: \(error.message)\(error.line.map { " (line \($0))" } ?? "")"
      }
    case .image:
      guard isInspectable(buffer: buffer, path: full) else {
        // BMP, GIF: the header gives the size; their pixels are not decoded, so that check is open.
        if let size = ImageSize.of(full) { facts.shape = [size.width, size.height, 1] }
        facts.unsupported =
          "\(facts.format?.rawValue ?? "this format")'s pixels are not decoded by Annota (header only)"
        return
      }
      inspect(
        &facts, buffer: buffer, path: full, labels: false, connectivity: false, keepValues: false,
        measure: task.measuresImage)
    case .labelImage(let context):
      inspect(
        &facts, buffer: buffer, path: full, labels: true, connectivity: context.instance,
        keepValues: context.keepValues || context.instanceTable != nil)
    }
  }

  /// The first 16 bytes of a file, without reading the rest.
  private static func head(_ path: String) -> [UInt8]? {
    var head = [UInt8](repeating: 0, count: 16)
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    let count = head.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, 16) }
    return count < 0 ? nil : Array(head.prefix(count))
  }

  /// TIFF, HDF5, OME-XML, PNG and JPEG: what ``FileInspector`` reads.
  private static func isInspectable(buffer: FileBuffer?, path: String) -> Bool {
    let head = buffer.map { Array($0.bytes.prefix(ContentSniffer.headLength)) } ?? Self.head(path) ?? []
    // A TIFF or HDF5 whose header is damaged past its first bytes is read, so its reader reports the
    // damage (FILE-005); PNG and JPEG need their whole signature.
    if let claimed = ContentSniffer.claims(head), claimed == .tiff || claimed == .hdf5 { return true }
    if let format = ContentSniffer.sniff(head), format == .png || format == .jpeg { return true }
    return head.starts(with: Array("<?xml".utf8)) || head.starts(with: Array("<OME".utf8))
  }

  private static func inspect(
    _ facts: inout FileFacts, buffer: FileBuffer?, path: String, labels: Bool, connectivity: Bool,
    keepValues: Bool, measure: Bool = false
  ) {
    // Each page both as a plane of a volume (6-connectivity, if the pages are Z) and on its own
    // (4-connectivity, if they are time points or channels): which applies is known from the axes.
    var pageSplits: [(page: Int, split: (value: Int, parts: Int, pixel: (x: Int, y: Int)))] = []
    var pageSplitCount = 0
    var volume = VolumeConnectivity()
    // The first page waits until a second one arrives: single planes never pay for the volume.
    var firstPage: Plane? = nil
    var measured: ImageStatistics? = nil
    let visitor: ((Int, Plane) -> Void)? =
      measure
      ? { page, plane in
        guard page == 0 else { return }
        // Unsigned samples in one pass; other types sample by sample.
        if let samples = plane.unsignedSamples {
          measured = ImageStatistics.measure(unsigned: samples, width: plane.width, height: plane.height)
        } else {
          let values = (0..<plane.width * plane.height).map { plane.value(x: $0 % plane.width, y: $0 / plane.width) }
          measured = ImageStatistics.measure(values, width: plane.width, height: plane.height)
        }
      }
      : connectivity
        ? { page, plane in
          if page == 0 {
            firstPage = plane
          } else {
            if let first = firstPage {
              volume.add(first)
              firstPage = nil
            }
            volume.add(plane)
          }
          let splits = InstanceConnectivity.splitValues(plane)
          pageSplitCount += splits.count
          if pageSplits.count < FileFacts.listedSplits {
            pageSplits += splits.prefix(FileFacts.listedSplits - pageSplits.count).map { (page, $0) }
          }
        } : nil
    let inspection: FileInspection
    do {
      if let buffer {
        inspection = try FileInspector.inspect(
          buffer: buffer, labelStatistics: labels, decodePixels: true, planeVisitor: visitor)
      } else {
        inspection = try FileInspector.inspectDecoding(path, labelStatistics: labels)
      }
    } catch let error as InspectError {
      if error.isUnsupported {
        facts.unsupported = error.message
      } else {
        facts.failure = error.message
      }
      return
    } catch {
      facts.failure = "\(error)"
      return
    }
    if inspection.format == .omeTIFF { facts.format = .omeTIFF }
    facts.imageStatistics = measured
    if let first = inspection.damage.first {
      let more =
        inspection.damage.count > 1
        ? " (and \(inspection.damage.count - 1) more: \(inspection.damage.dropFirst().prefix(3).joined(separator: "; "))\(inspection.damage.count > 4 ? "; …" : ""))"
        : ""
      facts.failure = first + more
    }
    guard let info = inspection.images.first else {
      facts.failure = "holds no image"
      return
    }
    facts.shape = MaskCheck.spatialShape(info)
    facts.pixelSize = MaskCheck.pixelSize(info)
    facts.dtype = info.dtype
    let axes = Array(info.axes)
    facts.sizeC = axes.firstIndex(of: "C").map { info.shape[$0] } ?? 1
    facts.sizeT = axes.firstIndex(of: "T").map { info.shape[$0] } ?? 1
    facts.samples = axes.firstIndex(of: "S").map { info.shape[$0] } ?? 1
    facts.pagesAxisGuessed = info.pagesAxisGuessed
    if let statistics = inspection.labels {
      facts.isLabelImage = true
      facts.labelCount = statistics.labels.count
      facts.foregroundPixels = statistics.labels.reduce(0) { $0 + $1.pixels }
      if keepValues {
        var values: [Int128: Int] = [:]
        for label in statistics.labels { values[label.value] = label.pixels }
        facts.labels = values
      }
      facts.backgroundPixels = statistics.backgroundPixels
      facts.planeCount = statistics.planeCount
      if connectivity {
        let stackAxes = Set(axes).subtracting(["X", "Y", "S"])
        if buffer == nil {
          facts.connectivityUnchecked = "the file is over the in-memory limit; its planes were not kept"
        } else if statistics.planeCount == 1 {
          facts.splitInstanceCount = pageSplitCount
          facts.splitInstances = pageSplits.map {
            SplitInstance(value: $0.split.value, parts: $0.split.parts, x: $0.split.pixel.x, y: $0.split.pixel.y)
          }
        } else if stackAxes == ["Z"] {
          if let failure = volume.failure {
            facts.connectivityUnchecked = failure
          } else {
            let splits = volume.splitValues()
            facts.splitInstanceCount = splits.count
            facts.splitInstances = splits.prefix(FileFacts.listedSplits).map {
              SplitInstance(
                value: $0.value, parts: $0.parts, x: $0.voxel.x, y: $0.voxel.y, plane: ($0.voxel.z, 0, 0), volume: true)
            }
          }
        } else if stackAxes.count == 1, let axis = stackAxes.first {
          // Time points or channels: an id may move or change between pages; each page on its own.
          facts.splitInstanceCount = pageSplitCount
          facts.splitInstances = pageSplits.map { page, split in
            SplitInstance(
              value: split.value, parts: split.parts, x: split.pixel.x, y: split.pixel.y,
              plane: axis == "T" ? (0, 0, page) : (0, page, 0))
          }
        } else {
          facts.connectivityUnchecked =
            "pages along \(String(axes.filter { !"XYS".contains($0) })): which pages are one volume is not known"
        }
      }
    }
  }

}
