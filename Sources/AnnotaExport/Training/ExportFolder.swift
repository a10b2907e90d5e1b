// SPDX-License-Identifier: Apache-2.0
import Foundation
import Synchronization

/// The folder an export is written into, and what was written there.
///
/// It is a temporary folder beside the output, renamed into place only when everything has been
/// written, so a failed or interrupted export leaves nothing that looks complete. Writers on
/// several threads share one: its counts and folder cache are behind a lock.
final class ExportFolder: Sendable {
  /// The temporary folder.
  let staging: String
  /// Where it is renamed to.
  let output: String

  private struct State {
    var files = 0
    var links = 0
    /// Folders already made, relative.
    var made: Set<String> = [""]
  }
  private let state = Mutex(State())

  /// Files written.
  var files: Int { state.withLock { $0.files } }
  /// Files that arrived as hard links.
  var links: Int { state.withLock { $0.links } }

  /// Prepares a temporary folder beside `output`.
  /// - Parameter output: the folder to create; it must not exist, or be empty.
  /// - Throws: ``ExportError`` `.conflict` for a non-empty output, `.notWritten` when the parent
  ///   cannot take a folder.
  init(output: String) throws(ExportError) {
    let fileManager = FileManager.default
    var isFolder: ObjCBool = false
    if fileManager.fileExists(atPath: output, isDirectory: &isFolder) {
      guard isFolder.boolValue, (try? fileManager.contentsOfDirectory(atPath: output))?.isEmpty == true else {
        throw ExportError(
          code: .conflict, message: "the output exists and is not an empty folder; choose a new path", path: output)
      }
    }
    let trimmed = output.hasSuffix("/") ? String(output.dropLast()) : output
    let name = trimmed.split(separator: "/").last.map(String.init) ?? "export"
    let parent = trimmed.contains("/") ? String(trimmed[..<trimmed.lastIndex(of: "/")!]) : "."
    self.output = trimmed
    self.staging =
      (parent.isEmpty ? "" : parent) + "/." + name + ".partial-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    do {
      try fileManager.createDirectory(atPath: parent.isEmpty ? "/" : parent, withIntermediateDirectories: true)
      try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: false)
    } catch {
      throw ExportError(code: .notWritten, message: "cannot create the output folder", path: output, cause: error)
    }
  }

  /// Makes the folder `relative` (and its parents) inside the export.
  func folder(_ relative: String) throws(ExportError) {
    let failure: ExportError? = state.withLock { state in
      guard !state.made.contains(relative) else { return nil }
      do {
        try FileManager.default.createDirectory(atPath: staging + "/" + relative, withIntermediateDirectories: true)
      } catch {
        return ExportError(
          code: .notWritten, message: "cannot create the folder", path: output + "/" + relative, cause: error)
      }
      var path = relative
      while !path.isEmpty {
        state.made.insert(path)
        path = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ""
      }
      return nil
    }
    if let failure { throw failure }
  }

  /// Copies (or hard-links) a dataset file to `relative`.
  func place(_ source: String, at relative: String, hardLink: Bool = false) throws(ExportError) {
    try folder(parent(relative))
    let linked = try FileCopy.copy(source, to: staging + "/" + relative, hardLink: hardLink) == .link
    state.withLock {
      $0.files += 1
      if linked { $0.links += 1 }
    }
  }

  /// Writes a new file at `relative`.
  func create(_ relative: String, text: String) throws(ExportError) {
    try create(relative, bytes: Array(text.utf8))
  }

  /// Writes a new file at `relative`.
  func create(_ relative: String, bytes: [UInt8]) throws(ExportError) {
    try folder(parent(relative))
    try FileCopy.create(staging + "/" + relative, with: bytes)
    state.withLock { $0.files += 1 }
  }

  /// The path of `relative` inside the temporary folder, for writers that create files themselves.
  func path(_ relative: String) throws(ExportError) -> String {
    try folder(parent(relative))
    state.withLock { $0.files += 1 }
    return staging + "/" + relative
  }

  /// Renames the temporary folder into place.
  func finish() throws(ExportError) {
    let fileManager = FileManager.default
    do {
      if fileManager.fileExists(atPath: output) { try fileManager.removeItem(atPath: output) }  // empty: checked
      try fileManager.moveItem(atPath: staging, toPath: output)
    } catch {
      throw ExportError(code: .notWritten, message: "cannot move the export into place", path: output, cause: error)
    }
  }

  /// Removes the temporary folder after a failure.
  func discard() { try? FileManager.default.removeItem(atPath: staging) }

  private func parent(_ relative: String) -> String {
    relative.contains("/") ? String(relative[..<relative.lastIndex(of: "/")!]) : ""
  }
}
