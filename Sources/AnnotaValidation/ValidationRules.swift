// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel
public import AnnotaTIFF

/// Rules about files on disk (RULES.md, `FILE`).
public enum FileRules {
  /// A file the manifest lists is not there.
  public static let missing = Rule("FILE-001", .error, "Listed file is missing")
  /// An image or annotation file is on disk but not in the manifest.
  public static let unlisted = Rule("FILE-002", .warning, "File on disk is not listed")
  /// A listed path differs from a file on disk only in letter case.
  public static let caseOnly = Rule("FILE-003", .error, "Path differs from the file on disk only in case")
  /// The recorded checksum does not match the file's bytes.
  public static let checksum = Rule("FILE-004", .error, "Checksum does not match")
  /// The file cannot be read in the format it should have.
  public static let unreadable = Rule("FILE-005", .error, "File cannot be read as its format")
  /// The file is larger than the BioImage Archive accepts.
  public static let tooLarge = Rule("FILE-006", .error, "File over the BIA's 2 TB limit")

  /// An annotation file whose source image is not in the dataset.
  public static let noSourceImage = Rule("FILE-007", .error, "Annotation file without its source image")

  /// There is no manifest: the dataset was inferred from the folder, as `annota init` would.
  public static let noManifest = Rule("FILE-008", .warning, "No manifest: the dataset was inferred from the folder")

  /// The content is not the format the manifest declares or the file name says.
  public static let formatMismatch = Rule("FILE-009", .error, "Content does not match the declared format")

  /// A symbolic link that leaves the dataset or names no regular file, or a device, FIFO or socket:
  /// never read, and refused by `pack`.
  public static let special = Rule("FILE-010", .error, "Link leaving the dataset, or not a regular file")

  /// An image's declared `dimensions` or `physical_size` differ from what its file holds.
  public static let declaredSize = Rule("FILE-011", .error, "Image differs from its declared size")

  /// A file that is neither an image nor an annotation file (a table, a companion, notes) is on disk
  /// but not in the manifest: said, so that nothing in the folder goes unmentioned.
  public static let undescribed = Rule("FILE-013", .info, "Other file on disk, packed as it is")

  /// Every file rule.
  public static let all = [
    missing, unlisted, caseOnly, checksum, unreadable, tooLarge, noSourceImage, noManifest, formatMismatch,
    special, declaredSize, DatasetFolderRules.twoManifests, undescribed,
  ]
}

/// Rules about label images against their images and label tables (RULES.md, `MASK`).
public enum MaskRules {
  /// A label image does not hold integers.
  public static let notInteger = Rule("MASK-001", .error, "Label image is not integer")
  /// A label image's size differs from its source image's.
  public static let shape = Rule("MASK-002", .error, "Label image and source image differ in size")
  /// A value occurs that the semantic label table does not declare.
  public static let undeclaredValue = Rule("MASK-003", .error, "Value not in the label table")
  /// A declared label never occurs in any file of the set.
  public static let unusedLabel = Rule("MASK-004", .warning, "Declared label never occurs")
  /// A label image holds only background.
  public static let empty = Rule("MASK-005", .warning, "Label image is empty")
  /// A label image has no background pixel.
  public static let noBackground = Rule("MASK-006", .info, "Label image has no background")

  /// In an instance set, one value covers several disconnected regions.
  public static let splitInstance = Rule("MASK-007", .warning, "Instance id split into disconnected parts")

  /// A label image and its source image record different physical pixel sizes.
  public static let physicalSize = Rule("MASK-008", .error, "Label image and source image differ in pixel size")

  /// An instance table that does not match its mask or the set's label table.
  public static let instanceTable = Rule("MASK-009", .error, "Instance table does not match its mask")
  /// One class spelt differently in the instance tables of one set.
  public static let labelSpelling = Rule("MASK-010", .warning, "Class spelt differently across files")

  /// Every mask rule.
  public static let all = [
    notInteger, shape, undeclaredValue, unusedLabel, empty, noBackground, splitInstance, physicalSize,
    instanceTable, labelSpelling,
  ]
}

