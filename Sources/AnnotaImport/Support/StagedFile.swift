// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written piece by piece beside its destination under a temporary name and renamed into
/// place only when complete: a failed or interrupted write never leaves a file that looks finished.
package final class StagedFile {
  /// Why writing failed.
  package struct Failure: Error, CustomStringConvertible {
    package var path: String
    package var message: String
    package var description: String { "\(path): \(message)" }
  }

  package let destination: String
  package let temporary: String
  private var stream: UnsafeMutablePointer<FILE>?

  package init(_ destination: String) throws(Failure) {
    self.destination = destination
    let folder = destination.contains("/") ? String(destination[..<destination.lastIndex(of: "/")!]) : "."
    let name = destination.split(separator: "/").last.map(String.init) ?? destination
    temporary = folder + "/." + name + ".partial-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
    guard let stream = fopen(temporary, "wx") else {
      throw Failure(path: destination, message: "cannot create \(temporary): \(String(cString: strerror(errno)))")
    }
    self.stream = stream
  }

  deinit { abandon() }

  /// Appends text.
  package func write(_ text: String) throws(Failure) {
    var text = text
    if let failure = text.withUTF8({ written(UnsafeRawBufferPointer($0)) }) { throw failure }
  }

  /// Appends bytes.
  package func write(bytes: [UInt8]) throws(Failure) {
    if let failure = bytes.withUnsafeBytes({ written($0) }) { throw failure }
  }

  /// Writes `bytes`; what went wrong, if anything.
  private func written(_ bytes: UnsafeRawBufferPointer) -> Failure? {
    guard let stream else { return Failure(path: destination, message: "already closed") }
    guard bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, stream) == bytes.count else {
      return Failure(path: destination, message: "write failed: \(String(cString: strerror(errno)))")
    }
    return nil
  }

  /// Appends a whole file's content (copied in chunks).
  package func append(contentsOf path: String) throws(Failure) {
    guard let source = fopen(path, "r") else { throw Failure(path: path, message: "cannot reopen") }
    defer { fclose(source) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, source) }
      if count == 0 { break }
      let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, count, stream) }
      guard written == count else { throw Failure(path: destination, message: "write failed") }
    }
  }

  /// Writes buffered bytes to the temporary file, so it can be read back.
  package func flush() throws(Failure) {
    guard let stream, fflush(stream) == 0 else { throw Failure(path: destination, message: "flush failed") }
  }

  /// Flushes, closes and renames into place.
  package func commit() throws(Failure) {
    guard let stream else { throw Failure(path: destination, message: "already closed") }
    self.stream = nil
    guard fflush(stream) == 0, fsync(fileno(stream)) == 0, fclose(stream) == 0 else {
      unlink(temporary)
      throw Failure(path: destination, message: "could not finish writing: \(String(cString: strerror(errno)))")
    }
    guard rename(temporary, destination) == 0 else {
      unlink(temporary)
      throw Failure(path: destination, message: "could not rename into place: \(String(cString: strerror(errno)))")
    }
  }

  /// Closes and deletes the temporary file (nothing when already committed).
  package func abandon() {
    guard let stream else { return }
    fclose(stream)
    self.stream = nil
    unlink(temporary)
  }
}
