// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTIFF
import Foundation

/// An nnU-Net v2 raw dataset read from its `dataset.json` (wave2-formats §4): cases found as nnU-Net
/// finds them (`imagesTr/{case}_{XXXX}{ending}`, the label `labelsTr/{case}{ending}`, test cases in
/// `imagesTs` with `labelsTs` when present, or the `dataset` key's list), each class of each label
/// image a mask feature named from `labels`.
///
/// Label images are read as TIFF or PNG (NIfTI, NRRD and MHA are not read: the reader says so).
/// Region labels (lists of values) become label-table regions; the ignore label is reported, not drawn.
enum NNUNetReader {
  static func read(_ bytes: [UInt8], path: String) throws(ForeignFormatError) -> ForeignAnnotations {
    let json: AnyJSON
    do { json = try JSONDecoder().decode(AnyJSON.self, from: Data(bytes)) } catch {
      throw ForeignFormatError(path: path, message: "not valid JSON (\(error))")
    }
    guard case .object(let labelEntries)? = json["labels"], let ending = json["file_ending"]?.string,
      json["channel_names"] != nil
    else {
      throw ForeignFormatError(
        path: path, message: "dataset.json needs labels, channel_names and file_ending: not an nnU-Net v2 dataset")
    }
    var notes: [String] = []
    var names: [Int: String] = [:]
    var regionValues: [(name: String, values: [Int])] = []
    for (name, value) in labelEntries.sorted(by: { $0.key < $1.key }) {
      if let number = value.int {
        if name != "background", name != "ignore" { names[number] = name }
        if name == "ignore" { notes.append("the ignore label (\(number)) is not drawn: it marks unlabelled pixels") }
      } else if let items = value.array {
        let values = items.compactMap(\.int)
        guard values.count == items.count, !values.isEmpty, values.allSatisfy({ $0 > 0 }) else {
          throw ForeignFormatError(path: path, message: "label \(name) is neither a value nor a list of class values")
        }
        regionValues.append((name, values))
      } else {
        throw ForeignFormatError(path: path, message: "label \(name) is neither a value nor a list of class values")
      }
    }
    // Region-based datasets name only regions: the classes are the values the regions list. Annota's
    // export writes their names beside them; others get `class N`.
    var regions: [ForeignAnnotations.Region] = []
    if !regionValues.isEmpty {
      if case .object(let classNames)? = json["annota_class_names"] {
        // Annota's own export: every entry is a region, the classes are named beside them.
        regionValues += names.map { (name: $0.value, values: [$0.key]) }
        names = [:]
        for (key, value) in classNames {
          if let number = Int(key), let name = value.string { names[number] = name }
        }
      }
      for value in Set(regionValues.flatMap(\.values)) where names[value] == nil { names[value] = "class \(value)" }
      // Larger regions first, as nnU-Net's region lists are written (whole tumour before its core).
      for region in regionValues.sorted(by: { ($0.values.count, $1.name) > ($1.values.count, $0.name) }) {
        regions.append(.init(name: region.name, unites: Array(Set(region.values)).sorted().compactMap { names[$0] }))
      }
      notes.append(
        "region labels (\(regions.map(\.name).joined(separator: ", "))) become label-table regions; "
          + "the pixels are their classes")
    }
    let folder = DatasetImporter.parent(of: path)
    var images: [ForeignAnnotations.AnnotatedImage] = []
    for (imagesFolder, labelsFolder, split) in [("imagesTr", "labelsTr", "train"), ("imagesTs", "labelsTs", "test")] {
      let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder + "/" + imagesFolder)) ?? [])
        .filter { $0.hasSuffix(ending) && $0.count > ending.count + 5 }.sorted()
      // nnU-Net: the case is the file name without `_XXXX` and the ending.
      let cases = Array(Set(files.map { String($0.dropLast(ending.count + 5)) })).sorted()
      for caseID in cases {
        let labelPath = "\(folder)/\(labelsFolder)/\(caseID)\(ending)"
        // A case is one image (its channels are files _0000, _0001…): it is named as the case, so it
        // pairs with a dataset image of that name.
        var image = ForeignAnnotations.AnnotatedImage(name: "\(caseID)\(ending)", features: [], tags: [])
        image.split = split
        if FileManager.default.fileExists(atPath: labelPath) {
          let volume: LabelVolume
          do { volume = try LabelVolume.read(path: labelPath) } catch {
            let readable = [".tif", ".tiff", ".png"].contains(ending.lowercased())
            throw ForeignFormatError(
              path: labelPath,
              message: readable
                ? error.message
                : "Annota reads nnU-Net label images as TIFF or PNG, not \(ending): convert labelsTr to .tif "
                  + "(\(error.message))")
          }
          (image.width, image.height) = (volume.width, volume.height)
          if volume.depth > 1 {
            notes.append("\(caseID): a \(volume.shapeDescription) volume; its classes are not 2D shapes")
          } else {
            image.features = try classRegions(volume, names: names, path: labelPath)
          }
        } else if let size = ImageSize.of("\(folder)/\(imagesFolder)/\(caseID)_0000\(ending)") {
          (image.width, image.height) = (size.width, size.height)
        }
        images.append(image)
      }
    }
    if images.isEmpty {
      throw ForeignFormatError(
        path: path, message: "no cases: imagesTr holds no files ending in \(ending) with a _XXXX channel suffix")
    }
    notes.append("images are the cases' channel files: imagesTr/{case}_0000\(ending) (and _0001… when there are more)")
    let labels = names.keys.sorted().map { ForeignAnnotations.Label(name: names[$0]!, value: $0) }
    var annotations = ForeignAnnotations(
      format: .nnunet, convention: "nnunet-v2-raw", images: images, labels: labels, notes: notes)
    annotations.regions = regions
    annotations.masksAreClasses = true
    return annotations
  }

  /// Each class value of a label image as one mask feature.
  private static func classRegions(_ volume: LabelVolume, names: [Int: String], path: String)
    throws(ForeignFormatError) -> [ShapeFeature]
  {
    let plane: Plane
    do { plane = try volume.plane() } catch {
      throw ForeignFormatError(path: path, message: "the label image does not fill its size")
    }
    // The ignore label, and values dataset.json lacks, have no name: left out.
    return LabelMaskRaster.maskFeatures(of: plane) { names[$0] }
  }
}

/// nnU-Net v2 raw: a `dataset.json` with `channel_names`, `labels` and `file_ending`.
struct NNUNetFormat: ToolFormat {
  var id: FormatID { .nnunet }
  var title: String { "nnU-Net v2 raw dataset (dataset.json with imagesTr/labelsTr)" }

  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    guard head.jsonOpener == "{" else { return .init(format: id, confidence: 0, reason: "not a JSON object") }
    return head.mentions("channel_names") && head.mentions("file_ending")
      ? .init(format: id, confidence: 0.95, reason: "channel_names and file_ending keys")
      : .init(format: id, confidence: 0, reason: "no channel_names/file_ending keys")
  }

  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations { try NNUNetReader.read(bytes, path: path) }

  /// nnU-Net's label images are semantic: each mask is a class.
  var masksAreClasses: Bool { true }
}
