// SPDX-License-Identifier: Apache-2.0

extension HDF5File {
  /// Reads every element of a numeric dataset, chunk by chunk, to prove that each chunk decodes
  /// (decompression, filters, checksums), and hands each block to `body`.
  ///
  /// Memory stays at one chunk (or, for contiguous datasets, one slab of at most `slabBytes`); every
  /// chunk is decoded exactly once. A chunk that does not decode is an error that names the chunk.
  /// - Parameters:
  ///   - datasetPath: the internal path.
  ///   - slabBytes: the largest block read at once from a contiguous dataset.
  ///   - body: receives each block's start, count and native-order bytes.
  /// - Throws: ``HDF5Error``: `.unsupported` for a filter that is not available (naming it), `.malformed`
  ///   for a chunk that does not decode (naming its grid coordinates and element range).
  public func decodeEveryChunk(
    _ datasetPath: String, slabBytes: Int = 16 << 20,
    _ body: (_ start: [Int], _ count: [Int], _ bytes: [UInt8]) throws -> Void = { _, _, _ in }
  ) throws {
    let info = try dataset(datasetPath)
    let reader = try openDataset(datasetPath)
    let shape = info.shape
    guard !shape.isEmpty, !shape.contains(0) else { return }
    let width = reader.type.byteWidth ?? 1
    // Contiguous data has no chunks: blocks of whole rows along the first axis stand in for them.
    let block: [Int]
    if let chunks = info.chunks, chunks.count == shape.count, chunks.allSatisfy({ $0 > 0 }) {
      block = chunks
    } else {
      let inner = shape.dropFirst().reduce(width, *)
      block = [max(1, min(shape[0], slabBytes / max(1, inner)))] + shape.dropFirst()
    }
    let grid = zip(shape, block).map { ($0 + $1 - 1) / $1 }
    var index = [Int](repeating: 0, count: shape.count)
    while true {
      let start = zip(index, block).map { $0 * $1 }
      let count = (0..<shape.count).map { min(block[$0], shape[$0] - start[$0]) }
      let bytes: [UInt8]
      do {
        bytes = try reader.read(start: start, count: count).bytes
      } catch var failure as HDF5Error where failure.code == .malformed {
        let end = zip(start, count).map { $0 + $1 - 1 }
        failure.message =
          "\(info.chunks == nil ? "block" : "chunk") \(index) of \(datasetPath) (elements \(start)…\(end)) cannot be decoded: the data is damaged"
        throw failure
      }
      try body(start, count, bytes)
      // Next grid position, last axis fastest.
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < grid[axis] { break }
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }
}
