// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

// Which dataset image an import belongs to, and whether its size fits.
extension DatasetImporter {
  /// Whether `info`'s pages, whose axis a plain TIFF does not record, are `image`'s time points: as
  /// many pages as the image declares time points, and one Z plane.
  static func pagesAreTimePoints(_ info: FileInspection.ImageInfo, image: AnnotaModel.Image) -> Bool {
    guard info.pagesAxisGuessed, info.axes == "ZYX", let dimensions = image.dimensions else { return false }
    let sameXY = info.shape[1] == dimensions.y && info.shape[2] == dimensions.x
    return sameXY && (dimensions.z ?? 1) == 1 && dimensions.t == info.shape[0]
  }

  /// A label image must have its image's X, Y (and Z) size: a mismatch is refused with both sizes,
  /// unless the person named the image and allowed it.
  static func checkSize(
    _ source: String, inspection: FileInspection, image: AnnotaModel.Image, options: ImportOptions, plan: inout Plan
  ) throws {
    guard let info = inspection.images.first else { return }
    let axes = Array(info.axes)
    func size(_ axis: Character) -> Int { axes.firstIndex(of: axis).map { info.shape[$0] } ?? 1 }
    let label = (x: size("X"), y: size("Y"), z: size("Z"))
    guard let dimensions = image.dimensions else {
      plan.notes.append("image \(image.id) declares no dimensions: the label image's size was not compared with it")
      return
    }
    let target = (x: dimensions.x, y: dimensions.y, z: dimensions.z ?? 1)
    guard label != target else { return }
    // A plain multi-page label TIFF does not say its pages are time points; its image does.
    if Self.pagesAreTimePoints(info, image: image) { return }
    func describe(_ size: (x: Int, y: Int, z: Int)) -> String {
      size.z > 1 ? "\(size.x)×\(size.y)×\(size.z) (X×Y×Z)" : "\(size.x)×\(size.y) (X×Y)"
    }
    let mismatch = "the label image is \(describe(label)), image \(image.id) is \(describe(target))"
    guard options.allowSizeMismatch, options.imageID != nil else {
      throw ImportError(
        code: .conflict,
        message:
          "\(mismatch); a label image must be pixel-aligned with its image. Name the right image with --image, or pass --image and --allow-size-mismatch to import it anyway",
        path: source)
    }
    plan.notes.append("\(mismatch): imported anyway (--allow-size-mismatch); validate reports it as MASK-002")
  }

  /// The dataset image the annotations belong to: `--image`, else the image the manifest already
  /// pairs the source file with (as `init` drafted it), else the image whose file stem matches `name`
  /// (ignoring `_mask`, `_labels`… suffixes), else the only image.
  static func matchImage(_ source: String, name: String, manifest: Manifest, options: ImportOptions) throws
    -> AnnotaModel.Image
  {
    if let id = options.imageID {
      guard let image = manifest.images.first(where: { $0.id == id }) else {
        throw ImportError(code: .ambiguous, message: "the manifest has no image `\(id)`", path: source)
      }
      return image
    }
    let listed = manifest.annotationSets.flatMap(\.files).filter {
      $0.image != nil && (source == $0.path || source.hasSuffix("/" + $0.path))
    }
    if let id = listed.first?.image, Set(listed.compactMap(\.image)).count == 1,
      let image = manifest.images.first(where: { $0.id == id })
    {
      return image
    }
    let wanted = baseName(name)
    let matches = manifest.images.filter { baseName(stem(of: $0.path)) == wanted || $0.id == wanted }
    if matches.count == 1 { return matches[0] }
    if manifest.images.count == 1 { return manifest.images[0] }
    throw ImportError(
      code: .ambiguous,
      message: matches.isEmpty
        ? "no dataset image matches `\(name)`; name it with --image ID"
        : "several dataset images match `\(name)` (\(matches.map(\.id).joined(separator: ", "))); name one with --image ID",
      path: source)
  }
}
