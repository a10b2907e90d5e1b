// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaTestSupport
import CAnnotaHDF5
import Foundation
import Testing

/// Compound datasets (PyTables tables, as DeepLabCut's `.h5` holds them) read field by field, written
/// here with libhdf5 itself so these run without Python; what is not a 1-D table, or is too large,
/// is a clear error.
@Suite struct HDF5TableTests {
  /// A three-row table: names, a scalar and a three-element array per row.
  private func table(shape: [Int] = [3], rows: Int = 3) throws -> (TemporaryFolder, String) {
    let folder = try TemporaryFolder()
    let path = folder.file("table.h5")
    try HDF5TestWriter.writeTable(
      names: (0..<rows).map { "row\($0)" }, x: (0..<rows).map { Double($0) + 0.5 },
      xyz: (0..<rows).map { [Double($0), -1, 1e300] }, shape: shape, to: path, name: "table")
    return (folder, path)
  }

  @Test func aTableReadsValueForValue() throws {
    let (folder, path) = try table()
    defer { folder.remove() }
    let read = try HDF5File(path: path).readTable("/table")
    #expect(read.count == 3)
    #expect(read.strings["name"] == ["row0", "row1", "row2"])
    #expect(read.numbers["x"] == [[0.5], [1.5], [2.5]])
    #expect(read.numbers["xyz"] == [[0, -1, 1e300], [1, -1, 1e300], [2, -1, 1e300]])
  }

  @Test func whatIsNotAOneAxisTableIsAClearError() throws {
    let (folder, path) = try table(shape: [2, 2], rows: 4)
    defer { folder.remove() }
    #expect { try HDF5File(path: path).readTable("/table") } throws: { "\($0)".contains("not a 1-D table") }
    let plain = folder.file("plain.h5")
    try HDF5TestWriter.write(
      [UInt8](repeating: 1, count: 16), shape: [4, 4], type: cannotahdf5_native_uint8(), to: plain, name: "labels")
    #expect { try HDF5File(path: plain).readTable("/labels") } throws: { "\($0)".contains("not a compound") }
    #expect { try HDF5File(path: plain).readTable("/absent") } throws: { "\($0)".contains("no dataset") }
  }

  /// A table larger than the read limit (a hostile row count, say) is refused before it is read.
  @Test func aTableOverTheReadLimitIsRefused() throws {
    let (folder, path) = try table(rows: 3)
    defer { folder.remove() }
    // 3 rows of 40 bytes: 120 bytes against a limit of 64.
    #expect {
      try HDF5File(path: path, limits: HDF5Limits(maxReadBytes: 64)).readTable("/table")
    } throws: { error in
      guard let error = error as? HDF5Error else { return false }
      return error.code == .limitExceeded
    }
  }
}
