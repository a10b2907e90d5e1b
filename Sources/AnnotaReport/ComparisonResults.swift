// SPDX-License-Identifier: Apache-2.0
import Foundation

/// An `annota compare --format json` result (`compare.schema.json`), read for the page: each image's
/// score and the two files compared.
struct ComparisonResults: Decodable {
  /// One image's scores.
  struct ImageScores: Decodable {
    struct Instance: Decodable {
      var threshold: Double
      var f1: Double
    }
    struct Points: Decodable { var f1: Double }
    var name: String
    var referenceFile: String
    var candidateFile: String
    var instance: [Instance]?
    var foregroundDice: Double?
    var points: Points?

    enum CodingKeys: String, CodingKey {
      case name, instance, points
      case referenceFile = "reference_file"
      case candidateFile = "candidate_file"
      case foregroundDice = "foreground_dice"
    }

    /// The score the page ranks by: instance F1 at the first threshold, else points F1, else
    /// foreground Dice.
    var score: Double? { instance?.first?.f1 ?? points?.f1 ?? foregroundDice }
  }

  var schema: String
  var reference: String
  var candidate: String
  var mode: String
  var images: [ImageScores]

  /// What the score is, for the page's headings.
  var scoreName: String {
    if let threshold = images.first?.instance?.first?.threshold { return "F1 at IoU \(threshold)" }
    if images.first?.points != nil { return "F1 (points)" }
    return "foreground Dice"
  }

  /// The largest comparison file read.
  static let maxBytes = 512 << 20

  /// Reads the file at `path`.
  /// - Throws: ``ReportError`` (`badComparison`) for a file that is no compare result.
  static func read(_ path: String) throws(ReportError) -> ComparisonResults {
    let hint = "; write one with `annota compare … --format json -o FILE`"
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ReportError(code: .badComparison, message: "cannot read the comparison result (check the path)", path: path)
    }
    defer { try? handle.close() }
    // Bounded: a comparison of a million images is about 500 MB of JSON; beyond, it is no result.
    guard let data = try? handle.read(upToCount: maxBytes + 1), data.count <= maxBytes else {
      throw ReportError(
        code: .badComparison, message: "the file is larger than \(maxBytes >> 20) MiB, or unreadable" + hint,
        path: path)
    }
    let results: ComparisonResults
    do { results = try JSONDecoder().decode(ComparisonResults.self, from: data) } catch {
      throw ReportError(
        code: .badComparison,
        message: "not an `annota compare --format json` result (\(Self.reason(error)))" + hint, path: path)
    }
    guard results.schema.hasPrefix("annota-compare/") else {
      throw ReportError(
        code: .badComparison, message: "its schema is \(results.schema), not annota-compare/1" + hint, path: path)
    }
    return results
  }

  private static func reason(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): "no \(key.stringValue)"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription
    case DecodingError.dataCorrupted(let context): context.debugDescription
    default: "\(error)"
    }
  }
}
