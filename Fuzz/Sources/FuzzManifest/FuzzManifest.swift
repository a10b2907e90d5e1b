// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import FuzzSupport

/// The manifest reader (YAML and JSON): findings, never a crash, hang or unbounded growth.
///
/// The first byte picks the syntax, so one corpus exercises both readers.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = bytes(data, size)
  let syntax: ManifestSyntax = input.first.map { $0 & 1 == 0 } ?? true ? .yaml : .json
  _ = ManifestReader.read(bytes: Array(input.dropFirst()), syntax: syntax, file: "annota")
  return 0
}

@main
enum FuzzManifest {
  static func main() { runFuzzer(testOneInput) }
}
