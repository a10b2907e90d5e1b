// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Writes a deterministic zip of a folder: entries in path byte order, every entry stored (payloads are
/// mostly compressed already; nothing is recompressed), one fixed timestamp (1980-01-01 00:00), UTF-8
/// names, Zip64 records where sizes, offsets or counts need them.
enum ZipWriter {
  static let fixedTime: UInt16 = 0
  static let fixedDate: UInt16 = (0 << 9) | (1 << 5) | 1  // 1980-01-01

  private struct Central {
    var name: [UInt8]
    var crc: UInt32
    var size: UInt64
    var offset: UInt64
  }

  /// Zips the regular files below `folder` into a new file `zip`.
  /// - Parameter forceZip64: write Zip64 fields and end records even when nothing needs them (so the
  ///   path taken by files over 4 GiB and by over 65 535 entries can be tested on a small zip).
  /// - Throws: ``PackError`` when a file cannot be read or the zip written.
  static func write(folder: String, to zip: String, forceZip64: Bool = false) throws(PackError) {
    let entries = try PayloadWalk.files(in: folder, linksInside: false)
    let output = open(zip, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard output >= 0 else {
      throw PackError(code: .io, message: "cannot be created", path: zip, cause: FileStreaming.reason())
    }
    defer { close(output) }
    var offset: UInt64 = 0
    var central: [Central] = []
    var buffer = [UInt8](repeating: 0, count: FileStreaming.chunk)
    func emit(_ bytes: [UInt8]) throws(PackError) {
      let failure = bytes.withUnsafeBytes { raw -> PackError? in
        do throws(PackError) { try FileStreaming.writeAll(output, raw, path: zip) } catch { return error }
        return nil
      }
      if let failure { throw failure }
      offset += UInt64(bytes.count)
    }
    for entry in entries {
      let name = Array(entry.path.utf8)
      let size = UInt64(entry.size)
      let headerOffset = offset
      let zip64 = forceZip64 || size >= 0xFFFF_FFFF || headerOffset >= 0xFFFF_FFFF
      var header = Bytes()
      header.u32(0x0403_4B50)
      header.u16(zip64 ? 45 : 20)
      header.u16(0x0800)  // UTF-8 names
      header.u16(0)  // stored
      header.u16(fixedTime)
      header.u16(fixedDate)
      header.u32(0)  // CRC, patched after the data
      header.u32(zip64 ? 0xFFFF_FFFF : UInt32(size))
      header.u32(zip64 ? 0xFFFF_FFFF : UInt32(size))
      header.u16(UInt16(name.count))
      header.u16(zip64 ? 20 : 0)
      header.bytes += name
      if zip64 {
        header.u16(0x0001)
        header.u16(16)
        header.u64(size)
        header.u64(size)
      }
      try emit(header.bytes)
      let input = open(entry.source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
      guard input >= 0 else {
        throw PackError(code: .io, message: "cannot be read", path: entry.path, cause: FileStreaming.reason())
      }
      var crc = CRC32()
      var copied: UInt64 = 0
      while true {
        let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        guard count >= 0 else {
          close(input)
          throw PackError(code: .io, message: "reading failed", path: entry.path, cause: FileStreaming.reason())
        }
        if count == 0 { break }
        buffer.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        try emit(Array(buffer[0..<count]))
        copied += UInt64(count)
      }
      close(input)
      guard copied == size else {
        throw PackError(
          code: .io, message: "changed while being zipped (\(size) bytes listed, \(copied) read)", path: entry.path)
      }
      var patch = Bytes()
      patch.u32(crc.value)
      let written = patch.bytes.withUnsafeBytes { pwrite(output, $0.baseAddress, 4, off_t(headerOffset + 14)) }
      guard written == 4 else {
        throw PackError(code: .io, message: "writing failed", path: zip, cause: FileStreaming.reason())
      }
      central.append(Central(name: name, crc: crc.value, size: size, offset: headerOffset))
    }
    let directoryOffset = offset
    for entry in central {
      let zip64 = forceZip64 || entry.size >= 0xFFFF_FFFF || entry.offset >= 0xFFFF_FFFF
      var record = Bytes()
      record.u32(0x0201_4B50)
      record.u16(0x0300 | 45)  // made by Unix, spec 4.5
      record.u16(zip64 ? 45 : 20)
      record.u16(0x0800)
      record.u16(0)
      record.u16(fixedTime)
      record.u16(fixedDate)
      record.u32(entry.crc)
      record.u32(zip64 ? 0xFFFF_FFFF : UInt32(entry.size))
      record.u32(zip64 ? 0xFFFF_FFFF : UInt32(entry.size))
      record.u16(UInt16(entry.name.count))
      record.u16(zip64 ? 28 : 0)
      record.u16(0)  // comment
      record.u16(0)  // disk
      record.u16(0)  // internal attributes
      record.u32(UInt32(0o100644) << 16)  // a regular file, rw-r--r--
      record.u32(zip64 ? 0xFFFF_FFFF : UInt32(entry.offset))
      record.bytes += entry.name
      if zip64 {
        record.u16(0x0001)
        record.u16(24)
        record.u64(entry.size)
        record.u64(entry.size)
        record.u64(entry.offset)
      }
      try emit(record.bytes)
    }
    let directorySize = offset - directoryOffset
    let needs64 =
      forceZip64 || central.count >= 0xFFFF || directoryOffset >= 0xFFFF_FFFF || directorySize >= 0xFFFF_FFFF
    if needs64 {
      let recordOffset = offset
      var record = Bytes()
      record.u32(0x0606_4B50)
      record.u64(44)
      record.u16(0x0300 | 45)
      record.u16(45)
      record.u32(0)
      record.u32(0)
      record.u64(UInt64(central.count))
      record.u64(UInt64(central.count))
      record.u64(directorySize)
      record.u64(directoryOffset)
      record.u32(0x0706_4B50)  // the locator
      record.u32(0)
      record.u64(recordOffset)
      record.u32(1)
      try emit(record.bytes)
    }
    var end = Bytes()
    end.u32(0x0605_4B50)
    end.u16(0)
    end.u16(0)
    end.u16(needs64 ? 0xFFFF : UInt16(central.count))
    end.u16(needs64 ? 0xFFFF : UInt16(central.count))
    end.u32(needs64 ? 0xFFFF_FFFF : UInt32(directorySize))
    end.u32(needs64 ? 0xFFFF_FFFF : UInt32(directoryOffset))
    end.u16(0)
    try emit(end.bytes)
    guard fsync(output) == 0 else {
      throw PackError(code: .io, message: "cannot be flushed", path: zip, cause: FileStreaming.reason())
    }
  }
}

/// Little-endian byte building.
struct Bytes {
  var bytes: [UInt8] = []
  mutating func u16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
  mutating func u32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
  }
  mutating func u64(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8((value >> UInt64(shift)) & 0xFF)) }
  }
}
