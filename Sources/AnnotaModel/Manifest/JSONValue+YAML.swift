// SPDX-License-Identifier: Apache-2.0

extension JSONValue {
  /// The value as canonical block YAML, written as manifests are (records such as bioimage.io's
  /// `rdf.yaml`): keys in their given order, strings quoted wherever YAML could read them otherwise.
  public var yamlText: String { YAMLEmitter.emit(node) }

  private var node: ManifestNode {
    let here = ManifestNode.Position(line: 1, column: 1)
    switch self {
    case .null: return .scalar(text: "null", kind: .null, position: here)
    case .bool(let value): return .scalar(text: value ? "true" : "false", kind: .boolean, position: here)
    case .number(let value):
      let text = JSONNumber.format(value)
      let integral = !text.contains(".") && !text.contains("e") && !text.contains("E")
      return .scalar(text: text, kind: integral ? .integer : .float, position: here)
    case .integer(let value): return .scalar(text: String(value), kind: .integer, position: here)
    case .string(let value): return .scalar(text: value, kind: .string, position: here)
    case .array(let items): return .sequence(items: items.map(\.node), position: here)
    case .object(let entries):
      return .mapping(
        entries: entries.map { ManifestNode.Entry(key: $0.0, keyPosition: here, value: $0.1.node) }, position: here)
    }
  }
}
