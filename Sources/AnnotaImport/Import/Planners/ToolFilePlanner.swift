// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
package import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

extension DatasetImporter {
  /// CVAT, VOC, Cell Counter, TrackMate, COCO or LabelMe: one GeoJSON per annotated image that matches
  /// a dataset image (by file name), image-level tags into a class table (SPEC §5.5).
  package static func planToolFile(
    _ source: String, annotations: ForeignAnnotations, setID: String, manifest: Manifest, options: ImportOptions,
    plan: inout Plan
  ) throws {
    var files: [AnnotationFile] = []
    var tagRows: [String] = []
    var featuresByImage:
      [(image: AnnotaModel.Image, source: ForeignAnnotations.AnnotatedImage, features: [ShapeFeature])] = []
    for image in annotations.images where !image.features.isEmpty || !image.tags.isEmpty {
      let name = stem(of: image.name.isEmpty ? source : image.name)
      let match: AnnotaModel.Image
      do { match = try matchImage(source, name: name, manifest: manifest, options: options) } catch {
        if annotations.images.count == 1 { throw error }
        plan.notes.append("\(image.name): no dataset image matches; skipped")
        continue
      }
      // Several annotated images may map to one dataset image (video frames, --image): one file each.
      if let index = featuresByImage.firstIndex(where: { $0.image.id == match.id }) {
        featuresByImage[index].features += image.features
      } else if !image.features.isEmpty {
        featuresByImage.append((match, image, image.features))
      }
      tagRows += image.tags.map { "\(match.id)\t\($0)" }
    }
    var maskFiles: [AnnotationFile] = []
    for (image, annotated, features) in featuresByImage where !features.isEmpty {
      // Masks with pixels go into an instance label image; GeoJSON cannot hold pixels.
      let masks = features.filter { $0.mask != nil }
      let shapes = features.filter { $0.mask == nil }
      if !shapes.isEmpty {
        let path = "annotations/\(setID)/\(image.id).geojson"
        files.append(AnnotationFile(path: path, image: image.id))
        // Track links travel as the collection's `edges` (SPEC §5.4).
        let (linked, edges) = GeoJSONWriter.edges(fromLinks: shapes)
        let text = GeoJSONWriter.text(linked, edges: edges)
        plan.files.append(
          PlannedFile.text(path, text))
      }
      guard !masks.isEmpty else { continue }
      guard let width = image.dimensions?.x ?? annotated.width, let height = image.dimensions?.y ?? annotated.height
      else {
        plan.notes.append("\(image.id): \(masks.count) mask(s) skipped: the image's size is not known")
        continue
      }
      let path = "annotations/\(setID)-masks/\(image.id)_labels.tif"
      maskFiles.append(AnnotationFile(path: path, image: image.id))
      if annotations.masksAreClasses {
        // Classes of a semantic label image (nnU-Net): painted back with their own values, no table.
        plan.files.append(
          PlannedFile(path: path) { target in
            let painted = try LabelMaskRaster.paintClasses(masks, width: width, height: height)
            try TIFFWriter.write([painted.plane], to: target, compression: .fastDeflate)
          })
        continue
      }
      // Painted when written, so a long video's label images are never all in memory at once.
      plan.files.append(
        PlannedFile(path: path) { target in
          let painted = try LabelMaskRaster.paint(masks, width: width, height: height)
          try TIFFWriter.write([painted.plane], to: target, compression: .fastDeflate)
          try PlannedFile.write(InstanceTable.text(painted.instances), to: InstanceTable.path(forLabelImage: target))
        })
      // Painted once now for the notes (and dropped): overlaps must be told before anything is written.
      let preview = try LabelMaskRaster.paint(masks, width: width, height: height)
      let (hidden, clipped) = (preview.hiddenPixels, preview.clippedPixels)
      if hidden > 0 {
        plan.notes.append(
          "\(image.id): overlapping masks: \(hidden) pixel(s) are hidden under masks drawn on top (a label image holds one value per pixel)"
        )
      }
      if clipped > 0 {
        plan.notes.append("\(image.id): \(clipped) mask pixel(s) lie outside the image and were dropped")
      }
      if !preview.hiddenShapes.isEmpty {
        plan.notes.append(
          "\(image.id): \(LabelMaskRaster.describeHidden(preview.hiddenShapes)): not in the label image or its table")
      }
    }
    plan.notes += annotations.notes
    // CVAT records per shape whether it was drawn (manual), predicted (auto) or assisted (semi-auto).
    let sources = Set(annotations.images.flatMap(\.features).compactMap(shapeSource))
    if let inferred = origin(fromSources: sources) { plan.inferredOrigin = inferred }
    if !files.isEmpty {
      let shapes = featuresByImage.flatMap(\.features).filter { $0.mask == nil }
      let counts = describe(shapes)
      let isTracks = annotations.mifaTypes.contains(.tracks)
      let types = mifaTypes(shapes).filter { $0 != .other } + (isTracks ? [.tracks] : [])
      var set = AnnotationSet(
        id: setID, name: "\(annotations.format) annotations from \(source.split(separator: "/").last ?? "")",
        overview: shapeOverview(format: annotations.format, counts: counts), types: types.isEmpty ? [.other] : types,
        encoding: isTracks ? .tracks : .geojson, files: files)
      set.spatialInformation =
        "Pixel coordinates, origin at the top-left corner of the top-left pixel, y down (from \(annotations.convention))."
      // Keypoints name their body parts: the set declares them (SPEC §5.3).
      if let schema = annotations.keypoints, !schema.bodyparts.isEmpty,
        shapes.contains(where: { $0.shape == "keypoint" })
      {
        set.keypoints = schema
      }
      plan.sets.append(set)
    }
    if !maskFiles.isEmpty, annotations.masksAreClasses {
      var set = AnnotationSet(
        id: setID + "-masks", name: "\(annotations.format) labels from \(source.split(separator: "/").last ?? "")",
        overview: classMaskOverview(format: annotations.format), types: [.segmentationMask], encoding: .labelImage,
        files: maskFiles)
      set.kind = .semantic
      // The classes' own values (background 0): the label images' pixels as they were.
      if let table = labelTable(id: setID + "-labels", labels: annotations.labels, regions: annotations.regions) {
        set.labelTable = table.id
        plan.labelTables.append(table)
      }
      plan.sets.append(set)
    } else if !maskFiles.isEmpty {
      let count = featuresByImage.reduce(0) { $0 + $1.features.filter { $0.mask != nil }.count }
      var set = AnnotationSet(
        id: setID + "-masks", name: "\(annotations.format) masks from \(source.split(separator: "/").last ?? "")",
        overview:
          instanceMaskOverview(format: annotations.format, count: count),
        types: [.segmentationMask], encoding: .labelImage, files: maskFiles)
      set.kind = .instance
      plan.sets.append(set)
    }
    if !tagRows.isEmpty {
      let table = classTable(tagRows, setID: setID, besideShapes: !files.isEmpty, format: annotations.format)
      plan.files.append(PlannedFile.text(table.set.files[0].path, table.text))
      plan.sets.append(table.set)
    }
  }

