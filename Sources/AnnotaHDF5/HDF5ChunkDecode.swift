// SPDX-License-Identifier: Apache-2.0

extension HDF5File {
  /// Reads every element of a numeric dataset, chunk by chunk, to prove that each chunk decodes
  /// (decompression, filters, checksums), and hands each block to `body`.
  ///
  /// Memory stays at one chunk (or, for contiguous datasets, one slab of at most `slabBytes`); every
  /// chunk is decoded exactly once — by this thread when the pipeline allows
  /// (`DirectChunkPipeline`), so files decode in parallel. A chunk that does not decode is an error
  /// that names the chunk.
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
    func located(_ failure: HDF5Error, start: [Int], count: [Int]) -> HDF5Error {
      var failure = failure
      let index = zip(start, block).map { $0 / $1 }
      let end = zip(start, count).map { $0 + $1 - 1 }
      // Where, then what libhdf5 or the check said: the reason is kept, not replaced.
      failure.message =
        "\(info.chunks == nil ? "block" : "chunk") \(index) of \(datasetPath) (elements \(start)…\(end)) cannot be decoded: \(failure.message)"
      return failure
    }
    func extent(_ start: [Int]) -> [Int] { (0..<shape.count).map { min(block[$0], shape[$0] - start[$0]) } }
    if info.chunks != nil, reader.decodesChunksHere {
      // Stored chunks are fetched a batch per queue visit and inflated on this thread.
      for batch in reader.chunkBatches() {
        let decoded: [[UInt8]?]
        do { decoded = try reader.decodedChunks(at: batch) } catch let failure as HDF5Error
          where failure.code == .malformed
        {
          // Which chunk: the first of the batch that does not decode on its own.
          for start in batch {
            do { _ = try reader.decodedChunks(at: [start]) } catch let single as HDF5Error {
              throw located(single, start: start, count: extent(start))
            }
          }
          throw failure
        }
        for (start, chunk) in zip(batch, decoded) {
          let count = extent(start)
          var bytes: [UInt8]
          if let chunk, count == block {
            bytes = chunk
          } else if let chunk {
            // An edge chunk: its stored size is the full chunk; keep what lies inside the dataset.
            bytes = [UInt8](repeating: 0, count: count.reduce(width, *))
            BoxCopy.copy(
              chunk, shape: block, into: &bytes, shape: count, at: [Int](repeating: 0, count: count.count),
              count: count, width: width)
          } else {
            do { bytes = try reader.read(start: start, count: count).bytes } catch let failure as HDF5Error
              where failure.code == .malformed
            {
              throw located(failure, start: start, count: count)
            }
          }
          try body(start, count, bytes)
        }
      }
      return
    }
    var index = [Int](repeating: 0, count: shape.count)
    while true {
      let start = zip(index, block).map { $0 * $1 }
      let count = extent(start)
      let bytes: [UInt8]
      do {
        bytes = try reader.read(start: start, count: count).bytes
      } catch let failure as HDF5Error where failure.code == .malformed {
        throw located(failure, start: start, count: count)
      }
      try body(start, count, bytes)
      guard GridIndex.advance(&index, within: grid) else { return }
    }
  }
}
