// SPDX-License-Identifier: Apache-2.0

/// What each label value means.
public struct LabelTable: Sendable, Hashable, Codable {
  /// Id annotation sets refer to.
  public var id: String
  /// What the table is for.
  public var description: String?
  /// The labels.
  public var labels: [Label]

  /// Creates a label table.
  /// - Parameters:
  ///   - id: its id.
  ///   - labels: the labels.
  public init(id: String, labels: [Label]) {
    self.id = id
    self.labels = labels
  }
}

/// One label value.
public struct Label: Sendable, Hashable, Codable {
  /// The pixel value or class id.
  public var value: Int
  /// The class name.
  public var name: String
  /// Ontology term CURIE.
  public var term: String?
  /// Display colour `#rrggbb[aa]`.
  public var colour: String?
  /// What it covers.
  public var description: String?
  /// For a region, the class values it unites (nnU-Net's region-based training).
  ///
  /// A region marks no pixels of its own; its ``value`` only names it. Empty for a class.
  public var unites: [Int] = []

  /// Whether the label is a region rather than a class.
  public var isRegion: Bool { !unites.isEmpty }

  private enum CodingKeys: String, CodingKey {
    case value, name, term, colour, description, unites
  }

  /// Decodes a label; without `unites` it is a class.
  /// - Parameter decoder: the decoder.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    value = try container.decode(Int.self, forKey: .value)
    name = try container.decode(String.self, forKey: .name)
    term = try container.decodeIfPresent(String.self, forKey: .term)
    colour = try container.decodeIfPresent(String.self, forKey: .colour)
    description = try container.decodeIfPresent(String.self, forKey: .description)
    unites = try container.decodeIfPresent([Int].self, forKey: .unites) ?? []
  }

  /// Encodes the label; a class (no `unites`) is written without the key, as a manifest writes it.
  /// - Parameter encoder: the encoder.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(value, forKey: .value)
    try container.encode(name, forKey: .name)
    try container.encodeIfPresent(term, forKey: .term)
    try container.encodeIfPresent(colour, forKey: .colour)
    try container.encodeIfPresent(description, forKey: .description)
    if !unites.isEmpty { try container.encode(unites, forKey: .unites) }
  }

  /// Creates a label.
  /// - Parameters:
  ///   - value: the value.
  ///   - name: the class name.
  ///   - term: an ontology term.
  public init(value: Int, name: String, term: String? = nil) {
    self.value = value
    self.name = name
    self.term = term
  }
}

/// Annotations made one way, stored one way, over some images.
public struct AnnotationSet: Sendable, Hashable, Codable {
  /// Id.
  public var id: String
  /// Short name.
  public var name: String
  /// What was annotated and how.
  public var overview: String
  /// MIFA annotation types.
  public var types: [AnnotationType]
  /// How files encode annotations.
  public var encoding: AnnotationEncoding
  /// Instance or semantic.
  public var kind: AnnotationKind?
  /// Label table id.
  public var labelTable: String?
  /// Method in prose.
  public var method: String?
  /// Criteria.
  public var criteria: String?
  /// Coverage.
  public var coverage: String?
  /// Confidence in prose.
  public var confidenceLevel: String?
  /// Spatial information.
  public var spatialInformation: String?
  /// Set-wide transformation to image pixels.
  public var transformation: Transformation?
  /// Listed files.
  public var files: [AnnotationFile]
  /// Pairing rule.
  public var pairing: Pairing?
  /// Structured provenance.
  public var provenance: Provenance?
  /// This set's own version history (MIFA keys versions by annotation set).
  public var versions: [Version] = []
  /// For keypoints: the body parts, skeleton and individuals its points name.
  public var keypoints: KeypointSchema?

  /// Creates an annotation set with listed files.
  /// - Parameters:
  ///   - id: its id.
  ///   - name: its name.
  ///   - overview: what and how.
  ///   - types: MIFA types.
  ///   - encoding: the encoding.
  ///   - files: the files.
  public init(
    id: String, name: String, overview: String, types: [AnnotationType],
    encoding: AnnotationEncoding, files: [AnnotationFile]
  ) {
    self.id = id
    self.name = name
    self.overview = overview
    self.types = types
    self.encoding = encoding
    self.files = files
  }

  enum CodingKeys: String, CodingKey {
    case id, name, overview, types, encoding, kind
    case labelTable = "label_table"
    case method, criteria, coverage
    case confidenceLevel = "confidence_level"
    case spatialInformation = "spatial_information"
    case transformation, files, pairing, provenance, versions, keypoints
  }
}

/// One annotation file.
public struct AnnotationFile: Sendable, Hashable, Codable {
  /// Path relative to the dataset root.
  public var path: String
  /// Source image id.
  public var image: String?
  /// Source image ids, for a file that annotates several images (instead of ``image``).
  public var images: [String] = []
  /// The file format (the BIA's `FileReference.format`), for example `tiff`, `geojson`, `csv`; the
  /// packer writes the file's extension when it is absent.
  public var format: String?
  /// Checksum.
  public var checksum: String?
  /// When it was made.
  public var created: String?
  /// Per-file transformation.
  public var transformation: Transformation?
  /// This file's MIFA annotation types, when it holds only some of its set's (MIFA records types per
  /// file); empty means all of the set's.
  public var types: [AnnotationType] = []
  /// How this file's non-pixel annotations relate to pixels, when it differs from its set's.
  public var spatialInformation: String?

  enum CodingKeys: String, CodingKey {
    case path, image, images, format, checksum, created, transformation, types
    case spatialInformation = "spatial_information"
  }

  /// Creates an annotation file.
  /// - Parameters:
  ///   - path: its path.
  ///   - image: the source image id.
  public init(path: String, image: String?) {
    self.path = path
    self.image = image
  }

  /// Creates an annotation file that annotates several images.
  /// - Parameters:
  ///   - path: its path.
  ///   - images: the source image ids.
  public init(path: String, images: [String]) {
    self.path = path
    self.images = images
  }

  /// Every source image id: ``image``, or ``images``.
  public var sourceImages: [String] { image.map { [$0] } ?? images }
}

/// A pairing rule between annotation files and images.
public struct Pairing: Sendable, Hashable, Codable {
  /// Which BIA rule.
  public var indicator: SourceIndicator
  /// Annotation path pattern.
  public var annotations: String
  /// Image path pattern.
  public var images: String
  /// For `metadata_file`: the listing file.
  public var metadataFile: String?
  /// For `other`: the rule in prose.
  public var description: String?

  /// Creates a pairing.
  /// - Parameters:
  ///   - indicator: the BIA rule.
  ///   - annotations: the annotation path pattern.
  ///   - images: the image path pattern.
  public init(indicator: SourceIndicator, annotations: String, images: String) {
    self.indicator = indicator
    self.annotations = annotations
    self.images = images
  }

  enum CodingKeys: String, CodingKey {
    case indicator, annotations, images
    case metadataFile = "metadata_file"
    case description
  }
}
