// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Writes a BagIt 1.0 bag (RFC 8493) of a dataset folder: the payload copied under `data/` and hashed
/// in the same pass, manifests and tag manifests for each algorithm, `bagit.txt` and `bag-info.txt`.
///
/// Deterministic (entries sorted by path bytes, no timestamp but the `Bagging-Date` given), atomic (built
/// under a hidden temporary name beside the target, `bagit.txt` last, renamed at the end, removed on
/// failure) and checked: what was written is verified before the bag is reported. The dataset is only
/// read.
public enum BagWriter {
  /// One `bag-info.txt` line: a label and its value (RFC 8493 §2.2.2).
  public struct InfoTag: Sendable, Hashable {
    /// The label, for example `Contact-Name`.
    public var label: String
    /// The value.
    public var value: String

    /// Creates a tag.
    /// - Parameters:
    ///   - label: the label.
    ///   - value: the value.
    public init(_ label: String, _ value: String) {
      self.label = label
      self.value = value
    }
  }

  /// What goes into the bag besides the payload.
  public struct Options: Sendable {
    /// Manifests to write (each file hashed once for all of them).
    public var algorithms: Set<FixityAlgorithm>
    /// `bag-info.txt` labels and values in order (`Payload-Oxum` and `Bag-Software-Agent` are added).
    public var info: [InfoTag]
    /// The software that made the bag, for `Bag-Software-Agent`.
    public var softwareAgent: String

    /// Creates options.
    /// - Parameters:
    ///   - algorithms: the manifests' algorithms (default SHA-512 and SHA-256).
    ///   - info: further `bag-info.txt` tags, in order; put a fixed `Bagging-Date` here.
    ///   - softwareAgent: e.g. `Annota 0.1.0`.
    public init(
      algorithms: Set<FixityAlgorithm> = [.sha512, .sha256], info: [InfoTag] = [],
      softwareAgent: String
    ) {
      self.algorithms = algorithms
      self.info = info
      self.softwareAgent = softwareAgent
    }
  }

  /// What a bag holds.
  public struct Summary: Sendable {
    /// Payload files and their bytes.
    public var files: Int, bytes: Int
  }

  /// Bags the dataset in `root` into a new folder `destination`.
  /// - Parameters:
  ///   - root: the dataset folder (read only).
  ///   - destination: the bag folder to create; it must not exist.
  ///   - options: algorithms and tags.
  ///   - width: files copied and hashed at once.
  ///   - check: how the bag written is checked before it is reported.
  /// - Returns: the payload's file count and bytes.
  /// - Throws: ``PackError`` (nothing is left at `destination` or beside it).
  public static func write(
    from root: String, to destination: String, options: Options, width: Int = 2, check: WrittenCheck = .recorded
  ) async throws(PackError) -> Summary {
    let sink = try PayloadSink(
      dataset: root, destination: destination, payloadFolder: "data", algorithms: options.algorithms)
    return try await write(sink, options: options, width: width, check: check)
  }

  /// Finishes a bag whose payload `sink` has been receiving (``PayloadSink``, made with
  /// `payloadFolder: "data"` and the options' algorithms): copies what it was not given, writes the
  /// tag files, flushes the file system once, renames the bag into place and checks it.
  /// - Parameters:
  ///   - sink: the payload being written.
  ///   - options: algorithms and tags.
  ///   - width: files copied and hashed at once.
  ///   - check: how the bag written is checked before it is reported.
  /// - Returns: the payload's file count and bytes.
  /// - Throws: ``PackError`` (nothing is left at the destination or beside it).
  public static func write(
    _ sink: PayloadSink, options: Options, width: Int = 2, check: WrittenCheck = .recorded
  ) async throws(PackError) -> Summary {
    let destination = sink.destination
    do throws(PackError) {
      guard options.algorithms.isSubset(of: sink.algorithms), !options.algorithms.isEmpty else {
        throw PackError(
          code: .io, message: "the payload was hashed with other algorithms than the bag's manifests", path: destination
        )
      }
      let copied = try await sink.finish(width: width)
      let summary = try writeTagFiles(sink.staging, payload: copied, options: options)
      try Staging.flush(sink.staging)
      guard rename(sink.staging, destination) == 0 else {
        throw PackError(
          code: .io, message: "cannot be renamed into place", path: destination, cause: FileStreaming.reason())
      }
      let written = WrittenSource(root: destination, check: check, payload: copied, prefix: "data/")
      let problems = await BagVerifier.verify(source: written, width: width).findings
      if !problems.isEmpty {
        Staging.remove(destination)
        throw PackError(
          code: .verification, message: "the bag written does not verify: \(problems[0].message)", path: destination)
      }
      return summary
    } catch {
      sink.discard()
      throw error
    }
  }

