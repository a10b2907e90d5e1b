// SPDX-License-Identifier: Apache-2.0
public import AnnotaImport
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

/// Writes one instance label image per annotated image (`annota convert --to masks`): masks with
/// their own pixels, and boxes, polygons and ellipses rasterised by the pixel-centre rule
/// (`ShapeRaster`), each object its own value, with an instance table beside each image.
public enum LabelMaskExport {
  /// What was written.
  public struct Result: Sendable {
    /// The files written, relative to the folder.
    public var files: [String]
    /// Things worth knowing (images without a size, overlaps…).
    public var notes: [String]
  }

  /// The annotations as the label images hold them: every area shape replaced by its rasterised mask.
  /// - Parameter annotations: the source's annotations.
  /// - Returns: the same images with only mask features.
  public static func rasterised(_ annotations: ForeignAnnotations) -> ForeignAnnotations {
    var copy = annotations
    for index in copy.images.indices {
      copy.images[index].features = copy.images[index].features.compactMap { feature in
        guard let mask = ShapeRaster.mask(of: feature) else { return nil }
        var masked = feature
        masked.mask = mask
        masked.shape = "mask"
        return masked
      }
    }
    return copy
  }

  /// What the label images of `annotations` hold: per image, each mask's visible part in paint
  /// order (occluded pixels removed, fully hidden masks left out), and notes saying what occlusion hid.
  ///
  /// A conversion to label images is checked against this: occlusion is a known, reported loss, not
  /// a difference.
  /// - Parameters:
  ///   - annotations: the source's annotations.
  ///   - rasterising: turn every area shape into a mask first (`convert --to masks`); otherwise
  ///     only the source's own masks go into label images and other shapes are kept as they are.
  /// - Returns: the expected shapes and one note per image with hidden pixels.
  public static func expected(_ annotations: ForeignAnnotations, rasterising: Bool = true)
    -> (annotations: ForeignAnnotations, notes: [String])
  {
    var copy = rasterising ? rasterised(annotations) : annotations
    var notes: [String] = []
    for index in copy.images.indices {
      let image = copy.images[index]
      guard let width = image.width, let height = image.height, width > 0, height > 0 else { continue }
      let parts = LabelMaskRaster.visibleParts(image.features, width: width, height: height)
      copy.images[index].features =
        image.features.filter { $0.mask == nil }
        + parts.compactMap { part in
          part.visible.map { visible in
            var feature = part.feature
            feature.mask = visible
            return feature
          }
        }
      let hidden = parts.filter { $0.visible == nil }.map(\.feature)
      let partly = parts.filter { $0.visible != nil && $0.hiddenPixels > 0 }
      if !hidden.isEmpty {
        notes.append("\(image.name): \(LabelMaskRaster.describeHidden(hidden)): not compared")
      }
      if !partly.isEmpty {
        let pixels = partly.reduce(0) { $0 + $1.hiddenPixels }
        notes.append(
          "\(image.name): \(partly.count) shape(s) partly hidden under shapes drawn on top (\(pixels) pixel(s)): "
            + "compared by their visible pixels")
      }
    }
    return (copy, notes)
  }

  /// Writes `<image stem>_labels.tif` and `<image stem>_labels.instances.tsv` per image into `folder`.
  /// - Parameters:
  ///   - annotations: the source's annotations.
  ///   - folder: the output folder; it must not exist or be empty.
  /// - Returns: the files and notes.
  /// - Throws: `AnnotaImport/ImportError` when the folder is not empty, TIFF errors when writing fails.
  public static func write(_ annotations: ForeignAnnotations, to folder: String) throws -> Result {
    let masks = rasterised(annotations)
    var files: [String] = []
    var notes: [String] = []
    if FileManager.default.fileExists(atPath: folder) {
      guard (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty == true else {
        throw ImportError(code: .conflict, message: "the folder exists and is not empty", path: folder)
      }
    }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let names = fileNames(masks)
    // One image at a time: a long video's label images are never all in memory.
    for (index, (original, image)) in zip(annotations.images, masks.images).enumerated()
    where !original.features.isEmpty {
      let skipped = original.features.count - image.features.count
      if skipped > 0 {
        notes.append(
          "\(image.name): \(skipped) shape(s) without area (points, lines, empty shapes) are not in the label image")
      }
      guard let name = names[index], let width = image.width, let height = image.height else {
        if !image.features.isEmpty {
          notes.append("\(image.name): skipped, the file does not record the image's size")
        }
        continue
      }
      let painted = try LabelMaskRaster.paint(image.features, width: width, height: height)
      if painted.hiddenPixels > 0 {
        notes.append(
          "\(image.name): \(painted.hiddenPixels) pixel(s) of overlapping shapes are hidden under shapes drawn on top")
      }
      if painted.clippedPixels > 0 {
        notes.append("\(image.name): \(painted.clippedPixels) pixel(s) outside the image were dropped")
      }
      if !painted.hiddenShapes.isEmpty {
        notes.append(
          "\(image.name): \(LabelMaskRaster.describeHidden(painted.hiddenShapes)): not in the label image or its table")
      }
      try TIFFWriter.write([painted.plane], to: folder + "/" + name + ".tif", compression: .fastDeflate)
      try Data(InstanceTable.text(painted.instances).utf8).write(
        to: URL(fileURLWithPath: folder + "/" + name + ".instances.tsv"), options: .atomic)
      files += [name + ".tif", name + ".instances.tsv"]
    }
    return Result(files: files, notes: notes)
  }

  /// Reads label images written by ``write(_:to:)`` back, matched to `annotations`' images by name.
  /// - Parameters:
  ///   - folder: the output folder.
  ///   - annotations: the source's annotations (for image names and sizes).
  /// - Returns: the masks per image.
  /// - Throws: TIFF or table errors.
  public static func read(_ folder: String, for annotations: ForeignAnnotations) throws -> ForeignAnnotations {
    var copy = annotations
    let names = fileNames(rasterised(annotations))
    for index in copy.images.indices {
      copy.images[index].features = []
      guard let name = names[index], FileManager.default.fileExists(atPath: folder + "/" + name + ".tif") else {
        continue
      }
      copy.images[index].features = try DatasetAnnotations.masks(labelImage: folder + "/" + name + ".tif")
    }
    return copy
  }

  /// The label image's file name (without extension) per image: `nil` for images without masks or
  /// without a recorded size; unique within the folder.
  static func fileNames(_ masks: ForeignAnnotations) -> [String?] {
    var used: Set<String> = []
    return masks.images.map { image in
      guard !image.features.isEmpty, let width = image.width, let height = image.height, width > 0, height > 0 else {
        return nil
      }
      let name = DatasetImporter.identifier(
        from: DatasetImporter.stem(of: image.name.isEmpty ? "image" : image.name) + "_labels")
      var unique = name
      var suffix = 2
      while used.contains(unique) {
        unique = "\(name)-\(suffix)"
        suffix += 1
      }
      used.insert(unique)
      return unique
    }
  }
}
