// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaDeflate

/// How the chunks of a dataset are stored when this process decodes them itself.
///
/// libhdf5 decompresses under one global lock, so with it two files never inflate at once; reading a
/// chunk's stored bytes is cheap, so the bytes are read on the HDF5 queue and inflated on the
/// caller's thread, several files at a time. Only the pipelines h5py and most tools write are
/// decoded here (deflate, optionally after shuffle, of little-endian numbers); everything else goes
/// through libhdf5.
struct DirectChunkPipeline: Sendable, Hashable {
  /// The chunk shape, slowest axis first.
  var chunk: [Int]
  /// Whether the shuffle filter runs before deflate.
  var shuffle: Bool
}

/// zlib-format inflation (libdeflate) and HDF5's byte shuffle, for ``DirectChunkPipeline``.
enum ZlibChunk {
  /// Inflates a zlib stream (HDF5's deflate filter writes zlib format: header, data, Adler-32) that
  /// must decode to exactly `expected` bytes, with libdeflate; `nil` for damaged data or another size.
  static func inflate(_ input: [UInt8], expected: Int) -> [UInt8]? {
    guard expected > 0 else { return nil }
    var output = [UInt8](repeating: 0, count: expected)
    let status = output.withUnsafeMutableBufferPointer { target in
      input.withUnsafeBufferPointer { source in
        cannotadeflate_zlib(source.baseAddress, source.count, target.baseAddress, expected)
      }
    }
    return status == 0 ? output : nil
  }

  /// Undoes HDF5's shuffle filter: the stored bytes hold every element's first byte, then every
  /// second byte, and so on (a tail shorter than one element is stored as is).
  static func unshuffle(_ input: [UInt8], width: Int) -> [UInt8] {
    guard width > 1 else { return input }
    let count = input.count / width
    var output = input
    input.withUnsafeBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        for byte in 0..<width {
          let plane = byte * count
          for element in 0..<count { target[element * width + byte] = source[plane + element] }
        }
      }
    }
    return output
  }
}

/// Copies of boxes between row-major arrays (chunks into volumes, volumes' edges out of chunks).
enum BoxCopy {
  /// Copies the box of `count` elements at the origin of `source` (shaped `sourceShape`) into
  /// `target` (shaped `targetShape`) at `targetStart`.
  static func copy(
    _ source: [UInt8], shape sourceShape: [Int], into target: inout [UInt8], shape targetShape: [Int],
    at targetStart: [Int], count: [Int], width: Int
  ) {
    let rank = count.count
    guard rank > 0, !count.contains(0) else { return }
    func strides(_ shape: [Int]) -> [Int] {
      var result = [Int](repeating: width, count: rank)
      for axis in stride(from: rank - 2, through: 0, by: -1) { result[axis] = result[axis + 1] * shape[axis + 1] }
      return result
    }
    let sourceStrides = strides(sourceShape), targetStrides = strides(targetShape)
    let row = count[rank - 1] * width
    var index = [Int](repeating: 0, count: rank)
    source.withUnsafeBytes { from in
      target.withUnsafeMutableBytes { to in
        while true {
          var sourceOffset = 0, targetOffset = 0
          for axis in 0..<rank {
            sourceOffset += index[axis] * sourceStrides[axis]
            targetOffset += (targetStart[axis] + index[axis]) * targetStrides[axis]
          }
          (to.baseAddress! + targetOffset).copyMemory(from: from.baseAddress! + sourceOffset, byteCount: row)
          var axis = rank - 2
          while axis >= 0 {
            index[axis] += 1
            if index[axis] < count[axis] { break }
            index[axis] = 0
            axis -= 1
          }
          if axis < 0 { return }
        }
      }
    }
  }
}
