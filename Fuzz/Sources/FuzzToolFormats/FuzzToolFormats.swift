// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import FuzzSupport

/// The annotation-tool readers (CVAT, Pascal VOC, Cell Counter, TrackMate, COCO, LabelMe) on a file
/// written from the input; the first byte picks the extension.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = bytes(data, size)
  let name = (input.first ?? 0) & 1 == 0 ? "fuzz.xml" : "fuzz.json"
  withFile(Array(input.dropFirst()), named: name) { path in
    _ = try? AnnotationFormats.read(path)
  }
  return 0
}

@main
enum FuzzToolFormats {
  static func main() { runFuzzer(testOneInput) }
}
