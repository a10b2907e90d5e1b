// SPDX-License-Identifier: Apache-2.0

extension AnnotaSpec {
  /// The manifest's JSON Schema (draft 2020-12), generated from the spec.
  ///
  /// It describes the canonical form writers produce. Checks a schema cannot express — ORCID and
  /// ROR checksums, calendar validity, references between ids — are the rule catalog's.
  /// - Returns: the schema as canonical JSON text.
  public static func jsonSchema() -> String {
    var defs: [ManifestNode.Entry] = []
    for object in objects {
      defs.append(entry(object.name, schema(for: object)))
    }
    let root = mapping([
      entry("$schema", string("https://json-schema.org/draft/2020-12/schema")),
      entry("$id", string("urn:annota:standard:\(version):manifest")),
      entry("title", string("Annota manifest \(version)")),
      entry(
        "description",
        string("annota.yaml / annota.json: an annotated bioimage dataset (Specs/annota/\(version)/SPEC.md).")),
      entry("$ref", string("#/$defs/\(rootName)")),
      entry("$defs", mapping(defs)),
    ])
    return NodeJSON.encode(root)
  }

  private static func schema(for object: ObjectSpec) -> ManifestNode {
    var entries = [
      entry("type", string("object")),
      entry("description", string(object.summary)),
      entry(
        "properties",
        mapping(
          object.fields.map { field in
            var property = schema(for: field.type)
            if case .mapping(var items, let position) = property {
              let level = "[\(field.level.rawValue)] "
              items.insert(entry("description", string(level + field.summary)), at: 0)
              property = .mapping(entries: items, position: position)
            }
            return entry(field.name, property)
          })),
    ]
    let required = object.fields.filter { $0.level == .required }.map(\.name)
    if !required.isEmpty { entries.append(entry("required", .sequence(items: required.map(string), position: origin))) }
    // Exactly one of a group: `oneOf` its fields, each required; at least one: `anyOf` the same.
    let eachRequired = { (group: [String]) in
      ManifestNode.sequence(
        items: group.map { mapping([entry("required", .sequence(items: [string($0)], position: origin))]) },
        position: origin)
    }
    for group in object.exactlyOneOf { entries.append(entry("oneOf", eachRequired(group))) }
    for group in object.atLeastOneOf { entries.append(entry("anyOf", eachRequired(group))) }
    // At most one of a group: no two of its fields together.
    let exclusions = object.atMostOneOf.flatMap { group in
      group.indices.flatMap { i in group.indices.filter { $0 > i }.map { [group[i], group[$0]] } }
    }
    if !exclusions.isEmpty {
      entries.append(
        entry(
          "allOf",
          .sequence(
            items: exclusions.map { pair in
              mapping([
                entry("not", mapping([entry("required", .sequence(items: pair.map(string), position: origin))]))
              ])
            }, position: origin)))
    }
    entries.append(entry("additionalProperties", .scalar(text: "false", kind: .boolean, position: origin)))
    return mapping(entries)
  }

  private static func schema(for type: ValueType) -> ManifestNode {
    switch type {
    case .string(let format):
      var items = [entry("type", string("string"))]
      items += stringKeywords(format)
      return mapping(items)
    case .integer(let minimum, let maximum):
      var items = [entry("type", string("integer"))]
      if let minimum { items.append(entry("minimum", number(Double(minimum)))) }
      if let maximum { items.append(entry("maximum", number(Double(maximum)))) }
      return mapping(items)
    case .number(let minimum, let maximum):
      var items = [entry("type", string("number"))]
      if let minimum { items.append(entry("minimum", number(minimum))) }
      if let maximum { items.append(entry("maximum", number(maximum))) }
      return mapping(items)
    case .boolean:
      return mapping([entry("type", string("boolean"))])
    case .vocabulary(let vocabulary):
      let values = vocabulary.values + vocabulary.aliases.keys.sorted()
      return mapping([entry("enum", .sequence(items: values.map(string), position: origin))])
    case .list(let item, let minItems):
      return mapping([
        entry("type", string("array")), entry("items", schema(for: item)),
        entry("minItems", number(Double(minItems))),
      ])
    case .object(let name):
      return mapping([entry("$ref", string("#/$defs/\(name)"))])
    case .affineMatrix:
      let row = mapping([entry("type", string("array")), entry("items", mapping([entry("type", string("number"))]))])
      return mapping([
        entry("type", string("array")), entry("minItems", number(3)), entry("maxItems", number(4)),
        entry("items", row),
      ])
    }
  }

