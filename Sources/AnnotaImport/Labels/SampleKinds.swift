// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTIFF

/// One mapping between TIFF sample types and the label accumulator's integer kinds.
extension SampleType {
  /// The accumulator kind for this type, or `nil` for floats (not label values).
  var labelKind: LabelStatisticsAccumulator.SampleKind? {
    switch self {
    case .uint8: .uint8
    case .int8: .int8
    case .uint16: .uint16
    case .int16: .int16
    case .uint32: .uint32
    case .int32: .int32
    case .uint64: .uint64
    case .int64: .int64
    case .float32, .float64: nil
    }
  }

  /// The TIFF sample type of an accumulator kind.
  init(_ kind: LabelStatisticsAccumulator.SampleKind) {
    self =
      switch kind {
      case .uint8: .uint8
      case .int8: .int8
      case .uint16: .uint16
      case .int16: .int16
      case .uint32: .uint32
      case .int32: .int32
      case .uint64: .uint64
      case .int64: .int64
      }
  }
}
