// SPDX-License-Identifier: Apache-2.0

/// One 2-D plane of single-sample pixels, row-major, in the machine's byte order.
public struct Plane: Sendable, Hashable {
  /// Pixels per row.
  public var width: Int
  /// Rows.
  public var height: Int
  /// The type of every sample.
  public var sampleType: SampleType
  /// `width × height × sampleType.byteWidth` bytes, row-major, native byte order.
  public var bytes: [UInt8]

  /// Creates a plane from raw native-order bytes.
  /// - Parameters:
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - sampleType: the type of every sample.
  ///   - bytes: exactly `width × height × sampleType.byteWidth` bytes.
  /// - Throws: ``TIFFError`` with code `invalidArgument` when the byte count does not match.
  public init(width: Int, height: Int, sampleType: SampleType, bytes: [UInt8]) throws {
    guard width > 0, height > 0,
      bytes.count == width * height * sampleType.byteWidth
    else {
      throw TIFFError(
        code: .invalidArgument,
        message:
          "a \(width)×\(height) \(sampleType) plane needs \(width * height * sampleType.byteWidth) bytes, got \(bytes.count)",
        path: "")
    }
    self.width = width
    self.height = height
    self.sampleType = sampleType
    self.bytes = bytes
  }

  /// Creates a 16-bit unsigned plane from samples.
  /// - Parameters:
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - samples: `width × height` samples, row-major.
  /// - Throws: ``TIFFError`` with code `invalidArgument` when the count does not match.
  public init(width: Int, height: Int, uint16 samples: [UInt16]) throws {
    let bytes = samples.withUnsafeBytes { Array($0) }
    try self.init(width: width, height: height, sampleType: .uint16, bytes: bytes)
  }

  /// Creates an 8-bit unsigned plane from samples.
  /// - Parameters:
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - samples: `width × height` samples, row-major.
  /// - Throws: ``TIFFError`` with code `invalidArgument` when the count does not match.
  public init(width: Int, height: Int, uint8 samples: [UInt8]) throws {
    try self.init(width: width, height: height, sampleType: .uint8, bytes: samples)
  }

  /// Creates a 32-bit unsigned plane from samples.
  /// - Parameters:
  ///   - width: pixels per row.
  ///   - height: rows.
  ///   - samples: `width × height` samples, row-major.
  /// - Throws: ``TIFFError`` with code `invalidArgument` when the count does not match.
  public init(width: Int, height: Int, uint32 samples: [UInt32]) throws {
    let bytes = samples.withUnsafeBytes { Array($0) }
    try self.init(width: width, height: height, sampleType: .uint32, bytes: bytes)
  }

  /// The sample at column `x`, row `y`, widened to `Double`.
  ///
  /// Exact for every integer type up to 32 bits; 64-bit values above 2^53 are rounded.
  /// - Parameters:
  ///   - x: column, 0-based.
  ///   - y: row, 0-based.
  /// - Returns: the sample value.
  public func value(x: Int, y: Int) -> Double {
    let index = (y * width + x) * sampleType.byteWidth
    return bytes.withUnsafeBytes { raw in
      switch sampleType {
      case .uint8: Double(raw.load(fromByteOffset: index, as: UInt8.self))
      case .int8: Double(raw.load(fromByteOffset: index, as: Int8.self))
      case .uint16: Double(raw.loadUnaligned(fromByteOffset: index, as: UInt16.self))
      case .int16: Double(raw.loadUnaligned(fromByteOffset: index, as: Int16.self))
      case .uint32: Double(raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
      case .int32: Double(raw.loadUnaligned(fromByteOffset: index, as: Int32.self))
      case .uint64: Double(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
      case .int64: Double(raw.loadUnaligned(fromByteOffset: index, as: Int64.self))
      case .float32: Double(raw.loadUnaligned(fromByteOffset: index, as: Float.self))
      case .float64: raw.loadUnaligned(fromByteOffset: index, as: Double.self)
      }
    }
  }
}

extension Plane {
  /// The samples as `UInt32`, for uint8, uint16 and uint32 planes (label images); `nil` for other
  /// sample types.
  public var unsignedSamples: [UInt32]? {
    let values: [UInt32]? = bytes.withUnsafeBytes { raw in
      switch sampleType {
      case .uint8: raw.map { UInt32($0) }
      case .uint16: (0..<raw.count / 2).map { UInt32(raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) }
      case .uint32: (0..<raw.count / 4).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self) }
      default: nil
      }
    }
    return values?.count == width * height ? values : nil
  }
}
