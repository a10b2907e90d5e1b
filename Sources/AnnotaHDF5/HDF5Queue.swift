// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaHDF5
import Dispatch

/// Every HDF5 call goes through one serial queue: Debian's thread-safe libhdf5 takes one global
/// lock per call anyway (measured: two threads ≈ 1.1× one), and a queue keeps those waits off the
/// cooperative threads, so TIFF and XML work keeps flowing.
///
/// Error printing is switched off on the queue's thread (HDF5 keeps that setting per thread).
enum HDF5Queue {
  private static let queue = DispatchQueue(label: "annota.hdf5")

  /// Runs `body` on the HDF5 queue and waits for it.
  static func run<T>(_ body: () throws -> T) rethrows -> T {
    try queue.sync {
      _ = HDF5Library.quiet
      return try body()
    }
  }
}
