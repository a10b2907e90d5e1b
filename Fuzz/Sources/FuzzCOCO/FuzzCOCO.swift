// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The COCO reader (polygons, RLE lists and compressed RLE strings) on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "coco", name: "instances.json")
  return 0
}

@main
enum FuzzCOCO {
  static func main() { runFuzzer(testOneInput) }
}
