// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// DeepLabCut labelled data (wave2-formats §6): `CollectedData_<scorer>.h5` (pandas `fixed` or
/// `table`, any key) or its `.csv` twin, with the project's `config.yaml` (two folders up, beside
/// `labeled-data/`) for the body parts, skeleton and individuals.
///
/// Each labelled (x, y) becomes a keypoint (SPEC §5.3: `shape` `keypoint`, `bodypart`, and
/// `individual` in multi-animal projects; unique body parts sit under DeepLabCut's individual
/// `single` and carry none). DeepLabCut's labelling GUIs (matplotlib, napari) put pixel centres at
/// integer coordinates, so 0.5 is added to both: exactly what the spec's corner origin needs.
enum DeepLabCutReader {
  static func read(_ bytes: [UInt8], path: String) throws(ForeignFormatError) -> ForeignAnnotations {
    let table =
      bytes.starts(with: [0x89, 0x48, 0x44, 0x46])
      ? try DeepLabCutTable.hdf5(path: path) : try DeepLabCutTable.csv(bytes, path: path)
    var notes: [String] = []
    let config = try projectConfig(near: path, notes: &notes)
    // The pairs of columns that hold one point: (individual, body part) → (x column, y column).
    var order: [String] = []
    var pairs: [String: (individual: String?, bodypart: String, x: Int?, y: Int?, likelihood: Int?)] = [:]
    for (index, column) in table.columns.enumerated() {
      let key = (column.individual ?? "") + "\u{0}" + column.bodypart
      if pairs[key] == nil {
        order.append(key)
        pairs[key] = (column.individual, column.bodypart, nil, nil, nil)
      }
      switch column.coordinate {
      case "x": pairs[key]!.x = index
      case "y": pairs[key]!.y = index
      case "likelihood": pairs[key]!.likelihood = index
      default: notes.append("column \(column.coordinate) of \(column.bodypart) is not x, y or likelihood: left out")
      }
    }
    let root = projectRoot(of: path)
    var images: [ForeignAnnotations.AnnotatedImage] = []
    var values = 0
    for row in table.rows {
      var features: [ShapeFeature] = []
      for key in order {
        let pair = pairs[key]!
        guard let xColumn = pair.x, let yColumn = pair.y else { continue }
        let (x, y) = (row.values[xColumn], row.values[yColumn])
        guard x.isFinite, y.isFinite else { continue }  // NaN: not labelled
        values += 2
        var properties: [(String, JSONValue)] = [("bodypart", .string(pair.bodypart))]
        if let individual = pair.individual, individual != "single" {
          properties.append(("individual", .string(individual)))
        }
        if let column = pair.likelihood, row.values[column].isFinite {
          properties.append(("likelihood", .number(row.values[column])))
        }
        features.append(
          ShapeFeature(
            geometry: ShapeFeature.pointGeometry(x: x + 0.5, y: y + 0.5), shape: "keypoint", properties: properties))
      }
      let size = ImageSize.of(root + "/" + row.image)
      images.append(
        ForeignAnnotations.AnnotatedImage(
          name: row.image, width: size?.width, height: size?.height, features: features, tags: []))
    }
    // The schema: config.yaml's lists, else what the columns name.
    let columnParts = order.compactMap { pairs[$0].map { ($0.individual, $0.bodypart) } }
    var schema = KeypointSchema(bodyparts: [])
    let unique = Set(columnParts.filter { $0.0 == "single" }.map(\.1))
    var bodyparts: [String] = []
    for (_, part) in columnParts where !unique.contains(part) && !bodyparts.contains(part) { bodyparts.append(part) }
    schema.bodyparts = config?.bodyparts ?? bodyparts
    schema.uniqueBodyparts = config?.unique ?? unique.sorted()
    schema.skeleton = config?.skeleton ?? []
    var individuals: [String] = []
    for (individual, _) in columnParts {
      if let individual, individual != "single", !individuals.contains(individual) { individuals.append(individual) }
    }
    schema.individuals = config?.individuals ?? individuals
    notes.append("\(values) coordinate value(s) read, \(images.count) image(s); pixel centres moved to corners (+0.5)")
    var result = ForeignAnnotations(
      format: .deepLabCut, convention: "deeplabcut-pixel-centres", images: images, labels: [], notes: notes)
    result.keypoints = schema
    return result
  }

