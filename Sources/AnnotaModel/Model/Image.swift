// SPDX-License-Identifier: Apache-2.0

/// A source image file.
public struct Image: Sendable, Hashable, Codable {
  /// Id annotations refer to.
  public var id: String
  /// Path relative to the dataset root.
  public var path: String
  /// File format, for example `tiff`, `ome-tiff`.
  public var format: String?
  /// `sha256:<hex>`.
  public var checksum: String?
  /// Size in bytes.
  public var sizeBytes: Int?
  /// Pixels per axis.
  public var dimensions: Dimensions?
  /// Pixel size.
  public var physicalSize: PhysicalSize?
  /// Split name.
  public var split: String?
  /// Biosample id.
  public var biosample: String?
  /// Specimen id.
  public var specimen: String?
  /// Acquisition id.
  public var acquisition: String?
  /// The study component's id.
  public var component: String?
  /// How it was made from other images, if it was.
  public var derivedFrom: Derivation?

  /// Creates an image.
  /// - Parameters:
  ///   - id: its id.
  ///   - path: its path relative to the dataset root.
  public init(id: String, path: String) {
    self.id = id
    self.path = path
  }

  enum CodingKeys: String, CodingKey {
    case id, path, format, checksum
    case sizeBytes = "size_bytes"
    case dimensions
    case physicalSize = "physical_size"
    case split, biosample, specimen, acquisition, component
    case derivedFrom = "derived_from"
  }
}

/// Pixels per axis; absent axes have size 1.
public struct Dimensions: Sendable, Hashable, Codable {
  /// Width.
  public var x: Int
  /// Height.
  public var y: Int
  /// Z planes.
  public var z: Int?
  /// Channels.
  public var c: Int?
  /// Time points.
  public var t: Int?

  /// Creates dimensions.
  /// - Parameters:
  ///   - x: width.
  ///   - y: height.
  ///   - z: Z planes.
  ///   - c: channels.
  ///   - t: time points.
  public init(x: Int, y: Int, z: Int? = nil, c: Int? = nil, t: Int? = nil) {
    self.x = x
    self.y = y
    self.z = z
    self.c = c
    self.t = t
  }
}

/// The physical size of one pixel (voxel).
public struct PhysicalSize: Sendable, Hashable, Codable {
  /// Pixel width.
  public var x: Double
  /// Pixel height.
  public var y: Double
  /// Voxel depth.
  public var z: Double?
  /// `nm`, `um`, `mm` or `m`.
  public var unit: String

  /// Creates a pixel size.
  /// - Parameters:
  ///   - x: width.
  ///   - y: height.
  ///   - z: depth.
  ///   - unit: the unit.
  public init(x: Double, y: Double, z: Double? = nil, unit: String) {
    self.x = x
    self.y = y
    self.z = z
    self.unit = unit
  }
}
