// SPDX-License-Identifier: Apache-2.0

extension AnnotaSpec {
  /// Annotation sets, their files, label tables and structured provenance.
  static let annotationObjects: [ObjectSpec] = [
    ObjectSpec(
      "LabelTable", "What each label value means.",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id annotation sets refer to.",
          Crosswalk(bia: "none: in `annota:labelTable` (JSON)")),
        FieldSpec("description", .string(.text), .optional, "What the table is for.", Crosswalk(bia: "none")),
        FieldSpec(
          "labels", .list(.object("Label"), minItems: 1), .required, "The labels.",
          Crosswalk(mifa: "Annotations.annotation_overview (prose today)", bia: "none: in `annota:labelTable` (JSON)")),
      ]),
    ObjectSpec(
      "Label", "One label value.",
      fields: [
        FieldSpec(
          "value", .integer(minimum: 0, maximum: nil), .required,
          "The pixel value or class id; 0 is background in label images.",
          Crosswalk(bia: "none (OME-Zarr `image-label` `label-value`)")),
        FieldSpec(
          "name", .string(.text), .required, "The class name, e.g. `nucleus`.",
          Crosswalk(bia: "none (OME-Zarr `properties`)")),
        FieldSpec(
          "term", .string(.curie), .recommended, "An ontology term for the class, e.g. `GO:0005634`.",
          Crosswalk(bia: "none: in `annota:labelTable` (JSON)")),
        FieldSpec(
          "colour", .string(.colour), .optional, "A display colour.", Crosswalk(bia: "none (OME-Zarr `colors` `rgba`)")),
        FieldSpec("description", .string(.text), .optional, "What the class covers.", Crosswalk(bia: "none")),
        FieldSpec(
          "unites", .list(.integer(minimum: 1, maximum: nil), minItems: 1), .optional,
          "Makes the label a region: the union of these class values of the same table (nnU-Net's "
            + "region-based training, e.g. `tumour core` = 2, 3). A region marks no pixels of its own: its "
            + "`value` only names it and MUST NOT occur in label images.",
          Crosswalk(bia: "none: in `annota:labelTable` (JSON)"), since: "0.2"),
      ]),
    ObjectSpec(
      "AnnotationSet",
      "Annotations made one way (one MIFA annotation method), stored one way, over some images.",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id.",
          Crosswalk(bia: "`bia:AnnotationMethod` `@id`; annotation `bia:Dataset` `@id`")),
        FieldSpec(
          "name", .string(.text), .required, "A short name, e.g. `Nucleus instance masks`.",
          Crosswalk(bia: "`bia:AnnotationMethod` `name`; `bia:Dataset` `name`")),
        FieldSpec(
          "overview", .string(.text), .required, "What was annotated and how it was made.",
          Crosswalk(mifa: "Annotations.annotation_overview", bia: "`bia:AnnotationMethod` `description`")),
        FieldSpec(
          "types", .list(.vocabulary(Vocabularies.annotationType), minItems: 1), .required,
          "The MIFA annotation types.",
          Crosswalk(
            mifa: "Annotations.annotation_type; FileLevelMetadata.annotation_type",
            bia: "`bia:AnnotationMethod` `methodType`")),
        FieldSpec(
          "encoding", .vocabulary(Vocabularies.encoding), .required, "How the files encode the annotations.",
          Crosswalk(bia: "none: carried as `annota:encoding`")),
        FieldSpec(
          "kind", .vocabulary(Vocabularies.annotationKind), .optional,
          "Instance or semantic labels; required for `label_image` sets.",
          Crosswalk(bia: "none: carried as `annota:annotationKind`")),
        FieldSpec(
          "label_table", .string(.identifier), .recommended, "The label table (an id).",
          Crosswalk(bia: "none: carried as `annota:labelTable`")),
        FieldSpec(
          "method", .string(.text), .recommended,
          "The annotation method in prose (who, with what, consensus); `provenance` gives it as data.",
          Crosswalk(mifa: "Annotations.annotation_method", bia: "`bia:AnnotationMethod` `description` (appended)")),
        FieldSpec(
          "criteria", .string(.text), .optional, "The rules annotators followed.",
          Crosswalk(mifa: "Annotations.annotation_criteria", bia: "`bia:AnnotationMethod` `annotationCriteria`")),
        FieldSpec(
          "coverage", .string(.text), .optional, "Which images were annotated, and what share.",
          Crosswalk(mifa: "Annotations.annotation_coverage", bia: "`bia:AnnotationMethod` `annotationCoverage`")),
        FieldSpec(
          "confidence_level", .string(.text), .optional, "How far the annotations can be trusted, in prose.",
          Crosswalk(mifa: "Annotations.annotation_confidence_level", bia: "none: carried as `annota:confidenceLevel`")),
        FieldSpec(
          "spatial_information", .string(.text), .optional, "How non-pixel annotations relate to pixels.",
          Crosswalk(mifa: "FileLevelMetadata.spatial_information", bia: "`bia:AnnotationMethod` `spatialInformation`")),
        FieldSpec(
          "transformation", .object("Transformation"), .optional,
          "The transformation from annotation to image pixel coordinates; absent means identity.",
          Crosswalk(
            mifa: "FileLevelMetadata.transformations", bia: "`bia:AnnotationMethod` `transformationDescription`")),
        FieldSpec(
          "files", .list(.object("AnnotationFile"), minItems: 1), .optional,
          "The annotation files, listed (give `files` or `pairing`).",
          Crosswalk(
            mifa: "Annotations.file_metadata",
            bia: "File list rows (`rdf:type`, `bia:associatedSourceImage`, `bia:associatedAnnotationMethod`)")),
        FieldSpec(
          "pairing", .object("Pairing"), .optional,
          "A rule that pairs annotation files with images (give `files` or `pairing`).",
          Crosswalk(bia: "`bia:AnnotationMethod` `annotationSourceIndicator`")),
        FieldSpec(
          "provenance", .object("Provenance"), .recommended, "Where the annotations came from, as data.",
          Crosswalk(
            mifa: "Annotations.annotation_method, .authors, .annotation_confidence_level (as prose)",
            bia: "none: carried as `annota:provenance`")),
        FieldSpec(
          "versions", .list(.object("Version"), minItems: 1), .optional,
          "This set's own version history, as MIFA keys versions by annotation set (the dataset's `versions` stays).",
          Crosswalk(mifa: "Version (per Annotations)", bia: "none: carried as `annota:versionHistory`"), since: "0.2"),
        FieldSpec(
          "keypoints", .object("KeypointSchema"), .optional,
          "For keypoints (`point_annotations`): the body parts, skeleton and individuals its points name (§5.3).",
          Crosswalk(
            mifa: "Annotations.annotation_type `point_annotations`", bia: "none: carried as `annota:keypoints`"),
          since: "0.2"),
      ],
      exactlyOneOf: [["files", "pairing"]]),
    ObjectSpec(
      "KeypointSchema", "The body parts, skeleton and individuals of a keypoint set (DeepLabCut, COCO keypoints).",
      fields: [
        FieldSpec(
          "bodyparts", .list(.string(.text), minItems: 1), .required,
          "The body parts every individual has, in order (DeepLabCut `bodyparts`, COCO `keypoints`).",
          Crosswalk(bia: "none: carried as `annota:keypoints`"), since: "0.2"),
        FieldSpec(
          "unique_bodyparts", .list(.string(.text), minItems: 1), .optional,
          "Body parts that occur once per image, not per individual (DeepLabCut `uniquebodyparts`).",
          Crosswalk(bia: "none: carried as `annota:keypoints`"), since: "0.2"),
        FieldSpec(
          "skeleton", .list(.list(.string(.text), minItems: 2), minItems: 1), .optional,
          "Edges between body parts, each a list of two names (DeepLabCut and COCO `skeleton`).",
          Crosswalk(bia: "none: carried as `annota:keypoints`"), since: "0.2"),
        FieldSpec(
          "individuals", .list(.string(.text), minItems: 1), .optional,
          "The individuals' names when an image shows several animals (DeepLabCut `individuals`).",
          Crosswalk(bia: "none: carried as `annota:keypoints`"), since: "0.2"),
      ]),
    ObjectSpec(
      "AnnotationFile", "One annotation file and the image it annotates.",
      fields: [
        FieldSpec(
          "path", .string(.relativePath), .required, "The file, relative to the dataset root.",
          Crosswalk(mifa: "FileLevelMetadata.annotation_id", bia: "File list `file_path`")),
        FieldSpec(
          "image", .string(.identifier), .recommended,
          "The source image (an id); required for label images and GeoJSON.",
          Crosswalk(mifa: "FileLevelMetadata.source_image_id", bia: "File list `bia:associatedSourceImage`")),
        FieldSpec(
          "images", .list(.string(.identifier), minItems: 1), .optional,
          "The source images (ids), for a file that annotates several: a CVAT, COCO or LabelMe export of a whole task.",
          Crosswalk(
            mifa: "FileLevelMetadata.source_image_id (one per image)",
            bia: "File list `bia:associatedSourceImage` (several, comma-separated)"), since: "0.2"),
        FieldSpec(
          "format", .string(.identifier), .optional,
          "The file format: `tiff`, `geojson`, `json`, `xml`, `csv`…; the file's extension when absent.",
          Crosswalk(bia: "File list `format` column (semantic model `FileReference.format`)"), since: "0.2"),
        FieldSpec(
          "checksum", .string(.checksum), .recommended, "The file's checksum.",
          Crosswalk(bia: "none in 0.3.1: carried as file list column `annota:checksum`")),
        FieldSpec(
          "created", .string(.dateTime), .optional, "When this file's annotations were made.",
          Crosswalk(mifa: "FileLevelMetadata.annotation_creation_time", bia: "none: kept in the packed annota.yaml")),
        FieldSpec(
          "types", .list(.vocabulary(Vocabularies.annotationType), minItems: 1), .optional,
          "The file's MIFA annotation types when it holds only some of its set's; absent means all of them.",
          Crosswalk(
            mifa: "FileLevelMetadata.annotation_type",
            bia: "none: kept in the packed annota.yaml (the BIA types the annotation method)"), since: "0.2"),
        FieldSpec(
          "spatial_information", .string(.text), .optional,
          "How this file's non-pixel annotations relate to pixels, when it differs from its set's.",
          Crosswalk(
            mifa: "FileLevelMetadata.spatial_information",
            bia: "none: kept in the packed annota.yaml (the BIA has it per annotation method)"), since: "0.2"),
        FieldSpec(
          "transformation", .object("Transformation"), .optional,
          "A per-file transformation, overriding the set's.",
          Crosswalk(mifa: "FileLevelMetadata.transformations", bia: "none")),
      ],
      atMostOneOf: [["image", "images"]]),
    ObjectSpec(
      "Pairing", "A rule pairing annotation files with source images.",
      fields: [
        FieldSpec(
          "indicator", .vocabulary(Vocabularies.sourceIndicator), .required, "Which of the BIA's five rules.",
          Crosswalk(bia: "`bia:AnnotationMethod` `annotationSourceIndicator`")),
        FieldSpec(
          "annotations", .string(.pathPattern), .required, "Where annotation files are, e.g. `masks/{name}_mask.tif`.",
          Crosswalk(bia: "none")),
        FieldSpec(
          "images", .string(.pathPattern), .required, "Where their images are, e.g. `images/{name}.tif`.",
          Crosswalk(bia: "none")),
        FieldSpec(
          "metadata_file", .string(.relativePath), .optional, "For `metadata_file`: the file that lists the pairs.",
          Crosswalk(bia: "none")),
        FieldSpec(
          "description", .string(.text), .optional, "For `other`: the rule in prose.", Crosswalk(bia: "none")),
      ]),
    ObjectSpec(
      "Provenance", "Where annotations came from, as data rather than prose.",
      fields: [
        FieldSpec(
          "origin", .vocabulary(Vocabularies.origin), .required,
          "Manual, semi-automatic, model, or model then curated.",
          Crosswalk(mifa: "Annotations.annotation_method (prose)", bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "annotators", .list(.object("Annotator"), minItems: 1), .recommended, "The people who annotated.",
          Crosswalk(mifa: "Annotations.authors", bia: "`bia:Contributor` with role `annotator`")),
        FieldSpec(
          "software", .list(.object("Software"), minItems: 1), .recommended, "The software used.",
          Crosswalk(mifa: "Annotations.annotation_method (prose)", bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "model", .object("ModelReference"), .optional, "The model that predicted the annotations.",
          Crosswalk(mifa: "Annotations.annotation_method (prose)", bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "created", .string(.dateTime), .recommended, "When the annotations were made (finished).",
          Crosswalk(mifa: "FileLevelMetadata.annotation_creation_time", bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "time_spent", .string(.duration), .optional, "Total annotation effort, e.g. `PT40H`.",
          Crosswalk(bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "review", .object("Review"), .optional, "How annotations were reviewed or reconciled.",
          Crosswalk(
            mifa: "Annotations.annotation_method (QA/consensus, prose)", bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "agreement", .list(.object("Agreement"), minItems: 1), .optional, "Measured inter-annotator agreement.",
          Crosswalk(mifa: "Annotations.annotation_confidence_level (prose)", bia: "none: in `annota:provenance` (JSON)")
        ),
        FieldSpec(
          "confidence", .number(minimum: 0, maximum: 1), .optional,
          "Overall confidence in the annotations, 0 to 1.",
          Crosswalk(mifa: "Annotations.annotation_confidence_level", bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "conversion", .object("Conversion"), .optional, "For converted files: what they were converted from.",
          Crosswalk(bia: "none: in `annota:provenance` (JSON)")),
      ]),
    ObjectSpec(
      "Annotator", "A person who annotated.",
      fields: [
        FieldSpec(
          "name", .string(.text), .required, "The person's name.",
          Crosswalk(mifa: "Author.author_first_name + author_last_name", bia: "`bia:Contributor` `name`")),
        FieldSpec(
          "given_name", .string(.text), .recommended, "Given name(s); the `mifa` profile requires them.",
          Crosswalk(mifa: "Annotations.authors: Author.author_first_name", bia: "none: folded into `name`"),
          since: "0.2"),
        FieldSpec(
          "family_name", .string(.text), .recommended, "Family name(s); the `mifa` profile requires them.",
          Crosswalk(mifa: "Annotations.authors: Author.author_last_name", bia: "none: folded into `name`"), since: "0.2"
        ),
        FieldSpec(
          "orcid", .string(.orcid), .recommended, "The person's ORCID iD.",
          Crosswalk(mifa: "Author.orcid_id", bia: "`bia:Contributor` `@id`")),
        FieldSpec(
          "expertise", .vocabulary(Vocabularies.expertise), .recommended, "How experienced the person is.",
          Crosswalk(mifa: "Annotations.annotation_confidence_level (prose)", bia: "none: in `annota:provenance` (JSON)")
        ),
        FieldSpec(
          "years", .number(minimum: 0, maximum: 100), .optional, "Years of experience in the task.",
          Crosswalk(mifa: "Annotations.annotation_confidence_level (prose)", bia: "none: in `annota:provenance` (JSON)")
        ),
      ]),
    ObjectSpec(
      "Software", "A piece of software and its version.",
      fields: [
        FieldSpec(
          "name", .string(.text), .required, "The software's name, e.g. `napari`.",
          Crosswalk(bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec("version", .string(.text), .recommended, "Its version, e.g. `0.5.4`.", Crosswalk(bia: "none")),
        FieldSpec("uri", .string(.uri), .optional, "Where it is published.", Crosswalk(bia: "none")),
        FieldSpec(
          "parameters", .string(.text), .optional, "Settings that matter for reproducing the result.",
          Crosswalk(bia: "none")),
      ]),
    ObjectSpec(
      "ModelReference", "A trained model, e.g. from the BioImage Model Zoo.",
      fields: [
        FieldSpec(
          "id", .string(.text), .required, "The model's id, e.g. `affable-shark` or a DOI.",
          Crosswalk(bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec("name", .string(.text), .optional, "Its name.", Crosswalk(bia: "none")),
        FieldSpec("version", .string(.text), .optional, "Its version.", Crosswalk(bia: "none")),
        FieldSpec("uri", .string(.uri), .optional, "Where it is published.", Crosswalk(bia: "none")),
      ]),
    ObjectSpec(
      "Review", "How annotations were reviewed or reconciled.",
      fields: [
        FieldSpec(
          "protocol", .string(.text), .required, "The review or consensus protocol.",
          Crosswalk(mifa: "Annotations.annotation_method (prose)", bia: "none")),
        FieldSpec(
          "reviewers", .integer(minimum: 1, maximum: nil), .optional, "How many people reviewed.",
          Crosswalk(bia: "none")),
      ]),
    ObjectSpec(
      "Agreement", "One measurement of agreement between annotators.",
      fields: [
        FieldSpec(
          "metric", .string(.text), .required, "The metric, e.g. `dice`, `iou`, `f1`, `cohen_kappa`.",
          Crosswalk(mifa: "annotation_confidence_level (prose)", bia: "none")),
        FieldSpec(
          "value", .number(minimum: nil, maximum: nil), .required, "The mean value.",
          Crosswalk(mifa: "annotation_confidence_level (prose, e.g. 0.904±0.081)", bia: "none")),
        FieldSpec(
          "sd", .number(minimum: 0, maximum: nil), .optional, "Its standard deviation.", Crosswalk(bia: "none")),
        FieldSpec(
          "images", .integer(minimum: 1, maximum: nil), .optional, "How many images it was measured on.",
          Crosswalk(bia: "none")),
        FieldSpec(
          "annotators", .integer(minimum: 2, maximum: nil), .optional, "How many annotators were compared.",
          Crosswalk(bia: "none")),
        FieldSpec(
          "method", .string(.text), .optional,
          "How it was measured: matching, aggregation and software, e.g. `StarDist matching, IoU, pooled (annota 0.4)`.",
          Crosswalk(mifa: "annotation_confidence_level (prose)", bia: "none"), since: "0.2"),
        FieldSpec(
          "threshold", .number(minimum: 0, maximum: 1), .optional,
          "The matching threshold the metric is read at, e.g. 0.5 for F1 at IoU ≥ 0.5.", Crosswalk(bia: "none"),
          since: "0.2"),
      ]),
    ObjectSpec(
      "Conversion", "Where a converted annotation file came from.",
      fields: [
        FieldSpec(
          "source_path", .string(.text), .required, "The original file's path as given to the converter.",
          Crosswalk(bia: "none: in `annota:provenance` (JSON)")),
        FieldSpec(
          "source_format", .string(.identifier), .required, "The original format, e.g. `cvat-1.1`, `pascal-voc`.",
          Crosswalk(bia: "none")),
        FieldSpec("source_sha256", .string(.sha256), .required, "The original file's SHA-256.", Crosswalk(bia: "none")),
        FieldSpec(
          "converter", .string(.text), .required, "The converting software, e.g. `annota`.", Crosswalk(bia: "none")),
        FieldSpec("converter_version", .string(.text), .required, "Its version.", Crosswalk(bia: "none")),
        FieldSpec(
          "convention", .string(.text), .optional, "The source's coordinate convention, e.g. `voc-1-based-inclusive`.",
          Crosswalk(bia: "none")),
      ]),
  ]

  /// Splits, versions and trained models.
  static let datasetObjects: [ObjectSpec] = [
    ObjectSpec(
      "Split", "A named subset of images for machine learning.",
      fields: [
        FieldSpec(
          "name", .string(.identifier), .required, "The name images use, e.g. `train`.",
          Crosswalk(bia: "none: in `annota:splits` (JSON)")),
        FieldSpec(
          "description", .string(.text), .optional, "How the split was made (random with seed, by patient…).",
          Crosswalk(bia: "none")),
      ]),
    ObjectSpec(
      "Version", "One version of the dataset.",
      fields: [
        FieldSpec(
          "version", .string(.text), .required, "The version, e.g. `1.0`.",
          Crosswalk(
            mifa: "Version.version",
            bia: "none: carried as `annota:version` (the latest) and in `annota:versionHistory` (JSON)")),
        FieldSpec(
          "timestamp", .string(.dateTime), .required, "When it was made.",
          Crosswalk(mifa: "Version.timestamp", bia: "none: in `annota:versionHistory` (JSON)")),
        FieldSpec(
          "changes", .string(.text), .optional, "What changed since the previous version.",
          Crosswalk(mifa: "Version.changes", bia: "none")),
        FieldSpec(
          "previous_version", .string(.text), .optional, "The previous version (its version, DOI or URI).",
          Crosswalk(mifa: "Version.previous_version", bia: "none")),
      ]),
    ObjectSpec(
      "AIModel", "An AI model trained on this dataset.",
      fields: [
        FieldSpec(
          "id", .string(.text), .required, "A URI, CURIE or BioImage Model Zoo id.",
          Crosswalk(mifa: "Study.ai_models_trained", bia: "none: carried as `annota:aiModelTrained`")),
        FieldSpec("name", .string(.text), .optional, "Its name.", Crosswalk(bia: "none")),
        FieldSpec("description", .string(.text), .optional, "What it does.", Crosswalk(bia: "none")),
      ]),
  ]
}
