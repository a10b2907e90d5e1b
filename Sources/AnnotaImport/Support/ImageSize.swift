// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF

/// An image's width and height read from its header (PNG, JPEG, BMP, TIFF), without decoding
/// pixels: for annotation files that leave the size out (Pascal VOC without `<size>`).
public enum ImageSize {
  /// The most bytes read looking for a JPEG frame header (EXIF blocks come first).
  static let maxHeaderBytes = 4 << 20
  /// The bytes read first: every PNG, BMP and TIFF signature, and most JPEG frame headers.
  static let firstBytes = 64 << 10

  /// The size, or `nil` when the file is missing, unreadable or not one of the formats.
  /// - Parameter path: the image file.
  /// - Returns: width and height in pixels.
  public static func of(_ path: String) -> (width: Int, height: Int)? {
    // Regular files only, opened without blocking: a FIFO named like an image must not hang.
    guard let head = FileManagerBridge.prefix(path, count: firstBytes), head.count >= 26 else { return nil }
    func be(_ at: Int, _ count: Int) -> Int { head[at..<at + count].reduce(0) { $0 << 8 | Int($1) } }
    func le(_ at: Int, _ count: Int) -> Int { head[at..<at + count].reversed().reduce(0) { $0 << 8 | Int($1) } }
    if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) {  // PNG: IHDR first
      return positive(be(16, 4), be(20, 4))
    }
    if head.starts(with: [0x42, 0x4D]) {  // BMP: BITMAPINFOHEADER; negative height = top-down
      return positive(le(18, 4), abs(Int(Int32(truncatingIfNeeded: le(22, 4)))))
    }
    if head.starts(with: [0xFF, 0xD8]) {
      if let frame = jpegFrame(head) { return positive(frame.width, frame.height) }
      // Long EXIF or ICC blocks before the frame: read further, once, up to the bound.
      guard head.count == firstBytes, let more = FileManagerBridge.prefix(path, count: maxHeaderBytes) else {
        return nil
      }
      return jpegFrame(more).flatMap { positive($0.width, $0.height) }
    }
    // TIFF: the first directory may sit anywhere in the file; the TIFF reader seeks to it.
    if head.starts(with: [0x49, 0x49]) || head.starts(with: [0x4D, 0x4D]),
      let reader = try? TIFFReader(path: path), let first = try? reader.directory(0)
    {
      return positive(first.width, first.height)
    }
    return nil
  }

  /// Walks a JPEG's markers to its start-of-frame within `head`: the frame's size, or `nil`.
  private static func jpegFrame(_ head: [UInt8]) -> (width: Int, height: Int)? {
    func be(_ at: Int, _ count: Int) -> Int { head[at..<at + count].reduce(0) { $0 << 8 | Int($1) } }
    var offset = 2
    while offset + 9 < head.count {
      guard head[offset] == 0xFF else { return nil }
      let marker = head[offset + 1]
      if marker == 0xFF {
        offset += 1
        continue
      }
      if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
        return (be(offset + 7, 2), be(offset + 5, 2))
      }
      if marker == 0xD8 || (0xD0...0xD7).contains(marker) {
        offset += 2
        continue
      }
      offset += 2 + be(offset + 2, 2)
    }
    return nil
  }

  private static func positive(_ width: Int, _ height: Int) -> (width: Int, height: Int)? {
    width > 0 && height > 0 ? (width, height) : nil
  }
}
