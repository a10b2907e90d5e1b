// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel

/// The `MASK` rules: every label image of a `label_image` set against its source image and its label
/// table, pixel by pixel.
struct MaskCheck {
  let manifest: Manifest
  let facts: [String: FileFacts]
  private(set) var unchecked: [ValidationReport.Unchecked] = []
  /// Findings counted but not listed (split ids beyond the first ``FileFacts/listedSplits`` of a file).
  private(set) var omitted: [ValidationReport.Omitted] = []

  init(manifest: Manifest, facts: [String: FileFacts]) {
    self.manifest = manifest
    self.facts = facts
  }

  /// The files this check needs read, with what to do with each.
  static func tasks(for manifest: Manifest, present: Set<String>, onDisk: Set<String> = []) -> [FileTask] {
    var roles: [String: FileTask.Role] = [:]
    for (s, set) in manifest.annotationSets.enumerated() where set.encoding == .labelImage {
      let table = set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id } }
      // One set of names for the whole set: every file's context shares its storage.
      let labelNames = table.map { Set($0.labels.map(\.name)) }
      for (f, file) in set.files.enumerated() where present.contains(file.path) {
        let companion = InstanceTable.path(forLabelImage: file.path)
        roles[file.path] = .labelImage(
          LabelContext(
            instance: set.kind == .instance, keepValues: set.kind == .semantic, labelNames: labelNames,
            instanceTable: set.kind == .instance && onDisk.contains(companion) ? companion : nil,
            pointer: "/annotation_sets/\(s)/files/\(f)"))
      }
    }
    return roles.map { FileTask(path: $0.key, role: $0.value) }
  }

  mutating func check() -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let images = Dictionary(manifest.images.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for (s, set) in manifest.annotationSets.enumerated() where set.encoding == .labelImage {
      let table = set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id } }
      var seen: Set<Int128> = []
      var seenNames: Set<String> = []
      var namesByFile: [(path: String, names: Set<String>)] = []
      for (f, file) in set.files.enumerated() {
        guard let fact = facts[file.path] else { continue }
        let pointer = "/annotation_sets/\(s)/files/\(f)"
        let location = SourceLocation(file: file.path, pointer: pointer)
        func finding(_ rule: Rule, _ message: String, hint: String? = nil, label: Int? = nil) -> Diagnostic {
          var place = location
          place.label = label
          return rule.finding(message, hint: hint, at: place)
        }
        if let failure = fact.failure {
          findings.append(finding(FileRules.unreadable, "cannot be read as a label image: \(failure)"))
          continue
        }
        if let reason = fact.unsupported {
          unchecked.append(.init(rule: MaskRules.notInteger.id, location: location, reason: reason))
          continue
        }
        guard let maskShape = fact.shape else { continue }
        guard fact.isLabelImage else {
          // Say which half of "one integer sample per pixel" fails: an RGB uint16 file is integer.
          let integer = fact.dtype.map { $0.hasPrefix("uint") || $0.hasPrefix("int") } ?? false
          let what =
            fact.samples > 1 && integer
            ? "holds \(fact.samples) \(fact.dtype!) samples per pixel (colour or channels); a label image holds one integer sample per pixel (SPEC §5.2)"
            : "holds \(fact.dtype ?? "non-integer") samples; label images hold integers (SPEC §5.2)"
          findings.append(
            finding(
              MaskRules.notInteger, what,
              hint: fact.samples > 1 && integer
                ? "write one plane per label image (a multi-page TIFF for Z or time, not RGB)"
                : "write the mask as uint8, uint16 or uint32"))
          continue
        }
        if let imageID = file.image, let image = images[imageID], let source = facts[image.path] {
          // Physical sizes must agree where both files record them (SPEC §5.2).
          for (axis, pair) in zip(["x", "y", "z"], zip(fact.pixelSize, source.pixelSize)) {
            guard let mask = pair.0, let image = pair.1, abs(mask - image) > 1e-6 * max(abs(mask), abs(image))
            else { continue }
            findings.append(
              finding(
                MaskRules.physicalSize,
                "records a \(axis) pixel size of \(mask) µm; its image \(images[imageID]!.path) records \(image) µm",
                hint: "write the mask with its image's pixel size (or none)"))
          }
          if let imageShape = source.shape {
            // A plain multi-page mask does not say what its pages are: against a time series or a
            // channel stack with one plane, as many pages as time points (or channels) are those.
            let pagesAreTheImagesStack =
              fact.pagesAxisGuessed && imageShape[2] == 1 && maskShape[0] == imageShape[0]
              && maskShape[1] == imageShape[1] && (maskShape[2] == source.sizeT || maskShape[2] == source.sizeC)
            if imageShape != maskShape, !pagesAreTheImagesStack {
              findings.append(
                finding(
                  MaskRules.shape,
                  "is \(Self.describe(maskShape)); its image \(image.path) is \(Self.describe(imageShape))",
                  hint: "label images must be pixel-aligned with their source: same X, Y and Z"))
            }
          } else {
            unchecked.append(
              .init(
                rule: MaskRules.shape.id, location: location,
                reason: "the source image \(image.path) cannot be read\(source.failure.map { ": " + $0 } ?? "")"))
          }
        }
        if fact.labelCount == 0 {
          findings.append(
            finding(MaskRules.empty, "holds only background (0)", hint: "an empty mask is usually an export error"))
        }
        if fact.backgroundPixels == 0 {
          findings.append(finding(MaskRules.noBackground, "has no background pixel (no 0)"))
        }
        let labels = fact.labels ?? [:]
        seen.formUnion(labels.keys)
        findings += fact.findings
        if !fact.labelCounts.isEmpty {
          seenNames.formUnion(fact.labelCounts.keys)
          namesByFile.append((file.path, Set(fact.labelCounts.keys)))
        }
        if set.kind == .instance, fact.labelCount > 0 {
          if let reason = fact.connectivityUnchecked {
            unchecked.append(.init(rule: MaskRules.splitInstance.id, location: location, reason: reason))
          }
          for split in fact.splitInstances {
            var place = location
            place.label = split.value
            place.pixel = .init(x: split.x, y: split.y)
            place.plane = split.plane.map { .init(z: $0.z, c: $0.c, t: $0.t) }
            findings.append(
              MaskRules.splitInstance.finding(
                "instance \(split.value) covers \(split.parts) separate regions\(split.volume ? " in 3-D (6-connected)" : split.plane == nil ? "" : " in its plane")",
                hint: "give each object its own value (or merge the parts if they are one object)", at: place))
          }
          if fact.splitInstanceCount > fact.splitInstances.count {
            omitted.append(
              .init(
                rule: MaskRules.splitInstance.id, severity: MaskRules.splitInstance.severity,
                location: SourceLocation(file: file.path, pointer: pointer),
                count: fact.splitInstanceCount - fact.splitInstances.count))
          }
        }
        if set.kind == .semantic, let table {
          let declared = Set(table.labels.filter { !$0.isRegion }.map { Int128($0.value) })
          let regions = Set(table.labels.filter(\.isRegion).map { Int128($0.value) })
          for (value, pixels) in labels.sorted(by: { $0.key < $1.key }) where !declared.contains(value) {
            let isRegion = regions.contains(value)
            findings.append(
              finding(
                MaskRules.undeclaredValue,
                isRegion
                  ? "value \(value) (\(pixels) px) is a region of label table \(table.id), and regions mark no pixels"
                  : "value \(value) (\(pixels) px) is not in label table \(table.id)",
                hint: isRegion
                  ? "paint the region's classes; the region is their union"
                  : "add it to the label table, or fix the mask",
                label: Int(truncatingIfNeeded: value)))
          }
        }
      }
      for (_, spellings) in InstanceTableCheck.inconsistentSpellings(namesByFile) {
        for (name, path) in spellings.dropFirst() {
          findings.append(
            MaskRules.labelSpelling.finding(
              "class `\(name)` here is spelt `\(spellings[0].0)` in \(InstanceTable.path(forLabelImage: spellings[0].1))",
              hint:
                "spell each class one way in every instance table of set \(set.id) (a label table makes it checkable)",
              at: SourceLocation(file: InstanceTable.path(forLabelImage: path))))
        }
      }
      if let table, let index = manifest.labelTables.firstIndex(where: { $0.id == table.id }),
        set.files.contains(where: { facts[$0.path]?.isLabelImage == true })
      {
        // Semantic sets: values in the pixels; instance sets: classes named in instance tables.
        let isInstance = set.kind == .instance
        if isInstance && seenNames.isEmpty { continue }
        for (l, label) in table.labels.enumerated()
        where label.value != 0 && !label.isRegion
          && !(isInstance ? seenNames.contains(label.name) : seen.contains(Int128(label.value)))
        {
          findings.append(
            MaskRules.unusedLabel.finding(
              "label \(label.value) (\(label.name)) is declared but occurs in no file of set \(set.id)",
              hint: "remove it, or check the masks",
              at: SourceLocation(file: "annota.yaml", pointer: "/label_tables/\(index)/labels/\(l)")))
        }
      }
    }
    return findings
  }

  /// Physical pixel sizes in µm (x, y, z), `nil` where not recorded.
  static func pixelSize(_ info: FileInspection.ImageInfo) -> [Double?] {
    guard let size = info.physicalSize else { return [nil, nil, nil] }
    return [size.x, size.y, size.z]
  }

  /// X, Y and Z (1 when absent).
  static func spatialShape(_ info: FileInspection.ImageInfo) -> [Int] {
    let axes = Array(info.axes)
    func size(_ axis: Character) -> Int { axes.firstIndex(of: axis).map { info.shape[$0] } ?? 1 }
    return [size("X"), size("Y"), size("Z")]
  }

  static func describe(_ shape: [Int]) -> String {
    shape[2] > 1 ? "\(shape[0])×\(shape[1])×\(shape[2]) (X×Y×Z)" : "\(shape[0])×\(shape[1]) (X×Y)"
  }
}
