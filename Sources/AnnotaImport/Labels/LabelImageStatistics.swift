// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
public import AnnotaTIFF
import Synchronization

/// A label image that cannot be summarised: not integer, or not readable.
///
/// The shape of `AnnotaTIFF/TIFFError`: a code, a message, the path and the cause.
public struct LabelImageError: Error, Sendable, CustomStringConvertible {
  /// What kind of failure this is; an open set, compared with `==`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    private enum Wrapped: Hashable, Sendable { case notLabels, malformed }
    private var wrapped: Wrapped
    private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// The pixels are not labels: not integer, several channels, no X and Y.
    public static var notLabels: Self { Self(.notLabels) }
    /// The file is damaged or has no image.
    public static var malformed: Self { Self(.malformed) }

    /// A short lowercase name of the code.
    public var description: String { String(describing: wrapped) }
  }

  /// The kind of failure.
  public var code: Code
  /// The file.
  public var path: String
  /// What is wrong.
  public var message: String
  /// The error underneath, if any.
  public var cause: (any Error & Sendable)?

  /// Creates an error value.
  /// - Parameters:
  ///   - code: the kind of failure (by default, not labels).
  ///   - path: the file.
  ///   - message: what is wrong.
  ///   - cause: the error underneath, if any.
  public init(code: Code = .notLabels, path: String, message: String, cause: (any Error & Sendable)? = nil) {
    self.code = code
    self.path = path
    self.message = message
    self.cause = cause
  }

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
  /// - Throws: `AnnotaTIFF/TIFFError` when unreadable, ``LabelImageError`` when not a label image.
  public static func compute(path: String, accumulator: inout LabelStatisticsAccumulator) throws -> LabelStatistics {
    try compute(reader: try TIFFReader(path: path), accumulator: &accumulator)
  }

  /// Computes the statistics from an open reader (so a file is opened once).
  /// - Parameters:
  ///   - reader: the open TIFF.
  ///   - accumulator: reused between files.
  /// - Returns: the statistics.
  /// - Throws: as ``compute(path:accumulator:)``.
  public static func compute(reader: TIFFReader, accumulator: inout LabelStatisticsAccumulator) throws
    -> LabelStatistics
  {
    try compute(reader: reader, accumulator: &accumulator, planeVisitor: nil)
  }

  /// Computes the statistics and hands each page to `planeVisitor` whole, decoded once for both (for
  /// checks that need a plane at a time, such as connectivity).
  /// - Parameters:
  ///   - reader: the open TIFF.
  ///   - accumulator: reused between files.
  ///   - planeVisitor: receives each page's index and plane; `nil` streams band by band instead.
  /// - Returns: the statistics.
  /// - Throws: as ``compute(path:accumulator:)``.
  public static func compute(
    reader: TIFFReader, accumulator: inout LabelStatisticsAccumulator, planeVisitor: ((Int, Plane) -> Void)?
  ) throws -> LabelStatistics {
    let path = reader.path
    let pages = reader.directories.filter { if case .main = $0.location { true } else { false } }
    guard let first = pages.first else {
      throw LabelImageError(code: .malformed, path: path, message: "no image directory")
    }
    accumulator.reset(width: first.width, height: first.height)
    for (z, page) in pages.enumerated() {
      guard page.width == first.width, page.height == first.height else {
        throw LabelImageError(
          path: path, message: "page \(z) is \(page.width)×\(page.height), page 0 is \(first.width)×\(first.height)")
      }
      guard let type = page.sampleType, type.isInteger else {
        throw LabelImageError(
          path: path,
          message:
            "page \(z) holds \(page.sampleType.map { "\($0)" } ?? "unsupported") samples; label images must be integer")
      }
      if let planeVisitor {
        let plane = try reader.readPlane(page)
        if let kind = type.labelKind {
          plane.bytes.withUnsafeBytes { accumulator.add(band: $0, kind: kind, firstRow: 0, z: z) }
        }
        planeVisitor(z, plane)
      } else {
        try reader.forEachBand(page) { row, _, band in
          if let kind = type.labelKind { accumulator.add(band: band, kind: kind, firstRow: row, z: z) }
        }
      }
    }
    return accumulator.result()
  }

  /// Computes the statistics with an accumulator from a shared pool.
  /// - Parameter path: the label image.
  /// - Returns: the statistics.
  /// - Throws: as ``compute(path:accumulator:)``.
  public static func compute(path: String) throws -> LabelStatistics {
    try compute(reader: try TIFFReader(path: path))
  }

  /// Computes the statistics from an open reader with an accumulator from a shared pool.
  /// - Parameters:
  ///   - reader: the open TIFF.
  ///   - planeVisitor: receives each page whole (decoded once), or `nil` to stream bands.
  /// - Returns: the statistics.
  /// - Throws: as ``compute(path:accumulator:)``.
  public static func compute(reader: TIFFReader, planeVisitor: ((Int, Plane) -> Void)? = nil) throws
    -> LabelStatistics
  {
    var accumulator = pool.withLock { $0.popLast() } ?? LabelStatisticsAccumulator(width: 0, height: 0)
    defer { pool.withLock { if $0.count < 64 { $0.append(accumulator) } } }
    return try compute(reader: reader, accumulator: &accumulator, planeVisitor: planeVisitor)
  }

  /// Accumulators hold a 65 536-entry table for 16-bit labels: reusing them (one per concurrent
  /// file) avoids allocating and clearing megabytes per file.
  private static let pool = Mutex<[LabelStatisticsAccumulator]>([])
}
