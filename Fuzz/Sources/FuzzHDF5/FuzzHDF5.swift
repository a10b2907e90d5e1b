// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaImport
import FuzzSupport

/// The HDF5 limits every input is read with: a short metadata preflight.
let fuzzHDF5Limits: HDF5Limits = {
  var limits = HDF5Limits()
  limits.metadataMilliseconds = 2_000
  return limits
}()

/// The HDF5 reader on a file written from the input, as `annota inspect` reads it.
///
/// Layout detection (ilastik, CREMI, BigDataViewer, generic volumes) and every label volume's
/// statistics, after the metadata preflight. The first byte picks the name: an `.h5` file or an ilastik project (`.ilp`).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = bytes(data, size)
  let name = (input.first ?? 0) & 1 == 0 ? "volume.h5" : "project.ilp"
  // libhdf5's own hangs end in the metadata preflight's error well inside libFuzzer's -timeout.
  HDF5Limits.$defaults.withValue(fuzzHDF5Limits) {
    withFile(Array(input.dropFirst()), named: name) { path in
      _ = try? FileInspector.inspect(path, labelStatistics: true)
    }
  }
  return 0
}

@main
enum FuzzHDF5 {
  static func main() {
    runFuzzer(testOneInput)
  }
}
