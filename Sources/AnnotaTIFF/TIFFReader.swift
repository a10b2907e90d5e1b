// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaTIFF
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Limits that keep a hostile file from taking unbounded memory or time.
public struct TIFFReadLimits: Sendable, Hashable {
  /// The most IFDs followed (main chain and SubIFDs together) before the file is refused.
  public var maxDirectories: Int
  /// The largest decoded plane accepted, in bytes.
  public var maxPlaneBytes: Int
  /// The most a plane may expand over the file's size (deflate tops out near 1032:1).
  public var maxExpansion: Int

  /// Creates limits.
  /// - Parameters:
  ///   - maxDirectories: the most IFDs followed.
  ///   - maxPlaneBytes: the largest decoded plane, in bytes.
  ///   - maxExpansion: the largest ratio of decoded plane bytes to file bytes.
  public init(maxDirectories: Int = 100_000, maxPlaneBytes: Int = 1 << 32, maxExpansion: Int = 2048) {
    self.maxDirectories = maxDirectories
    self.maxPlaneBytes = maxPlaneBytes
    self.maxExpansion = maxExpansion
  }
}

/// A TIFF file open for reading: every directory of the main chain and their SubIFDs, decoded to
/// typed planes whole or band by band.
///
/// Not `Sendable`: use one per task.
public final class TIFFReader {
  private let handle: TIFFHandle
  private let limits: TIFFReadLimits
  /// Whether libtiff's current directory is in the main chain (TIFFCurrentDirectory counts those).
  private var currentIsMain = false
  /// Every directory: the main chain in order, then SubIFDs after their parents.
  public let directories: [TIFFDirectory]
  /// The file's size in bytes.
  public let fileSize: Int
  /// Whether the file is BigTIFF (64-bit offsets).
  public let isBigTIFF: Bool
  /// Whether the file's byte order is big-endian ("MM").
  public let isBigEndian: Bool

  /// Opens `path` and reads every directory's tags.
  /// - Parameters:
  ///   - path: the file to open.
  ///   - limits: resource limits for hostile files.
  /// - Throws: ``TIFFError`` when the file is missing, not a TIFF, or over the limits.
  public convenience init(path: String, limits: TIFFReadLimits = .defaults) throws {
    var info = stat()
    let size = stat(path, &info) == 0 ? Int(info.st_size) : 0
    try self.init(
      handle: try TIFFHandle(path: path, mode: "r", maxSingleAllocation: min(limits.maxPlaneBytes, 1 << 30)),
      fileSize: size, limits: limits)
  }

  /// Opens a file already read into memory, so the bytes decoded are exactly the bytes the caller
  /// read (and hashed): one pass over the disk per file.
  /// - Parameters:
  ///   - buffer: the file's bytes.
  ///   - limits: resource limits for hostile files.
  /// - Throws: ``TIFFError`` when the bytes are not a TIFF or are over the limits.
  public convenience init(buffer: FileBuffer, limits: TIFFReadLimits = .defaults) throws {
    try self.init(
      handle: try TIFFHandle(buffer: buffer, maxSingleAllocation: min(limits.maxPlaneBytes, 1 << 30)),
      fileSize: buffer.bytes.count, limits: limits)
  }

