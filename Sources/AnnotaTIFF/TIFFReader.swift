// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaTIFF

/// What one image file directory (IFD) of a TIFF declares.
public struct TIFFDirectory: Sendable, Hashable {
  /// Pixels per row.
  public var width: Int
  /// Rows.
  public var height: Int
  /// Samples per pixel (1 for grey and label images).
  public var samplesPerPixel: Int
  /// The sample type, or `nil` when the BitsPerSample/SampleFormat pair is not supported.
  public var sampleType: SampleType?
  /// The TIFF Compression tag value (1 none, 5 LZW, 8 deflate, 32773 PackBits…).
  public var compression: Int
  /// Whether the data is stored in tiles rather than strips.
  public var isTiled: Bool
  /// The ImageDescription tag (OME-XML, ImageJ or tifffile metadata), if present.
  public var imageDescription: String?
}

/// Limits that keep a hostile file from taking unbounded memory or time.
public struct TIFFReadLimits: Sendable, Hashable {
  /// The most IFDs followed in the main chain before the file is refused.
  public var maxDirectories: Int
  /// The largest decoded plane accepted, in bytes.
  public var maxPlaneBytes: Int

  /// Creates limits.
  /// - Parameters:
  ///   - maxDirectories: the most IFDs followed.
  ///   - maxPlaneBytes: the largest decoded plane, in bytes.
  public init(maxDirectories: Int = 100_000, maxPlaneBytes: Int = 1 << 31) {
    self.maxDirectories = maxDirectories
    self.maxPlaneBytes = maxPlaneBytes
  }
}

/// A TIFF file open for reading.
///
/// Not `Sendable`: use one per task.
public final class TIFFReader {
  private let handle: TIFFHandle
  private let limits: TIFFReadLimits
  /// The number of IFDs in the main chain (cycles are detected by libtiff and end the chain).
  public let directoryCount: Int

  /// Opens `path` and counts its directories.
  /// - Parameters:
  ///   - path: the file to open.
  ///   - limits: resource limits for hostile files.
  /// - Throws: ``TIFFError`` when the file is missing, not a TIFF, or over the limits.
  public init(path: String, limits: TIFFReadLimits = TIFFReadLimits()) throws {
    self.limits = limits
    handle = try TIFFHandle(
      path: path, mode: "r", maxSingleAllocation: min(limits.maxPlaneBytes, 1 << 31))
    var count = 1
    while TIFFReadDirectory(handle.pointer) != 0 {
      count += 1
      guard count <= limits.maxDirectories else {
        throw handle.error(
          .limitExceeded, "more than \(limits.maxDirectories) image directories; refusing to go on")
      }
    }
    directoryCount = count
    _ = handle.log.drain()
  }

  /// The path this reader was opened with.
  public var path: String { handle.path }

