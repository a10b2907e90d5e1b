// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
import AnnotaModel
import Foundation

/// An annotation file's shapes for comparison, whoever wrote it: a tool's format Annota imports
/// (CVAT, COCO, LabelMe, Pascal VOC, Cell Counter, TrackMate), or Annota's own GeoJSON (SPEC §5.3),
/// whose features name their image in an `image` property or annotate the one image the file is for.
enum ToolFiles {
  /// One file to read, and the image it annotates when a dataset's manifest says so.
  struct Input: Sendable {
    var path: String
    var image: String?
  }

  /// Reads a file's images and shapes.
  /// - Parameter input: the file, and its image when known.
  /// - Returns: its annotations; a file of one image takes `input.image` as that image's name.
  /// - Throws: ``CompareError`` when no reader knows the file or it does not read.
  static func annotations(_ input: Input) throws(CompareError) -> ForeignAnnotations {
    let path = input.path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CompareError(code: .missingInput, message: "cannot read the file; check the path", path: path)
    }
    var annotations: ForeignAnnotations
    if let reader = AnnotationFormats.detected(path) {
      do {
        annotations = try reader.read(Array(data), path: path)
      } catch {
        throw CompareError(code: .unsupported, message: "cannot read it: \(error)", path: path, cause: error)
      }
    } else if let collection = try? GeoJSONReader.read(Array(data), path: path) {
      annotations = geoJSON(collection, fallback: input.image ?? ComparisonSource.stem(of: fileName(path)))
    } else {
      throw CompareError(
        code: .unsupported,
        message:
          "not an annotation file Annota reads (CVAT, COCO, LabelMe, Pascal VOC, Cell Counter, TrackMate, GeoJSON)",
        path: path)
    }
    if let image = input.image, annotations.images.count == 1 { annotations.images[0].name = image }
    return annotations
  }

  /// Reads several files.
  /// - Parameter inputs: the files.
  /// - Returns: their annotations, in order.
  /// - Throws: ``CompareError`` for the first file that does not read.
  static func annotations(of inputs: [Input]) throws(CompareError) -> [ForeignAnnotations] {
    var all: [ForeignAnnotations] = []
    for input in inputs { all.append(try annotations(input)) }
    return all
  }

  /// The annotations of every file of a path: the file, or each file of a folder (Pascal VOC keeps
  /// one per image); files of a folder that no reader knows are skipped.
  /// - Parameter path: a file or a folder.
  /// - Returns: the files' annotations, in name order.
  /// - Throws: ``CompareError`` when the path does not exist or a file given by name does not read.
  static func annotations(under path: String) throws(CompareError) -> [ForeignAnnotations] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw CompareError(code: .missingInput, message: "no such file or folder; check the path", path: path)
    }
    guard isFolder.boolValue else { return [try annotations(Input(path: path))] }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    return names.filter { !$0.hasPrefix(".") }.compactMap { try? annotations(Input(path: path + "/" + $0)) }
  }

  /// A GeoJSON collection's features grouped by their `image` property, or all for `fallback`.
  static func geoJSON(_ collection: GeoJSONReader.Collection, fallback: String) -> ForeignAnnotations {
    var images: [ForeignAnnotations.AnnotatedImage] = []
    var position: [String: Int] = [:]
    for feature in collection.features {
      var name = fallback
      if case .string(let image)? = feature.properties.first(where: { $0.0 == "image" })?.1 { name = image }
      if position[name] == nil {
        position[name] = images.count
        images.append(.init(name: name, features: [], tags: []))
      }
      images[position[name]!].features.append(feature)
    }
    return ForeignAnnotations(
      format: .geoJSON, convention: "Annota's pixel convention (SPEC §5.1)", images: images, labels: [], notes: [])
  }

  static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
}
