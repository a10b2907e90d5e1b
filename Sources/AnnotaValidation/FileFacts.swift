// SPDX-License-Identifier: Apache-2.0
import AnnotaMetrics
import AnnotaModel
import Foundation

/// An instance value in several connected parts: a pixel of its second part, and its plane in
/// volumes and stacks.
struct SplitInstance: Sendable, Codable {
  var value: Int
  var parts: Int
  var x: Int, y: Int
  /// (z, c, t) of the pixel; `nil` for a single plane.
  var plane: (z: Int, c: Int, t: Int)?
  /// Whether parts were joined across Z (6-connectivity) rather than within one plane.
  var volume = false
}

/// What one read of a file established.
///
/// Compact on purpose: one is kept per file.
struct FileFacts: Sendable, Codable {
  /// The file's size in bytes.
  var size = 0
  /// SHA-256 of exactly the bytes decoded, or `nil` when the file could not be read.
  var sha256: String?
  /// Why the file could not be read or decoded, if it could not.
  var failure: String? {
    get { rare.first?.failure }
    set { setRare(\.failure, newValue) }
  }
  /// Why a decode could not be attempted (an unsupported layout): "could not check", never "passed".
  var unsupported: String? {
    get { rare.first?.unsupported }
    set { setRare(\.unsupported, newValue) }
  }
  /// X, Y, Z of the first image, and its physical pixel sizes (µm) where recorded.
  var shape: [Int]?
  var pixelSize: [Double?] {
    get { pixelSizeStorage.isEmpty ? [nil, nil, nil] : pixelSizeStorage }
    set { pixelSizeStorage = newValue.allSatisfy { $0 == nil } ? [] : newValue }
  }
  /// The format the content shows (`ContentSniffer`), `ome-tiff` for a TIFF with OME-XML.
  var format: FormatID?
  /// The sample type of the first image.
  var dtype: String?
  /// Whether the file held integer labels that were counted (label images only).
  var isLabelImage = false
  /// Non-background values (label images only).
  var labelCount = 0
  /// Non-background pixels (label images only).
  var foregroundPixels = 0
  /// Label values with their pixel counts, where the role asked to keep them.
  var labels: [Int128: Int]?
  /// Background (0) pixels (label images only).
  var backgroundPixels = 0
  /// Pages of the label image.
  var planeCount = 0
  /// Instance values made of several connected parts: the first ``listedSplits`` of them.
  var splitInstances: [SplitInstance] = []
  /// How many instance values are split in all (listed or not).
  var splitInstanceCount = 0
  /// Split instances listed one by one per file; the rest are counted ("… and N more").
  static let listedSplits = 20
  /// Why connectivity could not be checked, if it could not.
  var connectivityUnchecked: String? {
    get { rare.first?.connectivityUnchecked }
    set { setRare(\.connectivityUnchecked, newValue) }
  }
  /// Channels and time points of the first image (1 when absent).
  var sizeC = 1, sizeT = 1
  /// Samples per pixel of the first image (3 for RGB; 1 when absent).
  var samples = 1
  /// Whether the pages' axis (`Z`) was guessed: a plain multi-page TIFF.
  var pagesAxisGuessed = false

  /// Whether the pages of a plain multi-page TIFF are `image`'s channels: it declares as many
  /// channels as there are pages and one Z plane, and the file does not say otherwise.
  func pagesAreChannels(of image: Image) -> Bool {
    guard pagesAxisGuessed, let pages = shape?[2], pages > 1, let declared = image.dimensions else { return false }
    return declared.c == pages && (declared.z ?? 1) == 1
  }

