// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension DatasetImporter.PlannedFile {
  /// A planned file that holds `text` (GeoJSON, a class or instance table).
  /// - Parameters:
  ///   - path: where, relative to the dataset.
  ///   - text: the content.
  /// - Returns: the planned file.
  package static func text(_ path: String, _ text: String) -> Self {
    Self(path: path) { target in try Self.write(text, to: target) }
  }

  /// Writes `text` to `target`, replacing what is there.
  ///
  /// No `fsync` per file (Foundation's `Data.write` syncs each one: 8 % of a 2 000-file conversion):
  /// an import writes into a staging folder renamed at the end, and the manifest records every
  /// file's SHA-256, so a file cut short by a crash is found by `validate`.
  /// - Throws: ``ImportError`` `.io` with the system's reason.
  package static func write(_ text: String, to target: String) throws(ImportError) {
    let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard output >= 0 else { throw failure("cannot be created", target) }
    var text = text
    guard text.withUTF8({ DescriptorWrite.all(UnsafeRawBufferPointer($0), to: output) }) else {
      let error = failure("cannot be written", target)
      close(output)
      throw error
    }
    guard close(output) == 0 else { throw failure("cannot be finished", target) }
  }

  private static func failure(_ what: String, _ target: String) -> ImportError {
    ImportError(code: .io, message: "\(what): \(String(cString: strerror(errno)))", path: target)
  }
}
