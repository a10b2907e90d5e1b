// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTIFF

/// The objects of one image for the object layouts (COCO, YOLO): each object of an instance label
/// image, each class of a semantic one, and each shape, with its class and the image's size.
struct SampleObjects {
  /// One object: its class and its geometry (a `mask` feature carries its pixels).
  struct Object {
    /// The class name.
    var category: String
    /// The geometry.
    var feature: ShapeFeature
    /// Whether it is every pixel of one class of a semantic label image (maybe several parts).
    var isClassRegion: Bool
  }

  /// The image's width in pixels.
  var width: Int
  /// The image's height in pixels.
  var height: Int
  /// The objects, label-image objects first (by value), then shapes in file order.
  var objects: [Object]

  /// Reads a sample's objects; its label image is read in full.
  /// - Parameter sample: the image and its annotations.
  /// - Returns: the objects.
  /// - Throws: ``ExportError`` for a label image that cannot be read, is a volume, has another size
  ///   than the image, or holds a class value its label table lacks; `.unsupported` when the size of
  ///   an image without a label image cannot be found.
  static func read(_ sample: TrainingDataset.Sample) throws(ExportError) -> SampleObjects {
    var size: (width: Int, height: Int)? = sample.image.dimensions.map { ($0.x, $0.y) }
    if size == nil { size = ImageSize.of(sample.path) }
    var objects: [Object] = []
    if let source = sample.labelImage {
      let volume: LabelVolume
      do { volume = try LabelVolume.read(path: source.path) } catch {
        throw ExportError(code: .unreadable, message: error.message, path: source.path, cause: error)
      }
      guard volume.depth == 1 else {
        throw ExportError(
          code: .unsupported,
          message:
            "a label volume (\(volume.shapeDescription)): COCO and YOLO hold 2D images; export it with --to nnunet",
          path: source.path)
      }
      if let size, size != (volume.width, volume.height) {
        throw ExportError(
          code: .unsupported,
          message: "the label image is \(volume.width)×\(volume.height), its image \(size.width)×\(size.height)",
          path: source.path)
      }
      size = (volume.width, volume.height)
      let plane: Plane
      do { plane = try volume.plane() } catch {
        throw ExportError(code: .unreadable, message: "\(error)", path: source.path, cause: error)
      }
      let features = try LabelMaskRaster.maskFeatures(of: plane) { (value) throws(ExportError) -> String? in
        guard source.kind == .semantic else { return source.instanceClasses[value] ?? source.defaultClass }
        guard let name = source.classNames[value] else {
          throw ExportError(
            code: .unsupported,
            message: "value \(value) is not in set \(source.set)'s label table; add it there (SPEC §5.2)",
            path: source.path)
        }
        return name
      }
      for feature in features {
        objects.append(
          Object(category: feature.label ?? "object", feature: feature, isClassRegion: source.kind == .semantic))
      }
    }
    for feature in sample.shapes {
      objects.append(Object(category: feature.label ?? "object", feature: feature, isClassRegion: false))
    }
    guard let size else {
      throw ExportError(
        code: .unsupported,
        message: "the image's size is unknown: add dimensions to the manifest, or use a TIFF or PNG image",
        path: sample.path)
    }
    return SampleObjects(width: size.width, height: size.height, objects: objects)
  }
}