  /// Reads the guessed Z pages as channels instead (one plane).
  mutating func readPagesAsChannels() {
    guard let pages = shape?[2] else { return }
    sizeC = pages
    shape?[2] = 1
    pagesAxisGuessed = false
  }
  /// Findings of the checks made while reading (the shape rules), and checks that could not run.
  var findings: [Diagnostic] = []
  var unchecked: [ValidationReport.Unchecked] = []
  /// Shapes per label (GeoJSON files), or instances per label (instance tables).
  var labelCounts: [String: Int] = [:]
  /// The first plane's intensity, noise and focus (images, when the `ml` profile asks).
  var imageStatistics: ImageStatistics? {
    get { rare.first?.imageStatistics }
    set { setRare(\.imageStatistics, newValue) }
  }

  // One fact is kept per file, so what most files lack is stored apart: no pixel size is an empty
  // array (no allocation), and the rarely set fields live in a one-element array that exists only
  // once one of them is set (an empty array is a null pointer inline).
  private var pixelSizeStorage: [Double?] = []
  private struct Rare {
    var failure: String?
    var unsupported: String?
    var connectivityUnchecked: String?
    var imageStatistics: ImageStatistics?
  }
  private var rare: [Rare] = []

  private mutating func setRare<Value>(_ field: WritableKeyPath<Rare, Value?>, _ value: Value?) {
    if rare.isEmpty {
      guard value != nil else { return }
      rare = [Rare()]
    }
    rare[0][keyPath: field] = value
  }
}

// Facts travel in shard parts and the facts cache as JSON: the plane as an array, label values
// (which may exceed 64 bits) as decimal strings in ascending order.
extension SplitInstance {
  private enum CodingKeys: String, CodingKey { case value, parts, x, y, plane, volume }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    value = try container.decode(Int.self, forKey: .value)
    parts = try container.decode(Int.self, forKey: .parts)
    x = try container.decode(Int.self, forKey: .x)
    y = try container.decode(Int.self, forKey: .y)
    volume = try container.decode(Bool.self, forKey: .volume)
    if let plane = try container.decodeIfPresent([Int].self, forKey: .plane) {
      guard plane.count == 3 else {
        throw DecodingError.dataCorruptedError(forKey: .plane, in: container, debugDescription: "not (z, c, t)")
      }
      self.plane = (plane[0], plane[1], plane[2])
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(value, forKey: .value)
    try container.encode(parts, forKey: .parts)
    try container.encode(x, forKey: .x)
    try container.encode(y, forKey: .y)
    try container.encode(volume, forKey: .volume)
    try container.encodeIfPresent(plane.map { [$0.z, $0.c, $0.t] }, forKey: .plane)
  }
}

extension FileFacts {
  private enum CodingKeys: String, CodingKey {
    case size, sha256, failure, unsupported, shape, pixelSize, format, dtype, isLabelImage, labelCount
    case foregroundPixels, labelValues, labelPixels, backgroundPixels, planeCount, splitInstances
    case splitInstanceCount, connectivityUnchecked, sizeC, sizeT, samples, pagesAxisGuessed, findings
    case unchecked, labelCounts, imageStatistics
  }

