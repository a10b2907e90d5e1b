// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import FuzzSupport

/// The YOLO label-file parser on its own: detection, segmentation and pose rows (the first byte picks
/// the number of classes and whether rows carry 17 × 3 keypoints).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = bytes(data, size)
  guard let first = input.first else { return 0 }
  let keypoints: (count: Int, dimensions: Int)? = first & 0x80 != 0 ? (17, 3) : nil
  _ = try? YOLOLabels.parse(Array(input.dropFirst()), classes: Int(first & 0x7F), keypoints: keypoints)
  return 0
}

@main
enum FuzzYOLOLabels {
  static func main() { runFuzzer(testOneInput) }
}