  private init(handle: TIFFHandle, fileSize: Int, limits: TIFFReadLimits) throws {
    self.limits = limits
    self.fileSize = fileSize
    self.handle = handle
    let tif = handle.pointer
    isBigTIFF = TIFFIsBigTIFF(tif) != 0
    isBigEndian = TIFFIsBigEndian(tif) != 0
    var main: [TIFFDirectory] = []
    repeat {
      main.append(Self.describe(tif, location: .main(index: main.count)))
      guard main.count < limits.maxDirectories else {
        throw handle.error(.limitExceeded, "more than \(limits.maxDirectories) image directories; refusing to go on")
      }
    } while TIFFReadDirectory(tif) != 0
    // libtiff stops at an IFD loop or a bad offset with an error, and skips a tag whose value lies
    // past the end with an "IO error" warning: the readable prefix is kept, and the damage recorded
    // for whoever promises the file was read in full.
    chainDamage = handle.log.errors + handle.log.messages.filter { $0.contains("IO error") }
    var all = main
    var visited = Set<UInt64>()
    for parent in main {
      for offset in parent.subIFDOffsets where visited.insert(offset).inserted {
        guard all.count < limits.maxDirectories else {
          throw handle.error(.limitExceeded, "more than \(limits.maxDirectories) image directories; refusing to go on")
        }
        guard case .main(let index) = parent.location, TIFFSetSubDirectory(tif, offset) != 0 else { continue }
        all.append(Self.describe(tif, location: .sub(parent: index, offset: offset)))
      }
    }
    directories = all
    // After the SubIFD walk libtiff sits on a SubIFD; after the main walk, on the last main page.
    currentIsMain = all.count == main.count
    _ = handle.log.drain()
  }

  /// The path this reader was opened with.
  public var path: String { handle.path }

  /// What libtiff could not read while walking the directories.
  ///
  /// A directory chain that points past the end or loops, a tag whose value lies past the end; empty
  /// for an intact file. The directories before the damage are still readable, so opening does not
  /// fail; a caller that promises to have read the whole file reports these.
  public private(set) var chainDamage: [String] = []

  /// The number of directories in the main chain.
  public var directoryCount: Int { directories.filter { if case .main = $0.location { true } else { false } }.count }

  /// Reads the tags of main-chain directory `index` (0-based).
  /// - Parameter index: the directory, 0-based.
  /// - Returns: what the directory declares.
  /// - Throws: ``TIFFError`` when there is no such directory.
  public func directory(_ index: Int) throws -> TIFFDirectory {
    guard let found = directories.first(where: { $0.location == .main(index: index) }) else {
      throw handle.error(.malformed, "there is no image directory \(index)")
    }
    return found
  }

  /// Decodes main-chain directory `index` into a plane.
  /// - Parameter index: the directory, 0-based.
  /// - Returns: the decoded plane, native byte order.
  /// - Throws: ``TIFFError`` when the data is damaged, unsupported, or over the limits.
  public func readPlane(_ index: Int) throws -> Plane { try readPlane(try directory(index)) }

  /// Decodes a directory into one plane (single-sample images).
  /// - Parameter directory: one of ``directories``.
  /// - Returns: the decoded plane, native byte order.
  /// - Throws: ``TIFFError`` when the data is damaged, unsupported, or over the limits.
  public func readPlane(_ directory: TIFFDirectory) throws -> Plane {
    let type = try check(directory)
    var bytes = [UInt8]()
    bytes.reserveCapacity(directory.planeBytes ?? 0)
    try forEachBand(directory) { _, _, band in bytes.append(contentsOf: band) }
    return try Plane(width: directory.width, height: directory.height, sampleType: type, bytes: bytes)
  }

