// SPDX-License-Identifier: Apache-2.0

extension AnnotaSpec {
  /// REMBI's biosample, specimen, acquisition and correlation blocks.
  static let rembiObjects: [ObjectSpec] = [
    ObjectSpec(
      "Biosample", "What was imaged: the organism and the biological entity.",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id images refer to.",
          Crosswalk(bia: "`bia:BioSample` `@id`")),
        FieldSpec(
          "organism", .object("Organism"), .required, "The organism.",
          Crosswalk(rembi: "Biosample.organism", bia: "`bia:BioSample` `organismClassification` → `bia:Taxon`")),
        FieldSpec(
          "biological_entity", .string(.text), .required, "What was imaged, e.g. `HeLa cells`.",
          Crosswalk(rembi: "Biosample.biological_entity", bia: "`bia:BioSample` `description`")),
        FieldSpec(
          "description", .string(.text), .optional, "More about the sample.",
          Crosswalk(rembi: "Biosample.description", bia: "`bia:BioSample` `name`")),
        FieldSpec(
          "intrinsic_variables", .list(.string(.text), minItems: 1), .optional,
          "Intrinsic variables (e.g. genotype).",
          Crosswalk(rembi: "Biosample.intrinsic_variables", bia: "`bia:BioSample` `intrinsicVariableDescription`")),
        FieldSpec(
          "extrinsic_variables", .list(.string(.text), minItems: 1), .optional,
          "Extrinsic variables (e.g. reagents applied).",
          Crosswalk(rembi: "Biosample.extrinsic_variables", bia: "`bia:BioSample` `extrinsicVariableDescription`")),
        FieldSpec(
          "experimental_variables", .list(.string(.text), minItems: 1), .optional,
          "Variables deliberately changed in the experiment.",
          Crosswalk(rembi: "Biosample.experimental_variables", bia: "`bia:BioSample` `experimentalVariableDescription`")
        ),
      ]),
    ObjectSpec(
      "Organism", "A taxon.",
      fields: [
        FieldSpec(
          "scientific_name", .string(.text), .required, "The scientific name, e.g. `Homo sapiens`.",
          Crosswalk(rembi: "Organism.scientific_name", bia: "`bia:Taxon` `scientificName`")),
        FieldSpec(
          "common_name", .string(.text), .optional, "The common name, e.g. `human`.",
          Crosswalk(rembi: "Organism.common_name", bia: "`bia:Taxon` `commonName`")),
        FieldSpec(
          "ncbi_taxon", .string(.ncbiTaxon), .recommended,
          "The NCBI Taxonomy id: `NCBITaxon:9606`, the BIA's `NCBI:txid9606`, or the OBO IRI.",
          Crosswalk(
            rembi: "Organism.ncbi_taxon",
            bia: "`bia:Taxon` `@id` as `NCBITaxon:<number>` (where the BIA's ingest reads it), and `annota:ncbiTaxon`")),
      ]),
    ObjectSpec(
      "Specimen", "How the biosample was prepared for imaging.",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id images refer to.",
          Crosswalk(bia: "`bia:Specimen` `@id`; its protocol's `name`")),
        FieldSpec(
          "biosample", .string(.identifier), .recommended, "The biosample it was made from (an id).",
          Crosswalk(bia: "`bia:Specimen` `biologicalEntity` (`bia:sampleOf`)")),
        FieldSpec(
          "preparation", .string(.text), .required, "How it was prepared (fixation, staining, mounting…).",
          Crosswalk(
            rembi: "Specimen.sample_preparation",
            bia: "`bia:SpecimenImagingPreparationProtocol` `description`; `bia:Specimen` `imagingPreparationProtocol`")),
        FieldSpec(
          "growth_protocol", .string(.text), .optional, "How the sample was grown.",
          Crosswalk(rembi: "Specimen.growth_protocol", bia: "`bia:BioSample` `growthProtocol` → `bia:Protocol`")),
        FieldSpec(
          "channels", .list(.object("Channel"), minItems: 1), .optional, "What each channel shows.",
          Crosswalk(
            rembi: "Specimen (signal/contrast, channel content)",
            bia: "`signalChannelInformation` → `bia:SignalChannel`")),
      ]),
    ObjectSpec(
      "Channel", "What one channel shows.",
      fields: [
        FieldSpec(
          "index", .integer(minimum: 0, maximum: nil), .optional, "The 0-based channel index.",
          Crosswalk(bia: "`bia:SignalChannel` `identifier`")),
        FieldSpec(
          "content", .string(.text), .required, "What the channel shows, e.g. `nuclei`.",
          Crosswalk(rembi: "Specimen.channel_content", bia: "`channelContentDescription`")),
        FieldSpec(
          "contrast_mechanism", .string(.text), .optional, "How, e.g. `Hoechst 33342 fluorescence`.",
          Crosswalk(rembi: "Specimen.signal_contrast_mechanism", bia: "`signalContrastMechanismDescription`")),
        FieldSpec(
          "biological_entity", .string(.text), .optional, "The entity the signal marks.",
          Crosswalk(rembi: "Specimen.channel_biological_entity", bia: "`channelBiologicalEntity`")),
      ]),
    ObjectSpec(
      "ImageAcquisition", "How images were acquired.",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id images refer to.",
          Crosswalk(bia: "`bia:ImageAcquisitionProtocol` `@id` and `name`")),
        FieldSpec(
          "imaging_method", .object("ImagingMethod"), .required, "The imaging method.",
          Crosswalk(rembi: "ImageAcquisition.imaging_method", bia: "`imagingMethodName` + `fbbiId`")),
        FieldSpec(
          "instrument", .string(.text), .required, "The instrument, e.g. `Zeiss LSM 880, 63×/1.4 oil`.",
          Crosswalk(
            rembi: "ImageAcquisition.imaging_instrument",
            bia: "`bia:ImageAcquisitionProtocol` `imagingInstrumentDescription`")),
        FieldSpec(
          "parameters", .string(.text), .recommended, "Acquisition parameters (exposure, laser power…).",
          Crosswalk(
            rembi: "ImageAcquisition.image_acquisition_parameters", bia: "`bia:ImageAcquisitionProtocol` `description`")
        ),
      ]),
    ObjectSpec(
      "ImagingMethod", "An imaging method, named and as an FBbi term.",
      fields: [
        FieldSpec(
          "name", .string(.text), .required, "The method's name, e.g. `confocal microscopy`.",
          Crosswalk(rembi: "ImagingMethod.value", bia: "`imagingMethodName`")),
        FieldSpec(
          "fbbi", .string(.fbbi), .recommended, "The FBbi term.",
          Crosswalk(rembi: "ImagingMethod.ontology_id", bia: "`fbbiId`")),
      ]),
    ObjectSpec(
      "ImageCorrelation", "How images relate to each other in space or time.",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id.",
          Crosswalk(bia: "`bia:ImageCorrelationMethod` `@id` and `name`")),
        FieldSpec(
          "alignment", .string(.text), .required, "How images were aligned in space and time.",
          Crosswalk(
            rembi: "ImageCorrelation.spatial_and_temporal_alignment", bia: "`bia:ImageCorrelationMethod` `description`")
        ),
        FieldSpec(
          "fiducials", .string(.text), .optional, "The fiducials used.",
          Crosswalk(rembi: "ImageCorrelation.fiducials_used", bia: "`fiducialsUsed`")),
        FieldSpec(
          "transformation", .object("Transformation"), .optional, "The transformation, as a matrix.",
          Crosswalk(rembi: "ImageCorrelation.transformation_matrix", bia: "`transformationMatrix` (as text)")),
        FieldSpec(
          "images", .list(.string(.identifier), minItems: 2), .optional, "The related images (ids).",
          Crosswalk(rembi: "ImageCorrelation (related images)", bia: "none")),
      ]),
    ObjectSpec(
      "AnalysisMethod", "How images were analysed (REMBI image analysis).",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id study components refer to.",
          Crosswalk(bia: "`bia:ImageAnalysisMethod` `@id` and `name`"), since: "0.2"),
        FieldSpec(
          "description", .string(.text), .required, "The protocol: what was done, with which software.",
          Crosswalk(rembi: "Analysis.analysis_overview", bia: "`bia:ImageAnalysisMethod` `description`"), since: "0.2"),
        FieldSpec(
          "features_analysed", .string(.text), .optional, "The features analysed, e.g. `nucleus area`.",
          Crosswalk(bia: "`bia:ImageAnalysisMethod` `featuresAnalysed`"), since: "0.2"),
      ]),
    ObjectSpec(
      "StudyComponent",
      "A part of the study imaged one way, with its own samples, preparations and acquisitions (REMBI study component).",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id images refer to (`images[].component`).",
          Crosswalk(bia: "image `bia:Dataset` `@id`"), since: "0.2"),
        FieldSpec(
          "title", .string(.text), .required, "Its title.",
          Crosswalk(rembi: "Study Component.name", bia: "image `bia:Dataset` `name`"), since: "0.2"),
        FieldSpec(
          "description", .string(.text), .required, "What it holds and how it differs from the other components.",
          Crosswalk(rembi: "Study Component.description", bia: "image `bia:Dataset` `description`"), since: "0.2"),
        FieldSpec(
          "biosamples", .list(.string(.identifier), minItems: 1), .optional, "Its biosamples (ids).",
          Crosswalk(rembi: "Study Component (associations)", bia: "`associatedBiologicalEntity`"), since: "0.2"),
        FieldSpec(
          "specimens", .list(.string(.identifier), minItems: 1), .optional, "Its specimens (ids).",
          Crosswalk(
            rembi: "Study Component (associations)",
            bia: "`associatedSpecimenImagingPreparationProtocol` (and the first as `associatedSpecimen`)"),
          since: "0.2"),
        FieldSpec(
          "acquisitions", .list(.string(.identifier), minItems: 1), .optional, "Its image acquisitions (ids).",
          Crosswalk(rembi: "Study Component (associations)", bia: "`associatedImageAcquisitionProtocol`"), since: "0.2"),
        FieldSpec(
          "correlations", .list(.string(.identifier), minItems: 1), .optional, "Its image correlations (ids).",
          Crosswalk(rembi: "Study Component (associations)", bia: "`associatedImageCorrelationMethod`"), since: "0.2"),
        FieldSpec(
          "analysis_methods", .list(.string(.identifier), minItems: 1), .optional, "Its image analysis methods (ids).",
          Crosswalk(rembi: "Study Component (associations)", bia: "`associatedImageAnalysisMethod`"), since: "0.2"),
        FieldSpec(
          "exemplar_image", .string(.identifier), .optional, "An image that shows what it is about (an id).",
          Crosswalk(bia: "`bia:exemplarImage` (semantic model `Dataset.example_image_uri`)"), since: "0.2"),
      ]),
    ObjectSpec(
      "Transformation",
      "A transformation from annotation coordinates to image pixel coordinates: an affine matrix, prose, or both.",
      fields: [
        FieldSpec(
          "matrix", .affineMatrix, .optional,
          "A 3×3 (2-D) or 4×4 (3-D) row-major matrix acting on column vectors (x, y[, z], 1).",
          Crosswalk(
            mifa: "FileLevelMetadata.transformations (as text)",
            bia: "`bia:AnnotationMethod` `transformationDescription` (as text)"), optionalSince: "0.2"),
        FieldSpec(
          "description", .string(.text), .optional,
          "What the transformation does, in prose (e.g. `Rotation_angle = 37°`), as MIFA records it.",
          Crosswalk(
            mifa: "FileLevelMetadata.transformations", bia: "`bia:AnnotationMethod` `transformationDescription`")),
      ],
      atLeastOneOf: [["matrix", "description"]]),
  ]
}
