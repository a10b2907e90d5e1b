// SPDX-License-Identifier: Apache-2.0
internal import Yams

/// Parses YAML (through Yams/libyaml) into a ``ManifestNode`` tree with positions.
///
/// Manifests need neither anchors nor aliases nor custom tags, and aliases are how YAML
/// "billion laughs" documents blow up, so they are refused. Nesting depth is bounded before
/// libyaml sees the text, since Yams composes recursively.
struct YAMLNodeParser {
  struct SyntaxError: Error {
    var message: String
    var position: ManifestNode.Position
  }

  let text: String
  var maxDepth = 128

  func parse() throws(SyntaxError) -> ManifestNode {
    try checkDepth()
    let parser: Parser
    let root: Node?
    do {
      // The basic resolver has no regular expressions: Annota resolves scalars itself (YAML 1.2 core),
      // and Yams hashes every mapping key for its duplicate check, which resolves tags.
      parser = try Parser(yaml: text, resolver: .basic)
      root = try parser.singleRoot()
    } catch let error as YamlError {
      throw Self.translate(error)
    } catch {
      throw SyntaxError(message: "\(error)", position: .init(line: 1, column: 1))
    }
    guard let root else {
      return .mapping(entries: [], position: .init(line: 1, column: 1))
    }
    return try withExtendedLifetime(parser) { () throws(SyntaxError) -> ManifestNode in
      try convert(root)
    }
  }

  private func position(_ mark: Mark?) -> ManifestNode.Position {
    .init(line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  private func convert(_ node: Node) throws(SyntaxError) -> ManifestNode {
    switch node {
    case .scalar(let scalar):
      try refuseAnchor(scalar.anchor, scalar.mark)
      try refuseTag(scalar.tag, scalar.mark)
      // Quoted scalars (and explicit `!!str`) are strings; plain ones resolve by the core schema.
      let kind: ManifestNode.ScalarKind =
        scalar.style == .plain && scalar.tag.rawValue != Tag.Name.str.rawValue
        ? .resolvePlain(scalar.string) : .string
      return .scalar(text: scalar.string, kind: kind, position: position(scalar.mark))
    case .sequence(let sequence):
      try refuseAnchor(sequence.anchor, sequence.mark)
      var items: [ManifestNode] = []
      for item in sequence { items.append(try convert(item)) }
      return .sequence(items: items, position: position(sequence.mark))
    case .mapping(let mapping):
      try refuseAnchor(mapping.anchor, mapping.mark)
      var entries: [ManifestNode.Entry] = []
      for (key, value) in mapping {
        guard case .scalar(let keyScalar) = key else {
          throw SyntaxError(
            message: "mapping keys must be plain text, not a \(key.sequence == nil ? "mapping" : "list")",
            position: position(key.mark))
        }
        entries.append(
          .init(key: keyScalar.string, keyPosition: position(keyScalar.mark), value: try convert(value)))
      }
      return .mapping(entries: entries, position: position(mapping.mark))
    case .alias(let alias):
      throw SyntaxError(message: "YAML aliases are not allowed in manifests", position: position(alias.mark))
    }
  }

  private func refuseAnchor(_ anchor: Anchor?, _ mark: Mark?) throws(SyntaxError) {
    if anchor != nil {
      throw SyntaxError(
        message: "YAML anchors and aliases (&name, *name) are not allowed in manifests; write the value out",
        position: position(mark))
    }
  }

  private func refuseTag(_ tag: Tag, _ mark: Mark?) throws(SyntaxError) {
    let name = tag.rawValue
    if !name.isEmpty, name != "!", name != Tag.Name.str.rawValue {
      throw SyntaxError(
        message: "YAML tags (\(name)) are not allowed in manifests; write the plain value",
        position: position(mark))
    }
  }

  /// Bounds flow nesting (`[[[[…`) and block indentation before libyaml composes recursively.
  ///
  /// A conservative scan: quotes open only where YAML lets a quoted scalar begin.
  private func checkDepth() throws(SyntaxError) {
    var depth = 0
    var line = 1
    var column = 0
    var quote: Unicode.Scalar? = nil
    var inComment = false
    var previous: Unicode.Scalar = "\n"
    for scalar in text.unicodeScalars {
      column += 1
      defer { previous = scalar }
      if scalar == "\n" {
        line += 1
        column = 0
        inComment = false
        continue
      }
      if inComment { continue }
      if let open = quote {
        if scalar == open { quote = nil }
        continue
      }
      if column > maxDepth * 8, previous == " ", scalar == " " || scalar == "-" {
        throw SyntaxError(
          message: "indentation deeper than \(maxDepth * 8) columns",
          position: .init(line: line, column: column))
      }
      let boundary =
        previous == " " || previous == "\n" || previous == ":" || previous == "["
        || previous == "{" || previous == "," || previous == "-"
      switch scalar {
      case "\"" where boundary, "'" where boundary: quote = scalar
      case "#" where previous == " " || previous == "\n" || previous == "\t": inComment = true
      case "[", "{":
        depth += 1
        if depth > maxDepth {
          throw SyntaxError(
            message: "nesting deeper than \(maxDepth) levels", position: .init(line: line, column: column))
        }
      case "]", "}": depth = max(0, depth - 1)
      default: break
      }
    }
  }

  private static func translate(_ error: YamlError) -> SyntaxError {
    func at(_ mark: Mark) -> ManifestNode.Position { .init(line: mark.line, column: mark.column) }
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return SyntaxError(message: "YAML syntax: \(problem)", position: at(mark))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return SyntaxError(
        message: "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) in one mapping",
        position: at(context.mark))
    case .reader(let problem, _, _, _):
      return SyntaxError(message: "cannot read the YAML text: \(problem)", position: .init(line: 1, column: 1))
    default:
      return SyntaxError(message: "YAML: \(error)", position: .init(line: 1, column: 1))
    }
  }
}

extension ManifestNode {
  /// A YAML document that does not parse, with where.
  public struct YAMLError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// Where.
    public var position: Position
    /// `line:column: message`.
    public var description: String { "\(position.line):\(position.column): \(message)" }
  }

  /// Parses a small YAML file of another tool, such as Ultralytics' `data.yaml`.
  ///
  /// It is parsed the way manifests are: aliases refused and nesting bounded, so a hostile document
  /// cannot blow up.
  /// - Parameter text: the YAML text.
  /// - Returns: the document's tree.
  /// - Throws: ``YAMLError`` with the position of the problem.
  public static func parseYAML(_ text: String) throws(YAMLError) -> ManifestNode {
    do { return try YAMLNodeParser(text: text).parse() } catch {
      throw YAMLError(message: error.message, position: error.position)
    }
  }
}