  /// Decodes a directory band by band (a strip, or a row of tiles), so memory stays bounded by one
  /// band whatever the image's size.
  ///
  /// Bands arrive in order, top to bottom.
  /// - Parameters:
  ///   - directory: one of ``directories``.
  ///   - body: receives the first row of the band, its row count and its samples (native order,
  ///     row-major, `width × rows` samples).
  /// - Throws: ``TIFFError`` when the data is damaged, unsupported or over the limits, or what
  ///   `body` throws.
  public func forEachBand(
    _ directory: TIFFDirectory, _ body: (_ firstRow: Int, _ rows: Int, _ samples: UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let type = try check(directory)
    try select(directory)
    if directory.isTiled {
      try readTileRows(directory, type: type, body)
    } else {
      try readStrips(directory, type: type, body)
    }
  }

  /// Decodes every strip or tile of a directory and discards the samples, proving the pixel data is
  /// readable whatever its layout (RGB, planar, any bit depth) without holding a plane in memory.
  /// - Parameter directory: one of ``directories``.
  /// - Throws: ``TIFFError`` when a strip or tile cannot be decoded, or one is over the limits.
  public func decodeAll(_ directory: TIFFDirectory) throws {
    try select(directory)
    let tif = handle.pointer
    let tiled = TIFFIsTiled(tif) != 0
    let count = tiled ? Int(TIFFNumberOfTiles(tif)) : Int(TIFFNumberOfStrips(tif))
    let chunk = tiled ? Int(TIFFTileSize64(tif)) : Int(TIFFStripSize64(tif))
    guard chunk > 0, chunk <= limits.maxPlaneBytes else {
      throw handle.error(.malformed, "directory \(directory.location) declares \(chunk)-byte strips or tiles")
    }
    let (cap, overflow) = max(fileSize, 1).multipliedReportingOverflow(by: limits.maxExpansion)
    let (total, overflow2) = chunk.multipliedReportingOverflow(by: count)
    if !overflow, overflow2 || total > cap + (1 << 20) {
      throw handle.error(
        .limitExceeded,
        "directory \(directory.location) declares more pixel bytes than a \(fileSize)-byte file can hold (over \(limits.maxExpansion)× expansion)"
      )
    }
    var scratch = [UInt8](repeating: 0, count: chunk)
    for index in 0..<count {
      let read = scratch.withUnsafeMutableBytes { buffer in
        tiled
          ? TIFFReadEncodedTile(tif, UInt32(index), buffer.baseAddress, tmsize_t(chunk))
          : TIFFReadEncodedStrip(tif, UInt32(index), buffer.baseAddress, tmsize_t(chunk))
      }
      guard read >= 0 else {
        throw handle.error(
          .malformed, "\(tiled ? "tile" : "strip") \(index) of directory \(directory.location) cannot be decoded")
      }
    }
  }

  /// Validates what a read needs: a supported single-sample type and a plane within the limits.
  private func check(_ directory: TIFFDirectory) throws -> SampleType {
    guard let type = directory.sampleType else {
      throw handle.error(
        .unsupported,
        "directory \(directory.location) has \(directory.bitsPerSample)-bit samples of a kind not supported")
    }
    guard directory.samplesPerPixel == 1 else {
      throw handle.error(
        .unsupported,
        "directory \(directory.location) has \(directory.samplesPerPixel) samples per pixel; label and grey images have 1"
      )
    }
    guard directory.width > 0, directory.height > 0 else {
      throw handle.error(.malformed, "directory \(directory.location) declares an empty image")
    }
    guard let bytes = directory.planeBytes, bytes <= limits.maxPlaneBytes else {
      throw handle.error(
        .limitExceeded,
        "directory \(directory.location) declares \(directory.width)×\(directory.height) pixels, over the \(limits.maxPlaneBytes)-byte plane limit"
      )
    }
    let (cap, overflow) = max(fileSize, 1).multipliedReportingOverflow(by: limits.maxExpansion)
    if !overflow, bytes > cap + (1 << 20) {
      throw handle.error(
        .limitExceeded,
        "directory \(directory.location) declares \(bytes) bytes of pixels in a \(fileSize)-byte file; refusing (more than \(limits.maxExpansion)× expansion)"
      )
    }
    return type
  }

  private func select(_ directory: TIFFDirectory) throws {
    let tif = handle.pointer
    let ok: Bool
    switch directory.location {
    case .main(let index):
      // Re-reading the current directory costs a parse; single-page files are already there — when
      // libtiff's state is the directory described (a failed sub-directory read can leave another).
      if index >= 0, currentIsMain, Int(TIFFCurrentDirectory(tif)) == index, isCurrent(directory) { return }
      ok = index >= 0 && TIFFSetDirectory(tif, tdir_t(index)) != 0
      currentIsMain = ok
    case .sub(_, let offset):
      ok = TIFFSetSubDirectory(tif, offset) != 0
      currentIsMain = false
    }
    guard ok else { throw handle.error(.malformed, "cannot read image directory \(directory.location)") }
    // libtiff decodes with the state it has just read, not with what was checked when the file was
    // opened: a directory that reads differently the second time would reach libtiff's strip
    // arithmetic with sizes never checked (a zero image length there divides by zero; FuzzTIFF).
    guard isCurrent(directory) else {
      currentIsMain = false
      throw handle.error(
        .malformed,
        "image directory \(directory.location) reads differently the second time (a damaged directory chain); re-save the TIFF"
      )
    }
  }

  /// Whether libtiff's current directory has the sizes and layout `directory` was checked with.
  private func isCurrent(_ directory: TIFFDirectory) -> Bool {
    let now = Self.describe(handle.pointer, location: directory.location)
    return now.width == directory.width && now.height == directory.height
      && now.samplesPerPixel == directory.samplesPerPixel && now.bitsPerSample == directory.bitsPerSample
      && now.sampleType == directory.sampleType && now.compression == directory.compression
      && now.isTiled == directory.isTiled && now.planarConfiguration == directory.planarConfiguration
  }

  private func readStrips(
    _ directory: TIFFDirectory, type: SampleType, _ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let tif = handle.pointer
    var rowsPerStrip: UInt32 = 0
    if cannotatiff_get_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), &rowsPerStrip) == 0 || rowsPerStrip == 0 {
      rowsPerStrip = UInt32(directory.height)
    }
    let bandRows = min(Int(rowsPerStrip), directory.height)
    let packedRow = directory.bitsPerSample == 1 ? (directory.width + 7) / 8 : directory.width * type.byteWidth
    var packed = [UInt8](repeating: 0, count: packedRow * bandRows)
    var unpacked = directory.bitsPerSample == 1 ? [UInt8](repeating: 0, count: directory.width * bandRows) : []
    var row = 0
    var strip: UInt32 = 0
    while row < directory.height {
      let rows = min(bandRows, directory.height - row)
      let want = packedRow * rows
      let read = packed.withUnsafeMutableBytes {
        TIFFReadEncodedStrip(tif, strip, $0.baseAddress, tmsize_t(want))
      }
      guard read >= 0 else { throw handle.error(.malformed, "strip \(strip) cannot be decoded") }
      guard Int(read) >= want else {
        throw handle.error(.malformed, "strip \(strip) holds \(read) bytes; rows \(row)–\(row + rows - 1) need \(want)")
      }
      if directory.bitsPerSample == 1 {
        unpackBits(
          packed, into: &unpacked, width: directory.width, rows: rows, rowBytes: packedRow,
          invert: directory.photometric == 0)
        try unpacked.withUnsafeBytes {
          try body(row, rows, UnsafeRawBufferPointer(rebasing: $0[0..<directory.width * rows]))
        }
      } else {
        try packed.withUnsafeBytes { try body(row, rows, UnsafeRawBufferPointer(rebasing: $0[0..<want])) }
      }
      row += rows
      strip += 1
    }
  }

  private func readTileRows(
    _ directory: TIFFDirectory, type: SampleType, _ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let tif = handle.pointer
    guard directory.bitsPerSample != 1 else {
      throw handle.error(.unsupported, "tiled 1-bit images are not supported")
    }
    var tileWidth: UInt32 = 0
    var tileHeight: UInt32 = 0
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_TILEWIDTH), &tileWidth)
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_TILELENGTH), &tileHeight)
    let tw = Int(tileWidth)
    let th = Int(tileHeight)
    let width = type.byteWidth
    guard tw > 0, th > 0, tw * th * width <= limits.maxPlaneBytes, th * directory.width * width <= limits.maxPlaneBytes
    else {
      throw handle.error(.malformed, "tile size \(tw)×\(th) is invalid")
    }
    var tile = [UInt8](repeating: 0, count: tw * th * width)
    var band = [UInt8](repeating: 0, count: th * directory.width * width)
    for y0 in stride(from: 0, to: directory.height, by: th) {
      let rows = min(th, directory.height - y0)
      for x0 in stride(from: 0, to: directory.width, by: tw) {
        let number = TIFFComputeTile(tif, UInt32(x0), UInt32(y0), 0, 0)
        let read = tile.withUnsafeMutableBytes { TIFFReadEncodedTile(tif, number, $0.baseAddress, tmsize_t($0.count)) }
        guard read >= 0 else { throw handle.error(.malformed, "tile \(number) cannot be decoded") }
        let columns = min(tw, directory.width - x0) * width
        for r in 0..<rows {
          let source = r * tw * width
          let target = (r * directory.width + x0) * width
          band.replaceSubrange(target..<target + columns, with: tile[source..<source + columns])
        }
      }
      try band.withUnsafeBytes {
        try body(y0, rows, UnsafeRawBufferPointer(rebasing: $0[0..<rows * directory.width * width]))
      }
    }
  }

  /// 1-bit rows (MSB first, each row padded to a byte) to one byte per pixel, 0 or 1.
  private func unpackBits(
    _ packed: [UInt8], into out: inout [UInt8], width: Int, rows: Int, rowBytes: Int, invert: Bool
  ) {
    for r in 0..<rows {
      for x in 0..<width {
        let bit = (packed[r * rowBytes + x >> 3] >> (7 - UInt8(x & 7))) & 1
        out[r * width + x] = invert ? 1 - bit : bit
      }
    }
  }

  /// Reads the current directory's tags.
  private static func describe(_ tif: OpaquePointer, location: TIFFDirectory.Location) -> TIFFDirectory {
    var width: UInt32 = 0
    var height: UInt32 = 0
    var bits: UInt16 = 1
    var format: UInt16 = 1
    var samples: UInt16 = 1
    var compression: UInt16 = 1
    var photometric: UInt16 = 1
    var planar: UInt16 = 1
    var description: UnsafePointer<CChar>? = nil
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &width)
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &height)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_BITSPERSAMPLE), &bits)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_SAMPLEFORMAT), &format)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), &samples)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_COMPRESSION), &compression)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_PHOTOMETRIC), &photometric)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_PLANARCONFIG), &planar)
    let hasDescription = cannotatiff_get_ascii(tif, UInt32(TIFFTAG_IMAGEDESCRIPTION), &description) != 0
    var subCount: UInt16 = 0
    var subOffsets: UnsafeMutablePointer<UInt64>? = nil
    var subIFDs: [UInt64] = []
    if cannotatiff_get_subifds(tif, &subCount, &subOffsets) != 0, let subOffsets {
      subIFDs = (0..<Int(min(subCount, 4096))).map { subOffsets[$0] }  // copied: libtiff owns the array
    }
    var xResolution: Float = 0
    var yResolution: Float = 0
    var resolutionUnit: UInt16 = 2
    let hasResolution =
      cannotatiff_get_float(tif, UInt32(TIFFTAG_XRESOLUTION), &xResolution) != 0
      && cannotatiff_get_float(tif, UInt32(TIFFTAG_YRESOLUTION), &yResolution) != 0
      && xResolution > 0 && yResolution > 0 && xResolution.isFinite && yResolution.isFinite
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_RESOLUTIONUNIT), &resolutionUnit)
    return TIFFDirectory(
      location: location, width: Int(width), height: Int(height), samplesPerPixel: Int(samples),
      bitsPerSample: Int(bits), sampleType: SampleType(bitsPerSample: bits, sampleFormat: format),
      compression: Int(compression), photometric: Int(photometric), planarConfiguration: Int(planar),
      isTiled: TIFFIsTiled(tif) != 0,
      imageDescription: hasDescription ? description.map { String(cString: $0) } : nil,
      subIFDOffsets: subIFDs,
      resolution: hasResolution ? TIFFDirectory.Resolution(x: Double(xResolution), y: Double(yResolution)) : nil,
      resolutionUnit: Int(resolutionUnit))
  }
}

extension TIFFReadLimits {
  /// The limits a reader uses when none are passed, for the current task and the tasks it starts.
  ///
  /// The built-in ones unless a caller bound others around its work with `$defaults.withValue(_:)`
  /// (`annota`'s `--max-plane-bytes` and `--max-expansion`, through `ReadLimits`). Scoped, not process-wide, so two validations in one program can read with different
  /// limits.
  @TaskLocal public static var defaults = TIFFReadLimits()
}
