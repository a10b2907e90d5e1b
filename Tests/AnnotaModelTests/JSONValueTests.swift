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

  /// The bytes writer (COCO and GeoJSON streams) writes the text's bytes exactly.
  @Test func bytesAreTheTextsBytes() {
    let numbers: [Double] = [
      0, -0.0, 7, -7, 1e15 - 1, -(1e15 - 1), 1e15, 0.1, -2.5e-7, 123.456789, 1e300, .nan, .infinity,
    ]
    let value: JSONValue = .object([
      ("numbers", .array(numbers.map(JSONValue.number))), ("text", "quote \" back \\ tab \t é \u{2028}"),
      ("nested", [.object([("a", true)]), .bool(false), .null]), ("big", .integer(-(Int128(1) << 90))),
    ])
    var bytes: [UInt8] = []
    value.write(into: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == value.text)
    #expect(
      value.text.hasPrefix(#"{"numbers": [0, 0, 7, -7, 999999999999999, -999999999999999, 1000000000000000.0, 0.1"#),
      "\(value)")
  }
}
