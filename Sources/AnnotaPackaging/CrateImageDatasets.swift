// SPDX-License-Identifier: Apache-2.0
import AnnotaModel

/// The image datasets of a crate: one per study component (REMBI), or one for every image when the
/// study declares none, each with the samples, preparations, acquisitions, correlations and analysis
/// methods that made its images.
extension CrateGraph {
  /// The `@id`s of the image datasets, in the order they are written.
  static func imageDatasetIDs(_ manifest: Manifest) -> [String] {
    manifest.studyComponents.isEmpty
      ? [CrateMetadata.imagesDataset] : manifest.studyComponents.map(CrateMetadata.componentDataset)
  }

  /// The image datasets and the image analysis methods they name.
  static func imageDatasets(_ manifest: Manifest) -> [JSONValue] {
    var objects: [JSONValue] = []
    let paths = Dictionary(manifest.images.map { ($0.id, $0.path) }, uniquingKeysWith: { first, _ in first })
    if manifest.studyComponents.isEmpty {
      var whole = StudyComponent(
        id: "images", title: "Images", description: "The \(manifest.images.count) source images.")
      whole.biosamples = manifest.biosamples.map(\.id)
      whole.specimens = manifest.specimens.map(\.id)
      whole.acquisitions = manifest.acquisitions.map(\.id)
      whole.correlations = manifest.correlations.map(\.id)
      whole.analysisMethods = manifest.analysisMethods.map(\.id)
      let derived = manifest.images.filter { $0.derivedFrom != nil }.map { CrateMetadata.derivation($0.id) }
      objects.append(dataset(whole, id: CrateMetadata.imagesDataset, exemplar: nil, protocols: derived))
    } else {
      for var component in manifest.studyComponents {
        // What its images name belongs to it too, listed or not.
        for image in manifest.images where image.component == component.id {
          func add(_ id: String?, to list: inout [String]) {
            if let id, !list.contains(id) { list.append(id) }
          }
          add(image.biosample, to: &component.biosamples)
          add(image.specimen, to: &component.specimens)
          add(image.acquisition, to: &component.acquisitions)
        }
        objects.append(
          dataset(
            component, id: CrateMetadata.componentDataset(component),
            exemplar: component.exemplarImage.flatMap { paths[$0] },
            protocols: manifest.images.filter { $0.component == component.id && $0.derivedFrom != nil }
              .map { CrateMetadata.derivation($0.id) }))
      }
    }
    // An exemplar is a file of the file list; RO-Crate wants every referenced file in the graph too.
    var exemplars: [String] = []
    for component in manifest.studyComponents {
      if let path = component.exemplarImage.flatMap({ paths[$0] }), !exemplars.contains(path) { exemplars.append(path) }
    }
    let imageAt = Dictionary(manifest.images.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    for path in exemplars {
      guard let image = imageAt[path] else { continue }
      // An image in the graph says what made it (the file list says it for every other image).
      let process = "#creation-" + CrateMetadata.slug(image.id)
      objects.append(
        .object([
          ("@id", .string(path)), ("@type", .array(["File", "bia:Image"])), ("name", .string(path)),
          ("resultOf", ref(process)),
        ]))
      var creation: [(String, JSONValue)] = [("@id", .string(process)), ("@type", "bia:CreationProcess")]
      if let specimen = image.specimen {
        creation.append(("subject", ref("#specimen-" + CrateMetadata.slug(specimen))))
      }
      if let acquisition = image.acquisition {
        creation.append(("imageAcquisitionProtocol", refs(["#acquisition-" + CrateMetadata.slug(acquisition)])))
      }
      if image.derivedFrom != nil { creation.append(("protocol", refs([CrateMetadata.derivation(image.id)]))) }
      objects.append(.object(creation))
    }
    for method in manifest.analysisMethods {
      var object: [(String, JSONValue)] = [
        ("@id", .string(CrateMetadata.analysisMethod(method.id))), ("@type", "bia:ImageAnalysisMethod"),
        ("name", .string(method.id)), ("description", .string(method.description)),
      ]
      if let features = method.featuresAnalysed { object.append(("featuresAnalysed", .string(features))) }
      objects.append(.object(object))
    }
    return objects
  }

  /// One image dataset with the component's associations.
  private static func dataset(_ component: StudyComponent, id: String, exemplar: String?, protocols: [String])
    -> JSONValue
  {
    var object: [(String, JSONValue)] = [
      // The BIA's submission profile types a REMBI image dataset so (0.3.1 accepts it).
      ("@id", .string(id)), ("@type", .array(["Dataset", "bia:Dataset", "bia:RembiDataset"])),
      ("name", .string(component.title)),
      ("description", .string(component.description)),
    ]
    let associations: [(String, [String])] = [
      ("associatedImageAcquisitionProtocol", component.acquisitions.map { "#acquisition-" + CrateMetadata.slug($0) }),
      ("associatedImageCorrelationMethod", component.correlations.map { "#correlation-" + CrateMetadata.slug($0) }),
      ("associatedBiologicalEntity", component.biosamples.map { "#biosample-" + CrateMetadata.slug($0) }),
    ]
    for (key, ids) in associations where !ids.isEmpty { object.append((key, refs(ids))) }
    if let specimen = component.specimens.first {
      // bia:associatedSubject is single-valued: the first specimen (each is also reachable through
      // its preparation protocol, and per image through the file list).
      object.append(("associatedSpecimen", ref("#specimen-" + CrateMetadata.slug(specimen))))
    }
    if !component.specimens.isEmpty {
      object.append(
        (
          "associatedSpecimenImagingPreparationProtocol",
          refs(component.specimens.map { "#preparation-" + CrateMetadata.slug($0) })
        ))
    }
    if !component.analysisMethods.isEmpty {
      object.append(
        ("associatedImageAnalysisMethod", refs(component.analysisMethods.map(CrateMetadata.analysisMethod))))
    }
    // The protocols its derived images were made by (each row names its own in the file list).
    if !protocols.isEmpty { object.append(("associatedProtocol", refs(protocols))) }
    if let exemplar {
      // RO-Crate: a file in the graph is part of a dataset; the rest of the images are in the file list.
      object.append(("exemplarImage", ref(exemplar)))
      object.append(("hasPart", refs([exemplar])))
    }
    return .object(object)
  }

  /// The protocols images were derived by (`images[].derived_from`), one `bia:Protocol` each; the
  /// file list's `protocol` and `source_image` columns make each derived image's creation process.
  static func derivationProtocols(_ manifest: Manifest) -> [JSONValue] {
    manifest.images.compactMap { image in
      guard let derivation = image.derivedFrom else { return nil }
      return .object([
        ("@id", .string(CrateMetadata.derivation(image.id))), ("@type", "bia:Protocol"),
        ("name", .string("Derivation of \(image.id)")), ("description", .string(derivation.protocolDescription)),
      ])
    }
  }
}
