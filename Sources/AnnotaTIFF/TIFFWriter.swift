// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaTIFF

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// How sample data is compressed in a written TIFF.
public enum TIFFCompression: Sendable, Hashable {
  /// No compression.
  case none
  /// Deflate (zlib) with the horizontal-differencing predictor for integers.
  case deflate
  /// Deflate at its fastest level, with the same predictor: for label images, whose runs of one
  /// value come out as small as at the default level, several times faster.
  case fastDeflate
}

/// How sample data is laid out in a written TIFF.
public enum TIFFLayout: Sendable, Hashable {
  /// Strips of about 64 KiB (what most tools write).
  case strips
  /// Square tiles of the given edge (a multiple of 16), for large images read in regions.
  case tiles(Int)
}

/// Writes single-sample planes (grey or label images) as a multi-page TIFF.
public enum TIFFWriter {
  /// Writes `planes` as pages of one TIFF file, atomically: a temporary file beside `path` is
  /// renamed into place only when everything has been written.
  /// - Parameters:
  ///   - planes: the pages, all the same size and type.
  ///   - path: where the file goes; an existing file is replaced.
  ///   - compression: how to compress the sample data.
  ///   - description: the ImageDescription of the first page (e.g. OME-XML), if any.
  ///   - layout: strips, or square tiles of an edge that is a multiple of 16.
  /// - Throws: ``TIFFError`` when the planes are inconsistent or writing fails.
  public static func write(
    _ planes: [Plane], to path: String, compression: TIFFCompression = .deflate,
    description: String? = nil, layout: TIFFLayout = .strips
  ) throws {
    if case .tiles(let edge) = layout, edge <= 0 || edge % 16 != 0 {
      throw TIFFError(
        code: .invalidArgument, message: "tile edges must be positive multiples of 16, not \(edge)", path: path)
    }
    guard let first = planes.first else {
      throw TIFFError(code: .invalidArgument, message: "nothing to write: no planes", path: path)
    }
    guard
      planes.allSatisfy({ $0.width == first.width && $0.height == first.height && $0.sampleType == first.sampleType })
    else {
      throw TIFFError(
        code: .invalidArgument, message: "all planes of one file must share size and type",
        path: path)
    }
    let temporary = path + ".partial-\(getpid())"
    let totalBytes = planes.reduce(0) { $0 + $1.bytes.count }
    do {
      let handle = try TIFFHandle(
        path: temporary, mode: totalBytes > 3_500_000_000 ? "w8" : "w",
        maxSingleAllocation: 1 << 30)
      for (index, plane) in planes.enumerated() {
        try writePage(
          plane, handle: handle, compression: compression,
          description: index == 0 ? description : nil, layout: layout)
      }
    } catch {
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw TIFFError(code: .writeFailed, message: "cannot move the written file into place", path: path)
    }
  }

