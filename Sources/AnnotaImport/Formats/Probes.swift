// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// Entry points for tests of the RLE and stack-index rules (the readers themselves are internal).
@_spi(Testing) public enum CVATRLEProbe {
  /// Foreground pixels of a CVAT mask RLE over a `width` × `height` box.
  /// - Throws: ``ForeignFormatError`` when the runs exceed the box.
  public static func count(_ runs: [Int], width: Int, height: Int) throws -> Int {
    try CVATRLE.count(runs, width: width, height: height, path: "rle", line: 0)
  }
}

/// Reads a Cell Counter file with a known C and Z size (to decode ImageJ's stack index).
@_spi(Testing) public enum CellCounterProbe {
  /// - Throws: ``ForeignFormatError`` for unreadable files.
  public static func read(_ path: String, channels: Int, slices: Int) throws -> ForeignAnnotations {
    guard let data = FileManagerBridge.contents(path) else {
      throw ForeignFormatError(path: path, message: "cannot read the file")
    }
    return try CellCounterReader.read(data, path: path, channels: channels, slices: slices)
  }
}

/// RLE round trips, for property tests.
@_spi(Testing) public enum RLEProbe {
  /// CVAT: row-major 0/1 values → runs → values.
  public static func cvatRoundTrip(_ bits: [UInt8], width: Int, height: Int) -> [UInt8]? {
    CVATRLE.decode(CVATRLE.encode(bits), width: width, height: height)
  }

  /// CVAT: runs → row-major 0/1 values of a `width` × `height` box (`nil` when they do not fit).
  public static func cvatDecode(_ runs: [Int], width: Int, height: Int) -> [UInt8]? {
    CVATRLE.decode(runs, width: width, height: height)
  }

  /// COCO: column-major 0/1 values → runs → compressed string → runs; both run lists.
  public static func cocoRoundTrip(_ bits: [UInt8]) throws -> (runs: [Int], decoded: [Int]) {
    let runs = COCORLE.encode(bits)
    return (runs, try COCORLE.decompress(COCORLE.compress(runs), path: "rle"))
  }

  /// COCO: pixel count and box of runs over an `height` × `width` mask.
  public static func cocoSummary(_ runs: [Int], height: Int, width: Int) throws -> (count: Int, box: [Int]?) {
    let mask = try COCORLE.summarize(runs, height: height, width: width, path: "rle")
    return (mask.count, mask.boundingBox)
  }

  /// COCO compressed string → runs.
  public static func cocoDecompress(_ text: String) throws -> [Int] { try COCORLE.decompress(text, path: "rle") }
}

/// PNG mask decoding (LabelMe), for tests with generated PNGs.
@_spi(Testing) public enum PNGMaskProbe {
  /// Decodes a PNG to row-major 0/1 values.
  /// - Parameter bytes: the PNG file.
  /// - Returns: width, height and values.
  /// - Throws: ``ForeignFormatError`` with the decoder's reason.
  public static func decode(_ bytes: [UInt8]) throws -> (width: Int, height: Int, bits: [UInt8]) {
    do {
      let decoded = try PNGMask.decode(bytes)
      return (decoded.width, decoded.height, decoded.bits)
    } catch {
      throw ForeignFormatError(path: "png", message: error.message)
    }
  }

  /// An image's size from its header (PNG, JPEG, BMP, TIFF).
  /// - Parameter path: the image.
  /// - Returns: the size, or `nil`.
  public static func imageSize(_ path: String) -> (width: Int, height: Int)? { ImageSize.of(path) }
}

/// COCO's column-major RLE of a mask placed in an image, for property tests.
@_spi(Testing) public enum COCOMaskProbe {
  /// Encodes `mask` into an image of `height` × `width` pixels and decodes it back.
  /// - Parameters:
  ///   - mask: the mask.
  ///   - height: the image's height.
  ///   - width: the image's width.
  /// - Returns: the counts and the mask read back (clipped to the image, tightened).
  public static func roundTrip(_ mask: MaskRegion, height: Int, width: Int) throws -> (counts: [Int], back: MaskRegion?)
  {
    let counts = COCORLE.counts(of: mask, height: height, width: width)
    let json = AnyJSON.object([
      "size": .array([.number(Double(height)), .number(Double(width))]),
      "counts": .string(COCORLE.compress(counts)),
    ])
    return (counts, try COCORLE.region(json, path: "rle").mask)
  }
}
