// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The DeepLabCut reader on a file written from the input: the CSV twin, or (when the input starts
/// with HDF5's signature) the `.h5` in pandas' fixed or table layout, its pickled column labels too.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "deeplabcut", name: "CollectedData_fuzz.csv")
  return 0
}

@main
enum FuzzDeepLabCut {
  static func main() { runFuzzer(testOneInput) }
}
