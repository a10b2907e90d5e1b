// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaZlib

/// CRC-32 (IEEE 802.3, as zip uses it), through zlib's `crc32`: the field's implementation, already
/// linked, and faster than a hand-written table.
struct CRC32 {
  private(set) var value: UInt32 = 0

  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    var crc = UInt(value)
    var offset = 0
    // zlib takes a 32-bit length: feed it in slices below that.
    while offset < bytes.count {
      let length = min(bytes.count - offset, 1 << 30)
      crc = CAnnotaZlib.crc32(crc, base + offset, UInt32(length))
      offset += length
    }
    value = UInt32(truncatingIfNeeded: crc)
  }
}
