// SPDX-License-Identifier: Apache-2.0

/// A dataset's manifest (`annota.yaml` / `annota.json`): the whole Annota standard (0.2; 0.1 is read too) as values.
///
/// Read it with ``ManifestReader``, write it with ``ManifestWriter``.
public struct Manifest: Sendable, Hashable, Codable {
  /// The version of the standard it declares: `"0.2"`, or `"0.1"` for one written before 0.2.
  public var annota: String
  /// The study.
  public var study: Study
  /// REMBI biosamples.
  public var biosamples: [Biosample]
  /// REMBI specimens.
  public var specimens: [Specimen]
  /// REMBI image acquisitions.
  public var acquisitions: [ImageAcquisition]
  /// REMBI image correlations.
  public var correlations: [ImageCorrelation]
  /// REMBI image analysis methods.
  public var analysisMethods: [AnalysisMethod]
  /// REMBI study components (BIA datasets of images), when the study has more than one.
  public var studyComponents: [StudyComponent]
  /// The source images.
  public var images: [Image]
  /// Label tables.
  public var labelTables: [LabelTable]
  /// Annotation sets.
  public var annotationSets: [AnnotationSet]
  /// Declared ML splits.
  public var splits: [Split]
  /// Version history, newest last.
  public var versions: [Version]
  /// AI models trained on the dataset.
  public var aiModels: [AIModel]

  /// Creates a manifest; lists default to empty.
  /// - Parameters:
  ///   - study: the study.
  ///   - images: the source images.
  ///   - annotationSets: the annotation sets.
  public init(study: Study, images: [Image], annotationSets: [AnnotationSet]) {
    annota = AnnotaSpec.version
    self.study = study
    biosamples = []
    specimens = []
    acquisitions = []
    correlations = []
    analysisMethods = []
    studyComponents = []
    self.images = images
    labelTables = []
    self.annotationSets = annotationSets
    splits = []
    versions = []
    aiModels = []
  }

  enum CodingKeys: String, CodingKey {
    case annota, study, biosamples, specimens, acquisitions, correlations
    case analysisMethods = "analysis_methods"
    case studyComponents = "study_components"
    case images
    case labelTables = "label_tables"
    case annotationSets = "annotation_sets"
    case splits, versions
    case aiModels = "ai_models"
  }
}
