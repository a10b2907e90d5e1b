// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A BioImage Archive file list (TSV) checked on its own, streamed: the RO-Crate style (`file_path`,
/// `dataset`, `type`, `source_image`…) or the BioStudies style (`Files` first), as the BIA's
/// validator and help pages describe them — with row numbers, every finding in one pass.
///
/// Memory is bounded by one 64-bit hash and row number per path (a million rows: tens of MB), not by
/// the paths' text.
struct FileListCheck {
  /// Findings per rule beyond which only a count is given.
  static let perRule = 100
  /// The size of each read.
  static let chunk = 4 << 20

  let path: String
  let name: String
  /// Folder the listed paths are relative to (the list's own).
  let folder: String

  private var findings: [Diagnostic] = []
  private var counts: [RuleID: Int] = [:]
  /// Findings beyond the first ``perRule`` of a rule: counted, not listed.
  private(set) var omitted: [ValidationReport.Omitted] = []
  private(set) var unchecked: [ValidationReport.Unchecked] = []
  private(set) var rows = 0
  private(set) var bytes = 0

  init(path: String) {
    self.path = path
    name = String(path.split(separator: "/").last ?? Substring(path))
    folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
  }

  /// Whether a file's first line is a BIA file-list header.
  static func looksLikeFileList(_ firstLine: String) -> Bool {
    let cells = firstLine.split(separator: "\t", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces).lowercased()
    }
    return cells.first == "files" || cells.contains("file_path")
  }

  private mutating func report(_ rule: Rule, _ message: String, hint: String, row: Int?, column: Int? = nil) {
    counts[rule.id, default: 0] += 1
    guard counts[rule.id]! <= Self.perRule else { return }
    var location = SourceLocation(file: name)
    location.row = row
    location.column = column
    findings.append(rule.finding(message, hint: hint, at: location))
  }

  /// Reads and checks the whole list.
  mutating func check() -> [Diagnostic] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      report(FileRules.unreadable, "the file list cannot be read", hint: "check its permissions", row: nil)
      return findings
    }
    defer { close(descriptor) }
    var header: [String]? = nil
    var columns = Columns()
    // Hash of each path → its first row and whether its type is image; source-image references to
    // resolve at the end (they may point forward). Bytes throughout: a String is made only for a finding.
    var seen: [UInt64: (row: Int32, isImage: Bool)] = [:]
    var references: [(hash: UInt64, row: Int32)] = []
    var probe: [String] = []
    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: Self.chunk)
    var lineNumber = 0
    var cells: [Range<Int>] = []
    func handle(_ line: UnsafeBufferPointer<UInt8>, into check: inout FileListCheck) {
      lineNumber += 1
      var count = line.count
      if count > 0, line[count - 1] == 0x0D { count -= 1 }
      let line = UnsafeBufferPointer(rebasing: line[0..<count])
      guard let fields = header else {
        let cells = String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map {
          $0.trimmingCharacters(in: .whitespaces)
        }
        header = cells
        columns = Columns(cells)
        check.checkHeader(cells, columns)
        return
      }
      check.rows += 1
      guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
        check.report(
          ProfileRules.fileListRow, "a blank line", hint: "remove blank lines: BioStudies file lists refuse them",
          row: lineNumber)
        return
      }
      cells.removeAll(keepingCapacity: true)
      var cellStart = 0
      for index in 0..<line.count where line[index] == 0x09 {
        cells.append(cellStart..<index)
        cellStart = index + 1
      }
      cells.append(cellStart..<line.count)
      if cells.count != fields.count {
        check.report(
          ProfileRules.fileListRow, "\(cells.count) cells; the header has \(fields.count)",
          hint: "one cell per column, separated by tabs", row: lineNumber)
      }
      func cell(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[Self.unquoted(cells[column], in: line)])
      }
      guard let pathColumn = columns.path, pathColumn < cells.count else { return }
      let listed = cell(pathColumn)
      check.checkPath(listed, row: lineNumber, column: pathColumn + 1)
      let hash = Self.hash(listed)
      let isImage = columns.type.map { $0 < cells.count && Self.isImageType(cell($0)) } ?? false
      if let first = seen[hash] {
        check.report(
          ProfileRules.duplicatePath,
          "\(String(decoding: listed, as: UTF8.self)) is listed again (first in row \(first.row))",
          hint: "list each file once", row: lineNumber, column: pathColumn + 1)
      } else {
        seen[hash] = (Int32(lineNumber), isImage)
      }
      if probe.count < 100 { probe.append(String(decoding: listed, as: UTF8.self)) }
      if let size = columns.size, size < cells.count {
        let text = cell(size)
        if let value = Self.integer(text) {
          if value > DatasetValidator.maxFileBytes {
            check.report(
              FileRules.tooLarge,
              "\(String(decoding: listed, as: UTF8.self)): \(value) bytes; the BioImage Archive accepts files up to 2 TB",
              hint: "split the file", row: lineNumber, column: size + 1)
          }
        } else if !text.isEmpty {
          check.report(
            ProfileRules.fileListRow, "size `\(String(decoding: text, as: UTF8.self))` is not a whole number of bytes",
            hint: "write the size in bytes", row: lineNumber, column: size + 1)
        }
      }
      if let source = columns.sourceImage, source < cells.count {
        for reference in Self.values(cell(source)) {
          references.append((Self.hash(UnsafeBufferPointer(rebasing: cell(source)[reference])), Int32(lineNumber)))
        }
      }
    }
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      bytes += count
      var start = 0
      buffer.withUnsafeBufferPointer { chunk in
        while let newline = chunk[start..<count].firstIndex(of: 0x0A) {
          if pending.isEmpty {
            handle(UnsafeBufferPointer(rebasing: chunk[start..<newline]), into: &self)
          } else {
            pending += chunk[start..<newline]
            pending.withUnsafeBufferPointer { handle($0, into: &self) }
            pending.removeAll(keepingCapacity: true)
          }
          start = newline + 1
        }
        pending += chunk[start..<count]
      }
      guard pending.count <= 1 << 20 else {
        report(
          ProfileRules.fileListRow, "a line over 1 MiB: not a file list", hint: "check the file is the TSV file list",
          row: lineNumber + 1)
        return finish()
      }
    }
    if !pending.isEmpty { pending.withUnsafeBufferPointer { handle($0, into: &self) } }
    if header == nil {
      report(
        ProfileRules.fileListHeader, "the file is empty", hint: "write a header row, then one row per file", row: 1)
    }
    // Source images must be rows of the list, of type image where types are given.
    for reference in references {
      guard let target = seen[reference.hash] else {
        report(
          ProfileRules.sourceImage, "the source image is not a file of the list",
          hint: "list the image, or correct the reference", row: Int(reference.row),
          column: columns.sourceImage.map { $0 + 1 })
        continue
      }
      if columns.type != nil, !target.isImage {
        report(
          ProfileRules.sourceImage, "the source image (row \(target.row)) is not of type image",
          hint: "give the image row the type `http://bia/Image` (or `image`)", row: Int(reference.row),
          column: columns.sourceImage.map { $0 + 1 })
      }
    }
    checkPresence(probe: probe)
    return finish()
  }

  /// Listed files beside the list: checked when the list sits with its data (some of the first
  /// hundred exist); otherwise said to be unchecked, not reported one by one.
  private mutating func checkPresence(probe: [String]) {
    guard !probe.isEmpty else { return }
    var info = stat()
    let missing = probe.filter { stat(folder + "/" + $0, &info) != 0 }
    if missing.count == probe.count {
      unchecked.append(
        .init(
          rule: FileRules.missing.id, location: SourceLocation(file: name),
          reason: "none of the first \(probe.count) listed files is beside the list, so presence was not checked"))
    } else {
      for file in missing {
        report(FileRules.missing, "\(file) is listed but not found", hint: "add the file, or remove its row", row: nil)
      }
    }
  }

  private mutating func finish() -> [Diagnostic] {
    for (rule, count) in counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where count > Self.perRule {
      let template = findings.first { $0.rule == rule }
      omitted.append(
        .init(
          rule: rule, severity: template?.severity ?? .error, location: SourceLocation(file: name),
          count: count - Self.perRule))
    }
    return findings
  }

  private mutating func checkHeader(_ cells: [String], _ columns: Columns) {
    if columns.path == nil {
      report(
        ProfileRules.fileListHeader,
        "no `file_path` column (RO-Crate file list) and no `Files` first column (BioStudies)",
        hint: "name the column of paths `file_path` (or `Files`, first)", row: 1)
    }
    if columns.style == .roCrate, columns.dataset == nil {
      report(
        ProfileRules.fileListHeader, "no `dataset` column: the BIA's RO-Crate file list needs one",
        hint: "add a `dataset` column naming each file's dataset", row: 1)
    }
    var names: Set<String> = []
    for (index, cell) in cells.enumerated() where !names.insert(cell.lowercased()).inserted {
      report(
        ProfileRules.fileListHeader, "column `\(cell)` appears twice", hint: "name each column once", row: 1,
        column: index + 1)
    }
  }

  private mutating func checkPath(_ listed: UnsafeBufferPointer<UInt8>, row: Int, column: Int) {
    let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
    var why: String? = nil
    if listed.isEmpty {
      why = "an empty path"
    } else if listed.first == slash {
      why = "an absolute path"
    } else if listed.last == slash {
      why = "a trailing slash"
    } else {
      var segmentStart = 0
      for index in 0...listed.count where index == listed.count || listed[index] == slash {
        let length = index - segmentStart
        if length == 0 || (length == 1 && listed[segmentStart] == dot)
          || (length == 2 && listed[segmentStart] == dot && listed[segmentStart + 1] == dot)
        {
          why = "`.`, `..` or empty segments"
          break
        }
        segmentStart = index + 1
      }
    }
    if why == nil, let bad = listed.first(where: { $0 < 0x80 && BIAPaths.refused(Unicode.Scalar($0)) }) {
      why = "the character \(BIAPaths.describe(Unicode.Scalar(bad))), which the BIA's file lists refuse"
    }
    let text = { String(decoding: listed, as: UTF8.self) }
    if let why {
      report(
        ProfileRules.biaPathRefused, "\(text()): \(why)", hint: "write the path relative to the study folder, with `/`",
        row: row, column: column)
    } else if listed.contains(where: { $0 >= 0x80 || !BIAPaths.portable(Unicode.Scalar($0)) }) {
      let odd = text().unicodeScalars.first { !BIAPaths.portable($0) }.map(BIAPaths.describe) ?? "?"
      report(
        ProfileRules.biaPathUnportable, "\(text()): the character \(odd) is not portable",
        hint: "rename the file with letters, digits, `-`, `_` and `.` only", row: row, column: column)
    }
  }

  /// Which columns hold what.
  struct Columns {
    enum Style { case roCrate, bioStudies }
    var style: Style = .roCrate
    var path: Int?, dataset: Int?, type: Int?, size: Int?, sourceImage: Int?

    init() {}

    init(_ cells: [String]) {
      let lower = cells.map { $0.lowercased() }
      if lower.first == "files" {
        style = .bioStudies
        path = 0
      } else {
        path = lower.firstIndex(of: "file_path")
      }
      dataset = lower.firstIndex(of: "dataset")
      type = lower.firstIndex(of: "type")
      size = lower.firstIndex { ["size_in_bytes", "size"].contains($0) }
      // The headers the BIA's ingest accepts for the source image (case-insensitive).
      sourceImage = lower.firstIndex {
        [
          "source_image", "source image", "source_image_association", "source image association",
          "associated_source_image",
        ].contains($0)
      }
    }
  }

  /// The range of a cell without surrounding spaces and double quotes.
  static func unquoted(_ range: Range<Int>, in line: UnsafeBufferPointer<UInt8>) -> Range<Int> {
    var lower = range.lowerBound, upper = range.upperBound
    while lower < upper, line[lower] == 0x20 { lower += 1 }
    while upper > lower, line[upper - 1] == 0x20 { upper -= 1 }
    if upper - lower >= 2, line[lower] == 0x22, line[upper - 1] == 0x22 {
      lower += 1
      upper -= 1
    }
    return lower..<upper
  }

  /// The values of a multi-valued cell (`a.tif`, `a.tif, b.tif` or `["a.tif", "b.tif"]`), as ranges.
  static func values(_ cell: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var lower = 0, upper = cell.count
    if upper - lower >= 2, cell[lower] == UInt8(ascii: "["), cell[upper - 1] == UInt8(ascii: "]") {
      lower += 1
      upper -= 1
    }
    var out: [Range<Int>] = []
    var start = lower
    for index in lower...upper where index == upper || cell[index] == UInt8(ascii: ",") {
      var value = unquoted(start..<index, in: cell)
      if value.count >= 2, cell[value.lowerBound] == 0x27, cell[value.upperBound - 1] == 0x27 {
        value = value.lowerBound + 1..<value.upperBound - 1
      }
      if !value.isEmpty { out.append(value) }
      start = index + 1
    }
    return out
  }

  static func isImageType(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    func equals(_ word: StaticString) -> Bool {
      guard cell.count == word.utf8CodeUnitCount else { return false }
      return zip(cell, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)).allSatisfy {
        ($0 | 0x20) == $1 || $0 == $1
      }
    }
    return equals("http://bia/image") || equals("bia:image") || equals("image")
  }

  /// A non-negative decimal integer, or `nil`.
  static func integer(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
    guard !cell.isEmpty, cell.count <= 18 else { return nil }
    var value = 0
    for byte in cell {
      guard (0x30...0x39).contains(byte) else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  /// FNV-1a, 64 bits: stable, fast, and collisions among a million paths are below one in 10⁷.
  static func hash(_ text: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }
}
