// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The one write-everything loop: all bytes land, and a failure says why through `errno`.
@Suite struct DescriptorWriteTests {
  @Test func everyByteIsWrittenAndAFailureKeepsItsReason() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("out.bin")
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
    let output = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(output >= 0)
    #expect(bytes.withUnsafeBytes { DescriptorWrite.all($0, to: output) })
    close(output)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
    // A descriptor opened for reading cannot be written: false, and errno says so.
    let input = open(path, O_RDONLY)
    try #require(input >= 0)
    defer { close(input) }
    let written = bytes.withUnsafeBytes { DescriptorWrite.all($0, to: input) }
    let reason = errno
    #expect(!written)
    #expect(reason == EBADF)
    #expect([UInt8]().withUnsafeBytes { DescriptorWrite.all($0, to: input) }, "nothing to write is done")
  }
}
