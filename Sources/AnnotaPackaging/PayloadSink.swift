// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import Synchronization

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// A bundle's payload being written: the dataset's files copied and hashed into a staging folder as
/// another reader (validation) reads them, so that packing reads each file once.
///
/// ``take(_:bytes:sha256:)`` receives a file's bytes from that reader: they are hashed with the
/// bundle's other algorithms (SHA-256 comes with them) and written to the copy, so the bytes
/// validated, hashed and packed are the same bytes. The writers copy what was not offered (files
/// larger than the reader keeps in memory, files it does not read) with one read each. Nothing is
/// visible at the destination until a writer renames the staging folder; ``discard()`` removes it.
public final class PayloadSink: Sendable {
  /// The dataset folder.
  public let root: String
  /// The bundle to create.
  public let destination: String
  /// The hidden staging folder beside it.
  let staging: String
  /// Where the payload goes inside the staging folder (`staging/data` for a bag).
  let folder: String
  /// The checksums every file gets.
  let algorithms: Set<FixityAlgorithm>
  /// The dataset's files, in byte order of their paths.
  let entries: [PayloadWalk.Entry]
  private let byPath: [String: PayloadWalk.Entry]
  /// Set once a clone fails for want of support (ext4, tmpfs, another file system): no more tries.
  private let cannotClone = Atomic<Bool>(false)

  private struct State {
    var claimed: Set<String> = []
    var copied: [String: PayloadCopy.Copied] = [:]
    var failure: PackError?
  }
  private let state = Mutex(State())

