// SPDX-License-Identifier: Apache-2.0

/// Checks what a schema cannot: unique ids and paths, references between objects, and rules that
/// tie fields together (a label-image set needs a kind, pairing patterns must match…).
struct ConsistencyChecker {
  let file: String
  /// The document as parsed, to locate findings by their JSON Pointer.
  let root: ManifestNode
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String, root: ManifestNode) {
    self.file = file
    self.root = root
  }

  private mutating func report(_ rule: Rule, _ message: String, hint: String? = nil, pointer: String) {
    // Located lazily: only findings pay for the walk to their node.
    let position = root.position(at: pointer)
    diagnostics.append(
      Diagnostic(
        rule: rule.id, severity: rule.severity, message: message, hint: hint ?? RuleFixes.hint(for: rule.id),
        location: SourceLocation(file: file, pointer: pointer, line: position?.line, column: position?.column)))
  }

  /// Reports every value that occurs twice, naming where it first occurred.
  private mutating func unique(_ values: [(value: String, pointer: String)], what: String) {
    var first: [String: String] = [:]
    for (value, pointer) in values {
      if let earlier = first[value] {
        report(ManifestRules.duplicate, "\(what) `\(value)` is used twice (first at \(earlier))", pointer: pointer)
      } else {
        first[value] = pointer
      }
    }
  }

  /// Reports a reference that names no defined id.
  private mutating func resolve(
    _ reference: String?, in defined: Set<String>, what: String, declaredIn: String, pointer: String
  ) {
    guard let reference, !defined.contains(reference) else { return }
    let suggestion = Suggestions.closest(to: reference, among: defined.sorted())
    report(
      ManifestRules.danglingReference, "no \(what) has the id `\(reference)`",
      hint: suggestion.map { "did you mean `\($0)`?" }
        ?? (defined.isEmpty
          ? "declare it under `\(declaredIn)`" : "declared ids: \(defined.sorted().joined(separator: ", "))"),
      pointer: pointer)
  }

  mutating func check(_ manifest: Manifest) {
    let images = manifest.images
    unique(images.enumerated().map { ($1.id, "/images/\($0)/id") }, what: "image id")
    // An annotation file may be its own source image's file (ROIs inside an OME-TIFF, a label volume
    // beside the raw image in one HDF5 file); any other repeated path is a duplicate.
    let imageAtPath = Dictionary(images.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
    var paths = images.enumerated().map { ($1.path, "/images/\($0)/path") }
    for (s, set) in manifest.annotationSets.enumerated() {
      paths += set.files.enumerated().compactMap { index, file in
        if let owner = imageAtPath[file.path], file.image == owner { return nil }
        return (file.path, "/annotation_sets/\(s)/files/\(index)/path")
      }
    }
    unique(paths, what: "path")
    var annotationPaths: [(value: String, pointer: String)] = []
    for (s, set) in manifest.annotationSets.enumerated() {
      annotationPaths += set.files.enumerated().compactMap { index, file in
        guard let owner = imageAtPath[file.path], file.image == owner else { return nil }
        return (file.path, "/annotation_sets/\(s)/files/\(index)/path")
      }
    }
    unique(annotationPaths, what: "annotation file path")
    unique(manifest.biosamples.enumerated().map { ($1.id, "/biosamples/\($0)/id") }, what: "biosample id")
    unique(manifest.specimens.enumerated().map { ($1.id, "/specimens/\($0)/id") }, what: "specimen id")
    unique(manifest.acquisitions.enumerated().map { ($1.id, "/acquisitions/\($0)/id") }, what: "acquisition id")
    unique(manifest.correlations.enumerated().map { ($1.id, "/correlations/\($0)/id") }, what: "correlation id")
    unique(
      manifest.analysisMethods.enumerated().map { ($1.id, "/analysis_methods/\($0)/id") }, what: "analysis method id")
    unique(
      manifest.studyComponents.enumerated().map { ($1.id, "/study_components/\($0)/id") }, what: "study component id")
    unique(manifest.labelTables.enumerated().map { ($1.id, "/label_tables/\($0)/id") }, what: "label table id")
    unique(manifest.annotationSets.enumerated().map { ($1.id, "/annotation_sets/\($0)/id") }, what: "annotation set id")
    unique(manifest.splits.enumerated().map { ($1.name, "/splits/\($0)/name") }, what: "split name")
    unique(manifest.versions.enumerated().map { ($1.version, "/versions/\($0)/version") }, what: "version")
    for (s, set) in manifest.annotationSets.enumerated() {
      unique(
        set.versions.enumerated().map { ($1.version, "/annotation_sets/\(s)/versions/\($0)/version") }, what: "version")
    }
    for (t, table) in manifest.labelTables.enumerated() {
      unique(
        table.labels.enumerated().map { (String($1.value), "/label_tables/\(t)/labels/\($0)/value") },
        what: "label value")
      checkRegions(table, pointer: "/label_tables/\(t)")
    }

    let imageIDs = Set(images.map(\.id))
    let biosampleIDs = Set(manifest.biosamples.map(\.id))
    let specimenIDs = Set(manifest.specimens.map(\.id))
    let acquisitionIDs = Set(manifest.acquisitions.map(\.id))
    let tableIDs = Set(manifest.labelTables.map(\.id))
    let splitNames = Set(manifest.splits.map(\.name))
    let componentIDs = Set(manifest.studyComponents.map(\.id))
    for (i, image) in images.enumerated() {
      resolve(
        image.biosample, in: biosampleIDs, what: "biosample", declaredIn: "biosamples",
        pointer: "/images/\(i)/biosample")
      resolve(
        image.specimen, in: specimenIDs, what: "specimen", declaredIn: "specimens", pointer: "/images/\(i)/specimen")
      resolve(
        image.acquisition, in: acquisitionIDs, what: "acquisition", declaredIn: "acquisitions",
        pointer: "/images/\(i)/acquisition")
      resolve(image.split, in: splitNames, what: "split", declaredIn: "splits", pointer: "/images/\(i)/split")
      resolve(
        image.component, in: componentIDs, what: "study component", declaredIn: "study_components",
        pointer: "/images/\(i)/component")
      if image.component == nil && !componentIDs.isEmpty {
        report(
          ManifestRules.componentMissing, "image `\(image.id)` names no study component",
          hint: "add `component:` with one of \(componentIDs.sorted().joined(separator: ", "))",
          pointer: "/images/\(i)")
      }
      for (d, input) in (image.derivedFrom?.images ?? []).enumerated() {
        let pointer = "/images/\(i)/derived_from/images/\(d)"
        if input == image.id {
          report(
            ManifestRules.danglingReference, "image `\(image.id)` cannot be derived from itself",
            hint: "name the images it was made from", pointer: pointer)
        } else {
          resolve(input, in: imageIDs, what: "image", declaredIn: "images", pointer: pointer)
        }
      }
    }
    checkComponents(manifest)
    for (s, specimen) in manifest.specimens.enumerated() {
      resolve(
        specimen.biosample, in: biosampleIDs, what: "biosample", declaredIn: "biosamples",
        pointer: "/specimens/\(s)/biosample")
    }
    for (c, correlation) in manifest.correlations.enumerated() {
      for (i, image) in correlation.images.enumerated() {
        resolve(image, in: imageIDs, what: "image", declaredIn: "images", pointer: "/correlations/\(c)/images/\(i)")
      }
    }
    for (s, set) in manifest.annotationSets.enumerated() {
      let base = "/annotation_sets/\(s)"
      resolve(
        set.labelTable, in: tableIDs, what: "label table", declaredIn: "label_tables", pointer: "\(base)/label_table")
      for (f, file) in set.files.enumerated() {
        resolve(file.image, in: imageIDs, what: "image", declaredIn: "images", pointer: "\(base)/files/\(f)/image")
        for (i, image) in file.images.enumerated() {
          resolve(image, in: imageIDs, what: "image", declaredIn: "images", pointer: "\(base)/files/\(f)/images/\(i)")
        }
        // A file's types are some of its set's: the set's `types` declares them.
        for (t, type) in file.types.enumerated() where !set.types.contains(type) {
          report(
            ManifestRules.danglingReference, "type `\(type.rawValue)` is not one of the set's `types`",
            hint: "add it to the set's types, or remove it from the file's",
            pointer: "\(base)/files/\(f)/types/\(t)")
        }
      }
      checkSetRules(set, pointer: base, tables: manifest.labelTables)
      if let keypoints = set.keypoints { checkKeypoints(keypoints, pointer: base + "/keypoints") }
    }
  }

  /// Every id a study component lists is declared where its kind is.
  private mutating func checkComponents(_ manifest: Manifest) {
    let kinds: [(key: String, what: String, ids: Set<String>, of: (StudyComponent) -> [String])] = [
      ("biosamples", "biosample", Set(manifest.biosamples.map(\.id)), \.biosamples),
      ("specimens", "specimen", Set(manifest.specimens.map(\.id)), \.specimens),
      ("acquisitions", "acquisition", Set(manifest.acquisitions.map(\.id)), \.acquisitions),
      ("correlations", "correlation", Set(manifest.correlations.map(\.id)), \.correlations),
      ("analysis_methods", "analysis method", Set(manifest.analysisMethods.map(\.id)), \.analysisMethods),
    ]
    let imageIDs = Set(manifest.images.map(\.id))
    for (c, component) in manifest.studyComponents.enumerated() {
      for kind in kinds {
        for (i, id) in kind.of(component).enumerated() {
          resolve(
            id, in: kind.ids, what: kind.what, declaredIn: kind.key, pointer: "/study_components/\(c)/\(kind.key)/\(i)")
        }
      }
      resolve(
        component.exemplarImage, in: imageIDs, what: "image", declaredIn: "images",
        pointer: "/study_components/\(c)/exemplar_image")
    }
  }

  /// Body parts and individuals are named once; a skeleton edge joins two declared body parts.
  private mutating func checkKeypoints(_ keypoints: KeypointSchema, pointer: String) {
    unique(
      keypoints.bodyparts.enumerated().map { ($1, "\(pointer)/bodyparts/\($0)") }
        + keypoints.uniqueBodyparts.enumerated().map { ($1, "\(pointer)/unique_bodyparts/\($0)") },
      what: "body part")
    unique(keypoints.individuals.enumerated().map { ($1, "\(pointer)/individuals/\($0)") }, what: "individual")
    let parts = Set(keypoints.bodyparts + keypoints.uniqueBodyparts)
    for (e, edge) in keypoints.skeleton.enumerated() {
      if edge.count != 2 {
        report(
          ManifestRules.range, "a skeleton edge joins two body parts; this one names \(edge.count)",
          hint: "write each edge as [part, part]", pointer: "\(pointer)/skeleton/\(e)")
      }
      for (p, part) in edge.enumerated() {
        resolve(
          part, in: parts, what: "body part", declaredIn: "keypoints.bodyparts",
          pointer: "\(pointer)/skeleton/\(e)/\(p)")
      }
    }
  }

  /// A region unites classes of its own table: values that are there and are not regions or background.
  private mutating func checkRegions(_ table: LabelTable, pointer: String) {
    let classes = Set(table.labels.filter { !$0.isRegion && $0.value != 0 }.map(\.value))
    for (l, label) in table.labels.enumerated() {
      for (k, value) in label.unites.enumerated() where !classes.contains(value) {
        report(
          ManifestRules.danglingReference,
          "region `\(label.name)` unites value \(value), which is not a class of label table `\(table.id)`",
          hint: "list the values of the table's classes (not background, not other regions)",
          pointer: "\(pointer)/labels/\(l)/unites/\(k)")
      }
    }
  }

  private mutating func checkSetRules(_ set: AnnotationSet, pointer: String, tables: [LabelTable]) {
    if set.encoding == .labelImage, set.kind == nil {
      report(
        ManifestRules.labelImageKind,
        "annotation set `\(set.id)` holds label images but does not say whether they are instance or semantic labels",
        hint: "add `kind: instance` (one id per object) or `kind: semantic` (one value per class)",
        pointer: "\(pointer)/kind")
    }
    let fitting: [AnnotationEncoding: Set<String>] = [
      .labelImage: ["segmentation_mask", "weak_annotations", "derived_annotations", "counts", "other"],
      .geojson: [
        "bounding_boxes", "point_annotations", "geometrical_annotations", "counts", "graphs", "weak_annotations",
        "tracks", "class_labels", "other",
      ],
      .tracks: ["tracks", "point_annotations", "graphs", "geometrical_annotations", "bounding_boxes", "other"],
      .classTable: ["class_labels", "counts", "derived_annotations", "weak_annotations", "other"],
    ]
    if let allowed = fitting[set.encoding] {
      for (t, type) in set.types.enumerated() where !allowed.contains(type.rawValue) {
        report(
          ManifestRules.encodingMismatch, "a `\(set.encoding)` file cannot hold `\(type)` annotations",
          hint: "check `types` and `encoding` of set `\(set.id)`", pointer: "\(pointer)/types/\(t)")
      }
    }
    if set.encoding == .labelImage, let tableID = set.labelTable,
      let (t, table) = tables.enumerated().first(where: { $0.element.id == tableID }),
      let (l, zero) = table.labels.enumerated().first(where: { $0.element.value == 0 }),
      zero.name.lowercased() != "background"
    {
      report(
        ManifestRules.backgroundLabel, "label 0 is named `\(zero.name)`, but 0 is background in label images",
        hint: "name it `background`, or shift the class values up by one",
        pointer: "/label_tables/\(t)/labels/\(l)/name")
    }
    if let pairing = set.pairing {
      let left = PathRules.placeholders(in: pairing.annotations) ?? []
      let right = PathRules.placeholders(in: pairing.images) ?? []
      if left.isEmpty || Set(left) != Set(right) {
        report(
          ManifestRules.pairingPattern,
          left.isEmpty
            ? "the annotation pattern `\(pairing.annotations)` has no placeholder, so it cannot tell files apart"
            : "the patterns use different placeholders: \(left) and \(right)",
          hint: "use the same {placeholders} on both sides, e.g. masks/{name}_mask.tif and images/{name}.tif",
          pointer: "\(pointer)/pairing")
      }
      if pairing.indicator == .metadataFile, pairing.metadataFile == nil {
        report(
          ManifestRules.missingRequired,
          "a `metadata_file` pairing needs `metadata_file`: the file that lists the pairs",
          pointer: "\(pointer)/pairing/metadata_file")
      }
    }
  }
}
