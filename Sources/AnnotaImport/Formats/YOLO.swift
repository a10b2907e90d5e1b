// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// An Ultralytics YOLO dataset read from its `data.yaml` (wave2-formats §5): the `train`, `val` and
/// `test` image folders (or `.txt` lists), each image's label file found as Ultralytics finds it (the
/// last `/images/` replaced by `/labels/`, the extension by `.txt`), rows de-normalised to pixels by
/// the image's size read from its header.
///
/// Nothing in the file is run: a `download:` key (which Ultralytics may execute) is reported and
/// ignored, and paths are only read. A label file Ultralytics would refuse is left out with its
/// reason, as Ultralytics drops that image.
package enum YOLOReader {
  /// Image extensions Ultralytics loads (`IMG_FORMATS`).
  static let imageExtensions: Set<String> = [
    "avif", "bmp", "dng", "heic", "heif", "jp2", "jpeg", "jpg", "mpo", "png", "tif", "tiff", "webp",
  ]

  static func read(_ bytes: [UInt8], path: String) throws(ForeignFormatError) -> ForeignAnnotations {
    var images: [ForeignAnnotations.AnnotatedImage] = []
    do {
      var result = try read(bytes, path: path) { images.append($0) }
      result.images = images
      return result
    } catch let error as ForeignFormatError {
      throw error
    } catch {
      throw ForeignFormatError(path: path, message: "\(error)")  // appending cannot throw
    }
  }

  /// Reads the dataset image by image: each image's labels are parsed when it is handed over, so
  /// memory stays flat however many label files there are.
  /// - Parameters:
  ///   - bytes: the `data.yaml`.
  ///   - path: its path.
  ///   - onImage: receives each image in split order (train, val, test).
  /// - Returns: the classes and notes; `images` is empty.
  /// - Throws: ``ForeignFormatError``, or what `onImage` throws, as it is.
  static func read(
    _ bytes: [UInt8], path: String, onImage: (ForeignAnnotations.AnnotatedImage) throws -> Void
  ) throws -> ForeignAnnotations {
    let root: ManifestNode
    do { root = try ManifestNode.parseYAML(String(decoding: bytes, as: UTF8.self)) } catch {
      throw ForeignFormatError(path: path, message: "not valid YAML (\(error))")
    }
    guard case .mapping(let entries, _) = root else {
      throw ForeignFormatError(path: path, message: "data.yaml is not a mapping of keys")
    }
    func value(_ key: String) -> ManifestNode? { entries.first { $0.key == key }?.value }
    func text(_ node: ManifestNode?) -> String? {
      if case .scalar(let text, let kind, _)? = node, kind != .null { text } else { nil }
    }
    var notes: [String] = []
    if value("download") != nil {
      notes.append("the download: key is ignored: Annota never runs what a data file says")
    }
    let names = try classNames(value("names"), count: text(value("nc")).flatMap { Int($0) }, path: path)
    var keypoints: (count: Int, dimensions: Int)?
    var bodyparts: [String] = []
    if let declared = value("kpt_shape"), !declared.isNull {
      let items: [ManifestNode] = if case .sequence(let items, _) = declared { items } else { [] }
      let shape = items.compactMap { text($0).flatMap { Int($0) } }
      guard items.count == 2, shape.count == 2, shape[0] > 0, shape[0] <= 1000, [2, 3].contains(shape[1]) else {
        throw ForeignFormatError(path: path, message: "kpt_shape must be [keypoints, 2 or 3]")
      }
      keypoints = (shape[0], shape[1])
      if case .sequence(let names, _)? = value("kpt_names") { bodyparts = names.compactMap(text) }
      if case .mapping(let byClass, _)? = value("kpt_names"), case .sequence(let names, _)? = byClass.first?.value {
        bodyparts = names.compactMap(text)
      }
    }
    // Annota reads inside the data.yaml's folder and the one above it (Roboflow's `../train/images`),
    // never elsewhere: a stranger's file must not send it walking the filesystem.
    let folder = realPath(DatasetImporter.parent(of: path))
    let allowed = DatasetImporter.parent(of: folder)
    func inside(_ candidate: String) -> Bool { candidate == allowed || candidate.hasPrefix(allowed + "/") }
    // `path` is the root the split paths resolve against; without one, the file's folder.
    var base = folder
    if let declared = text(value("path")) {
      let resolved = realPath(declared.hasPrefix("/") ? declared : folder + "/" + declared)
      if FileManager.default.fileExists(atPath: resolved), inside(resolved) {
        base = resolved
      } else if declared != "." {
        notes.append(
          "path \(declared) is not a folder beside data.yaml: split paths resolved against data.yaml's folder")
      }
    }
    var dropped: [String] = []
    for split in ["train", "val", "test"] {
      let sources: [String]
      switch value(split) {
      case .scalar(let text, let kind, _)? where kind != .null: sources = [text]
      case .sequence(let items, _)?: sources = items.compactMap(text)
      default: continue
      }
      for source in sources {
        let files = try imageFiles(source, base: base, path: path, inside: inside)
        // Label files are read and parsed a batch at a time on every core, handed over in order.
        let (root, shape, poseNames, limits) = (base, keypoints, bodyparts, KitLimits())
        for start in stride(from: 0, to: files.count, by: batchSize) {
          let batch = Array(files[start..<min(start + batchSize, files.count)])
          let read = BoundedParallel.map(count: batch.count) { index in
            limits.bind {
              image(batch[index], base: root, split: split, names: names, keypoints: shape, bodyparts: poseNames)
            }
          }
          for (entry, problem) in read {
            if let problem { dropped.append(problem) }
            if let entry { try onImage(entry) }
          }
        }
      }
    }
    if !dropped.isEmpty {
      notes.append(
        "\(dropped.count) image(s) without their labels, as Ultralytics would drop them: "
          + dropped.prefix(5).joined(separator: "; "))
    }
    var result = ForeignAnnotations(
      format: .yolo, convention: "yolo-normalised-centre", images: [], labels: names.map { .init(name: $0) },
      notes: notes)
    if let keypoints {
      // Pose datasets: the keypoints' names (kpt_names, else keypoint_0…) and no skeleton.
      result.keypoints = KeypointSchema(
        bodyparts: (0..<keypoints.count).map { $0 < bodyparts.count ? bodyparts[$0] : "keypoint_\($0)" })
    }
    return result
  }

  /// How many images are read at once.
  static let batchSize = 64

  /// One image with its labels in pixels, and why its labels were left out (as Ultralytics drops
  /// the image); no entry when its size cannot be read.
  private static func image(
    _ image: String, base: String, split: String, names: [String], keypoints: (count: Int, dimensions: Int)?,
    bodyparts: [String]
  ) -> (ForeignAnnotations.AnnotatedImage?, String?) {
    let name = image.hasPrefix(base + "/") ? String(image.dropFirst(base.count + 1)) : image
    guard let size = ImageSize.of(image) else {
      return (nil, "\(name): the image's size cannot be read from its header")
    }
    var entry = ForeignAnnotations.AnnotatedImage(
      name: name, width: size.width, height: size.height, features: [], tags: [])
    entry.split = split
    guard let label = FileManagerBridge.prefix(labelFile(for: image), count: YOLOLabels.maxBytes + 1) else {
      return (entry, nil)
    }
    do {
      guard label.count <= YOLOLabels.maxBytes else {
        throw YOLOLabels.Problem(message: "over \(YOLOLabels.maxBytes) bytes: not a label file")
      }
      let rows = try YOLOLabels.parse(label, classes: names.count, keypoints: keypoints)
      entry.features = features(rows, names: names, bodyparts: bodyparts, size: size)
      return (entry, nil)
    } catch {
      return (entry, "\(name): \(error)")
    }
  }

  /// `names` as a list, or a mapping that must cover `0..<n` (Ultralytics' `check_class_names`).
  private static func classNames(_ node: ManifestNode?, count: Int?, path: String) throws(ForeignFormatError)
    -> [String]
  {
    var names: [String] = []
    switch node {
    case .sequence(let items, _)?:
      for item in items {
        guard case .scalar(let text, _, _) = item else {
          throw ForeignFormatError(path: path, message: "names must be text")
        }
        names.append(text)
      }
    case .mapping(let entries, _)?:
      var byIndex: [Int: String] = [:]
      for entry in entries {
        guard let index = Int(entry.key), index >= 0, case .scalar(let text, _, _) = entry.value else {
          throw ForeignFormatError(path: path, message: "names keys must be class indices, not \(entry.key)")
        }
        byIndex[index] = text
      }
      guard byIndex.keys.sorted() == Array(0..<byIndex.count) else {
        throw ForeignFormatError(
          path: path, message: "names must cover class indices 0-\(max(0, byIndex.count - 1)) without gaps")
      }
      names = (0..<byIndex.count).map { byIndex[$0]! }
    default:
      guard let count, count > 0, count <= 100_000 else {
        throw ForeignFormatError(path: path, message: "data.yaml needs names (or nc)")
      }
      names = (0..<count).map { "class_\($0)" }
    }
    if let count, count != names.count {
      throw ForeignFormatError(
        path: path, message: "names has \(names.count) entries and nc is \(count); they must match")
    }
    return names
  }

  /// The images of one split entry: a folder (searched recursively), a `.txt` list or one image.
  private static func imageFiles(
    _ source: String, base: String, path: String, inside: (String) -> Bool
  ) throws(ForeignFormatError) -> [String] {
    var full = realPath(source.hasPrefix("/") ? source : base + "/" + source)
    // Ultralytics: a `../x` that is not there is tried as `x` under the root.
    if !FileManager.default.fileExists(atPath: full), source.hasPrefix("../") {
      full = realPath(base + "/" + source.dropFirst(3))
    }
    guard inside(full) else {
      throw ForeignFormatError(
        path: path,
        message: "\(source) is outside the dataset: Annota reads only the data.yaml's folder and the one above it")
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) else {
      throw ForeignFormatError(
        path: path, message: "\(source) does not exist (Annota does not download datasets; check path:)")
    }
    if isFolder.boolValue {
      let listed = (FileManager.default.subpaths(atPath: full) ?? []).filter { isImage($0) }.sorted()
      // A symbolic link in the folder must not lead out of the dataset, as a list file's lines may not.
      return listed.map { full + "/" + $0 }.filter { inside(realPath($0)) }
    }
    if full.lowercased().hasSuffix(".txt") {
      guard let bytes = FileManagerBridge.contents(full) else {
        throw ForeignFormatError(path: full, message: "cannot read the image list")
      }
      let listFolder = DatasetImporter.parent(of: full)
      return String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).map {
        $0.trimmingCharacters(in: .whitespaces)
      }.filter { isImage($0) }.map { line in
        realPath(
          line.hasPrefix("./") ? listFolder + "/" + line.dropFirst(2) : line.hasPrefix("/") ? line : base + "/" + line)
      }.filter(inside)
    }
    return isImage(full) ? [full] : []
  }

  /// A path with symbolic links and `..` resolved.
  private static func realPath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  private static func isImage(_ path: String) -> Bool {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
    return imageExtensions.contains(path[path.index(after: dot)...].lowercased())
  }

  /// Ultralytics' `img2label_paths`: the last `/images/` becomes `/labels/`, the extension `.txt`.
  package static func labelFile(for image: String) -> String {
    var path = image
    if let range = path.range(of: "/images/", options: .backwards) {
      path.replaceSubrange(range, with: "/labels/")
    }
    if let dot = path.lastIndex(of: "."), !path[dot...].contains("/") { path = String(path[..<dot]) }
    return path + ".txt"
  }

  /// Rows as features in pixels.
  private static func features(
    _ rows: [YOLOLabels.Row], names: [String], bodyparts: [String], size: (width: Int, height: Int)
  ) -> [ShapeFeature] {
    let (width, height) = (Double(size.width), Double(size.height))
    func box(_ values: [Double], _ label: String) -> ShapeFeature {
      let (cx, cy, w, h) = (values[0] * width, values[1] * height, values[2] * width, values[3] * height)
      return ShapeFeature(
        geometry: ShapeFeature.boxGeometry(x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2),
        shape: "box", properties: [("label", .string(label))])
    }
    var features: [ShapeFeature] = []
    for (index, row) in rows.enumerated() {
      switch row {
      case .box(let label, let cx, let cy, let w, let h):
        features.append(box([cx, cy, w, h], names[label]))
      case .polygon(let label, var coordinates):
        for index in coordinates.indices { coordinates[index] *= index % 2 == 0 ? width : height }
        features.append(
          ShapeFeature(
            geometry: ShapeFeature.polygonGeometry(coordinates: coordinates), shape: "polygon",
            properties: [("label", .string(names[label]))]))
      case .pose(let label, let values, let keypoints):
        features.append(box(values, names[label]))
        for (part, point) in keypoints.enumerated() {
          // Ultralytics: visibility 0 (or, with two values, a negative coordinate) is not labelled.
          let visible = point.count == 3 ? point[2] > 0 : point[0] >= 0 && point[1] >= 0
          guard visible else { continue }
          var properties: [(String, JSONValue)] = [
            ("label", .string(names[label])),
            ("bodypart", .string(part < bodyparts.count ? bodyparts[part] : "keypoint_\(part)")),
            ("individual", .string("object_\(index + 1)")),
          ]
          // COCO's v = 1: labelled but hidden (SPEC §5.3 `visible: false`).
          if point.count == 3, point[2] == 1 { properties.append(("visible", .bool(false))) }
          features.append(
            ShapeFeature(
              geometry: ShapeFeature.pointGeometry(x: point[0] * width, y: point[1] * height), shape: "keypoint",
              properties: properties))
        }
      }
    }
    return features
  }
}

/// Ultralytics YOLO: a `data.yaml` naming image folders and classes.
struct YOLOFormat: ToolFormat {
  var id: FormatID { .yolo }
  var title: String { "Ultralytics YOLO dataset (data.yaml with images/ and labels/)" }

  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    guard head.jsonOpener == nil, head.xmlRoot == nil else {
      return .init(format: id, confidence: 0, reason: "JSON or XML, not YAML")
    }
    let keys = Set(
      head.text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
        guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
        return String(line[..<colon])
      })
    return keys.contains("names") && (keys.contains("train") || keys.contains("val"))
      ? .init(format: id, confidence: 0.9, reason: "YAML with names and train/val keys")
      : .init(format: id, confidence: 0, reason: "no names and train/val keys")
  }

  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations { try YOLOReader.read(bytes, path: path) }

  func stream(_ path: String, onImage: (ForeignAnnotations.AnnotatedImage) throws -> Void) throws
    -> ForeignAnnotations?
  {
    guard let bytes = FileManagerBridge.contents(path) else {
      throw ForeignFormatError(code: .unreadable, path: path, message: "cannot read the file")
    }
    return try YOLOReader.read(bytes, path: path, onImage: onImage)
  }
}
