// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A record file written whole or not at all.
enum CatalogOutput {
  /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
  /// - Throws: ``ExportError`` `.notWritten` with the system's reason; nothing is left behind.
  static func replaceFile(_ path: String, with bytes: [UInt8]) throws(ExportError) {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    let parent = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    let staging =
      (parent.isEmpty ? "" : parent) + "/." + name + ".partial-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    do {
      try FileCopy.create(staging, with: bytes)
    } catch {
      try? FileManager.default.removeItem(atPath: staging)
      throw error
    }
    guard rename(staging, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: staging)
      throw ExportError(code: .notWritten, message: "cannot move the record into place: \(reason)", path: path)
    }
  }
}
