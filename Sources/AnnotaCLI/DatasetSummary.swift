// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// What a manifest describes, counted: the content of `annota summary`.
struct DatasetSummary: Codable, Sendable {
  struct ComponentSummary: Codable, Sendable {
    var id: String
    var images: Int
  }

  struct SetSummary: Codable, Sendable {
    var id: String
    var name: String
    var types: [String]
    var encoding: String
    var kind: String?
    var files: Int
    var pairing: String?
    var origin: String?
    var labels: Int?
  }

  var title: String
  var licence: String
  var authors: Int
  var images: Int
  var imagesPresent: Int
  var formats: [String: Int]
  var splits: [String: Int]
  /// Study components with their image counts, in manifest order.
  var components: [ComponentSummary]
  var annotationSets: [SetSummary]
  var annotationFiles: Int
  var annotationFilesPresent: Int
  var labelTables: Int
  var versions: [String]

  init(_ manifest: Manifest, root: DatasetPath) {
    let exists = { (path: String) in FileManager.default.fileExists(atPath: root.resolve(path)) }
    title = manifest.study.title
    licence = manifest.study.licence
    authors = manifest.study.authors.count
    images = manifest.images.count
    imagesPresent = manifest.images.filter { exists($0.path) }.count
    formats = Dictionary(grouping: manifest.images, by: { $0.format ?? "unspecified" }).mapValues(\.count)
    splits = Dictionary(grouping: manifest.images, by: { $0.split ?? "unassigned" }).mapValues(\.count)
    components = manifest.studyComponents.map { component in
      ComponentSummary(id: component.id, images: manifest.images.filter { $0.component == component.id }.count)
    }
    annotationSets = manifest.annotationSets.map { set in
      SetSummary(
        id: set.id, name: set.name, types: set.types.map(\.rawValue), encoding: set.encoding.rawValue,
        kind: set.kind?.rawValue, files: set.files.count,
        pairing: set.pairing.map { "\($0.indicator): \($0.annotations) ↔ \($0.images)" },
        origin: set.provenance?.origin.rawValue,
        labels: set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id }?.labels.count })
    }
    let allFiles = manifest.annotationSets.flatMap(\.files)
    annotationFiles = allFiles.count
    annotationFilesPresent = allFiles.filter { exists($0.path) }.count
    labelTables = manifest.labelTables.count
    versions = manifest.versions.map(\.version)
  }

  var text: String {
    var out = "\(title)\n"
    out += "  licence: \(licence); \(authors) author\(authors == 1 ? "" : "s")\n"
    out += "  images: \(images) (\(imagesPresent) present on disk)"
    out +=
      "; formats: " + formats.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
    if Array(splits.keys) != ["unassigned"] {
      out +=
        "  splits: " + splits.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
    }
    if !components.isEmpty {
      out +=
        "  study components: "
        + components.map { "\($0.id) (\($0.images) image\($0.images == 1 ? "" : "s"))" }.joined(separator: ", ") + "\n"
    }
    out +=
      "  annotation sets: \(annotationSets.count); annotation files: \(annotationFiles) (\(annotationFilesPresent) present on disk)\n"
    for set in annotationSets {
      out += "    - \(set.id): \(set.name)\n"
      out += "      types: \(set.types.joined(separator: ", ")); encoding: \(set.encoding)"
      if let kind = set.kind { out += " (\(kind))" }
      out += "\n"
      if let pairing = set.pairing {
        out += "      pairing: \(pairing)\n"
      } else {
        out += "      files: \(set.files)\n"
      }
      if let labels = set.labels { out += "      labels: \(labels)\n" }
      if let origin = set.origin { out += "      origin: \(origin)\n" }
    }
    out += "  label tables: \(labelTables)\n"
    if !versions.isEmpty { out += "  versions: \(versions.joined(separator: ", "))\n" }
    return out
  }
}

/// The JSON form of `annota summary`.
struct SummaryReport: Codable {
  var manifest: String
  var diagnostics: [Diagnostic]
  var summary: DatasetSummary?

  func jsonText() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}
