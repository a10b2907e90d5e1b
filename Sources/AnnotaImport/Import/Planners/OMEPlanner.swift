// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

extension DatasetImporter {
  /// OME ROIs become one GeoJSON of shapes per image, OME masks an instance label image.
  static func planOME(
    _ source: String, dataset: OMEDataset, inspection: FileInspection, setID: String, manifest: Manifest,
    options: ImportOptions, plan: inout Plan
  ) throws {
    guard !dataset.document.rois.isEmpty else { return }
    var shapesByImage:
      [(image: AnnotaModel.Image, omeImage: OMEImage, features: [ShapeFeature], masks: [(String, OMEShape)])] = []
    // Each ROI goes to the image that references it. With ROIs for several images, each image is
    // matched by name only: none is re-targeted onto another (or onto the dataset's only image).
    let annotated = dataset.document.images.enumerated().compactMap { index, omeImage -> (Int, OMEImage, [OMEROI])? in
      let refs = Set(omeImage.roiRefs)
      // ROIs without any ImageRef belong to the only image, when there is one.
      let rois = dataset.document.rois.filter {
        refs.contains($0.id) || (refs.isEmpty && dataset.document.images.count == 1)
      }
      return rois.isEmpty ? nil : (index, omeImage, rois)
    }
    let several = annotated.count > 1
    var roiSeen: [String: Set<String>] = [:]
    let referenced = Set(annotated.flatMap { $0.2.map(\.id) })
    let orphans = dataset.document.rois.filter { !referenced.contains($0.id) }
    if !orphans.isEmpty {
      plan.notes.append(
        "\(orphans.count) ROI(s) no image references (\(orphans.prefix(5).map(\.id).joined(separator: ", "))): not imported"
      )
    }
    if several, options.imageID != nil {
      throw ImportError(
        code: .ambiguous,
        message:
          "the file holds ROIs for \(annotated.count) images; --image would put them all on one. Import without --image: each image's ROIs go to the dataset image of the same name",
        path: source)
    }
    for (index, omeImage, rois) in annotated {
      let name = omeImage.name.map(stem(of:)) ?? "\(stem(of: source))_\(index)"
      let image: AnnotaModel.Image
      if several {
        let wanted = baseName(name)
        guard let match = manifest.images.first(where: { baseName(stem(of: $0.path)) == wanted || $0.id == wanted })
        else {
          plan.notes.append(
            "ROIs of OME image \(omeImage.id) (\(omeImage.name ?? "unnamed"), \(rois.count) ROI(s)): no dataset image of that name; not imported"
          )
          continue
        }
        image = match
      } else if options.imageID == nil, let omeName = omeImage.name {
        // A named image's ROIs go to the dataset image of that name, not to whichever image is alone.
        let wanted = baseName(stem(of: omeName))
        guard let match = manifest.images.first(where: { baseName(stem(of: $0.path)) == wanted || $0.id == wanted })
        else {
          throw ImportError(
            code: .ambiguous,
            message:
              "the ROIs belong to OME image \(omeImage.id) (\(omeName)); the dataset has no image of that name. Name the image they belong to with --image",
            path: source)
        }
        image = match
      } else {
        image = try matchImage(source, name: name, manifest: manifest, options: options)
      }
      // OME images of one name (an OMERO export of two planes of `combined_result.tiff`) are one
      // dataset image: their ROIs go to one file, a ROI both reference once.
      let entry = shapesByImage.firstIndex { $0.image.id == image.id }
      if let entry {
        plan.notes.append(
          "OME images \(shapesByImage[entry].omeImage.id) and \(omeImage.id) are both dataset image \(image.id): their ROIs are imported together"
        )
      }
      var features: [ShapeFeature] = []
      var masks: [(String, OMEShape)] = []
      for roi in rois where roiSeen[image.id, default: []].insert(roi.id).inserted {
        for shape in roi.shapes {
          if case .mask = shape.geometry {
            masks.append((roi.id, shape))
          } else {
            features.append(shape.feature(roi: roi.id))
          }
        }
      }
      if let entry {
        shapesByImage[entry].features += features
        shapesByImage[entry].masks += masks
      } else {
        shapesByImage.append((image, omeImage, features, masks))
      }
    }
    if several, shapesByImage.isEmpty {
      throw ImportError(
        code: .ambiguous,
        message:
          "the file holds ROIs for \(annotated.count) images (\(annotated.map { $0.1.name ?? $0.1.id }.joined(separator: ", "))) and none of them is a dataset image of the same name; nothing was imported",
        path: source)
    }
    let allFeatures = shapesByImage.flatMap(\.features)
    if !allFeatures.isEmpty {
      var files: [AnnotationFile] = []
      for entry in shapesByImage where !entry.features.isEmpty {
        let path = "annotations/\(setID)/\(entry.image.id).geojson"
        files.append(AnnotationFile(path: path, image: entry.image.id))
        let text = GeoJSONWriter.text(entry.features)
        plan.files.append(
          PlannedFile.text(path, text))
      }
      var set = AnnotationSet(
        id: setID, name: "Shapes from \(source.split(separator: "/").last ?? "")",
        overview: "OME ROIs converted to GeoJSON: \(describe(allFeatures)).", types: mifaTypes(allFeatures),
        encoding: .geojson, files: files)
      set.spatialInformation =
        "Pixel coordinates, origin at the top-left corner of the top-left pixel, y down (OME ROI convention, unchanged)."
      plan.sets.append(set)
    }
    let withMasks = shapesByImage.filter { !$0.masks.isEmpty }
    if !withMasks.isEmpty {
      let maskSetID = allFeatures.isEmpty ? setID : setID + "-masks"
      var files: [AnnotationFile] = []
      for entry in withMasks {
        let path = "annotations/\(maskSetID)/\(entry.image.id)_masks.tif"
        files.append(AnnotationFile(path: path, image: entry.image.id))
        let pixels = entry.omeImage.pixels
        let masks = entry.masks
        plan.files.append(
          PlannedFile(path: path) { target in
            try TIFFWriter.write(try rasterize(masks, pixels: pixels), to: target, compression: .fastDeflate)
          })
      }
      var set = AnnotationSet(
        id: maskSetID, name: "Masks from \(source.split(separator: "/").last ?? "")",
        overview:
          "OME Mask ROIs drawn into one uint16 instance label image per image (one id per mask, in ROI order; 0 is background).",
        types: [.segmentationMask], encoding: .labelImage, files: files)
      set.kind = .instance
      plan.sets.append(set)
    }
  }

