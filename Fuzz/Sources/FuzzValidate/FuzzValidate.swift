// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaPackaging
import AnnotaValidation
import FuzzSupport

/// The HDF5 limits every input is read with: a short metadata preflight.
let fuzzHDF5Limits: HDF5Limits = {
  var limits = HDF5Limits()
  limits.metadataMilliseconds = 2_000
  return limits
}()

/// The checks that run on Swift concurrency, on one file written from the input.
///
/// `annota validate FILE` (shape geometry, bounds, labels of a tool file; a BIA file list; an HDF5 label volume) and
/// `annota verify BUNDLE.zip` (bag and crate checked in place). The first byte picks the file's name.
///
/// Run without LeakSanitizer (`run.sh`): the concurrency runtime keeps allocations across runs, which
/// would make libFuzzer scan for leaks after every input; the parsers beneath are leak-checked by
/// their own targets.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = bytes(data, size)
  let names = [
    "annotations.xml", "image.xml", "CellCounter_a.xml", "tracks.xml", "instances.json", "image.json",
    "file_list.tsv", "labels.h5", "bundle.zip",
  ]
  let name = names[Int(input.first ?? 0) % names.count]
  // libhdf5's own hangs end in the metadata preflight's error well inside libFuzzer's -timeout.
  HDF5Limits.$defaults.withValue(fuzzHDF5Limits) {
    withFile(Array(input.dropFirst()), named: name) { path in
      runBlocking {
        if name.hasSuffix(".zip") {
          _ = await BagVerifier.verify(zip: path, width: 1)
          _ = await CrateVerifier.verify(zip: path, prefix: "", width: 1)
        } else {
          _ = await DatasetValidator.validate(path, width: 1)
        }
      }
    }
  }
  return 0
}

@main
enum FuzzValidate {
  static func main() {
    runFuzzer(testOneInput)
  }
}
