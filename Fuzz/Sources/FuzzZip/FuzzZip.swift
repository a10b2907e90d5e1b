// SPDX-License-Identifier: Apache-2.0
import AnnotaPackaging
import FuzzSupport

/// The zip directory reader on a file written from the input (what `annota verify BUNDLE.zip` reads
/// before trusting any entry); the bag and crate checks over a zip are `FuzzValidate`'s.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  withFile(bytes(data, size), named: "bundle.zip") { path in
    _ = ZipReader.inspect(path)
    _ = ZipReader.names(path)
  }
  return 0
}

@main
enum FuzzZip {
  static func main() { runFuzzer(testOneInput) }
}
