// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The `.npy` header parser and the value-only pickle reader, through the Cellpose reader (the
/// `_seg.npy` dictionary, its masks as features) on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "cellpose-seg", name: "cells_seg.npy")
  return 0
}

@main
enum FuzzNPY {
  static func main() { runFuzzer(testOneInput) }
}
