// SPDX-License-Identifier: Apache-2.0

/// The container formats this kit reads.
public struct RasterFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The format's name: `png` or `jpeg`.
  public var rawValue: String
  /// Creates a format from its name.
  /// - Parameter rawValue: the name.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// Portable Network Graphics.
  public static let png = RasterFormat(rawValue: "png")
  /// JPEG (JFIF/EXIF).
  public static let jpeg = RasterFormat(rawValue: "jpeg")
  /// The name.
  public var description: String { rawValue }

  /// The format the first bytes show, or `nil` for anything else.
  /// - Parameter head: the file's first bytes (8 suffice).
  /// - Returns: the format.
  public static func detect(_ head: some Collection<UInt8>) -> RasterFormat? {
    let bytes = Array(head.prefix(8))
    if bytes == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
    if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
    return nil
  }
}

/// What a PNG or JPEG header says, before any pixel is decoded.
public struct RasterHeader: Sendable, Hashable {
  /// The format.
  public var format: RasterFormat
  /// Pixels per row and rows.
  public var width: Int, height: Int
  /// Samples per pixel as decoded: 1 (gray or palette index), 2 (gray + alpha), 3 (RGB), 4 (RGBA).
  public var channels: Int
  /// Bits per sample as stored: 1, 2, 4, 8 or 16 (JPEG: 8).
  public var storedBits: Int
  /// Whether the samples are palette indices (PNG colour type 3).
  public var isPalette: Bool

  /// Bytes per decoded sample: 2 for 16-bit PNGs, else 1 (lower depths are unpacked, values kept).
  public var bytesPerSample: Int { storedBits == 16 ? 2 : 1 }
  /// Bytes of the decoded image.
  public var decodedBytes: Int { width * height * channels * bytesPerSample }
}

/// A decoded PNG or JPEG: every sample, row-major, interleaved, native byte order.
public struct RasterImage: Sendable {
  /// What the header said.
  public var header: RasterHeader
  /// The samples: `width × height × channels`, each ``RasterHeader/bytesPerSample`` bytes.
  public var samples: [UInt8]
}
