// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

extension DatasetValidator {
  /// Reads one shard's share of the dataset's files (see ``ValidationShard``) and returns their facts.
  ///
  /// Nothing is judged until ``merge(_:width:)`` joins every shard's part.
  /// - Parameters:
  ///   - root: the dataset folder (every shard and the merge must see the same folder at this path).
  ///   - profiles: profiles to check besides `core` (the merge checks the same).
  ///   - shard: which share.
  ///   - width: files read at once (0: the number of cores).
  ///   - cache: facts of files read before.
  ///   - progress: called after each file (serially).
  /// - Returns: the part, to be written with ``ValidationPart/encoded()``.
  public static func part(
    _ root: String, profiles: Set<Profile> = [], shard: ValidationShard, width: Int = 0, cache: FactsCache? = nil,
    progress: (@Sendable (ValidationProgress) -> Void)? = nil
  ) async -> ValidationPart {
    let run = await run(
      root, profiles: profiles, width: width, measuring: false,
      source: .shard(shard, FileReadPass.Options(cache: cache)), progress: progress)
    return ValidationPart(dataset: root, shard: shard, profiles: profiles, facts: run.facts)
  }

  /// Joins every shard's part into the report a single run of the same toolkit would have written.
  ///
  /// The dataset-level rules (references, splits, leakage, class balance, profiles) run on the facts
  /// the parts carry. GeoJSON shape files, which need their images' sizes, and files the manifest
  /// does not list are read here.
  /// - Parameters:
  ///   - parts: each shard's part with the file it came from, in any order.
  ///   - width: files read at once (0: the number of cores).
  /// - Returns: the report.
  /// - Throws: ``ValidationRunError``: a shard missing or given twice (`missingPart`, `mismatch`),
  ///   parts of different datasets, shard counts, versions, profiles or limits, or files of the
  ///   dataset the parts do not cover (`mismatch`: the dataset changed after the shards ran).
  public static func merge(_ parts: [(path: String, part: ValidationPart)], width: Int = 0)
    async throws(ValidationRunError) -> ValidationReport
  {
    guard let (firstPath, first) = parts.first else {
      throw ValidationRunError(code: .missingPart, message: "no parts given", path: ".")
    }
    var byIndex: [Int: String] = [:]
    for (path, part) in parts {
      let differences = [
        ("dataset", part.dataset, first.dataset), ("shard count", "\(part.shard.count)", "\(first.shard.count)"),
        ("Annota version", part.toolkit, first.toolkit),
        ("profiles", part.profiles.joined(separator: ","), first.profiles.joined(separator: ",")),
        ("read limits", part.scope, first.scope),
      ].filter { $0.1 != $0.2 }
      if let (what, value, expected) = differences.first {
        throw ValidationRunError(
          code: .mismatch,
          message:
            "\(what): \(value) here, \(expected) in \(firstPath); every shard of one run has the same",
          path: path)
      }
      if let other = byIndex.updateValue(path, forKey: part.shard.index) {
        throw ValidationRunError(
          code: .mismatch, message: "shard \(part.shard) is also in \(other); give each shard's part once", path: path)
      }
    }
    let missing = (0..<first.shard.count).filter { byIndex[$0] == nil }
    if let index = missing.first {
      let more =
        missing.count > 1
        ? " (and \(missing.count - 1) more shard(s): \(missing.dropFirst().prefix(8).map(String.init).joined(separator: ", ")))"
        : ""
      throw ValidationRunError(
        code: .missingPart,
        message:
          "shard \(index)/\(first.shard.count) is missing\(more); run `annota validate \(first.dataset) --shard \(index)/\(first.shard.count) --format json -o part-\(index).json`",
        path: first.dataset)
    }
    guard FactsCache.scope() == first.scope else {
      throw ValidationRunError(
        code: .mismatch,
        message:
          "the parts were read by another Annota version or with other read limits than this merge's; merge with the same",
        path: firstPath)
    }
    var facts: [String: FileFacts] = [:]
    for (_, part) in parts { facts.merge(part.facts) { first, _ in first } }
    let run = await run(
      first.dataset, profiles: Set(first.profiles.compactMap(Profile.init(rawValue:))), width: width,
      measuring: false, source: .provided(facts), progress: nil)
    if let path = run.uncovered.first {
      throw ValidationRunError(
        code: .mismatch,
        message:
          "\(run.uncovered.count) file(s) of the dataset are not in the parts, or are in them but no longer in the dataset (\(path) the first): the dataset changed after the shards ran; run them again",
        path: first.dataset)
    }
    return run.report
  }
}
