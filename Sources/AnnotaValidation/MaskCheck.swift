// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaTIFF

/// The `MASK` rules: every label image of a `label_image` set against its source image and its label
/// table, pixel by pixel.
struct MaskCheck {
  let root: String
  let manifest: Manifest
  let present: Set<String>
  private(set) var unchecked: [ValidationReport.Unchecked] = []

  init(root: String, manifest: Manifest, present: Set<String>) {
    self.root = root
    self.manifest = manifest
    self.present = present
  }

  mutating func check() -> [Diagnostic] {
    var findings: [Diagnostic] = []
    var imageShapes: [String: [Int]] = [:]
    var imageSizes: [String: [Double?]] = [:]
    for (s, set) in manifest.annotationSets.enumerated() where set.encoding == .labelImage {
      let table = set.labelTable.flatMap { id in manifest.labelTables.first { $0.id == id } }
      var seen: Set<Int128> = []
      for (f, file) in set.files.enumerated() where present.contains(file.path) {
        let pointer = "/annotation_sets/\(s)/files/\(f)"
        let location = SourceLocation(file: file.path, pointer: pointer)
        func finding(_ rule: Rule, _ message: String, hint: String? = nil, label: Int? = nil) -> Diagnostic {
          var place = location
          place.label = label
          return rule.finding(message, hint: hint, at: place)
        }
        let inspection: FileInspection
        do { inspection = try FileInspector.inspect(root + "/" + file.path) } catch {
          findings.append(finding(FileRules.unreadable, "cannot be read as a label image: \(error)"))
          continue
        }
        guard let info = inspection.images.first else {
          findings.append(finding(FileRules.unreadable, "holds no image"))
          continue
        }
        guard let labels = inspection.labels else {
          findings.append(
            finding(
              MaskRules.notInteger, "holds \(info.dtype) samples; label images hold integers (SPEC §5.2)",
              hint: "write the mask as uint8, uint16 or uint32"))
          continue
        }
        let maskShape = Self.spatialShape(info)
        if let imageID = file.image, let image = manifest.images.first(where: { $0.id == imageID }),
          present.contains(image.path)
        {
          if imageShapes[image.path] == nil,
            let imageInfo = (try? FileInspector.inspect(root + "/" + image.path, labelStatistics: false))?.images.first
          {
            imageShapes[image.path] = Self.spatialShape(imageInfo)
            imageSizes[image.path] = Self.pixelSize(imageInfo)
          }
          // Physical sizes must agree where both files record them (SPEC §5.2).
          if let imageSize = imageSizes[image.path] {
            let maskSize = Self.pixelSize(info)
            for (axis, pair) in zip(["x", "y", "z"], zip(maskSize, imageSize)) {
              guard let mask = pair.0, let source = pair.1, abs(mask - source) > 1e-6 * max(abs(mask), abs(source))
              else { continue }
              findings.append(
                finding(
                  MaskRules.physicalSize,
                  "records a \(axis) pixel size of \(mask) µm; its image \(image.path) records \(source) µm",
                  hint: "write the mask with its image's pixel size (or none)"))
            }
          }
          if let imageShape = imageShapes[image.path] {
            if imageShape != maskShape {
              findings.append(
                finding(
                  MaskRules.shape,
                  "is \(Self.describe(maskShape)); its image \(image.path) is \(Self.describe(imageShape))",
                  hint: "label images must be pixel-aligned with their source: same X, Y and Z"))
            }
          } else {
            unchecked.append(
              .init(
                rule: MaskRules.shape.id, location: location, reason: "the source image \(image.path) cannot be read"))
          }
        }
        if labels.labels.isEmpty {
          findings.append(
            finding(MaskRules.empty, "holds only background (0)", hint: "an empty mask is usually an export error"))
        }
        if labels.backgroundPixels == 0 {
          findings.append(finding(MaskRules.noBackground, "has no background pixel (no 0)"))
        }
        for label in labels.labels { seen.insert(label.value) }
        if set.kind == .instance, labels.planeCount == 1, !labels.labels.isEmpty {
          // One object, one region: read the plane again for its connectivity (2-D masks).
          if let plane = try? TIFFReader(path: root + "/" + file.path).readPlane(0) {
            for split in InstanceConnectivity.splitValues(plane).prefix(20) {
              var place = location
              place.label = split.value
              place.pixel = .init(x: split.pixel.x, y: split.pixel.y)
              findings.append(
                MaskRules.splitInstance.finding(
                  "instance \(split.value) covers \(split.parts) separate regions",
                  hint: "give each object its own value (or merge the parts if they are one object)", at: place))
            }
          } else {
            unchecked.append(
              .init(
                rule: MaskRules.splitInstance.id, location: location, reason: "the label image's plane cannot be read"))
          }
        }
        if set.kind == .semantic, let table {
          let declared = Set(table.labels.map { Int128($0.value) })
          for label in labels.labels where !declared.contains(label.value) {
            findings.append(
              finding(
                MaskRules.undeclaredValue,
                "value \(label.value) (\(label.pixels) px) is not in label table \(table.id)",
                hint: "add it to the label table, or fix the mask", label: Int(truncatingIfNeeded: label.value)))
          }
        }
      }
      if let table, let index = manifest.labelTables.firstIndex(where: { $0.id == table.id }), !set.files.isEmpty {
        for (l, label) in table.labels.enumerated() where label.value != 0 && !seen.contains(Int128(label.value)) {
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
