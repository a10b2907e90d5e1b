// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaRaster
import AnnotaTIFF
import FoundationEssentials

/// Writes an nnU-Net v2 raw dataset (wave2-formats §4): `imagesTr/{case}_0000{ending}`,
/// `labelsTr/{case}{ending}`, `imagesTs/` (and `labelsTs/` for test images with labels), and
/// `dataset.json`; when the label table has regions, region-based `labels` with
/// `regions_class_order`.
///
/// The output folder is the dataset folder itself and must be named `DatasetNNN_Name`. Training
/// and validation images go to `imagesTr` (nnU-Net makes its own cross-validation folds), test
/// images to `imagesTs`. Labels are consecutive from background 0 in label-table order, with the
/// ignore label (a class named `ignore`) last, as nnU-Net requires. 2D images are `.tif`, read by
/// its `NaturalImage2DIO`; 3D stacks are `.tiff` with the spacing sidecar `{case}.json` that its
/// `Tiff3DIO` reads. TIFF images are copied byte for byte; PNG images are converted to TIFF without
/// loss (stated in a note), since nnU-Net needs one file ending for images and labels; images with
/// several channels are split into one file per channel (``NNUNetChannels``).
enum NNUNetLayout {
  /// What one image contributed.
  private struct Written: Sendable {
    var folder: String?
    var training = false
    var converted = false
    var rewritten = false
    var unspaced = false
    var unlabelled = false
    var channels = 1
  }

  /// Writes the dataset into `folder`.
  static func write(
    _ dataset: TrainingDataset, semanticFromInstance: Bool, into folder: ExportFolder, jobs: Int,
    progress: (Int) -> Void
  ) async throws(ExportError) -> LayoutSummary {
    var summary = LayoutSummary()
    let name = folder.output.split(separator: "/").last.map(String.init) ?? folder.output
    guard isDatasetName(name) else {
      throw ExportError(
        code: .unsupported,
        message: "nnU-Net finds datasets by folder name: name the output DatasetNNN_Name (e.g. Dataset501_Nuclei)",
        path: folder.output)
    }
    if !semanticFromInstance,
      let instance = dataset.samples.compactMap(\.labelImage).first(where: { $0.kind == .instance })
    {
      throw ExportError(
        code: .unsupported,
        message:
          "set \(instance.set) holds instance masks and nnU-Net trains on classes: pass --semantic-from-instance "
          + "to write each object as its class (the object ids are not kept)",
        path: instance.path)
    }
    for sample in dataset.samples where TrainingDataset.trainValTest(sample.split) == nil {
      throw ExportError(
        code: .unsupported,
        message:
          "nnU-Net has training images (train, validation) and test images; the manifest's split \(sample.split) "
          + "is neither",
        path: dataset.folder)
    }
    // nnU-Net trains on one dimensionality: every image a plane, or every image a stack.
    let depths = Set(dataset.samples.map { ($0.image.dimensions?.z ?? 1) > 1 })
    guard depths.count == 1 else {
      throw ExportError(
        code: .unsupported,
        message: "the dataset mixes 2D images and 3D stacks; nnU-Net trains on one kind: export them separately",
        path: dataset.folder)
    }
    // Background 0, then the classes in order (the dataset puts the ignore label last, as it must be
    // the largest value).
    let ordered = dataset.categories
    let values = Dictionary(
      ordered.enumerated().map { ($0.element.name, $0.offset + 1) }, uniquingKeysWith: { a, _ in a })
    let volumetric = depths.first == true
    let ending = volumetric ? ".tiff" : ".tif"
    var training = 0
    var converted = 0
    var rewritten = 0
    var unlabelled: [String] = []
    var unspaced = 0
    var channels: [Int: String] = [:]
    try await SampleWork.run(dataset.samples, jobs: jobs, progress: progress) { sample throws(ExportError) in
      try writeCase(sample, values: values, ending: ending, volumetric: volumetric, into: folder)
    } emit: { sample, written throws(ExportError) in
      if written.folder != nil { channels[written.channels] = channels[written.channels] ?? sample.image.id }
      if written.unlabelled { unlabelled.append(sample.image.id) }
      if let images = written.folder { summary.images[images, default: 0] += 1 }
      if written.training { training += 1 }
      if written.converted { converted += 1 }
      if written.rewritten { rewritten += 1 }
      if written.unspaced { unspaced += 1 }
      if written.folder != nil, sample.labelImage != nil { summary.objects += 1 }
    }
    // nnU-Net reads the same channels for every case.
    guard channels.count <= 1 else {
      let counts = channels.sorted { $0.key < $1.key }.map { "\($0.value) has \($0.key)" }
      throw ExportError(
        code: .unsupported,
        message: "images differ in their channels (\(counts.joined(separator: ", "))); nnU-Net needs the same for all",
        path: dataset.folder)
    }
    let channelCount = channels.keys.first ?? 1
    try folder.create(
      "dataset.json",
      text: datasetJSON(dataset, labels: ordered, channels: channelCount, training: training, ending: ending).text
        + "\n")
    if channelCount > 1 {
      summary.notes.append(
        "\(channelCount) channels per image, each written to its own file (_0000 to _\(suffix(channelCount - 1)))")
    }
    if converted > 0 { summary.notes.append("\(converted) PNG image(s) converted to TIFF without loss") }
    if rewritten > 0 {
      summary.notes.append("\(rewritten) label image(s) rewritten with nnU-Net's consecutive class values")
    }
    if semanticFromInstance {
      summary.notes.append("instance masks written as classes: each object's class, object ids not kept")
    }
    if !unlabelled.isEmpty {
      summary.notes.append(
        "\(unlabelled.count) training image(s) without a label image left out "
          + "(\(unlabelled.prefix(5).joined(separator: ", ")))")
    }
    if unspaced > 0 {
      summary.notes.append("\(unspaced) stack(s) without a physical size: nnU-Net will assume spacing 1, 1, 1")
    }
    summary.notes.append(
      "nnU-Net makes its own cross-validation folds from imagesTr; the manifest's validation images are in it")
    return summary
  }