  /// Reads the tags of directory `index` (0-based).
  /// - Parameter index: the directory, 0-based.
  /// - Returns: what the directory declares.
  /// - Throws: ``TIFFError`` when the directory cannot be read.
  public func directory(_ index: Int) throws -> TIFFDirectory {
    try select(index)
    let tif = handle.pointer
    var width: UInt32 = 0
    var height: UInt32 = 0
    var bits: UInt16 = 1
    var format: UInt16 = 1
    var samples: UInt16 = 1
    var compression: UInt16 = 1
    var description: UnsafePointer<CChar>? = nil
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), &width)
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), &height)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_BITSPERSAMPLE), &bits)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_SAMPLEFORMAT), &format)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), &samples)
    _ = cannotatiff_get_u16(tif, UInt32(TIFFTAG_COMPRESSION), &compression)
    let hasDescription =
      cannotatiff_get_ascii(tif, UInt32(TIFFTAG_IMAGEDESCRIPTION), &description) != 0
    return TIFFDirectory(
      width: Int(width), height: Int(height), samplesPerPixel: Int(samples),
      sampleType: SampleType(bitsPerSample: bits, sampleFormat: format),
      compression: Int(compression), isTiled: TIFFIsTiled(tif) != 0,
      imageDescription: hasDescription ? description.map { String(cString: $0) } : nil)
  }

  /// Decodes directory `index` into a plane.
  ///
  /// Single-sample strip or tile images only.
  /// - Parameter index: the directory, 0-based.
  /// - Returns: the decoded plane, native byte order.
  /// - Throws: ``TIFFError`` when the data is damaged, unsupported, or over the limits.
  public func readPlane(_ index: Int) throws -> Plane {
    let info = try directory(index)
    guard let type = info.sampleType else {
      throw handle.error(.unsupported, "directory \(index) has an unsupported sample type")
    }
    guard info.samplesPerPixel == 1 else {
      throw handle.error(
        .unsupported, "directory \(index) has \(info.samplesPerPixel) samples per pixel; expected 1")
    }
    guard info.width > 0, info.height > 0 else {
      throw handle.error(.malformed, "directory \(index) declares an empty image")
    }
    let (rowBytes, overflowRow) = info.width.multipliedReportingOverflow(by: type.byteWidth)
    let (total, overflowTotal) = rowBytes.multipliedReportingOverflow(by: info.height)
    guard !overflowRow, !overflowTotal, total <= limits.maxPlaneBytes else {
      throw handle.error(
        .limitExceeded,
        "directory \(index) declares \(info.width)×\(info.height) pixels, over the \(limits.maxPlaneBytes)-byte plane limit"
      )
    }
    var bytes = [UInt8](repeating: 0, count: total)
    if info.isTiled {
      try readTiles(into: &bytes, info: info, type: type)
    } else {
      try readStrips(into: &bytes, total: total)
    }
    return try Plane(width: info.width, height: info.height, sampleType: type, bytes: bytes)
  }

  private func select(_ index: Int) throws {
    guard index >= 0, index < directoryCount,
      TIFFSetDirectory(handle.pointer, tdir_t(index)) != 0
    else {
      throw handle.error(.malformed, "cannot read image directory \(index)")
    }
  }

  private func readStrips(into bytes: inout [UInt8], total: Int) throws {
    let tif = handle.pointer
    let strips = Int(TIFFNumberOfStrips(tif))
    var offset = 0
    try bytes.withUnsafeMutableBytes { buffer in
      for strip in 0..<strips where offset < total {
        let read = TIFFReadEncodedStrip(
          tif, UInt32(strip), buffer.baseAddress! + offset, tmsize_t(total - offset))
        guard read >= 0 else {
          throw handle.error(.malformed, "strip \(strip) cannot be decoded")
        }
        offset += Int(read)
      }
    }
    guard offset == total else {
      throw handle.error(.malformed, "strips hold \(offset) bytes; the image needs \(total)")
    }
  }

  private func readTiles(into bytes: inout [UInt8], info: TIFFDirectory, type: SampleType) throws {
    let tif = handle.pointer
    var tileWidth: UInt32 = 0
    var tileHeight: UInt32 = 0
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_TILEWIDTH), &tileWidth)
    _ = cannotatiff_get_u32(tif, UInt32(TIFFTAG_TILELENGTH), &tileHeight)
    let tw = Int(tileWidth)
    let th = Int(tileHeight)
    guard tw > 0, th > 0, tw * th * type.byteWidth <= limits.maxPlaneBytes else {
      throw handle.error(.malformed, "tile size \(tw)×\(th) is invalid")
    }
    let width = type.byteWidth
    var tile = [UInt8](repeating: 0, count: tw * th * width)
    for y0 in stride(from: 0, to: info.height, by: th) {
      for x0 in stride(from: 0, to: info.width, by: tw) {
        let number = TIFFComputeTile(tif, UInt32(x0), UInt32(y0), 0, 0)
        let read = tile.withUnsafeMutableBytes {
          TIFFReadEncodedTile(tif, number, $0.baseAddress, tmsize_t($0.count))
        }
        guard read >= 0 else { throw handle.error(.malformed, "tile \(number) cannot be decoded") }
        let rows = min(th, info.height - y0)
        let columns = min(tw, info.width - x0) * width
        for row in 0..<rows {
          let source = row * tw * width
          let target = ((y0 + row) * info.width + x0) * width
          bytes.replaceSubrange(target..<target + columns, with: tile[source..<source + columns])
        }
      }
    }
  }
}
