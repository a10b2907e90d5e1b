// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import FuzzSupport

/// OME-XML through the safe XML parser and the OME model.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  _ = try? OMEXMLParser.parse(bytes(data, size))
  return 0
}

@main
enum FuzzOMEXML {
  static func main() { runFuzzer(testOneInput) }
}
