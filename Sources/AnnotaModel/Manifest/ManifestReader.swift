// SPDX-License-Identifier: Apache-2.0
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What reading a manifest found: the manifest when it conforms, and every finding either way.
public struct ManifestReadResult: Sendable {
  /// The manifest, or `nil` when there were errors.
  public var manifest: Manifest?
  /// Every finding, in document order.
  public var diagnostics: [Diagnostic]
  /// Whether any finding is an error.
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reading a manifest failed; `diagnostics` says every reason, with locations.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
  /// The file.
  public var path: String
  /// Every finding.
  public var diagnostics: [Diagnostic]
  /// One line per finding.
  public var description: String {
    diagnostics.map(\.description).joined(separator: "\n")
  }
}

/// Reads `annota.yaml` / `annota.json`, reporting every problem in one pass with file, line,
/// column, JSON Pointer, the rule broken and a hint.
public enum ManifestReader {
  /// What a value still to be filled in starts with (`MANIFEST-023`); drafts write it.
  public static let todoMarker = "TODO"

  /// The largest manifest read; larger ones are refused (a manifest is metadata, not data).
  public static let maxBytes = 64 << 20

  /// Finds the manifest in a dataset folder.
  /// - Parameter directory: the dataset root.
  /// - Returns: the manifest's path, or `nil` when there is none.
  public static func locate(in directory: String) -> String? {
    for name in ManifestSyntax.fileNames {
      let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
      if FileManager.default.fileExists(atPath: path) { return path }
    }
    return nil
  }

