// SPDX-License-Identifier: Apache-2.0

import AnnotaTestSupport
import Foundation

/// Runs a peer's Python script on cases written as JSON and decodes the JSON it prints: the metrics
/// peer tests send seeded random cases to scipy, scikit-learn and statsmodels this way.
enum PythonPeer {
  /// A script that failed, with what it printed on standard error.
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Writes `cases` to a temporary JSON file, runs `script` with its path as `sys.argv[1]`, and
  /// decodes standard output.
  /// - Parameters:
  ///   - script: the Python source.
  ///   - interpreter: the Python interpreter, from `python(with:)`.
  ///   - cases: the input, encoded as JSON.
  ///   - type: what the script prints, as JSON.
  /// - Returns: the decoded output.
  static func run<Input: Encodable, Output: Decodable>(
    _ script: String, interpreter: String, cases: Input, as type: Output.Type
  ) throws -> Output {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(String(decoding: try JSONEncoder().encode(cases), as: UTF8.self), to: "cases.json")
    let run = try runProcess(interpreter, ["-c", script, path])
    guard run.status == 0 else { throw Failure(description: "the peer script failed: \(run.stderr)") }
    return try JSONDecoder().decode(type, from: Data(run.stdout.utf8))
  }
}
