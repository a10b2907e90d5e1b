// SPDX-License-Identifier: Apache-2.0
public import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

/// Reads a dataset's annotations back from the spec's encodings — GeoJSON and tracks (SPEC §5.3–5.4),
/// instance label images with their instance tables (§5.2), class tables (§5.5) — into the same
/// model the tool importers produce, so a conversion can be compared with its source.
public enum DatasetAnnotations {
  /// Reads every annotation set of the dataset at `folder`.
  ///
  /// The manifest may be a draft (`TODO` values); its structure must decode.
  /// - Parameter folder: the dataset folder.
  /// - Returns: annotations per dataset image (named by the image's file name), masks with pixels.
  /// - Throws: `AnnotaImport/ImportError` naming the file that cannot be read.
  public static func read(_ folder: String) throws -> ForeignAnnotations {
    guard let manifestPath = ManifestReader.locate(in: folder) else {
      throw ImportError(code: .invalidManifest, message: "no manifest (annota.yaml or annota.json)", path: folder)
    }
    guard let manifest = ManifestReader.readDraft(contentsOf: manifestPath).manifest else {
      throw ImportError(code: .invalidManifest, message: "the manifest's structure does not decode", path: manifestPath)
    }
    var images: [String: ForeignAnnotations.AnnotatedImage] = [:]
    var order: [String] = []
    for image in manifest.images {
      images[image.id] = .init(
        name: image.path.split(separator: "/").last.map(String.init) ?? image.path, width: image.dimensions?.x,
        height: image.dimensions?.y, features: [], tags: [])
      order.append(image.id)
    }
    func file(_ path: String) throws -> String {
      if let problem = PathRules.problem(in: path, allowPlaceholders: false) {
        throw ImportError(code: .unsupported, message: "unsafe annotation path: \(problem)", path: path)
      }
      return folder + "/" + path
    }
    var format = FormatID.annotaManifest
    var convention = "annota-0.1"
    for set in manifest.annotationSets {
      if let conversion = set.provenance?.conversion {
        format = FormatID(rawValue: conversion.sourceFormat)
        convention = conversion.convention ?? convention
      }
      for entry in set.files {
        let path = try file(entry.path)
        switch set.encoding {
        case .geojson, .tracks:
          guard let id = entry.image, images[id] != nil else { continue }
          guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(code: .unsupported, message: "cannot read the file", path: path)
          }
          do {
            let collection = try GeoJSONReader.read(Array(data), path: entry.path)
            images[id]!.features += GeoJSONWriter.links(collection.features, edges: collection.edges)
          } catch {
            throw ImportError(code: .unsupported, message: error.message, path: path, cause: error)
          }
        case .labelImage:
          guard let id = entry.image, images[id] != nil else { continue }
          images[id]!.features += try masks(labelImage: path)
        case .classTable:
          guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportError(code: .unsupported, message: "cannot read the file", path: path)
          }
          let rows: [ClassTable.Row]
          do { rows = try ClassTable.parse(Array(data)) } catch {
            throw ImportError(code: .unsupported, message: error.message, path: path, cause: error)
          }
          for row in rows where images[row.image] != nil { images[row.image]!.tags.append(row.label) }
        default:
          continue
        }
      }
    }
    let labels = manifest.labelTables.flatMap(\.labels).map {
      ForeignAnnotations.Label(name: $0.name, colour: $0.colour)
    }
    return ForeignAnnotations(
      format: format, convention: convention, images: order.compactMap { images[$0] }, labels: labels, notes: [])
  }

  /// The objects of an instance label image as mask features, by value, with the class and source id
  /// from the instance table beside it (when there is one).
  static func masks(labelImage path: String) throws -> [ShapeFeature] {
    let reader = try TIFFReader(path: path)
    let plane = try reader.readPlane(0)
    let regions = LabelMaskRaster.regions(of: plane)
    var table: [Int: InstanceTable.Row] = [:]
    let tablePath = InstanceTable.path(forLabelImage: path)
    if let data = FileManager.default.contents(atPath: tablePath) {
      do { table = try InstanceTable.parse(String(decoding: data, as: UTF8.self)) } catch {
        throw ImportError(code: .unsupported, message: error.description, path: tablePath, cause: error)
      }
    }
    return regions.keys.sorted().map { value in
      let region = regions[value]!
      let row = table[value]
      let id: JSONValue? = row?.sourceID.map { text in Double(text).map(JSONValue.number) ?? .string(text) }
      return ShapeFeature(
        geometry: ShapeFeature.boxGeometry(
          x0: Double(region.left), y0: Double(region.top), x1: Double(region.left + region.width),
          y1: Double(region.top + region.height)),
        shape: "mask",
        properties: [("label", .string(row?.label ?? "value \(value)")), ("value", .number(Double(value)))], id: id,
        mask: region)
    }
  }
}
