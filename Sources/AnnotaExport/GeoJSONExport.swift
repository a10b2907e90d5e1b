// SPDX-License-Identifier: Apache-2.0
public import AnnotaImport
import AnnotaModel
import FoundationEssentials

/// All images' shapes in one GeoJSON FeatureCollection (`annota convert --to geojson`), each
/// feature with an `image` property naming its image; masks appear as their box.
public enum GeoJSONExport {
  /// The collection's text and how many masks lost their pixels.
  /// - Parameter annotations: the annotations.
  /// - Returns: the file's text and the number of masks written as boxes.
  public static func text(_ annotations: ForeignAnnotations) -> (text: String, masksAsBoxes: Int) {
    let features = annotations.images.flatMap { image in
      image.features.map { feature -> ShapeFeature in
        var copy = feature
        copy.properties.append(("image", .string(image.name)))
        return copy
      }
    }
    return (GeoJSONWriter.text(features), features.filter { $0.mask != nil }.count)
  }

  /// Reads a collection written by ``text(_:)`` back, split into `images` by the `image` property.
  /// - Parameters:
  ///   - path: the file.
  ///   - images: the source's images (names and sizes).
  /// - Returns: the features per image.
  /// - Throws: `GeoJSONError`, or `AnnotaImport/ImportError` when the file cannot be read.
  public static func read(_ path: String, images: [ForeignAnnotations.AnnotatedImage]) throws -> ForeignAnnotations {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ImportError(code: .unsupported, message: "cannot read the file", path: path)
    }
    let collection = try GeoJSONReader.read(Array(data), path: path)
    var byImage: [String: [ShapeFeature]] = [:]
    for var feature in collection.features {
      guard let index = feature.properties.lastIndex(where: { $0.0 == "image" }),
        case .string(let name) = feature.properties[index].1
      else { continue }
      feature.properties.remove(at: index)
      byImage[name, default: []].append(feature)
    }
    // An image name may repeat (project subsets): its features go to the first image of that name.
    var seen: Set<String> = []
    return ForeignAnnotations(
      format: .geoJSON, convention: "annota-0.1",
      images: images.map {
        let features = seen.insert($0.name).inserted ? byImage[$0.name] ?? [] : []
        return .init(name: $0.name, width: $0.width, height: $0.height, features: features, tags: [])
      }, labels: [], notes: [])
  }
}
