// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import Testing

/// The class table (SPEC §5.5) read once for export, compare and conversion: columns found by
/// their header names, cells trimmed, incomplete rows skipped, and bad files clear errors.
@Suite struct ClassTableTests {
  @Test func columnsAreFoundByName() throws {
    let text =
      "\u{FEFF}confidence\tlabel\timage\n0.9\t mitotic \tcells_01\n\n0.5\tinterphase\tcells_02\r\n1\t\tcells_03\n"
    let rows = try ClassTable.parse(Array(text.utf8))
    #expect(
      rows == [.init(image: "cells_01", label: "mitotic"), .init(image: "cells_02", label: "interphase")],
      "the BOM, spaces and CR are not part of a cell; a row without a label is skipped")
  }

  @Test func badTablesAreClearErrors() {
    let cases: [([UInt8], String)] = [
      (Array("image\tclass\ncells_01\tmitotic\n".utf8), "columns image and label"),
      ([], "empty class table"),
      ([0x69, 0x6D, 0xFF, 0xFE, 0x0A], "not UTF-8"),
    ]
    for (bytes, reason) in cases {
      #expect { try ClassTable.parse(bytes) } throws: { "\($0)".contains(reason) }
    }
  }
}