/// AI-readiness rules (RULES.md, `ML`; profile `ml`, checked with `--profile ml`).
public enum MLRules {
  /// No splits, or images outside every split.
  public static let splits = Rule("ML-001", .warning, "Splits missing or not exhaustive")
  /// The same image content in two splits.
  public static let leakage = Rule("ML-002", .error, "Identical image in two splits")
  /// Some images have no annotation.
  public static let coverage = Rule("ML-003", .info, "Not every image is annotated")

  /// Class balance per split (pixels per class, objects per set), for the record.
  public static let balance = Rule("ML-004", .info, "Class balance per split")
  /// A class extremely rare against the most frequent one, or missing from a split.
  public static let imbalance = Rule("ML-005", .warning, "Extreme class imbalance")

  /// A split whose images differ systematically from another's (a batch effect).
  public static let batchEffect = Rule("ML-006", .warning, "Split differs in image statistics")
  /// Splits whose images differ in pixel size or sample type.
  public static let pixelDifference = Rule("ML-007", .warning, "Splits differ in pixel size or type")

  /// Every ML rule.
  public static let all = [splits, leakage, coverage, balance, imbalance, batchEffect, pixelDifference]
}

/// Rules about shapes, points and tracks in GeoJSON files (RULES.md, `SHAPE`).
public enum ShapeRules {
  /// A shape lies (partly) outside its source image.
  public static let outOfBounds = Rule("SHAPE-001", .error, "Shape outside the image")
  /// A geometry that is not what its shape says (a polygon with under 3 distinct vertices…).
  public static let geometry = Rule("SHAPE-002", .error, "Invalid geometry")
  /// A polygon whose outline crosses itself.
  public static let selfIntersection = Rule("SHAPE-003", .warning, "Polygon crosses itself")
  /// A box or ellipse without area.
  public static let emptyArea = Rule("SHAPE-004", .error, "Box or ellipse without area")
  /// A z, c or t index outside the image's planes.
  public static let plane = Rule("SHAPE-005", .error, "Plane index outside the image")
  /// A track edge to a missing feature, or against time.
  public static let track = Rule("SHAPE-006", .error, "Track edge invalid")
  /// A label or label value not in the set's label table.
  public static let undeclaredLabel = Rule("SHAPE-007", .error, "Label not in the label table")

  /// A box recorded beside a segmentation that does not enclose it.
  public static let boxMismatch = Rule("SHAPE-008", .warning, "Recorded box and segmentation disagree")
  /// A keypoint outside its set's keypoint schema (body part, individual, likelihood, visibility).
  public static let keypoint = Rule("SHAPE-009", .error, "Keypoint outside the set's keypoints")
  /// A body part placed twice for one individual and plane.
  public static let duplicateKeypoint = Rule("SHAPE-010", .error, "Body part placed twice")

  /// Every shape rule.
  public static let all = [
    outOfBounds, geometry, selfIntersection, emptyArea, plane, track, undeclaredLabel, boxMismatch, keypoint,
    duplicateKeypoint,
  ]
}

/// Profile rules (RULES.md, `MIFA`, `REMBI`, `BIA`), checked when the profile is asked for.
public enum ProfileRules {
  /// A field MIFA requires is missing or empty.
  public static let mifaMissing = Rule("MIFA-001", .error, "Field MIFA requires is missing")
  /// The licence is not one MIFA's `LicenseType` allows (CC0, CC-BY).
  public static let mifaLicence = Rule("MIFA-002", .error, "Licence MIFA does not allow")
  /// A field REMBI requires is missing or empty.
  public static let rembiMissing = Rule("REMBI-001", .error, "Field REMBI requires is missing")
  /// The study's title or description is under REMBI's 25 characters.
  public static let rembiShortText = Rule("REMBI-002", .error, "Study text shorter than REMBI's minimum")
  /// A field the BIA submission requires is missing or empty.
  public static let biaMissing = Rule("BIA-001", .error, "Field the BIA requires is missing")
  /// The licence is not one the BIA accepts.
  public static let biaLicence = Rule("BIA-002", .error, "Licence the BIA does not accept")
  /// A path holds characters the BIA's file lists refuse.
  public static let biaPathRefused = Rule("BIA-003", .error, "Path the BIA refuses")
  /// A path holds characters that are not portable.
  public static let biaPathUnportable = Rule("BIA-004", .warning, "Path not portable")

