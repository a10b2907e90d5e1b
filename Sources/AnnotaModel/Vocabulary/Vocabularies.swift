// SPDX-License-Identifier: Apache-2.0

/// The closed vocabularies of the Annota standard.
public enum Vocabularies {
  /// The MIFA annotation types: exactly the 11 values of MIFA's `AnnotationType` and the BIA's
  /// `AnnotationMethodType`.
  public static let annotationType = Vocabulary(
    "MIFA annotation type",
    [
      ("class_labels", "tags for features or classes of whole images or regions"),
      ("bounding_boxes", "rectangles enclosing a structure"),
      ("counts", "the number of objects"),
      ("derived_annotations", "values derived from the image, e.g. PSF, SNR, focus"),
      ("geometrical_annotations", "polygons, lines, ellipses and other primitives, 2-D or 3-D"),
      ("graphs", "skeletons and connectivity: nodes and edges"),
      ("point_annotations", "x, y (z) positions of centroids or landmarks"),
      ("segmentation_mask", "an image the size of the source in which each pixel holds a label"),
      ("tracks", "trajectories of objects over time"),
      ("weak_annotations", "rough, fast or imprecise annotations"),
      ("other", "anything else; explain it in the overview"),
    ])

  /// How annotation files are linked to source images: the BIA's five `annotationSourceIndicator`
  /// values.
  public static let sourceIndicator = Vocabulary(
    "BIA annotation source indicator",
    [
      ("metadata_file", "a separate metadata file lists which annotation belongs to which image"),
      ("file_name_exact_match", "the same file name, in different folders"),
      ("file_name_pattern", "file names follow a pattern, e.g. img_1.tif and img_1_mask.tif"),
      ("file_path", "annotations and images are grouped by their parent folder"),
      ("other", "another rule, explained in the pairing's description"),
    ])

  /// Where an annotation set came from.
  public static let origin = Vocabulary(
    "annotation origin",
    [
      ("manual", "drawn by people"),
      ("semi_automatic", "people guided a tool (e.g. region growing, interactive segmentation)"),
      ("model", "predicted by a model, not corrected"),
      ("model_then_curated", "predicted by a model, then corrected by people"),
      ("unknown", "not recorded by the source (e.g. converted from a format that does not say)"),
    ])

  /// Whether label values name objects or classes.
  public static let annotationKind = Vocabulary(
    "annotation kind",
    [
      ("instance", "each object has its own label value (an id); a label table may map ids to classes"),
      ("semantic", "each label value is a class; every value must be in the label table"),
    ])

  /// How an annotation set's files encode annotations (SPEC.md §5).
  public static let encoding = Vocabulary(
    "annotation encoding",
    [
      ("label_image", "integer TIFF / OME-TIFF label images, pixel-aligned with the source"),
      ("geojson", "GeoJSON FeatureCollections of shapes and points, one per source image"),
      ("tracks", "GeoJSON points or shapes with `t` and `track`, plus an edge list"),
      ("class_table", "a TSV table of image-level class labels"),
      ("other", "another encoding, explained in the overview"),
    ])

  /// How experienced an annotator is.
  public static let expertise = Vocabulary(
    "annotator expertise",
    [
      ("expert", "a domain expert (e.g. a pathologist, a cell biologist of the field)"),
      ("trained", "trained for this task, not a domain expert"),
      ("novice", "little or no training"),
      ("crowd", "crowd-sourced contributors"),
    ])

  /// Units of physical pixel size.
  ///
  /// `µm` in both Unicode spellings is accepted and written `um`.
  public static let lengthUnit = Vocabulary(
    "length unit",
    [
      ("nm", "nanometre"),
      ("um", "micrometre"),
      ("mm", "millimetre"),
      ("m", "metre"),
    ],
    aliases: [
      "\u{00B5}m": "um", "\u{03BC}m": "um", "micrometer": "um", "micron": "um",
      "nanometer": "nm", "millimeter": "mm", "meter": "m",
    ])
}
