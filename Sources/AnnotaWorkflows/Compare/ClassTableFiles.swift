// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
import AnnotaModel
import Foundation

/// Image-level class labels read from a `class_table` (SPEC §5.5): a UTF-8 TSV with a header row
/// and the columns `image` and `label`, one row per label.
enum ClassTableFiles {
  /// The labels of each image, in the table's order.
  struct Loaded {
    var labels: [String: [String]]
    var order: [String]
  }

  /// Reads a class table.
  /// - Parameter path: the TSV file.
  /// - Returns: its labels by image.
  /// - Throws: ``CompareError`` when the file cannot be read or lacks the `image` or `label` column.
  static func load(_ path: String) throws(CompareError) -> Loaded {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CompareError(code: .missingInput, message: "cannot read the file; check the path", path: path)
    }
    let rows: [ClassTable.Row]
    do { rows = try ClassTable.parse(Array(data)) } catch {
      throw CompareError(code: .unsupported, message: error.message, path: path)
    }
    var loaded = Loaded(labels: [:], order: [])
    for row in rows {
      if loaded.labels[row.image] == nil { loaded.order.append(row.image) }
      loaded.labels[row.image, default: []].append(row.label)
    }
    return loaded
  }

  /// A set's tables merged: each image's labels from every file, in file order.
  /// - Parameter files: the class-table files.
  /// - Returns: the merged labels, and a *could not check* entry for each file that did not read.
  static func merged(_ files: [String]) -> (table: Loaded, unread: [CouldNotCheck]) {
    var merged = Loaded(labels: [:], order: [])
    var unread: [CouldNotCheck] = []
    for file in files {
      do {
        let table = try load(file)
        for image in table.order {
          if merged.labels[image] == nil { merged.order.append(image) }
          merged.labels[image, default: []] += table.labels[image] ?? []
        }
      } catch {
        unread.append(
          CouldNotCheck(
            rule: CompareRules.unreadable.id, location: SourceLocation(file: error.path), reason: error.message))
      }
    }
    return (merged, unread)
  }
}