  /// Writes the manifests, `bag-info.txt`, the tag manifests and, last, `bagit.txt` around a payload
  /// already in `staging/data` (hashed with every algorithm of `options`).
  static func writeTagFiles(
    _ staging: String, payload: [PayloadCopy.Copied], options: Options
  ) throws(PackError) -> Summary {
    let algorithms = options.algorithms.sorted()
    var lines: [FixityAlgorithm: String] = [:]
    var bytes = 0
    for file in payload.sorted(by: { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }) {
      bytes += file.size
      for algorithm in algorithms {
        lines[algorithm, default: ""] += "\(file.digests[algorithm]!)  data/\(BagPaths.encode(file.path))\n"
      }
    }
    var tagFiles: [(name: String, text: String)] = []
    for algorithm in algorithms { tagFiles.append(("manifest-\(algorithm.rawValue).txt", lines[algorithm] ?? "")) }
    var bagInfo = ""
    for tag in options.info where !tag.value.isEmpty {
      let (label, value) = (tag.label, tag.value)
      bagInfo += "\(label): \(value.replacing("\n", with: " "))\n"
    }
    bagInfo += "Bag-Software-Agent: \(options.softwareAgent)\nPayload-Oxum: \(bytes).\(payload.count)\n"
    let declaration = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    tagFiles.append(("bag-info.txt", bagInfo))
    tagFiles.append(("bagit.txt", declaration))
    for file in tagFiles where file.name != "bagit.txt" {
      try FileStreaming.writeFile(staging + "/" + file.name, file.text)
    }
    for algorithm in algorithms {
      var text = ""
      for file in tagFiles.sorted(by: { $0.name < $1.name }) {
        var hasher = MultiHasher([algorithm])
        Array(file.text.utf8).withUnsafeBytes { hasher.update($0) }
        text += "\(hasher.finalize()[algorithm]!)  \(file.name)\n"
      }
      try FileStreaming.writeFile(staging + "/tagmanifest-\(algorithm.rawValue).txt", text)
    }
    // The declaration last: a bag without it is not a bag to any reader.
    try FileStreaming.writeFile(staging + "/bagit.txt", declaration)
    return Summary(files: payload.count, bytes: bytes)
  }
}

/// Temporary names beside a target, and their removal.
enum Staging {
  /// A hidden sibling of `destination` that no reader takes for a finished bundle.
  static func path(for destination: String) -> String {
    let trimmed = destination.hasSuffix("/") ? String(destination.dropLast()) : destination
    let slash = trimmed.lastIndex(of: "/")
    let folder = slash.map { String(trimmed[..<$0]) } ?? "."
    let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
    return "\(folder)/.\(name).annota-partial-\(getpid())"
  }

  /// Flushes everything written to the file system holding `path` to disk (one `syncfs` for the
  /// whole bundle: a per-file fsync cost more than the copying), before the rename makes it visible.
  static func flush(_ path: String) throws(PackError) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw PackError(code: .io, message: "cannot be opened", path: path, cause: FileStreaming.reason())
    }
    defer { close(descriptor) }
    // `syncfs` (Linux) is not in the Glibc module's headers: look it up; without it, `sync`.
    typealias SyncFS = @convention(c) (Int32) -> Int32
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else {
      sync()
      return
    }
    guard unsafeBitCast(symbol, to: SyncFS.self)(descriptor) == 0 else {
      throw PackError(code: .io, message: "cannot be flushed to disk", path: path, cause: FileStreaming.reason())
    }
  }

  /// Starts writing a copy's pages to disk without waiting for them.
  ///
  /// `sync_file_range` with `SYNC_FILE_RANGE_WRITE`: the disk writes while the next files are read
  /// and checked, and the final ``flush(_:)`` waits only for what is left. Without it (not Linux),
  /// writeback starts when the kernel decides, often only at the flush.
  /// - Parameter descriptor: the copy, open for writing.
  static func startWriteback(_ descriptor: Int32) {
    guard let syncFileRange else { return }
    _ = syncFileRange(descriptor, 0, 0, 2)  // SYNC_FILE_RANGE_WRITE
  }

  private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
  // Not in the Glibc module's headers (a GNU extension): looked up once.
  private static let syncFileRange: SyncFileRange? = dlsym(
    UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range"
  ).map { unsafeBitCast($0, to: SyncFileRange.self) }

  /// Removes a folder tree we created (links are removed, never followed).
  static func remove(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR, let names = DirectoryNames.of(path) {
      for name in names { remove(path + "/" + name) }
      rmdir(path)
    } else {
      unlink(path)
    }
  }
}
