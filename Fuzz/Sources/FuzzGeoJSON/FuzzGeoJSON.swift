// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import FuzzSupport

/// The spec's GeoJSON reader (shapes, tracks and edges).
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  _ = try? GeoJSONReader.read(bytes(data, size), path: "fuzz.geojson")
  return 0
}

@main
enum FuzzGeoJSON {
  static func main() { runFuzzer(testOneInput) }
}
