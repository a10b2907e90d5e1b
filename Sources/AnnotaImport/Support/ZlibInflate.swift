// SPDX-License-Identifier: Apache-2.0
internal import CAnnotaZlib

/// zlib inflate with an output bound, so a small hostile stream cannot expand without limit.
enum ZlibInflate {
  /// Why inflating failed.
  struct Failure: Error {
    var message: String
  }

  /// Inflates a zlib stream.
  /// - Parameters:
  ///   - input: the compressed bytes.
  ///   - limit: the most bytes the output may have.
  /// - Returns: the decompressed bytes.
  /// - Throws: ``Failure`` for corrupt or truncated data and for output beyond `limit`.
  static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
    var stream = z_stream()
    guard cannotazlib_inflate_init(&stream) == Z_OK else { throw Failure(message: "zlib failed to start") }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    var input = input
    let count = input.count
    let result: Result<[UInt8], Failure> = input.withUnsafeMutableBufferPointer { source in
      stream.next_in = source.baseAddress
      stream.avail_in = uInt(count)
      while true {
        let status = chunk.withUnsafeMutableBufferPointer { target -> Int32 in
          stream.next_out = target.baseAddress
          stream.avail_out = uInt(target.count)
          return CAnnotaZlib.inflate(&stream, Z_NO_FLUSH)
        }
        output += chunk.prefix(chunk.count - Int(stream.avail_out))
        guard output.count <= limit else { return .failure(Failure(message: "inflates beyond \(limit) bytes")) }
        if status == Z_STREAM_END { return .success(output) }
        // Z_BUF_ERROR with no input left is a truncated stream: stop rather than spin.
        guard status == Z_OK else { return .failure(Failure(message: "not valid zlib data (truncated or corrupt)")) }
      }
    }
    return try result.get()
  }
}
