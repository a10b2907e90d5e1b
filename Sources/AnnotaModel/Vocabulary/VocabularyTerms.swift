// SPDX-License-Identifier: Apache-2.0

/// A value of one of the standard's vocabularies, as a RawRepresentable string wrapper: it decodes
/// any string (the manifest checker has already enforced the closed list) and can grow.
public protocol VocabularyTerm: RawRepresentable, Hashable, Sendable, Codable,
  CustomStringConvertible
where RawValue == String {
  /// The vocabulary the values come from.
  static var vocabulary: Vocabulary { get }
  /// Creates a value from its text.
  init(rawValue: String)
}

extension VocabularyTerm {
  /// The value's text.
  public var description: String { rawValue }
  /// Decodes the value from a single string.
  /// - Parameter decoder: the decoder.
  public init(from decoder: any Decoder) throws {
    self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
  }
  /// Encodes the value as a single string.
  /// - Parameter encoder: the encoder.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
  /// Whether the value is one of the vocabulary's defined values.
  public var isDefined: Bool { Self.vocabulary.values.contains(rawValue) }
}

/// A MIFA annotation type (the 11 values of MIFA `AnnotationType` / BIA `AnnotationMethodType`).
public struct AnnotationType: VocabularyTerm {
  /// The type's text.
  public var rawValue: String
  /// Creates a type from its text.
  /// - Parameter rawValue: e.g. `segmentation_mask`.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The MIFA vocabulary.
  public static var vocabulary: Vocabulary { Vocabularies.annotationType }
  /// Tags for features or classes.
  public static var classLabels: Self { Self(rawValue: "class_labels") }
  /// Rectangles enclosing a structure.
  public static var boundingBoxes: Self { Self(rawValue: "bounding_boxes") }
  /// Numbers of objects.
  public static var counts: Self { Self(rawValue: "counts") }
  /// Values derived from images.
  public static var derivedAnnotations: Self { Self(rawValue: "derived_annotations") }
  /// Polygons and other primitives.
  public static var geometricalAnnotations: Self { Self(rawValue: "geometrical_annotations") }
  /// Skeletons and connectivity.
  public static var graphs: Self { Self(rawValue: "graphs") }
  /// Centroids or landmarks.
  public static var pointAnnotations: Self { Self(rawValue: "point_annotations") }
  /// Label images.
  public static var segmentationMask: Self { Self(rawValue: "segmentation_mask") }
  /// Trajectories.
  public static var tracks: Self { Self(rawValue: "tracks") }
  /// Rough annotations.
  public static var weakAnnotations: Self { Self(rawValue: "weak_annotations") }
  /// Anything else.
  public static var other: Self { Self(rawValue: "other") }
}

/// How an annotation set's files encode annotations.
public struct AnnotationEncoding: VocabularyTerm {
  /// The encoding's text.
  public var rawValue: String
  /// Creates an encoding from its text.
  /// - Parameter rawValue: e.g. `label_image`.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The encoding vocabulary.
  public static var vocabulary: Vocabulary { Vocabularies.encoding }
  /// Integer label images.
  public static var labelImage: Self { Self(rawValue: "label_image") }
  /// GeoJSON shapes and points.
  public static var geojson: Self { Self(rawValue: "geojson") }
  /// GeoJSON tracks with an edge list.
  public static var tracks: Self { Self(rawValue: "tracks") }
  /// A TSV of image-level labels.
  public static var classTable: Self { Self(rawValue: "class_table") }
  /// Another encoding.
  public static var other: Self { Self(rawValue: "other") }
}

/// Instance or semantic labels.
public struct AnnotationKind: VocabularyTerm {
  /// The kind's text.
  public var rawValue: String
  /// Creates a kind from its text.
  /// - Parameter rawValue: `instance` or `semantic`.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The kind vocabulary.
  public static var vocabulary: Vocabulary { Vocabularies.annotationKind }
  /// One id per object.
  public static var instance: Self { Self(rawValue: "instance") }
  /// One value per class.
  public static var semantic: Self { Self(rawValue: "semantic") }
}

/// Where annotations came from.
public struct Origin: VocabularyTerm {
  /// The origin's text.
  public var rawValue: String
  /// Creates an origin from its text.
  /// - Parameter rawValue: e.g. `manual`.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The origin vocabulary.
  public static var vocabulary: Vocabulary { Vocabularies.origin }
  /// Drawn by people.
  public static var manual: Self { Self(rawValue: "manual") }
  /// People guided a tool.
  public static var semiAutomatic: Self { Self(rawValue: "semi_automatic") }
  /// Predicted by a model.
  public static var model: Self { Self(rawValue: "model") }
  /// Predicted, then corrected by people.
  public static var modelThenCurated: Self { Self(rawValue: "model_then_curated") }
  /// Not recorded by the source.
  public static var unknown: Self { Self(rawValue: "unknown") }
}

/// How experienced an annotator is.
public struct Expertise: VocabularyTerm {
  /// The level's text.
  public var rawValue: String
  /// Creates a level from its text.
  /// - Parameter rawValue: e.g. `expert`.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The expertise vocabulary.
  public static var vocabulary: Vocabulary { Vocabularies.expertise }
  /// A domain expert.
  public static var expert: Self { Self(rawValue: "expert") }
  /// Trained for the task.
  public static var trained: Self { Self(rawValue: "trained") }
  /// Little training.
  public static var novice: Self { Self(rawValue: "novice") }
  /// Crowd-sourced.
  public static var crowd: Self { Self(rawValue: "crowd") }
}

/// How annotation files are paired with images (BIA `annotationSourceIndicator`).
public struct SourceIndicator: VocabularyTerm {
  /// The indicator's text.
  public var rawValue: String
  /// Creates an indicator from its text.
  /// - Parameter rawValue: e.g. `file_name_pattern`.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The indicator vocabulary.
  public static var vocabulary: Vocabulary { Vocabularies.sourceIndicator }
  /// A metadata file lists the pairs.
  public static var metadataFile: Self { Self(rawValue: "metadata_file") }
  /// Same file name, other folder.
  public static var fileNameExactMatch: Self { Self(rawValue: "file_name_exact_match") }
  /// File names follow a pattern.
  public static var fileNamePattern: Self { Self(rawValue: "file_name_pattern") }
  /// Grouped by parent folder.
  public static var filePath: Self { Self(rawValue: "file_path") }
  /// Another rule.
  public static var other: Self { Self(rawValue: "other") }
}