  /// Lists the dataset and creates the staging folder with the payload's folders.
  /// - Parameters:
  ///   - root: the dataset folder (only read).
  ///   - destination: the bundle folder to create; it must not exist.
  ///   - payloadFolder: the payload's folder inside the bundle (`data` for a bag, empty for a bare
  ///     crate).
  ///   - algorithms: the checksums to compute for every file.
  ///   - reserved: names the bundle writes itself at the payload's top; a dataset holding one is
  ///     refused.
  /// - Throws: ``PackError``: the destination exists, the dataset holds a link leaving it or a
  ///   device, or the staging folder cannot be created (nothing is left behind).
  public init(
    dataset root: String, destination: String, payloadFolder: String, algorithms: Set<FixityAlgorithm>,
    reserved: Set<String> = []
  ) throws(PackError) {
    var info = stat()
    guard lstat(destination, &info) != 0 else {
      throw PackError(code: .exists, message: "already exists; a pack never overwrites", path: destination)
    }
    guard !algorithms.isEmpty else {
      throw PackError(code: .io, message: "no checksum algorithm chosen", path: destination)
    }
    let entries = try PayloadWalk.files(in: root, linksInside: true)
    if let clash = entries.first(where: { reserved.contains($0.path) }) {
      throw PackError(
        code: .unsafeInput, message: "the dataset holds a file the bundle writes itself", path: clash.path)
    }
    self.root = root
    self.destination = destination
    self.algorithms = algorithms
    self.entries = entries
    byPath = Dictionary(entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    staging = Staging.path(for: destination)
    folder = payloadFolder.isEmpty ? staging : staging + "/" + payloadFolder
    do throws(PackError) {
      for path in folder == staging ? [staging] : [staging, folder] {
        guard mkdir(path, 0o755) == 0 else {
          throw PackError(code: .io, message: "cannot be created", path: path, cause: FileStreaming.reason())
        }
      }
      var made: Set<String> = []
      for entry in entries {
        var parent = ""
        for segment in entry.path.split(separator: "/").dropLast() {
          parent += (parent.isEmpty ? "" : "/") + segment
          if made.insert(parent).inserted, mkdir(folder + "/" + parent, 0o755) != 0 {
            throw PackError(code: .io, message: "cannot be created", path: parent, cause: FileStreaming.reason())
          }
        }
      }
    } catch {
      Staging.remove(staging)
      throw error
    }
  }

  /// Takes a dataset file's bytes as its reader read them: hashed and written to the copy.
  ///
  /// Where the file system can clone (`FICLONE`: btrfs, XFS) and the file is still the one read
  /// (`identity` unchanged, and not changed in the last two seconds, where a rewrite could keep its
  /// times), the copy shares the file's blocks instead of being written. Files the dataset listing
  /// does not hold at that size (changed since it was listed), or that were already taken, are left
  /// for the writer to copy itself.
  /// - Parameters:
  ///   - path: the file's path relative to the dataset.
  ///   - bytes: all of its bytes.
  ///   - sha256: their SHA-256, in lowercase hex, as the reader computed it.
  ///   - identity: the file's identity around the read, when it did not change meanwhile.
  public func take(_ path: String, bytes: UnsafeRawBufferPointer, sha256: String, identity: FileIdentity? = nil) {
    guard let entry = byPath[path], entry.size == bytes.count,
      state.withLock({ $0.claimed.insert(path).inserted })
    else { return }
    var hasher = MultiHasher(algorithms.subtracting([.sha256]))
    hasher.update(bytes)
    var digests = hasher.finalize()
    if algorithms.contains(.sha256) { digests[.sha256] = sha256 }
    let copy = folder + "/" + path
    do throws(PackError) {
      let output = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      guard output >= 0 else {
        throw PackError(code: .io, message: "cannot be created", path: copy, cause: FileStreaming.reason())
      }
      defer { close(output) }
      if !(identity.map { clone(entry.source, into: output, at: $0) } ?? false) {
        try FileStreaming.writeAll(output, bytes, path: copy)
        Staging.startWriteback(output)
      }
      let copied = PayloadCopy.Copied(path: path, size: bytes.count, digests: digests)
      state.withLock { $0.copied[path] = copied }
    } catch {
      state.withLock { state in if state.failure == nil { state.failure = error } }
    }
  }

  /// Clones `source` into the empty `output` when it is still at `identity`, checked before and
  /// after, so the clone holds the bytes that were read; `false` (and `output` empty) otherwise.
  private func clone(_ source: String, into output: Int32, at identity: FileIdentity) -> Bool {
    guard !cannotClone.load(ordering: .relaxed), let ioctl = Self.ioctl else { return false }
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    guard identity.changed < (Int64(now.tv_sec) - 2) * 1_000_000_000 else { return false }
    let input = open(source, O_RDONLY | O_CLOEXEC)
    guard input >= 0 else { return false }
    defer { close(input) }
    guard FileIdentity(descriptor: input) == identity else { return false }
    guard ioctl(output, 0x4004_9409, input) == 0 else {  // FICLONE = _IOW(0x94, 9, int)
      if [EOPNOTSUPP, EXDEV, EINVAL, ENOTTY, ENOSYS, EPERM].contains(errno) {
        cannotClone.store(true, ordering: .relaxed)
      }
      _ = ftruncate(output, 0)
      return false
    }
    guard FileIdentity(descriptor: input) == identity else {
      _ = ftruncate(output, 0)
      return false
    }
    return true
  }

  private typealias IOCtl = @convention(c) (Int32, UInt, Int32) -> Int32
  // `ioctl` is variadic, which Swift does not call: looked up with FICLONE's fixed signature.
  private static let ioctl: IOCtl? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ioctl").map {
    unsafeBitCast($0, to: IOCtl.self)
  }

  /// Copies what was not taken (one read each) and returns every file copied, in the listing's order.
  /// - Parameter width: files copied at once.
  /// - Throws: the first ``PackError`` of a copy, taken or not.
  func finish(width: Int) async throws(PackError) -> [PayloadCopy.Copied] {
    let (taken, failure) = state.withLock { ($0.copied, $0.failure) }
    if let failure { throw failure }
    let rest = entries.filter { taken[$0.path] == nil }
    let copied = try await PayloadCopy.copy(rest, into: folder, algorithms: algorithms, width: width)
    var all = taken
    for file in copied { all[file.path] = file }
    return entries.compactMap { all[$0.path] }
  }

  /// How many files were taken from the reader (the rest are copied by ``finish(width:)``).
  public var taken: Int { state.withLock { $0.copied.count } }

  /// Removes the staging folder: nothing of the bundle is left.
  public func discard() { Staging.remove(staging) }
}
