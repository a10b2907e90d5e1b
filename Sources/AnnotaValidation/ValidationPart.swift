// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
public import Foundation

/// What one shard of a sharded validation established: the facts of the files it read, with what
/// they depend on (the dataset, the shard count, the toolkit, the profiles, the read limits), so that
/// ``DatasetValidator/merge(_:width:)`` can run the dataset-level rules on all parts and write the
/// report one run would have written.
public struct ValidationPart: Sendable {
  /// The document's `format` value.
  public static let formatName = "annota-validation-part"
  /// The dataset as the shard was given it (merge reads it again from this path).
  public var dataset: String
  /// Which shard this is.
  public var shard: ValidationShard
  /// The toolkit that wrote it.
  public var toolkit: String
  /// The profiles checked besides `core`, sorted.
  public var profiles: [String]
  /// The toolkit, rules and read limits the facts depend on (merge must run under the same).
  public var scope: String
  /// The facts by path relative to the dataset.
  var facts: [String: FileFacts]

  /// Files this shard read.
  public var fileCount: Int { facts.count }

  init(dataset: String, shard: ValidationShard, profiles: Set<DatasetValidator.Profile>, facts: [String: FileFacts]) {
    self.dataset = dataset
    self.shard = shard
    toolkit = AnnotaToolkit.version
    self.profiles = profiles.map(\.rawValue).sorted()
    scope = FactsCache.scope()
    self.facts = facts
  }

  private struct Document: Codable {
    var format: String
    var toolkit: String
    var dataset: String
    var shard: Int
    var shards: Int
    var profiles: [String]
    var scope: String
    var files: [String: FileFacts]
  }

  /// The part as JSON (keys sorted, so one shard of one dataset always writes the same bytes).
  /// - Returns: the document.
  /// - Throws: an `EncodingError` (not expected: every fact encodes).
  public func encoded() throws -> Data {
    let encoder = FileFacts.jsonEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(
      Document(
        format: Self.formatName, toolkit: toolkit, dataset: dataset, shard: shard.index, shards: shard.count,
        profiles: profiles, scope: scope, files: facts))
  }

  /// The largest part read (a part of 50 000 files is about 22 MB).
  public static let maxBytes = 2 << 30

  /// Reads the part in a file written by ``encoded()``.
  /// - Parameter path: the file.
  /// - Throws: ``ValidationRunError`` with code `part` when it is missing, larger than ``maxBytes``
  ///   or not a part this toolkit reads.
  public init(contentsOf path: String) throws(ValidationRunError) {
    guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
      throw ValidationRunError(code: .part, message: "no such part file; check the path", path: path)
    }
    // Checked before reading: a part is read whole.
    guard size <= Self.maxBytes else {
      throw ValidationRunError(
        code: .part,
        message: "\(size) bytes, over the \(Self.maxBytes)-byte limit for a part: not a part Annota wrote",
        path: path)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ValidationRunError(code: .part, message: "cannot be read; check its permissions", path: path)
    }
    try self.init(decoding: data, path: path)
  }

  /// Reads a part written by ``encoded()``.
  /// - Parameters:
  ///   - data: the file's bytes.
  ///   - path: the file, for errors.
  /// - Throws: ``ValidationRunError`` with code `part` when it is not a part this toolkit reads.
  public init(decoding data: Data, path: String) throws(ValidationRunError) {
    let document: Document
    do { document = try FileFacts.jsonDecoder().decode(Document.self, from: data) } catch {
      throw ValidationRunError(
        code: .part,
        message:
          "not a validation part (write parts with `annota validate DATASET --shard I/N --format json -o part-I.json`)",
        path: path, cause: error)
    }
    guard document.format == Self.formatName else {
      throw ValidationRunError(code: .part, message: "not a validation part (format \(document.format))", path: path)
    }
    dataset = document.dataset
    shard = try ValidationShard(index: document.shard, count: document.shards)
    toolkit = document.toolkit
    profiles = document.profiles
    scope = document.scope
    facts = document.files
  }
}
