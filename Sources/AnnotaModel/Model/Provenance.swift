// SPDX-License-Identifier: Apache-2.0

/// Where annotations came from, as data.
public struct Provenance: Sendable, Hashable, Codable {
  /// Manual, semi-automatic, model, model then curated.
  public var origin: Origin
  /// The annotators.
  public var annotators: [Annotator]
  /// The software used.
  public var software: [Software]
  /// The predicting model.
  public var model: ModelReference?
  /// When made.
  public var created: String?
  /// Effort, ISO 8601 duration.
  public var timeSpent: String?
  /// Review protocol.
  public var review: Review?
  /// Inter-annotator agreement.
  public var agreement: [Agreement]
  /// Confidence 0…1.
  public var confidence: Double?
  /// Conversion record.
  public var conversion: Conversion?

  /// Creates provenance.
  /// - Parameter origin: where the annotations came from.
  public init(origin: Origin) {
    self.origin = origin
    annotators = []
    software = []
    agreement = []
  }

  enum CodingKeys: String, CodingKey {
    case origin, annotators, software, model, created
    case timeSpent = "time_spent"
    case review, agreement, confidence, conversion
  }
}

/// A person who annotated.
public struct Annotator: Sendable, Hashable, Codable {
  /// Name.
  public var name: String
  /// Given name(s) (MIFA's `author_first_name`).
  public var givenName: String?
  /// Family name(s) (MIFA's `author_last_name`).
  public var familyName: String?
  /// ORCID iD.
  public var orcid: String?
  /// Expertise.
  public var expertise: Expertise?
  /// Years of experience.
  public var years: Double?

  /// Creates an annotator.
  /// - Parameter name: the name.
  public init(name: String) { self.name = name }

  enum CodingKeys: String, CodingKey {
    case name
    case givenName = "given_name"
    case familyName = "family_name"
    case orcid, expertise, years
  }
}

/// Software and its version.
public struct Software: Sendable, Hashable, Codable {
  /// Name.
  public var name: String
  /// Version.
  public var version: String?
  /// Where published.
  public var uri: String?
  /// Relevant settings.
  public var parameters: String?

  /// Creates a software record.
  /// - Parameters:
  ///   - name: the name.
  ///   - version: the version.
  public init(name: String, version: String? = nil) {
    self.name = name
    self.version = version
  }
}

/// A trained model.
public struct ModelReference: Sendable, Hashable, Codable {
  /// Id (model zoo id, DOI, URI).
  public var id: String
  /// Name.
  public var name: String?
  /// Version.
  public var version: String?
  /// Where published.
  public var uri: String?

  /// Creates a model reference.
  /// - Parameter id: the model's id.
  public init(id: String) { self.id = id }
}

/// A review or consensus protocol.
public struct Review: Sendable, Hashable, Codable {
  /// The protocol.
  public var `protocol`: String
  /// Number of reviewers.
  public var reviewers: Int?

  /// Creates a review record.
  /// - Parameter protocol: the protocol.
  public init(protocol: String) { self.protocol = `protocol` }
}

/// A measured agreement between annotators.
public struct Agreement: Sendable, Hashable, Codable {
  /// Metric.
  public var metric: String
  /// Mean value.
  public var value: Double
  /// Standard deviation.
  public var sd: Double?
  /// Images measured on.
  public var images: Int?
  /// Annotators compared.
  public var annotators: Int?
  /// How it was measured: matching, aggregation, software.
  public var method: String?
  /// The matching threshold the metric is read at.
  public var threshold: Double?

  /// Creates an agreement record.
  /// - Parameters:
  ///   - metric: the metric.
  ///   - value: the mean value.
  public init(metric: String, value: Double) {
    self.metric = metric
    self.value = value
  }
}

/// Where a converted file came from.
public struct Conversion: Sendable, Hashable, Codable {
  /// Original path.
  public var sourcePath: String
  /// Original format.
  public var sourceFormat: String
  /// Original SHA-256.
  public var sourceSHA256: String
  /// Converter.
  public var converter: String
  /// Converter version.
  public var converterVersion: String
  /// Source coordinate convention.
  public var convention: String?

  /// Creates a conversion record.
  /// - Parameters:
  ///   - sourcePath: the original path.
  ///   - sourceFormat: the original format.
  ///   - sourceSHA256: the original SHA-256.
  ///   - converter: the converter.
  ///   - converterVersion: its version.
  public init(
    sourcePath: String, sourceFormat: String, sourceSHA256: String, converter: String,
    converterVersion: String
  ) {
    self.sourcePath = sourcePath
    self.sourceFormat = sourceFormat
    self.sourceSHA256 = sourceSHA256
    self.converter = converter
    self.converterVersion = converterVersion
  }

  enum CodingKeys: String, CodingKey {
    case sourcePath = "source_path"
    case sourceFormat = "source_format"
    case sourceSHA256 = "source_sha256"
    case converter
    case converterVersion = "converter_version"
    case convention
  }
}

/// A named ML split.
public struct Split: Sendable, Hashable, Codable {
  /// The name images use.
  public var name: String
  /// How it was made.
  public var description: String?

  /// Creates a split.
  /// - Parameter name: the name.
  public init(name: String) { self.name = name }
}

/// One dataset version (MIFA Version).
public struct Version: Sendable, Hashable, Codable {
  /// The version.
  public var version: String
  /// When made, RFC 3339.
  public var timestamp: String
  /// What changed.
  public var changes: String?
  /// The previous version.
  public var previousVersion: String?

  /// Creates a version record.
  /// - Parameters:
  ///   - version: the version.
  ///   - timestamp: when it was made.
  public init(version: String, timestamp: String) {
    self.version = version
    self.timestamp = timestamp
  }

  enum CodingKeys: String, CodingKey {
    case version, timestamp, changes
    case previousVersion = "previous_version"
  }
}

/// An AI model trained on the dataset.
public struct AIModel: Sendable, Hashable, Codable {
  /// URI, CURIE or model zoo id.
  public var id: String
  /// Name.
  public var name: String?
  /// What it does.
  public var description: String?

  /// Creates an AI model record.
  /// - Parameter id: the model's id.
  public init(id: String) { self.id = id }
}
