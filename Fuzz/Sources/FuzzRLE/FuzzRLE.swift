// SPDX-License-Identifier: Apache-2.0
@_spi(Testing) import AnnotaImport
import FuzzSupport

/// The RLE decoders on their own.
///
/// COCO's compressed strings and run lists (column-major, with a size) and CVAT's runs over a box
/// (row-major). The first byte picks how the rest is read, the next
/// two give the mask's height and width; runs are read as 1-, 2- or 8-byte signed numbers so that
/// both small masks and arithmetic at the edge of `Int` are reached.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = bytes(data, size)
  guard input.count >= 3 else { return 0 }
  let mode = input[0] % 4
  let height = Int(input[1]), width = Int(input[2])
  let rest = Array(input.dropFirst(3))
  let runs: [Int]
  switch mode {
  case 0:
    // A compressed string as written (any bytes, invalid UTF-8 included).
    runs = (try? RLEProbe.cocoDecompress(String(decoding: rest, as: UTF8.self))) ?? []
  case 1:
    runs = rest.map { Int(Int8(bitPattern: $0)) }
  case 2:
    runs = stride(from: 0, to: rest.count - 1, by: 2).map { Int(Int16(rest[$0]) | Int16(rest[$0 + 1]) << 8) }
  default:
    runs = stride(from: 0, to: rest.count - 7, by: 8).map { start in
      rest[start..<start + 8].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
  }
  _ = try? RLEProbe.cocoSummary(runs, height: height, width: width)
  _ = try? CVATRLEProbe.count(runs, width: width, height: height)
  _ = RLEProbe.cvatDecode(runs, width: width, height: height)
  return 0
}

@main
enum FuzzRLE {
  static func main() { runFuzzer(testOneInput) }
}
