// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaRaster
import AnnotaTIFF
import AnnotaXMLSupport

/// The format kits' read limits as the calling task has them, carried to worker threads.
///
/// The limits are task-local values (`ReadLimits.apply` binds them), and threads of
/// `BoundedParallel.map` are no task's: without this, a worker would read with the built-in limits
/// while the caller's own thread read with the bound ones.
package struct KitLimits: Sendable {
  private let tiff = TIFFReadLimits.defaults
  private let raster = RasterLimits.defaults
  private let xml = XMLLimits.defaults
  private let hdf5 = HDF5Limits.defaults

  /// The limits in force here.
  package init() {}

  /// Runs `work` with these limits bound.
  package func bind<Output>(_ work: () throws -> Output) rethrows -> Output {
    try TIFFReadLimits.$defaults.withValue(tiff) {
      try RasterLimits.$defaults.withValue(raster) {
        try XMLLimits.$defaults.withValue(xml) {
          try HDF5Limits.$defaults.withValue(hdf5) { try work() }
        }
      }
    }
  }
}
