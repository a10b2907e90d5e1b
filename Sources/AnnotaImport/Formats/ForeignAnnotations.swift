// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// Annotations read from an annotation tool's file, already in the spec's conventions (SPEC §5):
/// shapes as GeoJSON features in pixel coordinates with the origin at the top-left corner of the
/// top-left pixel, image-level classes as tags.
public struct ForeignAnnotations: Sendable {
  /// One image the file annotates.
  public struct AnnotatedImage: Sendable {
    /// The image's file name as the tool recorded it.
    public var name: String
    /// Its size in pixels, when recorded.
    public var width: Int?, height: Int?
    /// Shapes and points.
    public var features: [ShapeFeature]
    /// Image-level class labels.
    public var tags: [String]
    /// The ML split the source puts the image in (YOLO's `train`, `val`…), when it has splits.
    public var split: String?

    /// Creates an annotated image.
    /// - Parameters:
    ///   - name: the image's file name as the tool recorded it.
    ///   - width: its width in pixels, when recorded.
    ///   - height: its height in pixels, when recorded.
    ///   - features: shapes and points.
    ///   - tags: image-level class labels.
    public init(name: String, width: Int? = nil, height: Int? = nil, features: [ShapeFeature], tags: [String]) {
      self.name = name
      self.width = width
      self.height = height
      self.features = features
      self.tags = tags
    }
  }

  /// The tool format, for example `FormatID.pascalVOC`, `cvat`, `coco`, `cellCounter`, `labelMe`,
  /// `trackMate` (or `omeXML`, `geoJSON` for Annota's own readers).
  public var format: FormatID
  /// The source's coordinate convention, recorded in provenance (for example `voc-1-based-
  /// inclusive`).
  public var convention: String
  /// The annotated images, in file order.
  public var images: [AnnotatedImage]
  /// A label the file declares, with its colour where given.
  public struct Label: Sendable, Hashable {
    /// The label's name.
    public var name: String
    /// Its colour as the tool wrote it (`#rrggbb` usually), when given.
    public var colour: String?
    /// The pixel value the tool gives the class in its label images (nnU-Net), when it has one.
    public var value: Int?

    /// Creates a label.
    /// - Parameters:
    ///   - name: the name.
    ///   - colour: the colour, when given.
    ///   - value: its pixel value in the tool's label images, when it has one.
    public init(name: String, colour: String? = nil, value: Int? = nil) {
      self.name = name
      self.colour = colour
      self.value = value
    }
  }

  /// Label names in the order the file declares them, with colours where given.
  public var labels: [Label]
  /// Regions the file declares: unions of labels (nnU-Net's region-based training).
  public var regions: [Region] = []

  /// A region: the union of some of the file's labels; it marks no pixels of its own.
  public struct Region: Sendable, Hashable {
    /// The region's name.
    public var name: String
    /// The names of the labels it unites.
    public var unites: [String]

    /// Creates a region.
    /// - Parameters:
    ///   - name: its name.
    ///   - unites: the labels it unites, by name.
    public init(name: String, unites: [String]) {
      self.name = name
      self.unites = unites
    }
  }
  /// Things worth knowing (skipped shapes, padded RLE…).
  public var notes: [String]
  /// Whether each mask is one class's pixels of a semantic label image (nnU-Net), its pixel value
  /// in its `value` property, rather than one object: an import then writes a semantic label image
  /// with the classes' own values.
  public var masksAreClasses = false
  /// The body parts, skeleton and individuals of keypoint annotations (DeepLabCut, COCO keypoints).
  public var keypoints: KeypointSchema?
  /// What the file says made its annotations (Cellpose and its settings), for the provenance.
  public var producer: Producer?

  /// The software and model a tool's file records as having made its annotations.
  public struct Producer: Sendable, Hashable {
    /// The program, with its version and settings when recorded.
    public var software: Software
    /// The model it ran, when recorded.
    public var model: ModelReference?
    /// Where the annotations came from, when the file says (a model's, curated by hand…).
    public var origin: Origin?

    /// Creates a producer.
    /// - Parameters:
    ///   - software: the program.
    ///   - model: the model.
    ///   - origin: where the annotations came from.
    public init(software: Software, model: ModelReference? = nil, origin: Origin? = nil) {
      self.software = software
      self.model = model
      self.origin = origin
    }
  }

  /// Creates annotations in the spec's conventions.
  /// - Parameters:
  ///   - format: the source format.
  ///   - convention: the source's coordinate convention, for provenance.
  ///   - images: the annotated images, in file order.
  ///   - labels: label names in declared order, with colours where given.
  ///   - notes: things worth knowing.
  public init(
    format: FormatID, convention: String, images: [AnnotatedImage], labels: [Label], notes: [String]
  ) {
    self.format = format
    self.convention = convention
    self.images = images
    self.labels = labels
    self.notes = notes
  }

  /// Shape counts per kind over all images.
  public var shapeCounts: [String: Int] {
    var counts: [String: Int] = [:]
    for image in images { for feature in image.features { counts[feature.shape, default: 0] += 1 } }
    return counts
  }

  /// The MIFA annotation types the content amounts to.
  public var mifaTypes: [AnnotationType] {
    let kinds = Set(shapeCounts.keys)
    var types: [AnnotationType] = []
    if kinds.contains("box") { types.append(.boundingBoxes) }
    if !kinds.isDisjoint(with: ["polygon", "polyline", "line", "ellipse", "mask"]) {
      types.append(.geometricalAnnotations)
    }
    if !kinds.isDisjoint(with: ["point", "label"]) { types.append(.pointAnnotations) }
    if images.contains(where: { $0.features.contains { $0.properties.contains { $0.0 == "track" } } }) {
      types.append(.tracks)
    }
    if images.contains(where: { !$0.tags.isEmpty }) { types.append(.classLabels) }
    return types.isEmpty ? [.other] : types
  }
}
