// SPDX-License-Identifier: Apache-2.0
import FuzzSupport
import FuzzToolSupport

/// The TrackMate reader on a file written from the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzzToolFormat(bytes(data, size), format: "trackmate", name: "tracks.xml")
  return 0
}

@main
enum FuzzTrackMate {
  static func main() { runFuzzer(testOneInput) }
}
