// SPDX-License-Identifier: Apache-2.0
@_spi(Testing) import AnnotaImport
import AnnotaTIFF
import AnnotaTestSupport
import Foundation
import Testing

/// LabelMe's base64 PNG masks and image headers (Pascal VOC files without a size).
@Suite("PNG masks and image sizes")
struct PNGMaskTests {
  /// PNGs of every colour type and bit depth, every row filter, written by Python's own zlib from
  /// random pixels; the decoder must find exactly the non-zero pixels Python wrote.
  @Test(.enabled(if: python(with: ["zlib", "struct", "json"]) != nil))
  func everyColourTypeDepthAndFilter() throws {
    let interpreter = try #require(python(with: ["zlib", "struct", "json"]))
    let script = #"""
      import json, random, struct, sys, zlib
      random.seed(11)
      def chunk(kind, data):
          return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
      def paeth(a, b, c):
          p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
          return a if pa <= pb and pa <= pc else b if pb <= pc else c
      cases = []
      for colour, depths, channels in [(0, [1, 2, 4, 8, 16], 1), (2, [8, 16], 3), (3, [1, 2, 4, 8], 1), (4, [8, 16], 2), (6, [8, 16], 4)]:
          for depth in depths:
              w, h = random.randint(1, 23), random.randint(1, 9)
              maxv = (1 << depth) - 1
              samples = [[[random.choice([0, 0, random.randint(1, maxv)]) for _ in range(channels)] for _ in range(w)] for _ in range(h)]
              colour_channels = channels - 1 if colour in (4, 6) else channels
              truth = [1 if any(px[:colour_channels]) else 0 for row in samples for px in row]
              bpp = max(1, channels * depth // 8)
              raw = b""; prev = bytearray((w * channels * depth + 7) // 8)
              for y, row in enumerate(samples):
                  bits = "".join(format(v, "0%db" % depth) for px in row for v in px)
                  bits += "0" * (-len(bits) % 8)
                  line = bytearray(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
                  f = y % 5; out = bytearray(len(line))
                  for i in range(len(line)):
                      a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
                      out[i] = (line[i] - [0, a, b, (a + b) // 2, paeth(a, b, c)][f]) & 255
                  raw += bytes([f]) + bytes(out); prev = line
              png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0))
              if colour == 3:
                  png += chunk(b"PLTE", bytes(range(3 * (1 << depth))) if depth < 8 else bytes(768))
              png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
              cases.append({"png": list(png), "w": w, "h": h, "truth": truth, "what": "%d/%d" % (colour, depth)})
      json.dump(cases, sys.stdout)
      """#
    let run = try runProcess(interpreter, ["-c", script])
    #expect(run.status == 0, "\(run.stderr)")
    let cases = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    #expect(cases.count == 15)
    for item in cases {
      let png = try #require(item["png"] as? [Int]).map(UInt8.init)
      let decoded = try PNGMaskProbe.decode(png)
      #expect(decoded.width == item["w"] as? Int && decoded.height == item["h"] as? Int)
      #expect(decoded.bits == (try #require(item["truth"] as? [Int])).map(UInt8.init), "\(item["what"] ?? "")")
    }
  }

  /// A 1 × 1 grey PNG, valid (CRCs included: libpng checks them), to cut and twist.
  static let tiny: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0,
    0, 0,
    0, 0x3A, 0x7E, 0x9B, 0x55, 0, 0, 0, 10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02,
    0x00,
    0x01, 0x48, 0xAF, 0xA4, 0x71, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
  ]

  @Test func theTinyPNGDecodes() throws {
    let decoded = try PNGMaskProbe.decode(Self.tiny)
    #expect(decoded.width == 1 && decoded.height == 1 && decoded.bits == [0])
  }

  @Test func hostilePNGsFailClearly() throws {
    var cases: [(String, [UInt8])] = []
    cases.append(("not a PNG", Array("GIF89a".utf8)))
    for cut in [8, 20, 40, Self.tiny.count - 12] { cases.append(("truncated", Array(Self.tiny.prefix(cut)))) }
    var huge = Self.tiny
    huge.replaceSubrange(16..<24, with: [0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF])
    cases.append(("pixel limit", huge))
    var interlaced = Self.tiny
    interlaced[28] = 1
    cases.append(("interlaced", interlaced))
    var badDepth = Self.tiny
    badDepth[24] = 3
    cases.append(("bit depth", badDepth))
    var lyingLength = Self.tiny
    lyingLength.replaceSubrange(33..<37, with: [0x7F, 0xFF, 0xFF, 0xFF])
    cases.append(("past the end", lyingLength))
    var corrupt = Self.tiny
    corrupt[43] ^= 0xFF
    cases.append(("zlib", corrupt))
    for (expected, bytes) in cases {
      #expect(throws: ForeignFormatError.self, "\(expected)") { try PNGMaskProbe.decode(bytes) }
    }
  }

  @Test func aDeflateBombStopsAtTheDeclaredSize() throws {
    // 64 MiB of zeros in a few KB of zlib, declared as a 2 × 2 image.
    let bomb = try #require(python(with: ["zlib"]))
    let script = "import sys, zlib; sys.stdout.write(zlib.compress(bytes(64 << 20), 9).hex())"
    let run = try runProcess(bomb, ["-c", script])
    let hex = run.stdout
    var data: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      data.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    func chunk(_ kind: String, _ body: [UInt8]) -> [UInt8] {
      // With its CRC, so the decoder gets as far as the pixels.
      var crc: UInt32 = 0xFFFF_FFFF
      for byte in Array(kind.utf8) + body {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
      }
      return withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + Array(kind.utf8) + body
        + withUnsafeBytes(of: (~crc).bigEndian, Array.init)
    }
    let png =
      Array(Self.tiny.prefix(8)) + chunk("IHDR", [0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]) + chunk("IDAT", data)
      + chunk("IEND", [])
    let error = try #require(throws: ForeignFormatError.self) { try PNGMaskProbe.decode(png) }
    // libpng stops at the declared rows and names the excess; the 64 MiB are never inflated.
    #expect(error.message.contains("Too much image data"), "\(error.message)")
  }

  @Test func imageSizesComeFromHeaders() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    func write(_ bytes: [UInt8], _ name: String) throws -> String {
      let path = folder.file(name)
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      return path
    }
    var png = Self.tiny
    png.replaceSubrange(16..<24, with: [0, 0, 0x01, 0x2C, 0, 0, 0, 0xC8])  // 300 × 200
    #expect(PNGMaskProbe.imageSize(try write(png, "a.png")).map { [$0.width, $0.height] } == [300, 200])
    // JPEG: SOI, an APP0 segment, then SOF0 with height 480 and width 640.
    let jpeg: [UInt8] =
      [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]
      + [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
      + [0xFF, 0xD9]
    #expect(PNGMaskProbe.imageSize(try write(jpeg, "b.jpg")).map { [$0.width, $0.height] } == [640, 480])
    var bmp = [UInt8](repeating: 0, count: 54)
    bmp[0] = 0x42
    bmp[1] = 0x4D
    bmp.replaceSubrange(18..<26, with: [0x20, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0xFF])  // 32 × −16 (top-down)
    #expect(PNGMaskProbe.imageSize(try write(bmp, "c.bmp")).map { [$0.width, $0.height] } == [32, 16])
    let tiff = folder.file("d.tif")
    try TIFFWriter.write([try Plane(width: 7, height: 5, uint8: [UInt8](repeating: 0, count: 35))], to: tiff)
    #expect(PNGMaskProbe.imageSize(tiff).map { [$0.width, $0.height] } == [7, 5])
    #expect(PNGMaskProbe.imageSize(try write(Array(jpeg.prefix(12)), "cut.jpg")) == nil)
    #expect(PNGMaskProbe.imageSize(folder.file("missing.png")) == nil)
    #expect(PNGMaskProbe.imageSize(folder.path) == nil, "a folder is not an image")
  }

  @Test func vocWithoutASizeReadsItFromTheImage() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var png = Self.tiny
    png.replaceSubrange(16..<24, with: [0, 0, 0, 64, 0, 0, 0, 48])
    try FileManager.default.createDirectory(atPath: folder.file("JPEGImages"), withIntermediateDirectories: true)
    try Data(png).write(to: URL(fileURLWithPath: folder.file("JPEGImages/cell.png")))
    let voc = """
      <annotation><filename>cell.png</filename><object><name>cell</name>\
      <bndbox><xmin>3</xmin><ymin>4</ymin><xmax>10</xmax><ymax>12</ymax></bndbox></object></annotation>
      """
    let path = try folder.write(voc, to: "Annotations/cell.xml")
    let annotations = try AnnotationFormats.read(path)
    #expect(annotations.images[0].width == 64 && annotations.images[0].height == 48)
    #expect(annotations.notes.contains { $0.contains("64×48") && $0.contains("JPEGImages/cell.png") })
    // Without the image the size stays unknown, and nothing else changes.
    try FileManager.default.removeItem(atPath: folder.file("JPEGImages/cell.png"))
    let bare = try AnnotationFormats.read(path)
    #expect(bare.images[0].width == nil && bare.images[0].features.count == 1)
  }
}
