// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import Foundation
import Synchronization

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Rules about zip bundles (RULES.md, `ZIP`).
public enum ZipRules {
  /// The zip's structure cannot be read (no end record, a truncated or overlapping entry…).
  public static let structure = Rule("ZIP-001", .error, "Zip structure unreadable")
  /// An entry whose name would leave the bundle (absolute, `..`, `\`, a drive letter, NUL).
  public static let unsafeName = Rule("ZIP-002", .error, "Zip entry name leaves the bundle")
  /// An entry that is a symbolic link or device.
  public static let link = Rule("ZIP-003", .error, "Zip entry is a link")
  /// An entry whose data does not have its recorded CRC-32.
  public static let crc = Rule("ZIP-004", .error, "Zip entry CRC-32 does not match")
  /// The same name twice.
  public static let duplicate = Rule("ZIP-005", .error, "Zip entry listed twice")

  /// Every zip rule.
  public static let all = [structure, unsafeName, link, crc, duplicate]
}

/// Reads a zip bundle's central directory without trusting it, and extracts its stored entries.
///
/// Entries go into a private folder for verification, each entry's CRC-32 checked as it is copied.
/// Entry names that would leave that folder, links and encrypted or compressed entries are never
/// written.
public enum ZipReader {
  /// The most entries read, for the current task and the tasks it starts.
  ///
  /// 1 000 000 unless a caller
  /// bound another around its work with `$maxEntries.withValue(_:)` (`annota`'s `--max-zip-entries`,
  /// through `ReadLimits`). Scoped, not process-wide.
  @TaskLocal public static var maxEntries = 1_000_000

  struct Entry {
    var name: String
    var method: UInt16
    var flags: UInt16
    var crc: UInt32
    var compressedSize: UInt64
    var size: UInt64
    var offset: UInt64
    var isLink: Bool
    /// Whether the name's bytes are UTF-8 (Annota's zips say so in their flags; others must too, or a
    /// name could decode into another path).
    var nameIsUTF8 = true

    /// Whether the entry may be read or extracted under its name.
    var hasSafeName: Bool { nameIsUTF8 && ZipReader.isSafe(name) }
  }

  /// What extraction found.
  public struct Extraction: Sendable {
    /// Problems with the zip itself.
    public var findings: [Diagnostic]
    /// Why verification of the contents cannot go on (compressed or encrypted entries), if so.
    public var unsupported: String?
  }

