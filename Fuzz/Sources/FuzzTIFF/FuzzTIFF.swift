// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF
import FuzzSupport

/// The TIFF reader on a file written from the input: every directory, every plane decoded.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  withFile(bytes(data, size), named: "fuzz.tif") { path in
    guard let buffer = try? FileBuffer(contentsOf: path, maxBytes: 1 << 24),
      let reader = try? TIFFReader(buffer: buffer, limits: TIFFReadLimits(maxDirectories: 64, maxPlaneBytes: 1 << 24))
    else { return }
    for directory in reader.directories {
      _ = try? reader.readPlane(directory)
      try? reader.decodeAll(directory)
    }
  }
  return 0
}

@main
enum FuzzTIFF {
  static func main() { runFuzzer(testOneInput) }
}
