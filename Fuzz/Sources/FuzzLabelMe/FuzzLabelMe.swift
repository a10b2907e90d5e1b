// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The LabelMe reader (with its base64 PNG masks) on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "labelme", name: "image.json")
  return 0
}

@main
enum FuzzLabelMe {
  static func main() { runFuzzer(testOneInput) }
}
