// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Copies a dataset's files into a bundle folder, hashing each in the same read, `width` files at once.
enum PayloadCopy {
  /// One file copied.
  struct Copied: Sendable {
    var path: String
    var size: Int
    var digests: [FixityAlgorithm: String]
  }

  /// Copies `entries` below `folder`, whose folders exist (``PayloadSink`` made them), in input order.
  /// - Throws: ``PackError`` at the first failure (the remaining copies are cancelled).
  static func copy(
    _ entries: [PayloadWalk.Entry], into folder: String, algorithms: Set<FixityAlgorithm>, width: Int
  ) async throws(PackError) -> [Copied] {
    var copied: [Copied] = []
    copied.reserveCapacity(entries.count)
    var failure: PackError? = nil
    try? await BoundedParallel.forEach(entries, width: max(1, width)) { entry in
      Result { () throws(PackError) in
        try FileStreaming.hash(entry.source, algorithms: algorithms, copyTo: folder + "/" + entry.path)
      }
    } emit: { index, result in
      switch result {
      case .success(let (digests, size)): copied.append(Copied(path: entries[index].path, size: size, digests: digests))
      case .failure(let error):
        failure = error
        throw error  // stops the remaining work
      }
    }
    if let failure { throw failure }
    return copied
  }
}