  /// `pattern`/`format`/`enum` keywords for a string format (ECMA-262 regular expressions).
  static func stringKeywords(_ format: StringFormat) -> [ManifestNode.Entry] {
    func pattern(_ regex: String) -> [ManifestNode.Entry] { [entry("pattern", string(regex))] }
    let path = "^(?![A-Za-z]:)(?!/)(?!.*\\\\)(?!.*//)(?!(.*/)?\\.{1,2}(/|$))(?!.*/$)[^\\u0000-\\u001f\\u007f"
    switch format {
    case .text: return [entry("minLength", number(1))] + pattern("\\S")
    case .anyText: return []
    case .identifier: return pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    case .orcid: return pattern("^(https?://orcid\\.org/)?[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$")
    case .ror: return pattern("^(https?://ror\\.org/)?0[0-9a-hjkmnp-tv-zA-HJKMNP-TV-Z]{6}[0-9]{2}$")
    case .curie: return pattern("^[A-Za-z][A-Za-z0-9_.-]*:(?!//)\\S+$")
    case .ncbiTaxon: return pattern("^(NCBITaxon:|NCBI:txid|http://purl\\.obolibrary\\.org/obo/NCBITaxon_)[0-9]+$")
    case .fbbi: return pattern("^(FBbi:|http://purl\\.obolibrary\\.org/obo/FBbi_)[0-9]{8}$")
    case .email: return [entry("format", string("email"))] + pattern("^[^@\\s]+@[^@\\s.][^@\\s]*\\.[^@\\s]*[^@\\s.]$")
    case .uri: return [entry("format", string("uri"))] + pattern("^[A-Za-z][A-Za-z0-9+.-]*:\\S+$")
    case .doi: return pattern("^(https?://(dx\\.)?doi\\.org/|doi:)?10\\.[0-9.]{4,}/\\S+$")
    case .date: return [entry("format", string("date"))] + pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    case .dateTime:
      return [entry("format", string("date-time"))]
        + pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")
    case .duration:
      return pattern(
        "^P(?!$)([0-9.]+Y)?([0-9.]+M)?([0-9.]+W)?([0-9.]+D)?(T(?=[0-9.])([0-9.]+H)?([0-9.]+M)?([0-9.]+S)?)?$")
    case .licence:
      return [entry("enum", .sequence(items: (Licences.spdxIDs + Licences.acceptedURLs).map(string), position: origin))]
    case .colour: return pattern("^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$")
    case .checksum: return pattern("^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$")
    case .sha256: return pattern("^[0-9a-f]{64}$")
    case .relativePath: return pattern(path + "{}]+$")
    case .pathPattern: return pattern(path + "]+$")
    case .specVersion: return [entry("const", string(version))]
    }
  }

  private static let origin = ManifestNode.Position(line: 1, column: 1)
  private static func string(_ text: String) -> ManifestNode { .scalar(text: text, kind: .string, position: origin) }
  private static func number(_ value: Double) -> ManifestNode {
    .scalar(text: JSONNumber.format(value), kind: .float, position: origin)
  }
  private static func mapping(_ entries: [ManifestNode.Entry]) -> ManifestNode {
    .mapping(entries: entries, position: origin)
  }
  private static func entry(_ key: String, _ value: ManifestNode) -> ManifestNode.Entry {
    .init(key: key, keyPosition: origin, value: value)
  }
}
