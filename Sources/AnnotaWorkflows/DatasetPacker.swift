// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
public import AnnotaModel
public import AnnotaPackaging
import AnnotaScan
public import AnnotaValidation
import Foundation

/// `annota pack` as a library call: validate the dataset, then write it as a bag or a BIA RO-Crate
/// (optionally zipped), verified before success.
///
/// A program that packs through this writes the same bytes as the CLI, `bag-info.txt` included.
public enum DatasetPacker {
  /// What to write.
  public enum Target: String, Sendable, CaseIterable {
    /// A BagIt 1.0 bag of the dataset.
    case bagit
    /// A BioImage Archive RO-Crate folder (optionally inside a bag).
    case bia
  }

  /// How to pack.
  public struct Options: Sendable {
    /// The bundle to write.
    public var target: Target
    /// The bag's manifests' algorithms.
    public var algorithms: Set<FixityAlgorithm>
    /// With ``Target/bia``: wrap the crate in a bag.
    public var bag: Bool
    /// Write one zip file instead of a folder.
    public var zip: Bool
    /// Pack even when validation finds errors (the bag records it).
    public var force: Bool
    /// Files read, copied and hashed at once.
    public var width: Int
    /// How the bundle written is checked (`--reread`: read back from the disk).
    public var check: WrittenCheck
    /// Facts of files validated before (`--cache`): a file with the same bytes is hashed and copied
    /// but not decoded again.
    public var cache: FactsCache?

    /// Options for a target; the rest as `annota pack` defaults them.
    /// - Parameter target: what to write.
    public init(target: Target) {
      self.target = target
      algorithms = [.sha512, .sha256]
      bag = false
      zip = false
      force = false
      width = BoundedParallel.defaultWidth
      check = .recorded
      cache = nil
    }
  }

  /// What packing did.
  public enum Outcome: Sendable {
    /// The bundle was written and verified.
    case written(Written)
    /// Nothing was written: validation found what `reason` says (the report has the findings).
    case refused(report: ValidationReport, reason: String)
  }

  /// A bundle written and verified.
  public struct Written: Sendable {
    /// Files in the bundle (payload, or the crate's files with its metadata).
    public var files: Int
    /// Their bytes.
    public var bytes: Int
    /// What validation said, as recorded in the bundle (`Annota-Validation`, `annota:validation`).
    public var validation: String
    /// The validation report.
    public var report: ValidationReport
    /// Things the person should know (a placeholder accession…).
    public var notes: [String]
  }

  /// The toolkit as a bag's `Bag-Software-Agent`.
  public static var softwareAgent: String { "Annota \(AnnotaToolkit.version)" }

