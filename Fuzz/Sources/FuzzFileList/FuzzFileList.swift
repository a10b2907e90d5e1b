// SPDX-License-Identifier: Apache-2.0
@_spi(Testing) import AnnotaValidation
import FuzzSupport

/// A BioImage Archive file list (TSV) checked on its own, as `annota validate files.tsv` does; the
/// listed paths are looked up next to it (in an otherwise empty private folder).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  withFile(bytes(data, size), named: "file_list.tsv") { path in
    _ = FileListProbe.check(path)
  }
  return 0
}

@main
enum FuzzFileList {
  static func main() { runFuzzer(testOneInput) }
}
