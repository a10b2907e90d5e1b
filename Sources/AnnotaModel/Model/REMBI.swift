// SPDX-License-Identifier: Apache-2.0

/// What was imaged (REMBI Biosample).
public struct Biosample: Sendable, Hashable, Codable {
  /// Id images refer to.
  public var id: String
  /// The organism.
  public var organism: Organism
  /// What was imaged.
  public var biologicalEntity: String
  /// More about it.
  public var description: String?
  /// Intrinsic variables.
  public var intrinsicVariables: [String]
  /// Extrinsic variables.
  public var extrinsicVariables: [String]
  /// Experimental variables.
  public var experimentalVariables: [String]

  /// Creates a biosample.
  /// - Parameters:
  ///   - id: its id.
  ///   - organism: the organism.
  ///   - biologicalEntity: what was imaged.
  public init(id: String, organism: Organism, biologicalEntity: String) {
    self.id = id
    self.organism = organism
    self.biologicalEntity = biologicalEntity
    intrinsicVariables = []
    extrinsicVariables = []
    experimentalVariables = []
  }

  enum CodingKeys: String, CodingKey {
    case id, organism
    case biologicalEntity = "biological_entity"
    case description
    case intrinsicVariables = "intrinsic_variables"
    case extrinsicVariables = "extrinsic_variables"
    case experimentalVariables = "experimental_variables"
  }
}

/// A taxon.
public struct Organism: Sendable, Hashable, Codable {
  /// Scientific name.
  public var scientificName: String
  /// Common name.
  public var commonName: String?
  /// NCBI Taxonomy id: `NCBITaxon:9606`, the BIA's `NCBI:txid9606`, or the OBO IRI.
  public var ncbiTaxon: String?

  /// Creates an organism.
  /// - Parameter scientificName: the scientific name.
  public init(scientificName: String) { self.scientificName = scientificName }

  /// The taxon as the CURIE `NCBITaxon:<number>` whichever form was written, or `nil` without one.
  ///
  /// The BIA's ingest reads a Taxon's NCBI id from its `@id` when it starts `NCBITaxon:`.
  public var ncbiTaxonCURIE: String? {
    guard let taxon = ncbiTaxon else { return nil }
    for prefix in ["NCBITaxon:", "NCBI:txid", "http://purl.obolibrary.org/obo/NCBITaxon_"] where taxon.hasPrefix(prefix)
    {
      let number = taxon.dropFirst(prefix.count)
      guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      return "NCBITaxon:" + number
    }
    return nil
  }

  enum CodingKeys: String, CodingKey {
    case scientificName = "scientific_name"
    case commonName = "common_name"
    case ncbiTaxon = "ncbi_taxon"
  }
}

/// How a biosample was prepared (REMBI Specimen).
public struct Specimen: Sendable, Hashable, Codable {
  /// Id images refer to.
  public var id: String
  /// The biosample id.
  public var biosample: String?
  /// Preparation.
  public var preparation: String
  /// Growth protocol.
  public var growthProtocol: String?
  /// Channels.
  public var channels: [Channel]

  /// Creates a specimen.
  /// - Parameters:
  ///   - id: its id.
  ///   - preparation: how it was prepared.
  public init(id: String, preparation: String) {
    self.id = id
    self.preparation = preparation
    channels = []
  }

  enum CodingKeys: String, CodingKey {
    case id, biosample, preparation
    case growthProtocol = "growth_protocol"
    case channels
  }
}

/// What one channel shows.
public struct Channel: Sendable, Hashable, Codable {
  /// 0-based index.
  public var index: Int?
  /// What it shows.
  public var content: String
  /// How.
  public var contrastMechanism: String?
  /// The entity marked.
  public var biologicalEntity: String?

  /// Creates a channel.
  /// - Parameter content: what it shows.
  public init(content: String) { self.content = content }

  enum CodingKeys: String, CodingKey {
    case index, content
    case contrastMechanism = "contrast_mechanism"
    case biologicalEntity = "biological_entity"
  }
}

/// How images were acquired (REMBI Image Acquisition).
public struct ImageAcquisition: Sendable, Hashable, Codable {
  /// Id images refer to.
  public var id: String
  /// The imaging method.
  public var imagingMethod: ImagingMethod
  /// The instrument.
  public var instrument: String
  /// Acquisition parameters.
  public var parameters: String?

  /// Creates an acquisition.
  /// - Parameters:
  ///   - id: its id.
  ///   - imagingMethod: the method.
  ///   - instrument: the instrument.
  public init(id: String, imagingMethod: ImagingMethod, instrument: String) {
    self.id = id
    self.imagingMethod = imagingMethod
    self.instrument = instrument
  }

  enum CodingKeys: String, CodingKey {
    case id
    case imagingMethod = "imaging_method"
    case instrument, parameters
  }
}

/// An imaging method with its FBbi term.
public struct ImagingMethod: Sendable, Hashable, Codable {
  /// Name.
  public var name: String
  /// FBbi id.
  public var fbbi: String?

  /// Creates a method.
  /// - Parameters:
  ///   - name: the name.
  ///   - fbbi: the FBbi id.
  public init(name: String, fbbi: String? = nil) {
    self.name = name
    self.fbbi = fbbi
  }
}

/// How images relate (REMBI Image Correlation).
public struct ImageCorrelation: Sendable, Hashable, Codable {
  /// Id.
  public var id: String
  /// Spatial and temporal alignment.
  public var alignment: String
  /// Fiducials.
  public var fiducials: String?
  /// The transformation.
  public var transformation: Transformation?
  /// Related image ids.
  public var images: [String]

  /// Creates a correlation.
  /// - Parameters:
  ///   - id: its id.
  ///   - alignment: how images were aligned.
  public init(id: String, alignment: String) {
    self.id = id
    self.alignment = alignment
    images = []
  }
}

/// A transformation from annotation coordinates to image pixel coordinates: an affine matrix, a
/// description in prose (MIFA's `transformations` and the BIA's `transformationDescription` are
/// text), or both.
public struct Transformation: Sendable, Hashable, Codable {
  /// Row-major (n+1)×(n+1) matrix, n = 2 or 3, acting on column vectors; `nil` when only described.
  public var matrix: [[Double]]?
  /// What it does.
  public var description: String?

  /// Creates a transformation.
  /// - Parameters:
  ///   - matrix: the matrix.
  ///   - description: what it does.
  public init(matrix: [[Double]], description: String? = nil) {
    self.matrix = matrix
    self.description = description
  }

  /// Creates a transformation given in prose only.
  /// - Parameter description: what it does, e.g. `Rotation_angle = 37°`.
  public init(description: String) { self.description = description }

  /// Maps a 2-D point (pixel units) through a 3×3 matrix, or the x/y part of a 4×4 one at z = 0.
  /// - Parameters:
  ///   - x: the x coordinate.
  ///   - y: the y coordinate.
  /// - Returns: the transformed point; `nil` for a transformation given in prose only.
  public func apply(x: Double, y: Double) -> (x: Double, y: Double)? {
    guard let matrix else { return nil }
    let n = matrix.count
    let xy = [x, y] + Array(repeating: 0.0, count: max(0, n - 3)) + [1.0]
    func row(_ r: Int) -> Double { zip(matrix[r], xy).reduce(0) { $0 + $1.0 * $1.1 } }
    return (row(0), row(1))
  }
}