  /// Validates `dataset` and writes it to `output`.
  /// - Parameters:
  ///   - dataset: the dataset folder (with its manifest); only read.
  ///   - output: the folder (or zip) to create; it must not exist.
  ///   - options: what to write.
  /// - Returns: what was written, or why nothing was.
  /// - Throws: `PackError` when the bundle cannot be written (nothing is left at `output`).
  public static func pack(_ dataset: String, to output: String, options: Options) async throws(PackError)
    -> Outcome
  {
    // A zip is built as a hidden folder beside it, then zipped and the folder removed.
    let folder = options.zip ? ZipBundle.buildFolder(for: output) : output
    if options.zip, FileManager.default.fileExists(atPath: output) {
      throw PackError(code: .exists, message: "already exists; a pack never overwrites", path: output)
    }
    let manifest = ManifestReader.locate(in: dataset).flatMap { try? ManifestReader.load(contentsOf: $0) }
    var info = bagInfo(for: manifest)
    let bagOptions = BagWriter.Options(algorithms: options.algorithms, info: info, softwareAgent: softwareAgent)
    let crateBag = options.bag ? bagOptions : nil
    // One read per file: validation's read feeds the copy and every checksum (the sink); what it does
    // not read whole is copied after it, with one read each.
    let sink =
      options.target == .bia
      ? try PayloadSink(
        dataset: dataset, destination: folder, payloadFolder: options.bag ? "data" : "",
        algorithms: CrateWriter.algorithms(bag: crateBag), reserved: CrateWriter.reserved)
      : try PayloadSink(dataset: dataset, destination: folder, payloadFolder: "data", algorithms: options.algorithms)
    // For the BIA the `bia` profile runs with the validation: a crate without, say, its release date
    // would be written and then fail its own verification, so nothing is written before it holds.
    let report = await DatasetValidator.run(
      dataset, profiles: options.target == .bia ? [.bia] : [], width: options.width, cache: options.cache,
      observer: FileReadObserver { sink.take($0.path, bytes: $0.bytes, sha256: $0.sha256, identity: $0.identity) }
    ).report
    if options.target == .bia, let bia = report.profiles.first(where: { $0.name == "bia" }),
      !bia.missingRequired.isEmpty
    {
      sink.discard()
      return .refused(
        report: report,
        reason:
          "a BIA RO-Crate needs \(bia.missingRequired.joined(separator: ", ")) in the manifest; nothing was written"
      )
    }
    let errors = report.summary.errors + report.summary.couldNotCheck
    if errors > 0, !options.force {
      sink.discard()
      return .refused(
        report: report,
        reason: "validation found \(errors) error(s) or unchecked item(s); fix them, or pack with --force")
    }
    let validation =
      errors == 0
      ? "passed (annota \(AnnotaToolkit.version))"
      : "packed with --force despite \(report.summary.errors) error(s) and \(report.summary.couldNotCheck) unchecked item(s)"
    info.append(.init("Annota-Validation", validation))
    var notes: [String] = []
    let summary: BagWriter.Summary
    switch options.target {
    case .bia:
      guard let resolved = DatasetValidator.resolvedManifest(dataset) else {
        sink.discard()
        throw PackError(code: .unsafeInput, message: "the manifest cannot be read; the crate needs it", path: dataset)
      }
      var bag = crateBag
      bag?.info = info
      summary = try await CrateWriter.write(
        sink, manifest: resolved, bag: bag, validation: validation,
        imageMembers: DatasetScan.omeSetHeads(of: resolved.images.map(\.path), root: dataset), width: options.width,
        check: options.check)
      if resolved.study.accessionID == nil {
        // The BIA's crate schema requires an accession; the archive assigns the real one.
        notes.append(
          "the crate's accessionId is the placeholder S-BIAD0 (the manifest has no study.accession_id); the BioImage Archive assigns the real accession when the study is submitted"
        )
      }
    case .bagit:
      var bag = bagOptions
      bag.info = info
      summary = try await BagWriter.write(sink, options: bag, width: options.width, check: options.check)
    }
    if options.zip { try ZipBundle.zip(folder: folder, to: output) }
    return .written(
      Written(files: summary.files, bytes: summary.bytes, validation: validation, report: report, notes: notes))
  }

  /// The `bag-info.txt` tags a manifest gives (RFC 8493 §2.2.2), all from the dataset so two packs of
  /// it are identical.
  /// - Parameter manifest: the dataset's manifest, or `nil` when it cannot be read.
  /// - Returns: the tags, in the order written.
  public static func bagInfo(for manifest: Manifest?) -> [BagWriter.InfoTag] {
    guard let manifest else { return [] }
    var tags: [BagWriter.InfoTag] = []
    if let author = manifest.study.authors.first {
      tags.append(.init("Contact-Name", author.name))
      if let email = author.email { tags.append(.init("Contact-Email", email)) }
      if let organisation = author.affiliations.first?.name { tags.append(.init("Source-Organization", organisation)) }
    }
    tags.append(.init("External-Description", manifest.study.title))
    if let id = manifest.study.accessionID ?? manifest.study.doi { tags.append(.init("External-Identifier", id)) }
    // The dataset's own date, not today's: the same dataset packs to the same bytes.
    if let date = manifest.versions.last.map({ String($0.timestamp.prefix(10)) }) ?? manifest.study.releaseDate {
      tags.append(.init("Bagging-Date", date))
    }
    if let version = manifest.versions.last?.version { tags.append(.init("Annota-Dataset-Version", version)) }
    return tags
  }
}
