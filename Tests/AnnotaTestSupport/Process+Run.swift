// SPDX-License-Identifier: Apache-2.0
import Foundation

/// What a finished child process printed and how it ended.
public struct ProcessOutput: Sendable {
  /// Standard output.
  public var stdout: String
  /// Standard error.
  public var stderr: String
  /// Exit status.
  public var status: Int32
}

/// Runs `executable` with `arguments` and waits for it, capturing both outputs.
/// - Parameters:
///   - executable: the program's path.
///   - arguments: its arguments.
///   - environment: extra environment variables.
/// - Returns: what it printed and its exit status.
/// - Throws: when the program cannot be started.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws
  -> ProcessOutput
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
  let errData = LockedData()
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    errData.set(err.fileHandleForReading.readDataToEndOfFile())
    group.leave()
  }
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return ProcessOutput(
    stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.get(), as: UTF8.self),
    status: process.terminationStatus)
}

/// A tiny lock-protected box for data read on another thread.
private final class LockedData: @unchecked Sendable {  // guarded by `lock`
  private let lock = NSLock()
  private var data = Data()
  func set(_ value: Data) { lock.withLock { data = value } }
  func get() -> Data { lock.withLock { data } }
}

/// The first Python 3 interpreter that can import every module in `modules`, or `nil`.
///
/// Tests that compare with Python tools run only when one is there.
/// - Parameter modules: module names, e.g. `["jsonschema", "yaml"]`.
/// - Returns: the interpreter's path.
public func python(with modules: [String]) -> String? {
  // The test venv `make test` provisions (scripts/test-venv.sh, pinned peers) comes first; the
  // benchmarks' venv (bench/.venv) counts too.
  let venvs = [Paths.project(".build/test-venv/bin/python"), Paths.project("bench/.venv/bin/python")]
  for candidate in venvs.prefix(1) + ["/usr/bin/python3", "/usr/local/bin/python3"] + pathCandidates("python3")
    + venvs.suffix(1)
  {
    guard FileManager.default.isExecutableFile(atPath: candidate) else { continue }
    let check = "import " + modules.joined(separator: ", ")
    if let result = try? runProcess(candidate, ["-c", check]), result.status == 0 { return candidate }
  }
  return nil
}

private func pathCandidates(_ name: String) -> [String] {
  (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
}
