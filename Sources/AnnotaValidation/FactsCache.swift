// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import AnnotaXMLSupport
internal import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What validation established about files it read before, stored under each file's content.
///
/// An entry's key is the SHA-256 of the file's bytes together with its path, what the validator was
/// asked to do with it, the toolkit's version, the rules and the read limits in force: a re-run
/// hashes every file (never trusting its size, time or inode) and decodes only those whose key has
/// no entry. Each entry carries the SHA-256 of its own contents; one that does not match, or does not
/// decode, is ignored and written again. Entries are written under a temporary name and renamed, so
/// runs sharing a cache never see a partial entry, and the folder can be deleted at any time.
public struct FactsCache: Sendable {
  /// The cache folder.
  public let directory: String
  /// Entries' folder: its name changes when the entries' layout does.
  private var entries: String { directory + "/facts-v1" }

  /// Opens (creating it when missing) a cache folder.
  /// - Parameter directory: the folder; shared safely by concurrent runs.
  /// - Throws: ``ValidationRunError`` with code `cache` when it cannot be created or written.
  public init(directory: String) throws(ValidationRunError) {
    self.directory = directory
    for folder in [directory, directory + "/facts-v1"] where mkdir(folder, 0o755) != 0 && errno != EEXIST {
      throw ValidationRunError(
        code: .cache, message: "the cache folder cannot be created; choose another with --cache or ANNOTA_CACHE",
        path: folder,
        cause: POSIXErrorCode(rawValue: errno).map { POSIXError($0) })
    }
    guard access(entries, W_OK | X_OK) == 0 else {
      throw ValidationRunError(
        code: .cache, message: "the cache folder is not writable; choose another with --cache or ANNOTA_CACHE",
        path: directory)
    }
  }

  /// What the facts of every file depend on besides the file itself: the toolkit, the facts' layout,
  /// the rules, and the read limits bound for the current task.
  static func scope() -> String {
    let rules = [FileRules.all, MaskRules.all, ShapeRules.all, MLRules.all, ProfileRules.all, CatalogRules.all]
      .flatMap { $0 }.map { "\($0.id) \($0.severity) \($0.title)" }.joined(separator: "\n")
    let limits = "\(TIFFReadLimits.defaults) \(RasterLimits.defaults) \(XMLLimits.defaults) \(HDF5Limits.defaults)"
    return "annota \(AnnotaToolkit.version)\nfacts 2\n\(hex(SHA256.hash(data: Array(rules.utf8))))\n\(limits)"
  }

  /// The key of `task`'s facts when its bytes have digest `sha256`.
  static func key(for task: FileTask, sha256: String, scope: String) -> String {
    let text = "\(scope)\n\(task.path)\n\(roleKey(task))\n\(sha256)"
    return hex(SHA256.hash(data: Array(text.utf8)))
  }

  /// The task's role as canonical text (sets sorted), so equal roles give equal keys in every process.
  private static func roleKey(_ task: FileTask) -> String {
    switch task.role {
    case .other: return "other"
    case .image: return "image measure=\(task.measuresImage)"
    case .labelImage(let context):
      let keep = context.keepValues || context.instanceTable != nil
      let names = context.labelNames.map { $0.sorted().joined(separator: "\u{1F}") } ?? "-"
      return
        "label instance=\(context.instance) keep=\(keep) names=\(names) table=\(context.instanceTable ?? "-") at=\(context.pointer)"
    case .shapes(let context):
      let names = context.labelNames.map { $0.sorted().joined(separator: "\u{1F}") } ?? "-"
      let values = context.labelValues.map { $0.sorted().map(String.init).joined(separator: ",") } ?? "-"
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      let keypoints = context.keypoints.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
      let bounds = context.bounds.map { $0.map(String.init).joined(separator: ",") } ?? "-"
      return
        "shapes bounds=\(bounds) names=\(names) values=\(values) tracks=\(context.tracks) at=\(context.pointer) keypoints=\(keypoints ?? "-")"
    }
  }

  /// The facts stored under `key` for a file of these bytes, or `nil` when there are none, the
  /// entry is damaged, or it holds facts of another digest or size.
  func load(_ key: String, sha256: String, size: Int) -> FileFacts? {
    let path = entryPath(key)
    guard let data = FileManager.default.contents(atPath: path), let newline = data.firstIndex(of: 0x0A) else {
      return nil
    }
    let body = data[data.index(after: newline)...]
    guard String(decoding: data[..<newline], as: UTF8.self) == Self.checksum(body),
      let facts = FactsCodec.decode(body), facts.sha256 == sha256, facts.size == size
    else { return nil }
    return facts
  }

  /// Stores `facts` under `key`, atomically; a failure to write only costs the next run a decode.
  func store(_ facts: FileFacts, under key: String) {
    guard let body = FactsCodec.encode(facts) else { return }
    let path = entryPath(key)
    let folder = String(path[..<path.lastIndex(of: "/")!])
    if mkdir(folder, 0o755) != 0, errno != EEXIST { return }
    var bytes = Array((Self.checksum(body) + "\n").utf8)
    bytes += body
    let temporary = "\(folder)/.\(key).\(getpid()).\(UInt64.random(in: 0...UInt64.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { return }
    let written = bytes.withUnsafeBytes { DescriptorWrite.all($0, to: descriptor) }
    close(descriptor)
    if !written || rename(temporary, path) != 0 { unlink(temporary) }
  }

  /// An entry's first line: the SHA-256 of the rest.
  static func checksum(_ body: Data) -> String { hex(SHA256.hash(data: body)) }

  private func entryPath(_ key: String) -> String { "\(entries)/\(key.prefix(2))/\(key)" }

  static func hex(_ digest: SHA256.Digest) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(64)
    for byte in digest {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