  private static func writePage(
    _ plane: Plane, handle: TIFFHandle, compression: TIFFCompression, description: String?, layout: TIFFLayout
  ) throws {
    let tif = handle.pointer
    let type = plane.sampleType
    let rowBytes = plane.width * type.byteWidth
    let rowsPerStrip = max(1, min(plane.height, (64 * 1024) / max(1, rowBytes)))
    var ok = true
    ok = ok && cannotatiff_set_u32(tif, UInt32(TIFFTAG_IMAGEWIDTH), UInt32(plane.width)) != 0
    ok = ok && cannotatiff_set_u32(tif, UInt32(TIFFTAG_IMAGELENGTH), UInt32(plane.height)) != 0
    ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_BITSPERSAMPLE), UInt16(type.byteWidth * 8)) != 0
    ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_SAMPLEFORMAT), type.sampleFormat) != 0
    ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_SAMPLESPERPIXEL), 1) != 0
    ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_PHOTOMETRIC), UInt16(PHOTOMETRIC_MINISBLACK)) != 0
    ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_PLANARCONFIG), UInt16(PLANARCONFIG_CONTIG)) != 0
    switch layout {
    case .strips: ok = ok && cannotatiff_set_u32(tif, UInt32(TIFFTAG_ROWSPERSTRIP), UInt32(rowsPerStrip)) != 0
    case .tiles(let edge):
      ok = ok && cannotatiff_set_u32(tif, UInt32(TIFFTAG_TILEWIDTH), UInt32(edge)) != 0
      ok = ok && cannotatiff_set_u32(tif, UInt32(TIFFTAG_TILELENGTH), UInt32(edge)) != 0
    }
    switch compression {
    case .none:
      ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_COMPRESSION), UInt16(COMPRESSION_NONE)) != 0
    case .deflate, .fastDeflate:
      ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_COMPRESSION), UInt16(COMPRESSION_ADOBE_DEFLATE)) != 0
      let predictor = type.isInteger ? PREDICTOR_HORIZONTAL : PREDICTOR_FLOATINGPOINT
      ok = ok && cannotatiff_set_u16(tif, UInt32(TIFFTAG_PREDICTOR), UInt16(predictor)) != 0
      // A pseudo-tag: it must follow the compression tag.
      if compression == .fastDeflate { ok = ok && cannotatiff_set_u32(tif, UInt32(TIFFTAG_ZIPQUALITY), 1) != 0 }
    }
    if let description {
      ok = ok && cannotatiff_set_ascii(tif, UInt32(TIFFTAG_IMAGEDESCRIPTION), description) != 0
    }
    guard ok else { throw handle.error(.writeFailed, "cannot set the TIFF tags") }
    switch layout {
    case .strips: try writeStrips(plane, handle: handle, rowsPerStrip: rowsPerStrip)
    case .tiles(let edge): try writeTiles(plane, handle: handle, edge: edge)
    }
    guard TIFFWriteDirectory(tif) != 0 else {
      throw handle.error(.writeFailed, "cannot write the image directory")
    }
  }

  private static func writeStrips(_ plane: Plane, handle: TIFFHandle, rowsPerStrip: Int) throws {
    let tif = handle.pointer
    let rowBytes = plane.width * plane.sampleType.byteWidth
    try plane.bytes.withUnsafeBytes { raw in
      var strip: UInt32 = 0
      for row in stride(from: 0, to: plane.height, by: rowsPerStrip) {
        let rows = min(rowsPerStrip, plane.height - row)
        let start = row * rowBytes
        // libtiff's predictor works in place on the buffer it is given, so hand it a copy.
        var chunk = Array(raw[start..<start + rows * rowBytes])
        let written = chunk.withUnsafeMutableBytes {
          TIFFWriteEncodedStrip(tif, strip, $0.baseAddress, tmsize_t($0.count))
        }
        guard written >= 0 else { throw handle.error(.writeFailed, "cannot write strip \(strip)") }
        strip += 1
      }
    }
  }

  private static func writeTiles(_ plane: Plane, handle: TIFFHandle, edge: Int) throws {
    let tif = handle.pointer
    let width = plane.sampleType.byteWidth
    var tile = [UInt8](repeating: 0, count: edge * edge * width)
    for y0 in stride(from: 0, to: plane.height, by: edge) {
      for x0 in stride(from: 0, to: plane.width, by: edge) {
        // Edge tiles are padded with zeros, as the TIFF specification requires.
        for index in tile.indices { tile[index] = 0 }
        let rows = min(edge, plane.height - y0)
        let columns = min(edge, plane.width - x0) * width
        for r in 0..<rows {
          let source = ((y0 + r) * plane.width + x0) * width
          tile.replaceSubrange(
            r * edge * width..<r * edge * width + columns, with: plane.bytes[source..<source + columns])
        }
        let number = TIFFComputeTile(tif, UInt32(x0), UInt32(y0), 0, 0)
        let written = tile.withUnsafeMutableBytes {
          TIFFWriteEncodedTile(tif, number, $0.baseAddress, tmsize_t($0.count))
        }
        guard written >= 0 else { throw handle.error(.writeFailed, "cannot write tile \(number)") }
      }
    }
  }
}
