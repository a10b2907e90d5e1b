// SPDX-License-Identifier: Apache-2.0
@_spi(Testing) import AnnotaImport
import AnnotaRaster
import FuzzSupport

/// PNG (libpng) and JPEG (libjpeg-turbo) through the kit.
///
/// The header, a full decode under small limits, and the LabelMe mask decoder built on it. Errors
/// are fine; a crash, a hang, a leak or a message on the terminal is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = bytes(data, size)
  _ = try? RasterReader.header(input, path: "fuzz")
  _ = try? RasterReader.decode(input, path: "fuzz", limits: RasterLimits(maxImageBytes: 64 << 20, maxExpansion: 2048))
  _ = try? PNGMaskProbe.decode(input)
  return 0
}

@main
enum FuzzRaster {
  static func main() { runFuzzer(testOneInput) }
}
