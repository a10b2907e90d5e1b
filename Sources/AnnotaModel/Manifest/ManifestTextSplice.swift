// SPDX-License-Identifier: Apache-2.0

/// Adds list items to a YAML manifest's text without touching anything else in it.
///
/// `annota init --update` appends images, label tables, annotation sets and the files of existing
/// sets. Rewriting the whole manifest would drop the person's comments, order and quoting, so the new
/// items are rendered in the canonical form and inserted at the end of their list, indented as that
/// list already is. Only block-style lists can be extended this way; for anything else (a flow list
/// such as `images: [...]`, a set without a `files:` list) the splice gives up and says why.
public enum ManifestTextSplice {
  /// Why the text cannot be extended in place.
  public struct Refusal: Error, Sendable, CustomStringConvertible {
    /// What stood in the way.
    public var description: String
  }

  /// `text` (the YAML of `existing`) with every item `merged` appends to `existing` inserted.
  ///
  /// `merged` must be `existing` with items appended only (as `DatasetDraft.update` in AnnotaImport produces):
  /// new images, label tables and annotation sets at the end of their lists, new files at the end of
  /// an existing set's `files`.
  /// - Parameters:
  ///   - text: the manifest file's text.
  ///   - existing: the manifest that text holds.
  ///   - merged: the manifest with the additions.
  /// - Returns: the new text; byte for byte `text` outside the inserted lines.
  /// - Throws: ``Refusal`` when a list to extend is not in block style.
  public static func append(to text: String, existing: Manifest, merged: Manifest) throws(Refusal) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let endsWithNewline = text.hasSuffix("\n")
    if endsWithNewline { lines.removeLast() }
    // Files of existing sets first: the sets appended below come after them in the list.
    for (index, set) in existing.annotationSets.enumerated() where index < merged.annotationSets.count {
      let added = Array(merged.annotationSets[index].files.dropFirst(set.files.count))
      guard !added.isEmpty else { continue }
      var only = set
      only.files = added
      let items = try rendered(nestedFilesOf: only)
      try insertFiles(items, intoSet: set.id, lines: &lines)
    }
    let additions: [(key: String, manifest: Manifest)] = [
      ("images", placeholder(images: Array(merged.images.dropFirst(existing.images.count)))),
      ("label_tables", placeholder(labelTables: Array(merged.labelTables.dropFirst(existing.labelTables.count)))),
      (
        "annotation_sets",
        placeholder(annotationSets: Array(merged.annotationSets.dropFirst(existing.annotationSets.count)))
      ),
    ]
    for (key, manifest) in additions {
      let items = try rendered(key, of: manifest)
      guard !items.isEmpty else { continue }
      try insertTopLevel(items, key: key, lines: &lines)
    }
    return lines.joined(separator: "\n") + (endsWithNewline ? "\n" : "")
  }

  // MARK: rendering

  private static func placeholder(
    images: [Image] = [], labelTables: [LabelTable] = [], annotationSets: [AnnotationSet] = []
  ) -> Manifest {
    var manifest = Manifest(
      study: Study(title: "-", description: "-", authors: [], licence: "-"), images: images,
      annotationSets: annotationSets)
    manifest.labelTables = labelTables
    return manifest
  }

  /// The items of top-level list `key` as the canonical writer renders them.
  private static func rendered(_ key: String, of manifest: Manifest) throws(Refusal) -> [String] {
    let lines = try canonicalLines(manifest)
    guard let start = lines.firstIndex(of: key + ":") else { return [] }
    let end = lines[(start + 1)...].firstIndex(where: isTopLevelKey) ?? lines.endIndex
    return trimmed(Array(lines[(start + 1)..<end]))
  }

  /// The items of the only set's `files` list as the canonical writer renders them.
  private static func rendered(nestedFilesOf set: AnnotationSet) throws(Refusal) -> [String] {
    let lines = try canonicalLines(placeholder(annotationSets: [set]))
    guard let key = lines.firstIndex(where: { $0.trimmingLeadingSpaces == "files:" }) else { return [] }
    return trimmed(Array(lines[(key + 1)..<blockEnd(after: key, in: lines)]))
  }

  private static func canonicalLines(_ manifest: Manifest) throws(Refusal) -> [String] {
    do {
      return try ManifestWriter.text(for: manifest, syntax: .yaml).split(
        separator: "\n", omittingEmptySubsequences: false
      ).map(String.init)
    } catch {
      throw Refusal(description: "the additions cannot be written: \(error)")
    }
  }

  // MARK: splicing

  private static func insertTopLevel(_ items: [String], key: String, lines: inout [String]) throws(Refusal) {
    guard let keyLine = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) else {
      // No such list yet: a new block at the end, separated as the writer separates blocks.
      if let last = lines.last, !last.isEmpty { lines.append("") }
      lines += [key + ":"] + items
      return
    }
    guard String(lines[keyLine].dropFirst(key.count + 1)).isEmptyOrComment else {
      throw Refusal(description: "`\(key)` is not a block list (\(lines[keyLine])); it cannot be added to in place")
    }
    let end = lines[(keyLine + 1)...].firstIndex(where: isTopLevelKey) ?? lines.endIndex
    insert(items, afterBlockFrom: keyLine, to: end, lines: &lines)
  }

  private static func insertFiles(_ items: [String], intoSet id: String, lines: inout [String]) throws(Refusal) {
    guard let setsLine = lines.firstIndex(where: { $0.hasPrefix("annotation_sets:") }) else {
      throw Refusal(description: "no `annotation_sets` list to add the files of set \(id) to")
    }
    let setsEnd = lines[(setsLine + 1)...].firstIndex(where: isTopLevelKey) ?? lines.endIndex
    // The set's item: a `- ` line at the list's indent, whose mapping holds `id: <id>`.
    let itemStarts = (setsLine + 1..<setsEnd).filter { lines[$0].trimmingLeadingSpaces.hasPrefix("- ") }
    let itemIndent = itemStarts.map { lines[$0].leadingSpaces }.min() ?? 0
    let setStarts = itemStarts.filter { lines[$0].leadingSpaces == itemIndent }
    for (position, start) in setStarts.enumerated() {
      let end = position + 1 < setStarts.count ? setStarts[position + 1] : setsEnd
      let body = start..<end
      let names = body.map { String(lines[$0].drop { $0 == "-" || $0 == " " }) }
      guard names.contains(where: { $0 == "id: \(id)" || $0 == "id: \"\(id)\"" || $0 == "id: '\(id)'" }) else {
        continue
      }
      guard let filesLine = body.first(where: { lines[$0].trimmingLeadingSpaces.hasPrefix("files:") }) else {
        throw Refusal(description: "set \(id) has no `files:` list (a pairing?); its new files cannot be added")
      }
      guard String(lines[filesLine].trimmingLeadingSpaces.dropFirst("files:".count)).isEmptyOrComment else {
        throw Refusal(description: "the `files` of set \(id) are not a block list; they cannot be added to")
      }
      insert(items, afterBlockFrom: filesLine, to: min(blockEnd(after: filesLine, in: lines), end), lines: &lines)
      return
    }
    throw Refusal(description: "set \(id) is not found in `annotation_sets`")
  }

  /// Inserts `items` after the last content line of the block that `keyLine` opens (ending before
  /// `end`), re-indented to the block's own item indent.
  private static func insert(_ items: [String], afterBlockFrom keyLine: Int, to end: Int, lines: inout [String]) {
    let block = (keyLine + 1)..<end
    let lastContent = block.last { !lines[$0].trimmingLeadingSpaces.isEmptyOrComment } ?? keyLine
    let written = items.first { $0.trimmingLeadingSpaces.hasPrefix("- ") }?.leadingSpaces ?? 0
    let wanted =
      block.first { lines[$0].trimmingLeadingSpaces.hasPrefix("- ") }.map { lines[$0].leadingSpaces }
      ?? lines[keyLine].leadingSpaces + 2
    let shifted = items.map { line -> String in
      guard !line.isEmpty else { return line }
      let indent = max(0, line.leadingSpaces - written + wanted)
      return String(repeating: " ", count: indent) + line.trimmingLeadingSpaces
    }
    lines.insert(contentsOf: shifted, at: lastContent + 1)
  }

  /// The end (exclusive) of the block a `key:` line at `index` opens: lines indented deeper, or
  /// list items at the key's own indent (YAML allows both), and blank or comment lines among them.
  private static func blockEnd(after index: Int, in lines: [String]) -> Int {
    let indent = lines[index].leadingSpaces
    var end = index + 1
    while end < lines.count {
      let line = lines[end]
      let content = line.trimmingLeadingSpaces
      if line.isEmptyOrComment || line.leadingSpaces > indent
        || (line.leadingSpaces == indent && content.hasPrefix("- "))
      {
        end += 1
      } else {
        break
      }
    }
    // Trailing blank and comment lines belong to what follows.
    while end > index + 1, lines[end - 1].trimmingLeadingSpaces.isEmptyOrComment { end -= 1 }
    return end
  }

  private static func isTopLevelKey(_ line: String) -> Bool {
    guard let first = line.first, first.isLetter || first == "_" else { return false }
    return line.contains(":")
  }

  private static func trimmed(_ lines: [String]) -> [String] {
    var lines = lines
    while lines.last?.trimmingLeadingSpaces.isEmpty == true { lines.removeLast() }
    return lines
  }
}

extension String {
  fileprivate var leadingSpaces: Int { prefix { $0 == " " }.count }
  fileprivate var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
  fileprivate var isEmptyOrComment: Bool {
    let content = trimmingLeadingSpaces
    return content.isEmpty || content.hasPrefix("#")
  }
}