  /// Checks a zip's directory without reading any entry's data: its structure, unsafe names, links,
  /// duplicates, and whether its entries are stored (what this build reads).
  /// - Parameter zip: the zip file.
  /// - Returns: the findings, and why the contents cannot be verified, if so.
  public static func inspect(_ zip: String) -> Extraction {
    var findings: [Diagnostic] = []
    func finding(_ rule: Rule, _ message: String, entry: String? = nil) {
      findings.append(Self.finding(rule, message, zip: zip, entry: entry))
    }
    let descriptor = open(zip, O_RDONLY | O_CLOEXEC)
    var info = stat()
    guard descriptor >= 0 else {
      finding(ZipRules.structure, "cannot be opened: \(FileStreaming.reason())")
      return Extraction(findings: findings, unsupported: nil)
    }
    defer { close(descriptor) }
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      finding(ZipRules.structure, "not a regular file")
      return Extraction(findings: findings, unsupported: nil)
    }
    let entries: [Entry]
    do { entries = try directory(descriptor, size: UInt64(info.st_size)) } catch {
      finding(ZipRules.structure, error.message)
      return Extraction(findings: findings, unsupported: nil)
    }
    var seen: Set<String> = []
    var unsupported: String? = nil
    for entry in entries {
      if !seen.insert(entry.name).inserted { finding(ZipRules.duplicate, "listed twice", entry: entry.name) }
      if !entry.nameIsUTF8 {
        finding(ZipRules.unsafeName, "the name is not UTF-8; it is not read", entry: entry.name)
      } else if !isSafe(entry.name) {
        finding(ZipRules.unsafeName, "the name would leave the bundle; it is not read", entry: entry.name)
      }
      if entry.isLink { finding(ZipRules.link, "a symbolic link or device entry; it is not read", entry: entry.name) }
      if !entry.name.hasSuffix("/"), entry.flags & 1 != 0 || entry.method != 0 {
        unsupported =
          unsupported
          ?? "the zip has \(entry.flags & 1 != 0 ? "encrypted" : "compressed (method \(entry.method))") entries (\(entry.name)); Annota reads stored zips, as it writes them: unzip it and verify the folder"
      }
      if !entry.name.hasSuffix("/"), (try? dataStart(descriptor, entry)) == nil {
        finding(
          ZipRules.structure, "the entry's data is not where the directory says, or runs past the end",
          entry: entry.name)
      }
    }
    return Extraction(findings: findings, unsupported: unsupported)
  }

  /// Extracts `zip` into the existing empty folder `folder`.
  /// - Parameters:
  ///   - zip: the zip file.
  ///   - folder: a private, empty folder.
  /// - Returns: findings about the zip (``inspect(_:)``'s, and CRC-32 mismatches found while copying);
  ///   entries with findings are not extracted.
  public static func extract(_ zip: String, into folder: String) -> Extraction {
    // The directory's checks are inspect's; extraction copies only the entries they let through.
    var result = inspect(zip)
    guard result.unsupported == nil else { return result }
    let descriptor = open(zip, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return result }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, let entries = try? directory(descriptor, size: UInt64(info.st_size)) else {
      return result  // inspect has said why
    }
    var seen: Set<String> = []
    for entry in entries where seen.insert(entry.name).inserted && entry.hasSafeName && !entry.isLink {
      let isFolder = entry.name.hasSuffix("/")
      let path = isFolder ? String(entry.name.dropLast()) : entry.name
      makeFolders(folder, isFolder ? path + "/x" : path)
      guard !isFolder, let start = try? dataStart(descriptor, entry) else { continue }
      do {
        let crc = try copy(descriptor, entry, from: start, to: folder + "/" + path)
        if crc != entry.crc {
          result.findings.append(
            finding(
              ZipRules.crc, String(format: "CRC-32 is %08x, the zip records %08x", crc, entry.crc), zip: zip,
              entry: entry.name))
        }
      } catch {
        result.findings.append(finding(ZipRules.structure, error.message, zip: zip, entry: entry.name))
      }
    }
    return result
  }

  /// A finding about `zip`, naming the entry concerned.
  static func finding(_ rule: Rule, _ message: String, zip: String, entry: String? = nil) -> Diagnostic {
    var location = SourceLocation(file: String(zip.split(separator: "/").last ?? Substring(zip)))
    location.annotation = entry
    return rule.finding(message, at: location)
  }

  private static func makeFolders(_ root: String, _ path: String) {
    var parent = root
    for segment in path.split(separator: "/").dropLast() {
      parent += "/" + segment
      mkdir(parent, 0o700)
    }
  }

  /// The names of a zip's entries (empty when its directory cannot be read).
  /// - Parameter zip: the zip file.
  /// - Returns: every entry name, in directory order.
  public static func names(_ zip: String) -> [String] {
    let descriptor = open(zip, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return [] }
    return ((try? directory(descriptor, size: UInt64(info.st_size))) ?? []).map(\.name)
  }

  /// Whether an entry name stays inside the bundle.
  static func isSafe(_ name: String) -> Bool {
    let path = name.hasSuffix("/") ? String(name.dropLast()) : name
    return BagPaths.isSafe(path) && !path.contains("\\") && !(path.count >= 2 && Array(path)[1] == ":")
  }

  /// Where an entry's data starts, from its local header, checked against the file's size.
  static func dataStart(_ descriptor: Int32, _ entry: Entry) throws(PackError) -> UInt64 {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw PackError(code: .io, message: "cannot be examined", path: entry.name)
    }
    let fileSize = UInt64(info.st_size)
    var header = [UInt8](repeating: 0, count: 30)
    guard pread(descriptor, &header, 30, off_t(entry.offset)) == 30, le32(header, 0) == 0x0403_4B50 else {
      throw PackError(code: .io, message: "no local header where the directory says", path: entry.name)
    }
    let start = entry.offset + 30 + UInt64(le16(header, 26)) + UInt64(le16(header, 28))
    guard start <= fileSize, entry.size <= fileSize - start else {
      throw PackError(
        code: .io, message: "the entry's data runs past the end of the zip (truncated?)", path: entry.name)
    }
    return start
  }

  /// Copies a stored entry's data (from `start`, checked by ``dataStart(_:_:)``) and returns its CRC-32.
  private static func copy(_ descriptor: Int32, _ entry: Entry, from start: UInt64, to path: String) throws(PackError)
    -> UInt32
  {
    let output = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard output >= 0 else {
      throw PackError(code: .io, message: "cannot be extracted", path: entry.name, cause: FileStreaming.reason())
    }
    defer { close(output) }
    var crc = CRC32()
    var buffer = [UInt8](repeating: 0, count: FileStreaming.chunk)
    var done: UInt64 = 0
    while done < entry.size {
      let want = Int(min(UInt64(buffer.count), entry.size - done))
      let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, want, off_t(start + done)) }
      guard count > 0 else {
        throw PackError(code: .io, message: "reading failed", path: entry.name, cause: FileStreaming.reason())
      }
      let failure = buffer.withUnsafeBytes { raw -> PackError? in
        let slice = UnsafeRawBufferPointer(rebasing: raw[0..<count])
        crc.update(slice)
        do throws(PackError) { try FileStreaming.writeAll(output, slice, path: entry.name) } catch { return error }
        return nil
      }
      if let failure { throw failure }
      done += UInt64(count)
    }
    return crc.value
  }

  /// The central directory, checked: the end record found within the last 64 KiB, Zip64 records
  /// followed, every entry's fields within the file.
  static func directory(_ descriptor: Int32, size: UInt64) throws(PackError) -> [Entry] {
    let tailLength = Int(min(size, 65_557))
    var tail = [UInt8](repeating: 0, count: tailLength)
    guard tailLength >= 22, pread(descriptor, &tail, tailLength, off_t(size - UInt64(tailLength))) == tailLength else {
      throw PackError(code: .io, message: "too short to be a zip", path: "")
    }
    guard let end = stride(from: tailLength - 22, through: 0, by: -1).first(where: { le32(tail, $0) == 0x0605_4B50 })
    else {
      throw PackError(code: .io, message: "no end-of-central-directory record (not a zip, or truncated)", path: "")
    }
    var count = UInt64(le16(tail, end + 10))
    var directorySize = UInt64(le32(tail, end + 12))
    var directoryOffset = UInt64(le32(tail, end + 16))
    if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      let locator = end - 20
      guard locator >= 0, le32(tail, locator) == 0x0706_4B50 else {
        throw PackError(code: .io, message: "a Zip64 end record is needed but its locator is missing", path: "")
      }
      let recordOffset = le64(tail, locator + 8)
      var record = [UInt8](repeating: 0, count: 56)
      guard recordOffset + 56 <= size, pread(descriptor, &record, 56, off_t(recordOffset)) == 56,
        le32(record, 0) == 0x0606_4B50
      else { throw PackError(code: .io, message: "the Zip64 end record is not where its locator says", path: "") }
      count = le64(record, 32)
      directorySize = le64(record, 40)
      directoryOffset = le64(record, 48)
    }
    guard count <= UInt64(maxEntries) else {
      throw PackError(code: .io, message: "\(count) entries, over the \(maxEntries)-entry limit", path: "")
    }
    guard directoryOffset <= size, directorySize <= size - directoryOffset, directorySize <= 1 << 30 else {
      throw PackError(code: .io, message: "the central directory lies outside the file", path: "")
    }
    var bytes = [UInt8](repeating: 0, count: Int(directorySize))
    guard pread(descriptor, &bytes, bytes.count, off_t(directoryOffset)) == bytes.count else {
      throw PackError(code: .io, message: "the central directory cannot be read", path: "")
    }
    var entries: [Entry] = []
    var at = 0
    for _ in 0..<count {
      guard at + 46 <= bytes.count, le32(bytes, at) == 0x0201_4B50 else {
        throw PackError(code: .io, message: "a central directory record is malformed", path: "")
      }
      let nameLength = Int(le16(bytes, at + 28)), extraLength = Int(le16(bytes, at + 30))
      let commentLength = Int(le16(bytes, at + 32))
      guard at + 46 + nameLength + extraLength + commentLength <= bytes.count else {
        throw PackError(code: .io, message: "a central directory record runs past the directory", path: "")
      }
      let nameBytes = bytes[(at + 46)..<(at + 46 + nameLength)]
      let validName = String(validating: nameBytes, as: UTF8.self)
      let name = validName ?? String(decoding: nameBytes, as: UTF8.self)
      var compressed = UInt64(le32(bytes, at + 20)), uncompressed = UInt64(le32(bytes, at + 24))
      var offset = UInt64(le32(bytes, at + 42))
      // Zip64 extra field: the 0xFFFFFFFF fields, in order.
      var extra = at + 46 + nameLength
      let extraEnd = extra + extraLength
      while extra + 4 <= extraEnd {
        let id = le16(bytes, extra), length = Int(le16(bytes, extra + 2))
        var field = extra + 4
        if id == 0x0001 {
          for value in [\Entry.size, \Entry.compressedSize, \Entry.offset] {
            let isWide =
              switch value {
              case \Entry.size: uncompressed == 0xFFFF_FFFF
              case \Entry.compressedSize: compressed == 0xFFFF_FFFF
              default: offset == 0xFFFF_FFFF
              }
            guard isWide, field + 8 <= extra + 4 + length, field + 8 <= bytes.count else { continue }
            let wide = le64(bytes, field)
            switch value {
            case \Entry.size: uncompressed = wide
            case \Entry.compressedSize: compressed = wide
            default: offset = wide
            }
            field += 8
          }
        }
        extra += 4 + length
      }
      let madeByUnix = le16(bytes, at + 4) >> 8 == 3
      let mode = le32(bytes, at + 38) >> 16
      let kind = mode & 0o170000
      entries.append(
        Entry(
          name: name, method: le16(bytes, at + 10), flags: le16(bytes, at + 8), crc: le32(bytes, at + 16),
          compressedSize: compressed, size: uncompressed, offset: offset,
          isLink: madeByUnix && kind != 0 && kind != 0o100000 && kind != 0o040000, nameIsUTF8: validName != nil))
      at += 46 + nameLength + extraLength + commentLength
    }
    for entry in entries where entry.offset >= size {
      throw PackError(code: .io, message: "entry \(entry.name) starts past the end of the zip", path: "")
    }
    return entries
  }

  static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
  static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }
  static func le64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    UInt64(le32(bytes, at)) | UInt64(le32(bytes, at + 4)) << 32
  }
}
