// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The YOLO `data.yaml` reader (YAML parsed as manifests are; the split folders it names are absent), on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "yolo", name: "data.yaml")
  return 0
}

@main
enum FuzzYOLO {
  static func main() { runFuzzer(testOneInput) }
}
