// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Testing

@Suite("JSON values")
struct JSONValueDescriptionTests {
  @Test func printsAsJSON() {
    let value: JSONValue = .object([("id", 3), ("tags", ["a", .null]), ("big", .integer(Int128(1) << 70))])
    #expect("\(value)" == #"{"id": 3, "tags": ["a", null], "big": 1180591620717411303424}"#)
    #expect(String(reflecting: value) == value.text)
  }
}
