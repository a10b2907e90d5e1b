// SPDX-License-Identifier: Apache-2.0
import AnnotaPackaging
import FuzzSupport

/// The zip directory reader and in-place bag verification on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  withFile(bytes(data, size), named: "fuzz.zip") { path in
    _ = ZipReader.inspect(path)
    _ = ZipReader.names(path)
  }
  return 0
}

@main
enum FuzzZip {
  static func main() { runFuzzer(testOneInput) }
}
