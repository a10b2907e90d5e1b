// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
import AnnotaTIFF

/// A label image that cannot be summarised: not integer, or not readable.
public struct LabelImageError: Error, Sendable, CustomStringConvertible {
  /// The file.
  public var path: String
  /// What is wrong.
  public var message: String
  /// `path: message`.
  public var description: String { "\(path): \(message)" }
}

/// Label statistics of a TIFF label image in one streaming pass, band by band, every page a plane.
public enum LabelImageStatistics {
  /// Computes values, counts, bounding boxes and the background share of every page.
  /// - Parameters:
  ///   - path: a TIFF or OME-TIFF whose pages are integer, single-sample planes of one size.
  ///   - accumulator: reused between files to keep allocations down (optional).
  /// - Returns: the statistics.
  /// - Throws: ``AnnotaTIFF/TIFFError`` when unreadable, ``LabelImageError`` when not a label image.
  public static func compute(path: String, accumulator: inout LabelStatisticsAccumulator) throws -> LabelStatistics {
    let reader = try TIFFReader(path: path)
    let pages = reader.directories.filter { if case .main = $0.location { true } else { false } }
    guard let first = pages.first else { throw LabelImageError(path: path, message: "no image directory") }
    accumulator.reset(width: first.width, height: first.height)
    for (z, page) in pages.enumerated() {
      guard page.width == first.width, page.height == first.height else {
        throw LabelImageError(path: path, message: "page \(z) is \(page.width)×\(page.height), page 0 is \(first.width)×\(first.height)")
      }
      guard let type = page.sampleType, type.isInteger else {
        throw LabelImageError(path: path, message: "page \(z) holds \(page.sampleType.map { "\($0)" } ?? "unsupported") samples; label images must be integer")
      }
      try reader.forEachBand(page) { row, _, band in
        switch type {
        case .uint8: accumulator.add(band: band, as: UInt8.self, firstRow: row, z: z)
        case .int8: accumulator.add(band: band, as: Int8.self, firstRow: row, z: z)
        case .uint16: accumulator.add(band: band, as: UInt16.self, firstRow: row, z: z)
        case .int16: accumulator.add(band: band, as: Int16.self, firstRow: row, z: z)
        case .uint32: accumulator.add(band: band, as: UInt32.self, firstRow: row, z: z)
        case .int32: accumulator.add(band: band, as: Int32.self, firstRow: row, z: z)
        case .uint64: accumulator.add(band: band, as: UInt64.self, firstRow: row, z: z)
        case .int64: accumulator.add(band: band, as: Int64.self, firstRow: row, z: z)
        case .float32, .float64: break
        }
      }
    }
    return accumulator.result()
  }

  /// Computes the statistics with a fresh accumulator.
  /// - Parameter path: the label image.
  /// - Returns: the statistics.
  /// - Throws: as ``compute(path:accumulator:)``.
  public static func compute(path: String) throws -> LabelStatistics {
    var accumulator = LabelStatisticsAccumulator(width: 0, height: 0)
    return try compute(path: path, accumulator: &accumulator)
  }
}
