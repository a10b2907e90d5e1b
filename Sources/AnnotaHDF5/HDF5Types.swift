// SPDX-License-Identifier: Apache-2.0

/// The element type of a dataset or attribute, as Annota understands it.
public enum HDF5ElementType: Sendable, Hashable, CustomStringConvertible {
  /// An integer of `bits` bits.
  case integer(bits: Int, signed: Bool)
  /// An IEEE float of `bits` bits.
  case float(bits: Int)
  /// A string: fixed length (`length`) or variable (`nil`).
  case string(length: Int?)
  /// Anything else (compound, enum, array, opaque, reference…), by HDF5 class name.
  case other(String)

  /// numpy-style name: `uint16`, `int64`, `float32`, `string`, or the class name.
  public var description: String {
    switch self {
    case .integer(let bits, let signed): "\(signed ? "int" : "uint")\(bits)"
    case .float(let bits): "float\(bits)"
    case .string(let length): length.map { "string[\($0)]" } ?? "string"
    case .other(let name): name
    }
  }

  /// Whether elements are integers (label volumes must be).
  public var isInteger: Bool { if case .integer = self { true } else { false } }

  /// Bytes per element for numbers, `nil` otherwise.
  public var byteWidth: Int? {
    switch self {
    case .integer(let bits, _), .float(let bits): bits / 8
    default: nil
    }
  }
}

/// A compression or other filter on a chunked dataset.
public struct HDF5Filter: Sendable, Hashable {
  /// The registered filter id (1 deflate, 2 shuffle, 32000 LZF, 32001 Blosc, 32015 Zstd…).
  public var id: Int
  /// The name HDF5 stores for it, or a well-known name.
  public var name: String
  /// Whether this libhdf5 can decode it.
  ///
  /// The corresponding C function is `H5Zfilter_avail`.
  public var isAvailable: Bool

  /// Well-known names of plugin filters, for messages when the file gives none.
  static func knownName(_ id: Int) -> String? {
    [
      1: "deflate", 2: "shuffle", 3: "fletcher32", 4: "szip", 5: "nbit", 6: "scaleoffset", 307: "bzip2",
      32000: "lzf", 32001: "blosc", 32004: "lz4", 32008: "bitshuffle", 32013: "zfp", 32015: "zstd",
      32026: "blosc2",
    ][id]
  }
}

/// An attribute's value.
public enum HDF5AttributeValue: Sendable, Hashable {
  /// Integers (any width; 64-bit values kept exactly).
  case integers([Int64])
  /// Unsigned 64-bit integers above `Int64.max` are rare; they are kept as bit patterns here.
  case unsignedIntegers([UInt64])
  /// Floats.
  case numbers([Double])
  /// Strings (fixed or variable length; arrays of 1-character strings are joined into one).
  case strings([String])
  /// A type Annota does not read (compound, enum, reference…), by class name.
  case unsupported(String)

  /// The value as numbers, when it is numeric.
  public var doubles: [Double]? {
    switch self {
    case .integers(let values): values.map(Double.init)
    case .unsignedIntegers(let values): values.map(Double.init)
    case .numbers(let values): values
    default: nil
    }
  }

  /// The value as one string, when it is textual.
  public var string: String? {
    if case .strings(let values) = self { return values.joined() }
    return nil
  }
}

/// What a dataset is.
public struct HDF5DatasetInfo: Sendable, Hashable {
  /// The internal path, for example `/volumes/labels/neuron_ids`.
  public var path: String
  /// The shape, slowest axis first.
  public var shape: [Int]
  /// The element type.
  public var type: HDF5ElementType
  /// The chunk shape, if chunked.
  public var chunks: [Int]?
  /// The filters, in pipeline order.
  public var filters: [HDF5Filter]
  /// The attributes by name, in creation order.
  public var attributes: [String: HDF5AttributeValue]
  /// Whether the stored data is big-endian.
  public var isBigEndian: Bool

  /// Elements in the dataset.
  public var count: Int { shape.reduce(1, *) }
}

/// A group or dataset found while walking a file.
public struct HDF5Object: Sendable, Hashable {
  /// Group or dataset.
  public enum Kind: String, Sendable, Hashable {
    /// A group.
    case group
    /// A dataset.
    case dataset
  }

  /// The internal path.
  public var path: String
  /// The kind.
  public var kind: Kind
}