  /// The project folder: `…/<project>/labeled-data/<video>/CollectedData_x.h5` → `…/<project>`.
  static func projectRoot(of path: String) -> String {
    // A relative path as typed (`CollectedData_x.h5` inside the video folder) has no parents to find.
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    let folder = DatasetImporter.parent(of: URL(fileURLWithPath: absolute).standardizedFileURL.path)
    let parent = DatasetImporter.parent(of: folder)
    return parent.hasSuffix("/labeled-data") || parent == "labeled-data" ? DatasetImporter.parent(of: parent) : folder
  }

  /// What `config.yaml` says about the keypoints, when the project has one.
  private static func projectConfig(near path: String, notes: inout [String]) throws(ForeignFormatError)
    -> (bodyparts: [String]?, unique: [String]?, skeleton: [[String]]?, individuals: [String]?)?
  {
    let configPath = projectRoot(of: path) + "/config.yaml"
    guard let bytes = FileManagerBridge.contents(configPath) else { return nil }
    let root: ManifestNode
    do { root = try ManifestNode.parseYAML(String(decoding: bytes, as: UTF8.self)) } catch {
      throw ForeignFormatError(path: configPath, message: "not valid YAML (\(error))")
    }
    guard case .mapping(let entries, _) = root else { return nil }
    func names(_ key: String) -> [String]? {
      guard case .sequence(let items, _)? = entries.first(where: { $0.key == key })?.value else { return nil }
      return items.compactMap { if case .scalar(let text, _, _) = $0 { text } else { nil } }
    }
    let multi: Bool
    if case .scalar("true", _, _)? = entries.first(where: { $0.key == "multianimalproject" })?.value {
      multi = true
    } else {
      multi = false
    }
    var skeleton: [[String]]?
    if case .sequence(let edges, _)? = entries.first(where: { $0.key == "skeleton" })?.value {
      skeleton = edges.compactMap { edge in
        guard case .sequence(let ends, _) = edge else { return nil }
        let texts = ends.compactMap { if case .scalar(let text, _, _) = $0 { text } else { nil } }
        return texts.count == 2 ? texts : nil
      }
    }
    notes.append(
      "body parts, skeleton and individuals from \(configPath.split(separator: "/").suffix(2).joined(separator: "/"))")
    return (
      multi ? names("multianimalbodyparts") : names("bodyparts"), multi ? names("uniquebodyparts") : nil, skeleton,
      multi ? names("individuals") : nil
    )
  }
}

/// DeepLabCut `CollectedData_<scorer>.h5` or `.csv`.
struct DeepLabCutFormat: ToolFormat {
  var id: FormatID { .deepLabCut }
  var title: String { "DeepLabCut labelled data (CollectedData_*.h5 or .csv, with config.yaml)" }

  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    if head.bytes.starts(with: [0x89, 0x48, 0x44, 0x46]) {
      // pandas marks its objects with a `pandas_type` attribute, in the file's first object headers.
      return head.bytes.firstRange(of: Array("pandas_type".utf8)) != nil
        ? .init(format: id, confidence: 0.9, reason: "HDF5 holding a pandas DataFrame")
        : .init(format: id, confidence: 0, reason: "HDF5 without a pandas object")
    }
    let lines = head.text.split(whereSeparator: \.isNewline).prefix(4)
    return lines.first?.hasPrefix("scorer,") == true && lines.contains(where: { $0.hasPrefix("coords,") })
      ? .init(format: id, confidence: 0.95, reason: "CSV with scorer, bodyparts and coords header rows")
      : .init(format: id, confidence: 0, reason: "no scorer/bodyparts/coords header rows")
  }

  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations {
    try DeepLabCutReader.read(bytes, path: path)
  }
}
