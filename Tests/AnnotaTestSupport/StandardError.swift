// SPDX-License-Identifier: Apache-2.0
import Foundation

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

/// Runs `body` with the process's standard error redirected to a file, and returns what was written.
///
/// C libraries print to file descriptor 2 directly, so this is the only way to prove they stay quiet.
/// Nothing in the process may write to standard error meanwhile; every other test keeps it quiet too.
/// - Parameter body: the work to watch.
/// - Returns: everything written to standard error while it ran.
/// - Throws: what `body` throws, or a file error.
public func capturingStandardError(_ body: () throws -> Void) throws -> String {
  let folder = try TemporaryFolder()
  defer { folder.remove() }
  let path = folder.file("stderr.txt")
  FileManager.default.createFile(atPath: path, contents: nil)
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
  return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
