// SPDX-License-Identifier: Apache-2.0
import Foundation

/// Where the tests find the project's own files, the shared corpus and the built binaries.
public enum Paths {
  /// The package root, found from this file's location.
  public static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/AnnotaTestSupport/Paths.swift
    return url.path
  }()

  /// A path under the package root.
  /// - Parameter relative: e.g. `Fixtures/demo`.
  /// - Returns: the absolute path.
  public static func project(_ relative: String) -> String { packageRoot + "/" + relative }

  /// The spec folder of standard version 0.1.
  public static let spec = project("Specs/annota/0.2")

  /// The shared corpus of real files from other tools (`../shared/corpus` from the project root),
  /// or `nil` when it is absent, in which case corpus tests skip.
  public static let corpus: String? = {
    let path = URL(fileURLWithPath: packageRoot).deletingLastPathComponent()
      .appendingPathComponent("shared/corpus").standardizedFileURL.path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }()

  /// A corpus file, or `nil` when the corpus is absent.
  /// - Parameter relative: e.g. `label-tiff/stardist_mask2d.tif`.
  /// - Returns: its absolute path.
  public static func corpus(_ relative: String) -> String? { corpus.map { $0 + "/" + relative } }

  /// A corpus file's bytes, or `nil` when the corpus is absent or the file unreadable.
  /// - Parameter relative: e.g. `ome-xml/ROI.ome.xml`.
  /// - Returns: the bytes.
  public static func corpusBytes(_ relative: String) -> [UInt8]? {
    corpus(relative).flatMap { FileManager.default.contents(atPath: $0) }.map { Array($0) }
  }

  /// The folder holding the built products (`annota`), beside the running test bundle.
  public static let products: String = {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    var folder = executable.deletingLastPathComponent()
    // On Linux the test binary is `<products>/AnnotaPackageTests.xctest`.
    if folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
    return folder.path
  }()

  /// The files in `folder` (relative to the package root) whose names end in `suffix`, sorted.
  /// - Parameters:
  ///   - folder: a folder under the package root.
  ///   - suffix: e.g. `.yaml`.
  /// - Returns: absolute paths.
  public static func files(in folder: String, suffix: String) -> [String] {
    let absolute = folder.hasPrefix("/") ? folder : project(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.sorted().map { absolute + "/" + $0 }
  }
}

/// A fresh temporary folder, removed by the caller with ``remove()``.
public struct TemporaryFolder: Sendable {
  /// Its path.
  public let path: String

  /// Creates the folder.
  /// - Throws: file-system errors.
  public init() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("annota-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    path = url.path
  }

  /// A path inside the folder.
  /// - Parameter name: a relative name.
  /// - Returns: the absolute path.
  public func file(_ name: String) -> String { path + "/" + name }

  /// Writes `text` to `name` inside the folder.
  /// - Parameters:
  ///   - text: the content.
  ///   - name: a relative name.
  /// - Returns: the file's path.
  @discardableResult
  public func write(_ text: String, to name: String) throws -> String {
    let target = file(name)
    try FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: target))
    return target
  }

  /// A writable copy of the demo dataset (`Fixtures/demo`) in a fresh temporary folder.
  /// - Returns: the folder holding the copy.
  /// - Throws: file-system errors.
  public static func demoCopy() throws -> TemporaryFolder {
    let folder = try TemporaryFolder()
    try FileManager.default.removeItem(atPath: folder.path)
    try FileManager.default.copyItem(atPath: Paths.project("Fixtures/demo"), toPath: folder.path)
    return folder
  }

  /// Deletes the folder and everything in it.
  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
