// SPDX-License-Identifier: Apache-2.0

/// The Annota standard as data: every object, field, type, level and crosswalk.
///
/// One declaration drives the manifest checker, the JSON Schema (`annota schema`), the crosswalk
/// tables of SPEC.md and the writer's key order, so they cannot drift apart.
public enum AnnotaSpec {
  /// The version of the standard this build implements (and writes).
  public static let version = "0.2"

  /// Every version this build reads, oldest first: a manifest of an earlier one stays valid, and
  /// `annota format --upgrade` rewrites it as ``version``.
  public static let versions = ["0.1", "0.2"]

  /// Whether version `earlier` of the standard precedes `later` (versions this build does not know
  /// precede none).
  /// - Parameters:
  ///   - earlier: a version, e.g. `"0.1"`.
  ///   - later: a version, e.g. `"0.2"`.
  /// - Returns: `true` when both are known and `earlier` came first.
  public static func version(_ earlier: String, precedes later: String) -> Bool {
    guard let first = versions.firstIndex(of: earlier), let second = versions.firstIndex(of: later) else {
      return false
    }
    return first < second
  }

  /// The name of the manifest's root object.
  public static let rootName = "Manifest"

  /// Every object type, root first, in the order SPEC.md presents them.
  public static let objects: [ObjectSpec] =
    [manifest] + studyObjects + rembiObjects + imageObjects + annotationObjects + datasetObjects

  private static let index: [String: ObjectSpec] = Dictionary(
    uniqueKeysWithValues: objects.map { ($0.name, $0) })

  /// The object type named `name`.
  /// - Parameter name: e.g. `"Author"`.
  /// - Returns: its description, or `nil` if there is none.
  public static func object(_ name: String) -> ObjectSpec? { index[name] }

  /// The root object: the manifest itself.
  public static let manifest = ObjectSpec(
    "Manifest", "An annotated bioimage dataset: `annota.yaml` or `annota.json` at its root.",
    fields: [
      FieldSpec(
        "annota", .string(.specVersion), .required,
        "The version of this standard the manifest follows."),
      FieldSpec(
        "study", .object("Study"), .required, "The study: who made the dataset, what it is, its licence.",
        Crosswalk(mifa: "Study", rembi: "Study", bia: "`bia:Study` (root `./`)")),
      FieldSpec(
        "biosamples", .list(.object("Biosample"), minItems: 1), .recommended,
        "What was imaged (REMBI Biosample).",
        Crosswalk(rembi: "Biosample", bia: "`bia:BioSample`")),
      FieldSpec(
        "specimens", .list(.object("Specimen"), minItems: 1), .recommended,
        "How it was prepared for imaging (REMBI Specimen).",
        Crosswalk(rembi: "Specimen", bia: "`bia:Specimen` + `bia:SpecimenImagingPreparationProtocol`")),
      FieldSpec(
        "acquisitions", .list(.object("ImageAcquisition"), minItems: 1), .recommended,
        "How the images were acquired (REMBI Image Acquisition).",
        Crosswalk(rembi: "ImageAcquisition", bia: "`bia:ImageAcquisitionProtocol`")),
      FieldSpec(
        "correlations", .list(.object("ImageCorrelation"), minItems: 1), .optional,
        "How images relate spatially or in time (REMBI Image Correlation).",
        Crosswalk(rembi: "ImageCorrelation", bia: "`bia:ImageCorrelationMethod`")),
      FieldSpec(
        "analysis_methods", .list(.object("AnalysisMethod"), minItems: 1), .optional,
        "How the images were analysed (REMBI image analysis).",
        Crosswalk(rembi: "Analysis", bia: "`bia:ImageAnalysisMethod`"), since: "0.2"),
      FieldSpec(
        "study_components", .list(.object("StudyComponent"), minItems: 1), .optional,
        "The parts of a study imaged different ways; each image names its own.",
        Crosswalk(rembi: "Study Component", bia: "one image `bia:Dataset` per component"), since: "0.2"),
      FieldSpec(
        "images", .list(.object("Image"), minItems: 1), .required, "The source images.",
        Crosswalk(
          mifa: "FileLevelMetadata.source_image_id (targets)", rembi: "Image Data",
          bia: "File list rows with `rdf:type` `http://bia/Image`")),
      FieldSpec(
        "label_tables", .list(.object("LabelTable"), minItems: 1), .optional,
        "Label tables: what each label value means.",
        Crosswalk(bia: "none: carried as `annota:labelTable`")),
      FieldSpec(
        "annotation_sets", .list(.object("AnnotationSet"), minItems: 1), .recommended,
        "Sets of annotations made one way (one MIFA annotation method each).",
        Crosswalk(mifa: "Annotations", bia: "`bia:AnnotationMethod` + annotation `bia:Dataset`")),
      FieldSpec(
        "splits", .list(.object("Split"), minItems: 1), .optional,
        "Declared training/validation/test splits; images name their split.",
        Crosswalk(bia: "none: carried as `annota:splits` (JSON)")),
      FieldSpec(
        "versions", .list(.object("Version"), minItems: 1), .recommended,
        "The dataset's version history, newest last.",
        Crosswalk(
          mifa: "Version", bia: "none: carried as `annota:version` (the latest) and `annota:versionHistory` (JSON)")),
      FieldSpec(
        "ai_models", .list(.object("AIModel"), minItems: 1), .optional,
        "AI models trained on this dataset.",
        Crosswalk(mifa: "Study.ai_models_trained", bia: "none: carried as `annota:aiModelTrained`")),
    ])
}
