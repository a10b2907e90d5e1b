// SPDX-License-Identifier: Apache-2.0

/// One part of a study imaged one way (REMBI study component, BIA `Dataset`): a study with two
/// imaging modalities is two of them, each with its own samples, preparations and acquisitions.
public struct StudyComponent: Sendable, Hashable, Codable {
  /// Id images refer to (`images[].component`).
  public var id: String
  /// Its title.
  public var title: String
  /// What it holds and how it differs from the study's other components.
  public var description: String
  /// Biosample ids.
  public var biosamples: [String]
  /// Specimen ids.
  public var specimens: [String]
  /// Image acquisition ids.
  public var acquisitions: [String]
  /// Image correlation ids.
  public var correlations: [String]
  /// Image analysis method ids.
  public var analysisMethods: [String]
  /// The id of an image that shows what the component is about.
  public var exemplarImage: String?

  /// Creates a component with no associations.
  /// - Parameters:
  ///   - id: its id.
  ///   - title: its title.
  ///   - description: what it holds.
  public init(id: String, title: String, description: String) {
    self.id = id
    self.title = title
    self.description = description
    biosamples = []
    specimens = []
    acquisitions = []
    correlations = []
    analysisMethods = []
  }

  enum CodingKeys: String, CodingKey {
    case id, title, description, biosamples, specimens, acquisitions, correlations
    case analysisMethods = "analysis_methods"
    case exemplarImage = "exemplar_image"
  }
}

/// How images were analysed (REMBI image analysis, BIA `ImageAnalysisMethod`).
public struct AnalysisMethod: Sendable, Hashable, Codable {
  /// Id study components refer to.
  public var id: String
  /// The protocol: what was done, with which software.
  public var description: String
  /// The features analysed, for example `nucleus area and count`.
  public var featuresAnalysed: String?

  /// Creates an analysis method.
  /// - Parameters:
  ///   - id: its id.
  ///   - description: the protocol.
  public init(id: String, description: String) {
    self.id = id
    self.description = description
  }

  enum CodingKeys: String, CodingKey {
    case id, description
    case featuresAnalysed = "features_analysed"
  }
}

/// How an image was made from other images (REMBI image processing, BIA `CreationProcess`): a
/// maximum projection, a registered stack, a stitched mosaic.
public struct Derivation: Sendable, Hashable, Codable {
  /// The input images' ids.
  public var images: [String]
  /// What was done to them, in prose (the manifest's `protocol`).
  public var protocolDescription: String

  /// Creates a derivation.
  /// - Parameters:
  ///   - images: the input images' ids.
  ///   - protocol: what was done to them.
  public init(images: [String], protocol: String) {
    self.images = images
    protocolDescription = `protocol`
  }

  enum CodingKeys: String, CodingKey {
    case images
    case protocolDescription = "protocol"
  }
}