  /// Mask shapes into uint16 planes of the image's size, one plane per Z (masks without TheZ go to every plane).
  static func rasterize(_ masks: [(String, OMEShape)], pixels: OMEPixels) throws -> [Plane] {
    var planes = [[UInt16]](repeating: [UInt16](repeating: 0, count: pixels.sizeX * pixels.sizeY), count: pixels.sizeZ)
    for (index, entry) in masks.enumerated() {
      guard case .mask(let x0, let y0, let width, let height, let bits) = entry.1.geometry else { continue }
      let id = UInt16(min(index + 1, Int(UInt16.max)))
      let zs = entry.1.theZ.map { [$0] } ?? Array(0..<pixels.sizeZ)
      for z in zs where z < pixels.sizeZ {
        for row in 0..<height {
          let y = Int(y0.rounded(.down)) + row
          guard y >= 0, y < pixels.sizeY else { continue }
          for column in 0..<width where bits[row * width + column] != 0 {
            let x = Int(x0.rounded(.down)) + column
            guard x >= 0, x < pixels.sizeX else { continue }
            planes[z][y * pixels.sizeX + x] = id
          }
        }
      }
    }
    return try planes.map { try Plane(width: pixels.sizeX, height: pixels.sizeY, uint16: $0) }
  }
}
