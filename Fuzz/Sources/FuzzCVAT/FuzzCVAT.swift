// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The CVAT 1.1 reader (whole and streamed) on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "cvat-1.1", name: "annotations.xml")
  return 0
}

@main
enum FuzzCVAT {
  static func main() { runFuzzer(testOneInput) }
}
