// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The Fiji Cell Counter reader on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "cellcounter", name: "CellCounter_image.xml")
  return 0
}

@main
enum FuzzCellCounter {
  static func main() { runFuzzer(testOneInput) }
}
