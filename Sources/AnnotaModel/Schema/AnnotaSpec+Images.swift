// SPDX-License-Identifier: Apache-2.0

extension AnnotaSpec {
  /// Source images.
  static let imageObjects: [ObjectSpec] = [
    ObjectSpec(
      "Image", "A source image file.",
      fields: [
        FieldSpec(
          "id", .string(.identifier), .required, "An id annotations refer to.",
          Crosswalk(mifa: "FileLevelMetadata.source_image_id", bia: "File list `schema:name`")),
        FieldSpec(
          "path", .string(.relativePath), .required, "The file, relative to the dataset root.",
          Crosswalk(bia: "File list `file_path` (`bia:filePath`)")),
        FieldSpec(
          "format", .string(.identifier), .recommended,
          "The file format: `tiff`, `ome-tiff`, `ome-zarr`, `hdf5`, `png`…",
          Crosswalk(rembi: "Image Data (format and compression)", bia: "semantic model `FileReference.format`")),
        FieldSpec(
          "checksum", .string(.checksum), .recommended, "The file's checksum.",
          Crosswalk(bia: "none in 0.3.1: carried as file list column `annota:checksum`")),
        FieldSpec(
          "size_bytes", .integer(minimum: 0, maximum: nil), .optional, "The file's size in bytes.",
          Crosswalk(bia: "File list `bia:sizeInBytes`")),
        FieldSpec(
          "dimensions", .object("Dimensions"), .optional, "The image's size in pixels per axis.",
          Crosswalk(rembi: "Image Data (size description)", bia: "semantic model `ImageRepresentation.size_x…size_t`")),
        FieldSpec(
          "physical_size", .object("PhysicalSize"), .recommended, "The size of one pixel (voxel).",
          Crosswalk(
            rembi: "Image Data (pixel/voxel size)",
            bia: "semantic model `ImageRepresentation.voxel_physical_size_x/y/z`")),
        FieldSpec(
          "split", .string(.identifier), .optional, "The split the image belongs to (a `splits` name).",
          Crosswalk(bia: "none: kept in the packed annota.yaml")),
        FieldSpec(
          "biosample", .string(.identifier), .optional, "The biosample (an id).",
          Crosswalk(bia: "File list `bia:associatedBiologicalEntity`")),
        FieldSpec(
          "specimen", .string(.identifier), .optional, "The specimen (an id).",
          Crosswalk(bia: "File list `bia:associatedSubject`")),
        FieldSpec(
          "acquisition", .string(.identifier), .optional, "The image acquisition (an id).",
          Crosswalk(bia: "File list `bia:associatedImageAcquisitionProtocol`")),
        FieldSpec(
          "component", .string(.identifier), .optional,
          "The study component it belongs to (an id); required when the study declares components.",
          Crosswalk(
            rembi: "Study Component (its images)", bia: "File list `schema:isPartOf` (the component's dataset)"),
          since: "0.2"),
        FieldSpec(
          "derived_from", .object("Derivation"), .optional,
          "How it was made from other images (a projection, a registration, a mosaic).",
          Crosswalk(
            rembi: "Image Data (image processing method)",
            bia:
              "File list `bia:associatedSourceImage` + `bia:associatedProtocol` → `bia:Protocol` (the ingest's creation process)"
          ),
          since: "0.2"),
      ]),
    ObjectSpec(
      "Derivation", "How an image was made from other images.",
      fields: [
        FieldSpec(
          "images", .list(.string(.identifier), minItems: 1), .required, "The input images (ids).",
          Crosswalk(bia: "File list `bia:associatedSourceImage` (`CreationProcess.input_image_uuid`)"), since: "0.2"),
        FieldSpec(
          "protocol", .string(.text), .required, "What was done to them, in prose.",
          Crosswalk(
            rembi: "Image Data (image processing method)",
            bia: "`bia:Protocol` `description` (`CreationProcess.protocol`)"),
          since: "0.2"),
      ]),
    ObjectSpec(
      "Dimensions", "Pixels per axis; absent axes have size 1.",
      fields: [
        FieldSpec(
          "x", .integer(minimum: 1, maximum: nil), .required, "Width in pixels.",
          Crosswalk(bia: "semantic model `ImageRepresentation.size_x` (not in the 0.3.1 crate)")),
        FieldSpec(
          "y", .integer(minimum: 1, maximum: nil), .required, "Height in pixels.",
          Crosswalk(bia: "semantic model `ImageRepresentation.size_y` (not in the 0.3.1 crate)")),
        FieldSpec(
          "z", .integer(minimum: 1, maximum: nil), .optional, "Planes in Z.",
          Crosswalk(bia: "semantic model `ImageRepresentation.size_z` (not in the 0.3.1 crate)")),
        FieldSpec(
          "c", .integer(minimum: 1, maximum: nil), .optional, "Channels.",
          Crosswalk(bia: "semantic model `ImageRepresentation.size_c` (not in the 0.3.1 crate)")),
        FieldSpec(
          "t", .integer(minimum: 1, maximum: nil), .optional, "Time points.",
          Crosswalk(bia: "semantic model `ImageRepresentation.size_t` (not in the 0.3.1 crate)")),
      ]),
    ObjectSpec(
      "PhysicalSize", "The physical size of one pixel (voxel).",
      fields: [
        FieldSpec(
          "x", .number(minimum: 0, maximum: nil), .required, "Pixel width.",
          Crosswalk(bia: "semantic model `ImageRepresentation.voxel_physical_size_x` (not in the 0.3.1 crate)")),
        FieldSpec(
          "y", .number(minimum: 0, maximum: nil), .required, "Pixel height.",
          Crosswalk(bia: "semantic model `ImageRepresentation.voxel_physical_size_y` (not in the 0.3.1 crate)")),
        FieldSpec(
          "z", .number(minimum: 0, maximum: nil), .optional, "Voxel depth.",
          Crosswalk(bia: "semantic model `ImageRepresentation.voxel_physical_size_z` (not in the 0.3.1 crate)")),
        FieldSpec(
          "unit", .vocabulary(Vocabularies.lengthUnit), .required,
          "The unit of x, y and z (`µm` is accepted and written `um`).",
          Crosswalk(bia: "metres in the BIA model: converted by the packer")),
      ]),
  ]
}