  /// Writes one case: its image (copied, or converted from PNG), its label image, its spacing.
  private static func writeCase(
    _ sample: TrainingDataset.Sample, values: [String: Int], ending: String, volumetric: Bool, into folder: ExportFolder
  ) throws(ExportError) -> Written {
    var written = Written()
    let isTest = TrainingDataset.trainValTest(sample.split) == "test"
    guard sample.labelImage != nil || isTest else {
      written.unlabelled = true
      return written
    }
    let (images, labels) = isTest ? ("imagesTs", "labelsTs") : ("imagesTr", "labelsTr")
    let caseID = sample.image.id
    func target(_ channel: Int) throws(ExportError) -> String {
      try folder.path("\(images)/\(caseID)_\(suffix(channel))\(ending)")
    }
    switch sample.fileExtension {
    case ".tif", ".tiff", ".ome.tif", ".ome.tiff":
      if let channels = sample.image.dimensions?.c, channels > 1 {
        try NNUNetChannels.splitTIFF(sample.path, channels: channels, target: target)
        written.channels = channels
      } else {
        try folder.place(sample.path, at: "\(images)/\(caseID)_0000\(ending)")
      }
    case ".png":
      written.channels = try NNUNetChannels.convertPNG(sample.path, target: target)
      written.converted = true
    default:
      throw ExportError(
        code: .unsupported,
        message: "nnU-Net reads TIFF here; \(sample.fileExtension) images have no lossless route yet",
        path: sample.path)
    }
    written.folder = images
    if let source = sample.labelImage {
      let identity = try writeLabels(
        source, values: values, to: labels + "/" + caseID + ending, copyingTIFF: sample.fileExtension != ".png",
        into: folder)
      written.rewritten = !identity
      written.training = !isTest
    }
    if volumetric {
      if let size = sample.image.physicalSize, let z = size.z {
        // nnU-Net's spacing is in the array's axis order: (z, y, x) for a TIFF stack.
        let sidecar = JSONValue.object([("spacing", .array([.number(z), .number(size.y), .number(size.x)]))]).text
        try folder.create("\(images)/\(caseID).json", text: sidecar + "\n")
        if sample.labelImage != nil { try folder.create("\(labels)/\(caseID).json", text: sidecar + "\n") }
      } else {
        written.unspaced = true
      }
    }
    return written
  }

