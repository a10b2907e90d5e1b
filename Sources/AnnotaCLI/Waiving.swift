// SPDX-License-Identifier: Apache-2.0
import AnnotaValidation
import Foundation

/// Applying a waiver file to a report, as `validate` and `report merge` do.
enum Waiving {
  /// The report with the findings `path`'s waivers accept (as of today) marked waived.
  /// - Throws: ``CommandFailure`` when the file cannot be read or is not a waiver table.
  static func apply(_ path: String, to report: ValidationReport) throws -> ValidationReport {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandFailure("\(path): the waiver file does not exist or cannot be read; check the path")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw CommandFailure("\(path): the waiver file is not UTF-8 text; save it as UTF-8")
    }
    do {
      let today = Date().formatted(.iso8601.year().month().day())
      return report.waiving(try Waivers(tsv: text), today: today)
    } catch {
      throw CommandFailure("\(path): \(error)")
    }
  }
}