  /// A BIA file list without the columns it needs, or with a column twice.
  public static let fileListHeader = Rule("BIA-005", .error, "File list header incomplete")
  /// A file-list row that is blank, has the wrong number of cells, or a size that is not a number.
  public static let fileListRow = Rule("BIA-006", .error, "File list row malformed")
  /// A path listed twice in a file list.
  public static let duplicatePath = Rule("BIA-007", .error, "Path listed twice")
  /// A source-image reference to no row, or to a row that is not an image.
  public static let sourceImage = Rule("BIA-008", .error, "Source image not in the file list")

  /// Every profile rule.
  public static let all = [
    mifaMissing, mifaLicence, rembiMissing, rembiShortText, biaMissing, biaLicence, biaPathRefused, biaPathUnportable,
    fileListHeader, fileListRow, duplicatePath, sourceImage,
  ]
}

/// The catalog profiles' rules: a field the catalog record is written from is missing or unusable
/// (`validate --profile croissant|bioimageio|zenodo|datacite`; the export stops on the same gaps).
public enum CatalogRules {
  /// A field a Croissant 1.1 record requires.
  public static let croissantMissing = Rule("CROISSANT-001", .error, "Field a Croissant record requires is missing")
  /// A field a bioimage.io dataset description needs to pass its validator without warnings.
  public static let bioimageioMissing = Rule(
    "BIOIMAGEIO-001", .error, "Field a bioimage.io description requires is missing")
  /// A field Zenodo's deposit metadata requires, or a value its vocabularies refuse.
  public static let zenodoMissing = Rule("ZENODO-001", .error, "Field Zenodo's deposit requires is missing")
  /// A field DataCite's schema makes mandatory.
  public static let dataciteMissing = Rule("DATACITE-001", .error, "Field DataCite requires is missing")

  /// Every catalog rule.
  public static let all = [croissantMissing, bioimageioMissing, zenodoMissing, dataciteMissing]
}

/// The instance-connectivity check, for tests against a reference flood fill.
@_spi(Testing) public enum InstanceConnectivityProbe {
  /// Values of a 2-D label image made of more than one 4-connected part, with the number of parts.
  /// - Parameter plane: an unsigned integer label image.
  /// - Returns: value and parts, by value.
  public static func splits(_ plane: Plane) -> [(value: Int, parts: Int)] {
    InstanceConnectivity.splitValues(plane).map { ($0.value, $0.parts) }
  }

  /// Values of a 3-D label image (planes in Z order) made of more than one 6-connected part.
  /// - Parameter planes: unsigned integer planes of one size.
  /// - Returns: value and parts, by value.
  public static func volumeSplits(_ planes: [Plane]) -> [(value: Int, parts: Int)] {
    var volume = VolumeConnectivity()
    for plane in planes { volume.add(plane) }
    return volume.splitValues().map { ($0.value, $0.parts) }
  }
}

/// The polygon self-intersection test, for tests.
@_spi(Testing) public enum ShapeCheckProbe {
  /// Whether a closed ring's non-adjacent edges cross or touch.
  /// - Parameter ring: `[x, y]` positions (closed or not).
  /// - Returns: `true` when two non-adjacent edges meet.
  public static func crosses(_ ring: [[Double]]) -> Bool { ShapeCheck.selfIntersection(ring) != nil }
}

/// The BioImage Archive file-list check on its own, synchronously (for fuzzing and tests).
@_spi(Testing) public enum FileListProbe {
  /// Checks a file list as `annota validate LIST.tsv` does.
  /// - Parameter path: the list; the paths it names are looked up next to it.
  /// - Returns: the findings and the number of data rows.
  public static func check(_ path: String) -> (findings: [Diagnostic], rows: Int) {
    var list = FileListCheck(path: path)
    let findings = list.check()
    return (findings, list.rows)
  }
}
