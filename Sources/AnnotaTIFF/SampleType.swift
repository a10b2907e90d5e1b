// SPDX-License-Identifier: Apache-2.0

/// The numeric type of one pixel sample, as TIFF's BitsPerSample and SampleFormat tags describe it.
public enum SampleType: String, Sendable, Hashable, CaseIterable, Codable {
  /// Unsigned 8-bit integer.
  case uint8
  /// Unsigned 16-bit integer.
  case uint16
  /// Unsigned 32-bit integer.
  case uint32
  /// Signed 8-bit integer.
  case int8
  /// Signed 16-bit integer.
  case int16
  /// Signed 32-bit integer.
  case int32
  /// Unsigned 64-bit integer.
  case uint64
  /// Signed 64-bit integer.
  case int64
  /// 32-bit IEEE float.
  case float32
  /// 64-bit IEEE float.
  case float64

  /// Bytes per sample.
  public var byteWidth: Int {
    switch self {
    case .uint8, .int8: 1
    case .uint16, .int16: 2
    case .uint32, .int32, .float32: 4
    case .uint64, .int64, .float64: 8
    }
  }

  /// Whether the samples are integers (label images must be).
  public var isInteger: Bool { self != .float32 && self != .float64 }

  /// The TIFF SampleFormat value: 1 unsigned, 2 signed, 3 IEEE float.
  var sampleFormat: UInt16 {
    switch self {
    case .uint8, .uint16, .uint32, .uint64: 1
    case .int8, .int16, .int32, .int64: 2
    case .float32, .float64: 3
    }
  }

  /// The sample type for a BitsPerSample / SampleFormat pair, or `nil` when unsupported.
  ///
  /// SampleFormat 4 (undefined) and absent are read as unsigned, as libtiff and tifffile do.
  init?(bitsPerSample: UInt16, sampleFormat: UInt16) {
    switch (bitsPerSample, sampleFormat == 4 ? 1 : sampleFormat) {
    case (1, 1), (8, 1): self = .uint8  // 1-bit images are unpacked to one byte per pixel
    case (16, 1): self = .uint16
    case (32, 1): self = .uint32
    case (8, 2): self = .int8
    case (16, 2): self = .int16
    case (32, 2): self = .int32
    case (64, 1): self = .uint64
    case (64, 2): self = .int64
    case (32, 3): self = .float32
    case (64, 3): self = .float64
    default: return nil
    }
  }
}

extension SampleType {
  /// The smallest and largest value the type holds, as `Double` (exact for ≤ 32-bit integers).
  public var range: ClosedRange<Double> {
    switch self {
    case .uint8: 0...255
    case .int8: -128...127
    case .uint16: 0...65535
    case .int16: -32768...32767
    case .uint32: 0...4_294_967_295
    case .int32: -2_147_483_648...2_147_483_647
    // Doubles cannot hold 2^64 − 1 or 2^63 − 1 exactly: the bounds are the nearest doubles, as the
    // literals would become (converting says so instead of warning).
    case .uint64: 0...Double(UInt64.max)
    case .int64: Double(Int64.min)...Double(Int64.max)
    case .float32: -Double(Float.greatestFiniteMagnitude)...Double(Float.greatestFiniteMagnitude)
    case .float64: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
    }
  }
}
