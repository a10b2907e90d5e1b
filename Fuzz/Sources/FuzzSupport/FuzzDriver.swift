// SPDX-License-Identifier: Apache-2.0
import Dispatch

#if canImport(Glibc)
  @preconcurrency import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer's driver with a target's callback (SwiftPM gives each executable its own `main`).
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) {
  var argc = CommandLine.argc
  var argv = CommandLine.unsafeArgv
  _ = runDriver(&argc, &argv, callback)
}

/// The input as bytes.
public func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
  Array(UnsafeBufferPointer(start: data, count: size))
}

/// Writes the input to a private file named `name` (for readers that take paths), runs `body`, and
/// removes it.
public func withFile(_ bytes: [UInt8], named name: String, _ body: (String) -> Void) {
  var template = Array("/tmp/annota-fuzz-XXXXXX".utf8CString)
  guard let made = mkdtemp(&template) else { return }
  let folder = String(cString: made)
  let path = folder + "/" + name
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  if descriptor >= 0 {
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    body(path)
  }
  unlink(path)
  rmdir(folder)
}

/// Runs async work to its end from libFuzzer's (non-async) callback.
public func runBlocking(_ work: @escaping @Sendable () async -> Void) {
  let done = DispatchSemaphore(value: 0)
  Task {
    await work()
    done.signal()
  }
  done.wait()
}
