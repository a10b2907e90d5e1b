// SPDX-License-Identifier: Apache-2.0
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Writes a ``Manifest`` deterministically: keys in the spec's order, empty lists left out, numbers
/// in their shortest form.
///
/// Reading a canonical file and writing it again gives the same bytes.
public enum ManifestWriter {
  /// The manifest as text.
  /// - Parameters:
  ///   - manifest: the manifest.
  ///   - syntax: YAML or JSON.
  /// - Returns: the canonical text, ending in a newline.
  /// - Throws: an `EncodingError` if the model cannot be encoded (a bug).
  public static func text(for manifest: Manifest, syntax: ManifestSyntax) throws -> String {
    let node = try canonicalNode(for: manifest)
    switch syntax {
    case .yaml: return YAMLEmitter.emit(node)
    case .json: return NodeJSON.encode(node)
    }
  }

  /// Writes the manifest to `path` atomically (a temporary file renamed into place).
  /// - Parameters:
  ///   - manifest: the manifest.
  ///   - path: the destination; its extension picks the syntax.
  /// - Throws: file-system errors.
  public static func write(_ manifest: Manifest, to path: String) throws {
    let text = try text(for: manifest, syntax: .forPath(path))
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  /// The manifest as a node tree in canonical key order.
  static func canonicalNode(for manifest: Manifest) throws -> ManifestNode {
    let data = try JSONEncoder().encode(manifest)
    var parser = JSONNodeParser(bytes: Array(data))
    let raw = try parser.parse()
    return order(raw, as: .object(AnnotaSpec.rootName)) ?? raw
  }

  /// Reorders mappings by the spec and drops empty lists; `nil` for values to leave out.
  private static func order(_ node: ManifestNode, as type: ValueType) -> ManifestNode? {
    switch (node, type) {
    case (.mapping(let entries, let position), .object(let name)):
      guard let spec = AnnotaSpec.object(name) else { return node }
      var ordered: [ManifestNode.Entry] = []
      for field in spec.fields {
        guard let entry = entries.first(where: { $0.key == field.name }),
          let value = order(entry.value, as: field.type)
        else { continue }
        ordered.append(.init(key: field.name, keyPosition: entry.keyPosition, value: value))
      }
      return .mapping(entries: ordered, position: position)
    case (.sequence(let items, let position), .list(let itemType, _)):
      guard !items.isEmpty else { return nil }
      return .sequence(items: items.compactMap { order($0, as: itemType) }, position: position)
    case (.scalar(_, .null, _), _):
      return nil
    default:
      return node
    }
  }
}