  /// `FILE-012` when the folder holds both `annota.yaml` and `annota.json`, naming both: every
  /// command would otherwise read one of them silently while the other says something else.
  /// - Parameter directory: the dataset root.
  /// - Returns: the finding, or `nil` when there is at most one manifest.
  public static func conflict(in directory: String) -> Diagnostic? {
    let present = ManifestSyntax.fileNames.filter { name in
      FileManager.default.fileExists(atPath: directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }
    guard present.count > 1 else { return nil }
    return DatasetFolderRules.twoManifests.finding(
      "both \(present.joined(separator: " and ")) are in the dataset folder; one of them must go",
      hint: "keep the one you edit (`annota format` converts between them), and delete the other",
      at: SourceLocation(file: present[0]))
  }

  /// Reads a manifest file.
  /// - Parameters:
  ///   - path: the file.
  ///   - displayName: the name findings use for the file (default: `path`).
  /// - Returns: the manifest (if it conforms) and every finding.
  public static func read(contentsOf path: String, displayName: String? = nil) -> ManifestReadResult {
    let name = displayName ?? path
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    if let size = attributes?[.size] as? Int, size > maxBytes {
      return failure(name, "the manifest is \(size) bytes; the limit is \(maxBytes)")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return failure(name, "cannot read the file (missing or unreadable)")
    }
    return read(bytes: Array(data), syntax: .forPath(path), file: name)
  }

  /// Whether a YAML or JSON file is an Annota manifest, whatever its name.
  ///
  /// A manifest is a mapping at the top with the `annota` (standard version) key. Files over ``maxBytes`` or that do not parse are not.
  /// - Parameter path: the file.
  /// - Returns: `true` for a manifest.
  public static func isManifest(contentsOf path: String) -> Bool {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard attributes?[.type] as? FileAttributeType == .typeRegular, let size = attributes?[.size] as? Int,
      size <= maxBytes, let data = FileManager.default.contents(atPath: path),
      case .success(.mapping(let entries, _)) = parse(bytes: Array(data), syntax: .forPath(path))
    else { return false }
    return entries.contains { $0.key == "annota" }
  }

  /// Reads a draft manifest: one with `TODO` values or other findings, as long as its structure
  /// decodes (what `annota convert --to annota` and `annota init` write for a person to complete).
  /// - Parameter path: the file.
  /// - Returns: the manifest when its structure decodes, whatever its findings, and every finding.
  public static func readDraft(contentsOf path: String) -> ManifestReadResult {
    let strict = read(contentsOf: path)
    guard strict.manifest == nil, let data = FileManager.default.contents(atPath: path),
      case .success(let root) = parse(bytes: Array(data), syntax: .forPath(path))
    else { return strict }
    var structure = StructureChecker(file: path)
    structure.keepsInvalidValues = true
    guard let normalized = structure.check(root) else { return strict }
    return ManifestReadResult(
      manifest: try? NodeDecoder.decode(Manifest.self, from: normalized), diagnostics: strict.diagnostics)
  }

  /// Reads a manifest and throws when it does not conform.
  /// - Parameter path: the file.
  /// - Returns: the manifest.
  /// - Throws: ``ManifestError`` with every finding.
  public static func load(contentsOf path: String) throws(ManifestError) -> Manifest {
    let result = read(contentsOf: path)
    guard let manifest = result.manifest else {
      throw ManifestError(path: path, diagnostics: result.diagnostics)
    }
    return manifest
  }

  /// Reads a manifest from memory.
  /// - Parameters:
  ///   - bytes: the document, UTF-8.
  ///   - syntax: YAML or JSON.
  ///   - file: the name findings use for the file.
  /// - Returns: the manifest (if it conforms) and every finding.
  public static func read(bytes: [UInt8], syntax: ManifestSyntax, file: String) -> ManifestReadResult {
    guard bytes.count <= maxBytes else {
      return failure(file, "the manifest is \(bytes.count) bytes; the limit is \(maxBytes)")
    }
    let root: ManifestNode
    switch parse(bytes: bytes, syntax: syntax) {
    case .success(let node): root = node
    case .failure(let error):
      return ManifestReadResult(
        manifest: nil,
        diagnostics: [
          ManifestRules.syntax.finding(
            error.message,
            at: SourceLocation(file: file, line: error.position.line, column: error.position.column))
        ])
    }
    return read(node: root, file: file)
  }

  /// Every value still starting with `TODO` (what `annota init` leaves for a person to fill in), as
  /// `MANIFEST-023` warnings naming the field, in document order.
  static func todos(in root: ManifestNode, file: String) -> [Diagnostic] {
    var found: [Diagnostic] = []
    var pending: [(node: ManifestNode, pointer: String)] = [(root, "")]
    while let (node, pointer) = pending.popLast() {
      switch node {
      case .mapping(let entries, _):
        for entry in entries.reversed() { pending.append((entry.value, pointer + "/" + JSONPointer.escape(entry.key))) }
      case .sequence(let items, _):
        for (index, item) in items.enumerated().reversed() { pending.append((item, pointer + "/\(index)")) }
      case .scalar(let text, _, let position):
        guard text.hasPrefix(todoMarker) else { continue }
        found.append(
          ManifestRules.todo.finding(
            "`\(pointer.split(separator: "/").last.map(String.init) ?? pointer)` is still a TODO: \(text)",
            at: SourceLocation(file: file, pointer: pointer, line: position.line, column: position.column)))
      }
    }
    return found
  }

  /// Checks and decodes an already parsed document.
  /// - Parameters:
  ///   - root: the document tree.
  ///   - file: the name findings use for the file.
  /// - Returns: the manifest (if it conforms) and every finding.
  public static func read(node root: ManifestNode, file: String) -> ManifestReadResult {
    var structure = StructureChecker(file: file)
    let normalized = structure.check(root)
    var diagnostics = structure.diagnostics + todos(in: root, file: file)
    guard let normalized, !diagnostics.contains(where: { $0.severity == .error }) else {
      return ManifestReadResult(manifest: nil, diagnostics: sorted(diagnostics))
    }
    let manifest: Manifest
    do {
      manifest = try NodeDecoder.decode(Manifest.self, from: normalized)
    } catch {
      // The checker accepted the tree, so this is a bug in Annota, not in the manifest.
      diagnostics.append(
        ManifestRules.wrongType.finding(
          "internal error: the checked manifest did not decode (\(error)); please report it",
          hint: "report it with the manifest attached (docs/security.md says where)", at: SourceLocation(file: file)))
      return ManifestReadResult(manifest: nil, diagnostics: diagnostics)
    }
    var consistency = ConsistencyChecker(file: file, root: root)
    consistency.check(manifest)
    diagnostics += consistency.diagnostics
    let hasErrors = diagnostics.contains { $0.severity == .error }
    return ManifestReadResult(manifest: hasErrors ? nil : manifest, diagnostics: sorted(diagnostics))
  }

  /// Parses YAML or JSON into a node tree, or says where the syntax breaks.
  static func parse(bytes: [UInt8], syntax: ManifestSyntax) -> Result<ManifestNode, SyntaxFailure> {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    guard let text = String(validating: body, as: UTF8.self) else {
      let offset = firstInvalidUTF8(in: Array(body))
      let line = body.prefix(offset).filter { $0 == 0x0A }.count + 1
      return .failure(
        SyntaxFailure(message: "the file is not valid UTF-8 (byte \(offset))", position: .init(line: line, column: 1)))
    }
    switch syntax {
    case .json:
      var parser = JSONNodeParser(bytes: Array(body))
      do { return .success(try parser.parse()) } catch {
        return .failure(SyntaxFailure(message: "JSON syntax: \(error.message)", position: error.position))
      }
    case .yaml:
      do { return .success(try YAMLNodeParser(text: text).parse()) } catch {
        return .failure(SyntaxFailure(message: error.message, position: error.position))
      }
    }
  }

  struct SyntaxFailure: Error {
    var message: String
    var position: ManifestNode.Position
  }

  private static func firstInvalidUTF8(in bytes: [UInt8]) -> Int {
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): offset += encoded.count
      case .error: return offset
      case .emptyInput: return offset
      }
    }
  }

  private static func failure(_ file: String, _ message: String) -> ManifestReadResult {
    ManifestReadResult(
      manifest: nil,
      diagnostics: [
        ManifestRules.syntax.finding(message, at: SourceLocation(file: file))
      ])
  }

  private static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let la = (a.element.location.line ?? Int.max, a.element.location.column ?? Int.max, a.offset)
      let lb = (b.element.location.line ?? Int.max, b.element.location.column ?? Int.max, b.offset)
      return la < lb
    }.map(\.element)
  }
}
