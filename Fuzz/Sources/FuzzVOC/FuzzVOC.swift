// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The Pascal VOC reader on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "pascal-voc", name: "image.xml")
  return 0
}

@main
enum FuzzVOC {
  static func main() { runFuzzer(testOneInput) }
}
