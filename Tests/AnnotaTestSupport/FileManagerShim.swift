// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Folder listings for tests that check nothing was left behind.
public enum FileManagerShim {
  /// The names in `folder`, sorted.
  /// - Parameter folder: a folder path.
  /// - Returns: the entry names.
  /// - Throws: file-system errors.
  public static func contents(of folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
  }
}

/// Whole-file reads and writes for tests that build damaged copies of real files.
public enum FileManagerShimData {
  /// The bytes of `path`, or `nil` when unreadable.
  /// - Parameter path: a file.
  /// - Returns: its bytes.
  public static func read(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
  }

  /// Writes `bytes` to `path`.
  /// - Parameters:
  ///   - bytes: the content.
  ///   - path: the file.
  /// - Throws: file-system errors.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  /// Creates the folder a file will go into (and its parents).
  /// - Parameter path: the file.
  /// - Throws: file-system errors.
  public static func createFolder(parentOf path: String) throws {
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
  }
}
