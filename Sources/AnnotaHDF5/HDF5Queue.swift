// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaHDF5
import Dispatch

/// Every HDF5 call goes through one serial queue: Debian's thread-safe libhdf5 takes one global
/// lock per call anyway (measured: two threads ≈ 1.1× one), and a queue keeps those waits off the
/// cooperative threads, so TIFF and XML work keeps flowing.
///
/// Error printing is switched off on the queue's thread (HDF5 keeps that setting per thread). The
/// metadata preflight forks from this queue, so no other thread may call libhdf5 (its lock would be
/// held forever in the child): code outside this module calls it through ``HDF5Library/serially(_:)``.
enum HDF5Queue {
  private static let onQueue = DispatchSpecificKey<Bool>()
  private static let queue: DispatchQueue = {
    let queue = DispatchQueue(label: "annota.hdf5")
    queue.setSpecific(key: onQueue, value: true)
    _ = HDF5Library.filterLibraries
    return queue
  }()

  /// Runs `body` on the HDF5 queue and waits for it (at once when already there).
  static func run<T>(_ body: () throws -> T) rethrows -> T {
    if DispatchQueue.getSpecific(key: onQueue) == true { return try body() }
    return try queue.sync {
      _ = HDF5Library.quiet
      return try body()
    }
  }
}