  // Fields at their defaults are left out (most files have no findings, splits or counts): a
  // warm cache decodes thousands of entries, and every key costs.
  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    func value<T: Decodable>(_ key: CodingKeys, or fallback: T) throws -> T {
      try container.decodeIfPresent(T.self, forKey: key) ?? fallback
    }
    size = try container.decode(Int.self, forKey: .size)
    sha256 = try container.decodeIfPresent(String.self, forKey: .sha256)
    failure = try container.decodeIfPresent(String.self, forKey: .failure)
    unsupported = try container.decodeIfPresent(String.self, forKey: .unsupported)
    shape = try container.decodeIfPresent([Int].self, forKey: .shape)
    pixelSize = try value(.pixelSize, or: [nil, nil, nil])
    format = try container.decodeIfPresent(FormatID.self, forKey: .format)
    dtype = try container.decodeIfPresent(String.self, forKey: .dtype)
    isLabelImage = try value(.isLabelImage, or: false)
    labelCount = try value(.labelCount, or: 0)
    foregroundPixels = try value(.foregroundPixels, or: 0)
    if let values = try container.decodeIfPresent([String].self, forKey: .labelValues) {
      let pixels = try container.decode([Int].self, forKey: .labelPixels)
      guard pixels.count == values.count else {
        throw DecodingError.dataCorruptedError(
          forKey: .labelPixels, in: container, debugDescription: "one pixel count per label value")
      }
      var labels: [Int128: Int] = [:]
      for (text, count) in zip(values, pixels) {
        guard let value = Int128(text) else {
          throw DecodingError.dataCorruptedError(
            forKey: .labelValues, in: container, debugDescription: "\(text) is not an integer")
        }
        labels[value] = count
      }
      self.labels = labels
    }
    backgroundPixels = try value(.backgroundPixels, or: 0)
    planeCount = try value(.planeCount, or: 0)
    splitInstances = try value(.splitInstances, or: [])
    splitInstanceCount = try value(.splitInstanceCount, or: 0)
    connectivityUnchecked = try container.decodeIfPresent(String.self, forKey: .connectivityUnchecked)
    sizeC = try value(.sizeC, or: 1)
    sizeT = try value(.sizeT, or: 1)
    samples = try value(.samples, or: 1)
    pagesAxisGuessed = try value(.pagesAxisGuessed, or: false)
    findings = try value(.findings, or: [])
    unchecked = try value(.unchecked, or: [])
    labelCounts = try value(.labelCounts, or: [:])
    imageStatistics = try container.decodeIfPresent(ImageStatistics.self, forKey: .imageStatistics)
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    func put<T: Encodable & Equatable>(_ value: T, _ key: CodingKeys, unless fallback: T) throws {
      if value != fallback { try container.encode(value, forKey: key) }
    }
    try container.encode(size, forKey: .size)
    try container.encodeIfPresent(sha256, forKey: .sha256)
    try container.encodeIfPresent(failure, forKey: .failure)
    try container.encodeIfPresent(unsupported, forKey: .unsupported)
    try container.encodeIfPresent(shape, forKey: .shape)
    try put(pixelSize, .pixelSize, unless: [nil, nil, nil])
    try container.encodeIfPresent(format, forKey: .format)
    try container.encodeIfPresent(dtype, forKey: .dtype)
    try put(isLabelImage, .isLabelImage, unless: false)
    try put(labelCount, .labelCount, unless: 0)
    try put(foregroundPixels, .foregroundPixels, unless: 0)
    if let labels {
      let values = labels.keys.sorted()
      try container.encode(values.map { String($0) }, forKey: .labelValues)
      try container.encode(values.map { labels[$0]! }, forKey: .labelPixels)
    }
    try put(backgroundPixels, .backgroundPixels, unless: 0)
    try put(planeCount, .planeCount, unless: 0)
    if !splitInstances.isEmpty { try container.encode(splitInstances, forKey: .splitInstances) }
    try put(splitInstanceCount, .splitInstanceCount, unless: 0)
    try container.encodeIfPresent(connectivityUnchecked, forKey: .connectivityUnchecked)
    try put(sizeC, .sizeC, unless: 1)
    try put(sizeT, .sizeT, unless: 1)
    try put(samples, .samples, unless: 1)
    try put(pagesAxisGuessed, .pagesAxisGuessed, unless: false)
    try put(findings, .findings, unless: [])
    try put(unchecked, .unchecked, unless: [])
    try put(labelCounts, .labelCounts, unless: [:])
    try container.encodeIfPresent(imageStatistics, forKey: .imageStatistics)
  }
}

extension FileFacts {
  /// A JSON encoder for facts (in parts and cache entries): JSON has no infinite or NaN numbers, and
  /// image statistics can be either, so they travel as strings.
  static func jsonEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  /// The decoder for what ``jsonEncoder()`` writes.
  static func jsonDecoder() -> JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }
}
