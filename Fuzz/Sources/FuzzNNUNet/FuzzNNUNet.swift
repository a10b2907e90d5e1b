// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The nnU-Net `dataset.json` reader (its case folders are absent, so the keys and labels are what is read), on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "nnunet-v2", name: "dataset.json")
  return 0
}

@main
enum FuzzNNUNet {
  static func main() { runFuzzer(testOneInput) }
}
