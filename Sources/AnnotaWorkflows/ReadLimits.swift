// SPDX-License-Identifier: Apache-2.0
public import AnnotaHDF5
import AnnotaPackaging
public import AnnotaRaster
public import AnnotaTIFF
public import AnnotaXMLSupport

/// Every resource limit for untrusted input, as one value: planes and their expansion (TIFF, PNG,
/// JPEG), XML size, depth and elements, the HDF5 metadata preflight's time, and zip entries.
///
/// Limits are not process-wide switches: `apply(_:)` (async or not) binds them for the work it runs and every
/// task that work starts (task-local values), so two validations in one program, or two tests
/// running in parallel, can read with different limits. Outside it, readers use the built-in limits
/// documented in `docs/security.md`.
public struct ReadLimits: Sendable {
  /// TIFF and OME-TIFF planes.
  public var tiff = TIFFReadLimits()
  /// PNG and JPEG images.
  public var raster = RasterLimits()
  /// XML documents (OME-XML, CVAT, VOC, TrackMate, Cell Counter).
  public var xml = XMLLimits()
  /// HDF5 files (the metadata preflight's time limit).
  public var hdf5 = HDF5Limits()
  /// The most entries read from a zip.
  public var zipEntries = 1_000_000

  /// The built-in limits.
  public init() {}

  /// Sets the largest decoded plane, for TIFF and for PNG/JPEG alike.
  /// - Parameter bytes: the largest plane, in bytes.
  public mutating func setMaxPlaneBytes(_ bytes: Int) {
    tiff.maxPlaneBytes = bytes
    raster.maxImageBytes = bytes
  }

  /// Sets the largest ratio of a plane's pixels to its file's size, for TIFF and PNG/JPEG alike.
  /// - Parameter ratio: the ratio.
  public mutating func setMaxExpansion(_ ratio: Int) {
    tiff.maxExpansion = ratio
    raster.maxExpansion = ratio
  }

  /// Runs `operation` with these limits in force for every reader it calls, and every task it starts.
  /// - Parameter operation: the work.
  /// - Returns: what `operation` returns.
  /// - Throws: what `operation` throws.
  public func apply<T>(_ operation: () async throws -> T) async rethrows -> T {
    try await TIFFReadLimits.$defaults.withValue(tiff) {
      try await RasterLimits.$defaults.withValue(raster) {
        try await XMLLimits.$defaults.withValue(xml) {
          try await HDF5Limits.$defaults.withValue(hdf5) {
            try await ZipReader.$maxEntries.withValue(zipEntries) { try await operation() }
          }
        }
      }
    }
  }

  /// Runs synchronous `operation` with these limits in force for every reader it calls.
  /// - Parameter operation: the work.
  /// - Returns: what `operation` returns.
  /// - Throws: what `operation` throws.
  public func apply<T>(_ operation: () throws -> T) rethrows -> T {
    try TIFFReadLimits.$defaults.withValue(tiff) {
      try RasterLimits.$defaults.withValue(raster) {
        try XMLLimits.$defaults.withValue(xml) {
          try HDF5Limits.$defaults.withValue(hdf5) {
            try ZipReader.$maxEntries.withValue(zipEntries) { try operation() }
          }
        }
      }
    }
  }
}
