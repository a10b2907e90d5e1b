// SPDX-License-Identifier: Apache-2.0

/// What one image file directory (IFD) of a TIFF declares.
public struct TIFFDirectory: Sendable, Hashable {
  /// Where the directory sits: the main chain, or a SubIFD of a main-chain directory.
  public enum Location: Sendable, Hashable {
    /// The `index`-th directory of the main chain (0-based).
    case main(index: Int)
    /// A SubIFD (reduced resolution, thumbnail…) of main-chain directory `parent`, at `offset`.
    case sub(parent: Int, offset: UInt64)
  }

  /// Where the directory sits.
  public var location: Location
  /// Pixels per row.
  public var width: Int
  /// Rows.
  public var height: Int
  /// Samples per pixel (1 for grey and label images).
  public var samplesPerPixel: Int
  /// Bits per sample (1, 8, 16, 32 or 64 for supported images).
  public var bitsPerSample: Int
  /// The sample type, or `nil` when the BitsPerSample/SampleFormat pair is not supported.
  ///
  /// 1-bit images are read as `uint8` with values 0 and 1.
  public var sampleType: SampleType?
  /// The TIFF Compression tag value (1 none, 5 LZW, 8 deflate, 32773 PackBits…).
  public var compression: Int
  /// The PhotometricInterpretation tag (0 min-is-white, 1 min-is-black, 2 RGB…).
  public var photometric: Int
  /// Whether samples of a pixel are stored together (1) or in separate planes (2).
  public var planarConfiguration: Int
  /// Whether the data is stored in tiles rather than strips.
  public var isTiled: Bool
  /// The ImageDescription tag (OME-XML, ImageJ or tifffile metadata), if present.
  public var imageDescription: String?
  /// Offsets of this directory's SubIFDs (tag 330), if any.
  public var subIFDOffsets: [UInt64]
  /// Pixels per resolution unit along x and y (tags 282, 283).
  public struct Resolution: Sendable, Hashable {
    /// Pixels per unit along x.
    public var x: Double
    /// Pixels per unit along y.
    public var y: Double

    /// Creates a resolution.
    /// - Parameters:
    ///   - x: pixels per unit along x.
    ///   - y: pixels per unit along y.
    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  /// Pixels per resolution unit along x and y (tags 282, 283), if present.
  public var resolution: Resolution?
  /// The resolution unit (tag 296): 1 none, 2 inch, 3 centimetre.
  public var resolutionUnit: Int

  /// Equality over every tag value.
  public static func == (lhs: TIFFDirectory, rhs: TIFFDirectory) -> Bool {
    lhs.location == rhs.location && lhs.width == rhs.width && lhs.height == rhs.height
      && lhs.samplesPerPixel == rhs.samplesPerPixel && lhs.bitsPerSample == rhs.bitsPerSample
      && lhs.sampleType == rhs.sampleType && lhs.compression == rhs.compression && lhs.photometric == rhs.photometric
      && lhs.planarConfiguration == rhs.planarConfiguration && lhs.isTiled == rhs.isTiled
      && lhs.imageDescription == rhs.imageDescription && lhs.subIFDOffsets == rhs.subIFDOffsets
      && lhs.resolution == rhs.resolution
      && lhs.resolutionUnit == rhs.resolutionUnit
  }

  /// Hashes the location and size.
  /// - Parameter hasher: the hasher.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(location)
    hasher.combine(width)
    hasher.combine(height)
  }

  /// Bytes of one decoded plane, or `nil` when that overflows `Int`.
  public var planeBytes: Int? {
    guard let type = sampleType else { return nil }
    let (row, o1) = width.multipliedReportingOverflow(by: type.byteWidth * max(1, samplesPerPixel))
    let (all, o2) = row.multipliedReportingOverflow(by: height)
    return o1 || o2 ? nil : all
  }
}
