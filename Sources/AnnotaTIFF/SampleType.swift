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
    case .float64: 8
    }
  }

  /// Whether the samples are integers (label images must be).
  public var isInteger: Bool { self != .float32 && self != .float64 }

  /// The TIFF SampleFormat value: 1 unsigned, 2 signed, 3 IEEE float.
  var sampleFormat: UInt16 {
    switch self {
    case .uint8, .uint16, .uint32: 1
    case .int8, .int16, .int32: 2
    case .float32, .float64: 3
    }
  }

  /// The sample type for a BitsPerSample / SampleFormat pair, or `nil` when unsupported.
  init?(bitsPerSample: UInt16, sampleFormat: UInt16) {
    switch (bitsPerSample, sampleFormat) {
    case (8, 1): self = .uint8
    case (16, 1): self = .uint16
    case (32, 1): self = .uint32
    case (8, 2): self = .int8
    case (16, 2): self = .int16
    case (32, 2): self = .int32
    case (32, 3): self = .float32
    case (64, 3): self = .float64
    default: return nil
    }
  }
}
