// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaScan

/// An annotation tool's file (CVAT, Pascal VOC, COCO, LabelMe, Cell Counter, TrackMate) or OME-XML
/// ROIs, read and its shapes checked: against the image sizes the file records, or, listed in a
/// dataset, against its source images' real sizes.
enum ToolFileCheck {
  /// The findings and what could not be checked.
  struct Result {
    var findings: [Diagnostic] = []
    var unchecked: [ValidationReport.Unchecked] = []
  }

  /// Reads one tool file and checks its shapes.
  /// - Parameters:
  ///   - path: the file.
  ///   - name: its name in findings.
  ///   - format: the format it was classified as.
  ///   - read: the annotations the classification already parsed, when it could (not read twice).
  ///   - sourceBounds: bounds `[x, y, z, c, t]` of the dataset's source images, by image file name;
  ///     the key `""` holds the bounds of the file's only source image.
  static func check(
    _ path: String, name: String, format: FormatID, read: ForeignAnnotations? = nil, sourceBounds: [String: [Int]]
  ) -> Result {
    var result = Result()
    let location = SourceLocation(file: name)
    do {
      let foreign = try read ?? AnnotationFormats.read(path)
      let names = foreign.labels.isEmpty ? nil : Set(foreign.labels.map(\.name))
      var unsized = 0
      for image in foreign.images {
        let fileName = image.name.split(separator: "/").last.map(String.init) ?? image.name
        // The dataset's image, when known, wins over what the tool recorded (tools record no planes).
        let recorded = image.width.flatMap { width in image.height.map { [width, $0, Int.max, Int.max, Int.max] } }
        let bounds = sourceBounds[fileName] ?? sourceBounds[""] ?? recorded
        let context = ShapeContext(bounds: bounds, labelNames: names, labelValues: nil, tracks: false, pointer: "")
        let checked = ShapeCheck.check(image.features, edges: [], path: name, context: context, imageName: image.name)
        result.findings += checked.findings
        unsized += checked.unchecked.filter { $0.rule == ShapeRules.outOfBounds.id }.count
        result.unchecked += checked.unchecked.filter { $0.rule != ShapeRules.outOfBounds.id }
      }
      if unsized > 0 {
        result.unchecked.append(
          .init(
            rule: ShapeRules.outOfBounds.id, location: location,
            reason: "\(unsized) image(s) of the file record no size, so their shapes' bounds were not checked"))
      }
    } catch {
      result.findings.append(FileRules.unreadable.finding("cannot be read as \(format): \(error)", at: location))
    }
    return result
  }

  /// Checks the tool files a dataset lists as they are, each against its source images.
  ///
  /// The files are those of sets of `encoding: other`. Each is classified once, and the annotations
  /// that classification parsed are the ones checked.
  /// - Parameters:
  ///   - manifest: the manifest.
  ///   - present: the listed files on disk.
  ///   - facts: what the read pass learnt of each file (image sizes).
  ///   - root: the dataset folder.
  static func checkListed(manifest: Manifest, present: Set<String>, facts: [String: FileFacts], root: String)
    async -> Result
  {
    var result = Result()
    let imagePath = Dictionary(manifest.images.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first })
    let entryAt = Dictionary(
      manifest.annotationSets.flatMap(\.files).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    let listed = Set(manifest.annotationSets.filter { $0.encoding == .other }.flatMap { $0.files.map(\.path) })
    for path in listed.sorted() where present.contains(path) {
      let file = FolderScanner.classify(path, in: root, readPixels: false)
      // A damaged export no longer parses but still looks like its format: it is read, and fails.
      guard
        file.role == .toolAnnotations || file.format == .omeXML
          || file.notes.contains(where: { $0.hasPrefix("looks like") })
      else { continue }
      var bounds: [String: [Int]] = [:]
      let sources = entryAt[path]?.sourceImages ?? []
      for id in sources {
        guard let image = imagePath[id], let fact = facts[image], let shape = fact.shape else { continue }
        let imageBounds = shape + [fact.sizeC, fact.sizeT]
        bounds[image.split(separator: "/").last.map(String.init) ?? image] = imageBounds
        if sources.count == 1 { bounds[""] = imageBounds }
      }
      let checked: Result
      if file.format.isHDF5 {
        // An ilastik project: its painted blocks decoded chunk by chunk, as `validate FILE` does.
        checked = relocated(await validateFile(root + "/" + path), to: path)
      } else if file.format == .omeXML {
        checked = omeXML(root + "/" + path, name: path, sourceBounds: bounds[""])
      } else {
        checked = check(
          root + "/" + path, name: path, format: file.format, read: file.annotations, sourceBounds: bounds)
      }
      result.findings += checked.findings
      result.unchecked += checked.unchecked
    }
    return result
  }

  /// OME-XML ROIs checked against the dataset's source image, or else the file's own image when it
  /// describes exactly one.
  static func omeXML(_ path: String, name: String, sourceBounds: [Int]?) -> Result {
    var result = Result()
    do {
      let inspection = try FileInspector.inspect(path)
      let own = inspection.images.count == 1 ? MaskCheck.spatialShape(inspection.images[0]) : nil
      let bounds = sourceBounds ?? own.map { [$0[0], $0[1], $0[2], Int.max, Int.max] }
      let context = ShapeContext(bounds: bounds, labelNames: nil, labelValues: nil, tracks: false, pointer: "")
      let checked = ShapeCheck.check(inspection.shapes, edges: [], path: name, context: context, imageName: nil)
      result.findings = checked.findings
      result.unchecked = checked.unchecked
    } catch {
      result.findings.append(
        FileRules.unreadable.finding(
          "cannot be read as OME-XML: \(error)", hint: "re-export the file from the tool that wrote it",
          at: SourceLocation(file: name)))
    }
    return result
  }

  /// A single-file report's errors and open checks, located at `path` in the dataset.
  static func relocated(_ report: ValidationReport, to path: String) -> Result {
    var result = Result()
    result.findings = report.diagnostics.filter { $0.severity == .error }.map { finding in
      var finding = finding
      finding.location.file = path
      return finding
    }
    result.unchecked = report.unchecked.map { item in
      var item = item
      item.location.file = path
      return item
    }
    return result
  }
}
