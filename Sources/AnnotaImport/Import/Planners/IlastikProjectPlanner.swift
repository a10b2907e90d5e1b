// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

extension DatasetImporter {
  /// ilastik training labels: one semantic label image per lane (unpainted pixels are 0), with the
  /// project's label names and colours as the label table.
  ///
  /// MIFA calls such strokes weak annotations.
  static func planIlastikProject(
    _ source: String, setID: String, manifest: Manifest, options: ImportOptions, plan: inout Plan
  ) throws {
    let project = try IlastikProjectLabels.read(try HDF5File(path: source))
    guard !project.lanes.isEmpty, !project.names.isEmpty else {
      throw ImportError(code: .unsupported, message: "the ilastik project has no painted labels", path: source)
    }
    let table = LabelTable(id: setID + "-labels", labels: project.labelTable)
    var files: [AnnotationFile] = []
    for lane in project.lanes {
      let inputName = lane.inputName ?? "lane\(lane.index)"
      let image = try matchImage(source, name: stem(of: inputName), manifest: manifest, options: options)
      let path = "annotations/\(setID)/\(image.id)_ilastik_labels.tif"
      files.append(AnnotationFile(path: path, image: image.id))
      plan.files.append(PlannedFile(path: path) { target in try TIFFWriter.write(try lane.tiffPlanes(), to: target) })
    }
    var set = AnnotationSet(
      id: setID, name: "ilastik training labels",
      overview: "Brush strokes painted in ilastik's Pixel Classification, one class per label value; 0 is unlabelled.",
      types: [.weakAnnotations], encoding: .labelImage, files: files)
    set.kind = .semantic
    set.labelTable = table.id
    plan.labelTables.append(table)
    plan.sets.append(set)
    plan.notes.append(
      "imported \(project.lanes.count) lane(s) of ilastik labels: \(project.names.joined(separator: ", "))")
  }
}
