// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import Foundation

/// `MASK-009` on one instance label image and the instance table beside it (SPEC §5.2): the table
/// reads, every object in the pixels has a row, every row an object, and every class is in the set's
/// label table.
enum InstanceTableCheck {
  /// Values listed in a finding, at most.
  static let listed = 10

  static func check(_ facts: inout FileFacts, table path: String, root: String, context: LabelContext) {
    var location = SourceLocation(file: path, pointer: context.pointer)
    func finding(_ message: String, hint: String) {
      facts.findings.append(MaskRules.instanceTable.finding(message, hint: hint, at: location))
    }
    guard let handle = FileHandle(forReadingAtPath: root + "/" + path),
      let data = try? handle.read(upToCount: GeoJSONReader.maxBytes + 1)
    else {
      finding("the instance table cannot be read", hint: "check the file's permissions")
      return
    }
    try? handle.close()
    guard data.count <= GeoJSONReader.maxBytes, let text = String(data: data, encoding: .utf8) else {
      finding("the instance table is not UTF-8 text of at most 64 MiB", hint: "write it as UTF-8 TSV (SPEC §5.2)")
      return
    }
    let rows: [Int: InstanceTable.Row]
    do { rows = try InstanceTable.parse(text) } catch {
      location.row = error.row
      facts.findings.append(
        MaskRules.instanceTable.finding(
          error.message, hint: "columns `value`, `label`, `source_id`; one row per object", at: location))
      return
    }
    let values = Set((facts.labels ?? [:]).keys.compactMap { Int(exactly: $0) })
    let unlisted = values.subtracting(rows.keys).sorted()
    if !unlisted.isEmpty {
      finding(
        "\(unlisted.count) object(s) in the mask have no row (values \(unlisted.prefix(listed).map(String.init).joined(separator: ", "))\(unlisted.count > listed ? ", …" : ""))",
        hint: "add a row per object, with its class")
    }
    let absent = Set(rows.keys).subtracting(values).sorted()
    if !absent.isEmpty {
      finding(
        "\(absent.count) row(s) name values the mask does not hold (\(absent.prefix(listed).map(String.init).joined(separator: ", "))\(absent.count > listed ? ", …" : ""))",
        hint: "remove the rows, or check the mask is the one the table was written for")
    }
    if let names = context.labelNames {
      let undeclared = Set(rows.values.map(\.label)).subtracting(names).sorted()
      if !undeclared.isEmpty {
        finding(
          "class(es) \(undeclared.map { "`\($0)`" }.joined(separator: ", ")) are not in the set's label table",
          hint: "add them to the label table, or correct the table's `label` column")
      }
    }
    for row in rows.values { facts.labelCounts[row.label, default: 0] += 1 }
  }

  /// Spellings of one class that differ only in letter case, spaces, `_` or `-`, across the instance
  /// tables of a set: each spelling with the first file (in set order) that uses it, the first
  /// spelling met first.
  static func inconsistentSpellings(_ files: [(path: String, names: Set<String>)]) -> [(String, [(String, String)])] {
    var spellings: [String: [(String, String)]] = [:]
    for (path, names) in files {
      for name in names.sorted() {
        let key = String(name.lowercased().filter { !" _-".contains($0) })
        if !(spellings[key] ?? []).contains(where: { $0.0 == name }) {
          spellings[key, default: []].append((name, path))
        }
      }
    }
    return spellings.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }
}
