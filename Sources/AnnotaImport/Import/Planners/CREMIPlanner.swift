// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF
import FoundationEssentials

extension DatasetImporter {
  /// CREMI synaptic sites become one GeoJSON of points with their types and partners.
  static func planCREMIAnnotations(
    _ source: String, inspection: FileInspection, setID: String, manifest: Manifest, options: ImportOptions,
    plan: inout Plan
  ) throws {
    let image = try matchImage(source, name: stem(of: source), manifest: manifest, options: options)
    let path = "annotations/\(setID)/\(image.id).geojson"
    let text = GeoJSONWriter.text(inspection.shapes)
    plan.files.append(PlannedFile.text(path, text))
    let hasPartners = inspection.shapes.contains { feature in feature.properties.contains { $0.0 == "partners" } }
    var set = AnnotationSet(
      id: setID, name: "CREMI synaptic sites",
      overview:
        "CREMI annotations: \(inspection.shapes.count) sites as points (label = site type, z = plane), pre-synaptic sites listing their post-synaptic partners.",
      types: hasPartners ? [.pointAnnotations, .graphs] : [.pointAnnotations], encoding: .geojson,
      files: [AnnotationFile(path: path, image: image.id)])
    set.spatialInformation =
      "Pixels of the raw volume: nanometre locations plus offsets divided by the resolution; points at voxel centres."
    plan.sets.append(set)
  }
}
