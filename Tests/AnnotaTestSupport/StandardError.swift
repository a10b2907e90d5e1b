// SPDX-License-Identifier: Apache-2.0
import Foundation

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Runs `body` with the process's standard error redirected to a file, and returns what was written.
///
/// C libraries print to file descriptor 2 directly, so this is the only way to prove they stay quiet.
/// Swift Testing reports progress on standard error too, from other tests running in parallel: its
/// lines (which start with a non-ASCII symbol such as ✔ or ◇) are dropped from the result.
/// - Parameter body: the work to watch.
/// - Returns: what else was written to standard error while it ran.
/// - Throws: what `body` throws, or a file error.
public func capturingStandardError(_ body: () throws -> Void) throws -> String {
  let folder = try TemporaryFolder()
  defer { folder.remove() }
  let path = folder.file("stderr.txt")
  _ = FileManager.default.createFile(atPath: path, contents: nil)
  let capture = open(path, O_WRONLY)
  let saved = dup(2)
  fflush(nil)
  dup2(capture, 2)
  close(capture)
  defer {
    fflush(nil)
    dup2(saved, 2)
    close(saved)
  }
  try body()
  fflush(nil)
  let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  return text.split(separator: "\n").filter { line in
    guard let first = line.first(where: { $0 != " " }) else { return false }
    return first.isASCII
  }.joined(separator: "\n")
}
