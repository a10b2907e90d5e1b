// SPDX-License-Identifier: Apache-2.0
public import ArgumentParser

/// `--hdf5-path`, shared by `inspect` and `import`: which label volume of an HDF5 file to use.
public struct HDF5PathOption: ParsableArguments {
  /// The internal path.
  @Option(
    name: .customLong("hdf5-path"),
    help:
      "For HDF5 files with several label volumes: the internal path of the one to use (e.g. /volumes/labels/neuron_ids)."
  )
  public var hdf5Path: String?

  /// The option's first spelling, kept so scripts that use it still work.
  @Option(name: .customLong("dataset"), help: .hidden)
  public var legacyHDF5Path: String?

  /// Creates the option (ArgumentParser calls this).
  public init() {}

  /// The internal path, whichever spelling gave it.
  public var path: String? { hdf5Path ?? legacyHDF5Path }
}