  /// Image tags as a class table (SPEC §5.5): the file's text and its set, the set's own id when
  /// there are no shapes, else `-classes` beside them.
  /// - Parameters:
  ///   - rows: `image<TAB>label` rows.
  ///   - setID: the id of the import's set.
  ///   - besideShapes: whether a set of shapes takes `setID`.
  ///   - format: the source format, for the overview.
  package static func classTable(_ rows: [String], setID: String, besideShapes: Bool, format: FormatID) -> (
    text: String, set: AnnotationSet
  ) {
    let path = "annotations/\(setID)/classes.tsv"
    let set = AnnotationSet(
      id: besideShapes ? setID + "-classes" : setID, name: "Image-level classes",
      overview: "Image tags converted from \(format).", types: [.classLabels], encoding: .classTable,
      files: [AnnotationFile(path: path, image: nil)])
    return ("image\tlabel\n" + rows.joined(separator: "\n") + "\n", set)
  }

  /// The overview of a set of shapes converted from `format`; `counts` in words (``describe(counts:)``).
  package static func shapeOverview(format: FormatID, counts: String) -> String {
    "Converted from \(format): \(counts)."
  }

  /// The overview of a set of instance label images holding `count` masks converted from `format`.
  package static func instanceMaskOverview(format: FormatID, count: Int) -> String {
    "\(count) mask(s) converted from \(format), one value per object; each value's class is in the instance "
      + "table beside the label image."
  }

  /// The overview of a set of semantic label images converted from `format`.
  package static func classMaskOverview(format: FormatID) -> String {
    "Semantic label images converted from \(format): each pixel holds its class's value from the label table."
  }

  /// How a shape was made, as CVAT records it (`manual`, `auto`, `semi-auto`, `file`), if it says.
  package static func shapeSource(_ feature: ShapeFeature) -> String? {
    feature.properties.first { $0.0 == "source" }.flatMap {
      if case .string(let value) = $0.1 { value } else { nil }
    }
  }

  /// Where shapes came from, by the sources they record: all drawn is manual, all predicted is a
  /// model's, a mix of the known sources is semi-automatic; nothing known gives `nil`.
  package static func origin(fromSources sources: Set<String>) -> Origin? {
    guard !sources.isEmpty else { return nil }
    return sources == ["manual"]
      ? .manual
      : sources == ["auto"]
        ? .model : sources.isSubset(of: ["manual", "auto", "semi-auto", "file"]) ? .semiAutomatic : nil
  }
}