  /// Whether a folder name is what nnU-Net looks for: `Dataset`, three digits, `_`, a name.
  static func isDatasetName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    func isNameByte(_ byte: UInt8) -> Bool {
      isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte == 0x2D || byte == 0x2E
    }
    guard bytes.count > 11, name.hasPrefix("Dataset"), bytes[10] == 0x5F else { return false }
    return bytes[7..<10].allSatisfy(isDigit) && bytes[11...].allSatisfy(isNameByte)
  }

  /// Writes a label image with nnU-Net's class values; copies a TIFF whose values already are.
  /// - Returns: whether the file was copied unchanged.
  private static func writeLabels(
    _ source: TrainingDataset.LabelSource, values: [String: Int], to target: String, copyingTIFF: Bool,
    into folder: ExportFolder
  ) throws(ExportError) -> Bool {
    let volume: LabelVolume
    do { volume = try LabelVolume.read(path: source.path) } catch {
      throw ExportError(code: .unreadable, message: error.message, path: source.path, cause: error)
    }
    // Which values occur, through a table when the labels are 16 bits (no hashing per pixel).
    let narrow = volume.narrowLabels
    let wideLabels = narrow == nil ? volume.labels : []
    var present: Set<UInt32> = []
    if let narrow {
      var seen = [Bool](repeating: false, count: 65_536)
      for value in narrow { seen[Int(value)] = true }
      present = Set(seen.indices.filter { seen[$0] }.map(UInt32.init))
    } else {
      present = Set(wideLabels)
    }
    var mapping: [UInt32: Int] = [0: 0]
    var identity = true
    for value in present where value != 0 {
      let name =
        source.kind == .semantic
        ? source.classNames[Int(value)] : source.instanceClasses[Int(value)] ?? source.defaultClass
      guard let name, let mapped = values[name] else {
        throw ExportError(
          code: .unsupported,
          message: "value \(value) is not in set \(source.set)'s label table; add it there (SPEC §5.2)",
          path: source.path)
      }
      mapping[value] = mapped
      if mapped != Int(value) { identity = false }
    }
    let head: [UInt8] = FileInspector.readHead(source.path, count: 8) ?? []
    if identity, copyingTIFF, ContentSniffer.claims(head) == .tiff {
      try folder.place(source.path, at: target)
      return true
    }
    let wide = values.count >= 255
    let planeSize = volume.width * volume.height
    var table = [UInt16](repeating: 0, count: narrow == nil ? 0 : 65_536)
    for (value, mapped) in mapping where narrow != nil { table[Int(value)] = UInt16(mapped) }
    // One plane's values through the table: a tight loop, as every pixel of every label image passes.
    func mappedPlane<Sample: FixedWidthInteger>(_ z: Int, as _: Sample.Type) -> [Sample] {
      var out = [Sample](repeating: 0, count: planeSize)
      let start = z * planeSize
      out.withUnsafeMutableBufferPointer { target in
        if let narrow {
          narrow.withUnsafeBufferPointer { source in
            table.withUnsafeBufferPointer { table in
              for index in 0..<planeSize {
                target[index] = Sample(truncatingIfNeeded: table[Int(source[start + index])])
              }
            }
          }
        } else {
          for index in 0..<planeSize { target[index] = Sample(truncatingIfNeeded: mapping[wideLabels[start + index]]!) }
        }
      }
      return out
    }
    var planes: [Plane] = []
    do {
      for z in 0..<volume.depth {
        planes.append(
          wide
            ? try Plane(width: volume.width, height: volume.height, uint16: mappedPlane(z, as: UInt16.self))
            : try Plane(width: volume.width, height: volume.height, uint8: mappedPlane(z, as: UInt8.self)))
      }
      try TIFFWriter.write(planes, to: try folder.path(target), compression: .fastDeflate)
    } catch let error as ExportError {
      throw error
    } catch {
      throw ExportError(code: .notWritten, message: "cannot write the label image", path: target, cause: error)
    }
    return false
  }

  /// nnU-Net's channel suffix: four digits.
  static func suffix(_ channel: Int) -> String {
    let digits = String(channel)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// One entry of a region-based `labels`: the class values it unites, and the one nnU-Net paints
  /// where it predicts the region (`regions_class_order`).
  struct RegionLabel: Equatable {
    var name: String
    var values: [Int]
    var painted: Int
  }

  /// The label table's regions in table order, then each class no region holds as a region of its
  /// own (nnU-Net trains on the listed regions only), each painted with its first value that no
  /// later region holds: list larger regions first, as BraTS does (whole tumour, core, enhancing).
  static func regionLabels(_ regions: [TrainingDataset.Region], classes: [TrainingDataset.Category]) -> [RegionLabel] {
    var value: [String: Int] = [:]
    for (index, label) in classes.enumerated() where !label.isIgnore { value[label.name] = index + 1 }
    var entries: [(name: String, values: [Int])] = regions.compactMap { region in
      let values = Array(Set(region.classes.compactMap { value[$0] })).sorted()
      return values.isEmpty ? nil : (region.name, values)
    }
    let united = Set(entries.flatMap(\.values))
    for (index, label) in classes.enumerated() where !label.isIgnore && !united.contains(index + 1) {
      entries.append((label.name, [index + 1]))
    }
    return entries.indices.map { index in
      let later = Set(entries[(index + 1)...].flatMap(\.values))
      let values = entries[index].values
      return RegionLabel(
        name: entries[index].name, values: values, painted: values.first { !later.contains($0) } ?? values[0])
    }
  }

  /// `dataset.json`: the four keys nnU-Net requires, then what the manifest says about the data.
  private static func datasetJSON(
    _ dataset: TrainingDataset, labels: [TrainingDataset.Category], channels: Int, training: Int, ending: String
  ) -> JSONValue {
    let manifest = dataset.manifest
    let specimen = dataset.samples.first?.image.specimen.flatMap { id in manifest.specimens.first { $0.id == id } }
    let named = specimen?.channels.sorted { ($0.index ?? 0) < ($1.index ?? 0) } ?? []
    let channelNames: [(String, JSONValue)] = (0..<channels).map { index in
      let name = index < named.count ? named[index].content : channels == 1 ? "image" : "channel \(index)"
      return (String(index), .string(name))
    }
    var labelEntries: [(String, JSONValue)] = [("background", .number(0))]
    var regionEntries: [(String, JSONValue)] = []
    if dataset.regions.isEmpty {
      for (index, label) in labels.enumerated() {
        labelEntries.append((label.isIgnore ? "ignore" : label.name, .number(Double(index + 1))))
      }
    } else {
      let regions = regionLabels(dataset.regions, classes: labels)
      for region in regions {
        labelEntries.append(
          (
            region.name,
            region.values.count == 1
              ? .number(Double(region.values[0])) : .array(region.values.map { .number(Double($0)) })
          ))
      }
      if let ignore = labels.firstIndex(where: \.isIgnore) {
        labelEntries.append(("ignore", .number(Double(ignore + 1))))
      }
      regionEntries.append(("regions_class_order", .array(regions.map { .number(Double($0.painted)) })))
      // Region datasets name only the regions; the classes' names travel beside them for the way back.
      regionEntries.append(
        (
          "annota_class_names",
          .object(
            labels.enumerated().filter { !$0.element.isIgnore }.map {
              (String($0.offset + 1), .string($0.element.name))
            })
        ))
    }
    var entries: [(String, JSONValue)] = [
      ("channel_names", .object(channelNames)),
      ("labels", .object(labelEntries)),
    ]
    entries += regionEntries
    entries += [
      ("numTraining", .number(Double(training))),
      ("file_ending", .string(ending)),
      ("overwrite_image_reader_writer", .string(ending == ".tiff" ? "Tiff3DIO" : "NaturalImage2DIO")),
      ("name", .string(manifest.study.title)),
      ("description", .string(manifest.study.description)),
      ("licence", .string(manifest.study.licence)),
      ("converted_by", .string("Annota \(AnnotaToolkit.version)")),
    ]
    if let version = manifest.versions.last?.version { entries.append(("release", .string(version))) }
    return .object(entries)
  }
}
