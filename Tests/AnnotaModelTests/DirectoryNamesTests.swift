// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTestSupport
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Folder listings read each name in place, never a whole `struct dirent` past a short record.
@Suite("Directory names")
struct DirectoryNamesTests {
  /// Every name comes back once, whatever its length (1 to 200 bytes), hidden or not, in UTF-8.
  @Test func everyNameOnceAtEveryLength() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var expected: Set<String> = [".hidden", "größe-ß.tif"]
    for index in 0..<2500 {
      let name = String(repeating: "n", count: 1 + index % 200) + "-\(index)"
      expected.insert(name)
    }
    for name in expected { #expect(FileManager.default.createFile(atPath: folder.file(name), contents: nil)) }
    try FileManager.default.createDirectory(atPath: folder.file("sub"), withIntermediateDirectories: false)
    expected.insert("sub")
    let names = try #require(DirectoryNames.of(folder.path))
    #expect(names.count == expected.count, "no name twice, and no `.` or `..`")
    #expect(Set(names) == expected)
  }

  /// A folder that cannot be opened gives `nil` with `errno` saying why.
  @Test func aMissingFolderIsNilWithTheReason() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let absent = DirectoryNames.of(folder.file("absent"))
    let absentReason = errno
    #expect(absent == nil)
    #expect(absentReason == ENOENT)
    #expect(FileManager.default.createFile(atPath: folder.file("plain"), contents: Data([1])))
    let plain = DirectoryNames.of(folder.file("plain"))
    let plainReason = errno
    #expect(plain == nil)
    #expect(plainReason == ENOTDIR)
  }

  /// No source file copies a directory record's name tuple again (it read past the record and
  /// crashed `pack` now and then); folders are listed through ``DirectoryNames``.
  @Test func noSourceCopiesADirectoryRecord() throws {
    let sources = Paths.project("Sources")
    let enumerator = try #require(FileManager.default.enumerator(atPath: sources))
    var offenders: [String] = []
    while let relative = enumerator.nextObject() as? String {
      guard relative.hasSuffix(".swift") else { continue }
      let text = try String(contentsOfFile: sources + "/" + relative, encoding: .utf8)
      if text.contains("pointee.d_name") { offenders.append(relative) }
    }
    #expect(offenders.isEmpty, "copies `entry.pointee.d_name`: \(offenders)")
  }
}
