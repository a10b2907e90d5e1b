// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaTIFF

/// Cellpose's `_seg.npy` (wave2-formats §7).
///
/// A `.npy` file holding a pickled dictionary whose `masks` is the instance label image. Read with ``NPYFile`` and ``PickleReader``, which build
/// values only and refuse any other global; the file's code is never run.
///
/// Each object of `masks` becomes a mask feature (class `cell`, Cellpose has no classes); the
/// dictionary's model, diameter and thresholds, when recorded, are kept as the notes' provenance.
enum CellposeReader {
  static func read(_ bytes: [UInt8], path: String) throws(ForeignFormatError) -> ForeignAnnotations {
    let value: PickleValue
    do { value = try NPYFile.read(bytes) } catch {
      throw ForeignFormatError(path: path, message: error.message)
    }
    guard case .dict = value else {
      throw ForeignFormatError(path: path, message: "the .npy file holds no dictionary: not a Cellpose _seg.npy")
    }
    guard case .array(let masks)? = value["masks"] else {
      throw ForeignFormatError(path: path, message: "the dictionary has no `masks` array: not a Cellpose _seg.npy")
    }
    guard let labels = masks.labelValues() else {
      throw ForeignFormatError(
        path: path, message: "`masks` holds \(masks.kind) values, not non-negative integer labels")
    }
    var notes: [String] = []
    let shape = masks.shape
    guard shape.count == 2 || shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
      throw ForeignFormatError(path: path, message: "`masks` has shape \(shape); a 2D or 3D label image was expected")
    }
    var features: [ShapeFeature] = []
    let (height, width) = (shape[shape.count - 2], shape[shape.count - 1])
    if shape.count == 2 {
      let plane: Plane
      do { plane = try Plane(width: width, height: height, uint32: labels) } catch {
        throw ForeignFormatError(path: path, message: "`masks` does not fill its shape")
      }
      features = LabelMaskRaster.maskFeatures(of: plane) { _ in "cell" }
    } else {
      notes.append("`masks` is a \(shape[0])-plane volume: its objects are not shapes (import it as a label image)")
    }
    // What Cellpose recorded about how the masks were made.
    var recorded: [String] = []
    if let model = value["model_path"]?.text, !model.isEmpty { recorded.append("model \(model)") }
    if let diameter = value["diameter"]?.number ?? value["est_diam"]?.number, diameter.isFinite {
      recorded.append("diameter \(diameter)")
    }
    for key in ["flow_threshold", "cellprob_threshold"] {
      if let number = value[key]?.number { recorded.append("\(key) \(number)") }
    }
    if !recorded.isEmpty { notes.append("Cellpose recorded " + recorded.joined(separator: ", ")) }
    if value["outlines"] != nil {
      notes.append("`outlines` is derived from `masks` (their boundaries): the masks are what is imported")
    }
    // Provenance: Cellpose made these masks, with these settings; `ismanual` says which were drawn.
    var software = Software(name: "Cellpose")
    software.parameters = recorded.filter { !$0.hasPrefix("model ") }.joined(separator: ", ")
    if software.parameters?.isEmpty == true { software.parameters = nil }
    var producer = ForeignAnnotations.Producer(software: software)
    if let model = value["model_path"]?.text, !model.isEmpty {
      producer.model = ModelReference(id: model.split(separator: "/").last.map(String.init) ?? model)
    }
    if case .array(let manual)? = value["ismanual"], let flags = manual.labelValues(), !flags.isEmpty {
      let drawn = flags.filter { $0 != 0 }.count
      producer.origin = drawn == 0 ? .model : drawn == flags.count ? .manual : .modelThenCurated
    }
    let source = value["filename"]?.text.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
    let name =
      source
      ?? {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix("_seg.npy") ? String(file.dropLast(8)) : file
      }()
    let image = ForeignAnnotations.AnnotatedImage(
      name: name, width: width, height: height, features: features, tags: [])
    var result = ForeignAnnotations(
      format: .cellpose, convention: "cellpose-masks", images: [image], labels: [.init(name: "cell")], notes: notes)
    result.producer = producer
    return result
  }
}

/// Cellpose `_seg.npy`: a `.npy` object array (a pickled dictionary with `masks`).
struct CellposeFormat: ToolFormat {
  var id: FormatID { .cellpose }
  var title: String { "Cellpose _seg.npy (masks, outlines and settings)" }

  func detect(_ head: FileHead) -> AnnotationFormats.Candidate {
    guard head.bytes.starts(with: NPYFile.magic) else { return .init(format: id, confidence: 0, reason: "not .npy") }
    let text = String(decoding: head.bytes.prefix(256), as: UTF8.self)
    guard text.contains("'descr': '|O'") else {
      return .init(format: id, confidence: 0, reason: ".npy of numbers, not a pickled dictionary")
    }
    // The pickle names its keys near the start: `masks` and `outlines`.
    let mentions = head.bytes.windows(of: Array("masks".utf8))
    return mentions
      ? .init(format: id, confidence: 0.95, reason: ".npy object array with a masks key")
      : .init(format: id, confidence: 0.5, reason: ".npy object array")
  }

  func read(_ bytes: [UInt8], path: String) throws -> ForeignAnnotations { try CellposeReader.read(bytes, path: path) }
}

extension Array where Element == UInt8 {
  /// Whether `needle` occurs in the array.
  fileprivate func windows(of needle: [UInt8]) -> Bool {
    guard needle.count <= count, let first = needle.first else { return false }
    var index = 0
    while index + needle.count <= count {
      if self[index] == first, Array(self[index..<index + needle.count]) == needle { return true }
      index += 1
    }
    return false
  }
}
