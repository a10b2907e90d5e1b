// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaPackaging
import AnnotaValidation
public import ArgumentParser
import Foundation

/// `annota pack`: validate a dataset, then write it as a deposition bundle.
public struct PackCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "pack",
    abstract: "Validate a dataset and write it as a BagIt 1.0 bag that an archive can verify.",
    discussion: """
      The dataset is validated first; one with errors is not packed unless --force is given, and the \
      bag then records that (bag-info.txt, Annota-Validation). The bag is written beside OUTPUT under \
      a hidden temporary name, renamed at the end and verified before success; the dataset is only \
      read. The same dataset always gives byte-identical files. Targets: bia (a BioImage Archive \
      RO-Crate folder: the files at their paths, file_list.tsv with sizes and SHA-256, the legacy \
      BioStudies file list, ro-crate-metadata.json) and bagit (a BagIt 1.0 bag); --zip writes either as \
      one zip file.
      """)

  /// The dataset folder.
  @Argument(help: "The dataset folder (with annota.yaml).")
  public var dataset: String

  /// The bundle kind.
  @Option(help: "The bundle: bia (a BioImage Archive RO-Crate folder) or bagit (a BagIt 1.0 bag).")
  public var target: String = "bagit"

  /// Where the bundle goes.
  @Option(name: [.customShort("o"), .long], help: "The bundle folder to create (must not exist).")
  public var output: String

  /// Checksum algorithms.
  @Option(help: "Manifests to write, comma-separated: sha512, sha256.")
  public var algorithms: String = "sha512,sha256"

  /// A BagIt envelope around the crate.
  @Flag(help: "With --target bia: wrap the crate in a BagIt 1.0 bag (the crate as its data/).")
  public var bag = false

  /// A zip instead of a folder.
  @Flag(help: "Write the bundle as one zip file (entries stored, fixed times): OUTPUT is the zip.")
  public var zip = false

  /// Pack despite validation errors.
  @Flag(help: "Pack even when validation finds errors (the bag records it).")
  public var force = false

  /// Files copied at once.
  @Option(name: .customLong("jobs"), help: "Files copied, hashed and verified at once (default: the number of cores).")
  public var jobsOption: Int?

  /// `--jobs`, or the number of cores.
  var jobs: Int { jobsOption ?? ProcessInfo.processInfo.activeProcessorCount }

  /// Resource limits (validation before packing, verification after).
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard target == "bagit" || target == "bia" else {
      throw ValidationError("--target \(target): the targets are bia (a BIA RO-Crate folder) and bagit")
    }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    guard !bag || target == "bia" else {
      throw ValidationError("--bag wraps a bia crate; --target bagit is a bag already")
    }
    guard !parsedAlgorithms.isEmpty,
      algorithms.split(separator: ",").allSatisfy({ FixityAlgorithm(rawValue: String($0)) != nil })
    else { throw ValidationError("--algorithms takes sha512 and/or sha256, comma-separated") }
  }

  private var parsedAlgorithms: Set<FixityAlgorithm> {
    Set(algorithms.split(separator: ",").compactMap { FixityAlgorithm(rawValue: String($0)) })
  }

  /// Validates, packs, verifies.
  public func run() async throws {
    limits.apply()
    guard FileManager.default.fileExists(atPath: dataset) else {
      throw CommandFailure.missing(dataset, "dataset folder")
    }
    guard ManifestReader.locate(in: dataset) != nil else {
      throw CommandFailure("\(dataset): no annota.yaml; run `annota init` first")
    }
    MemoryTuning.reuseLargeBuffers()
    // For the BIA the `bia` profile runs with the validation: a crate without, say, its release date
    // would be written and then fail its own verification, so nothing is written before it holds.
    let report = await DatasetValidator.validate(dataset, profiles: target == "bia" ? [.bia] : [], width: jobs)
    if target == "bia", let bia = report.profiles.first(where: { $0.name == "bia" }), !bia.missingRequired.isEmpty {
      printError(ReportRenderer.render(report, as: .text))
      printError(
        "not packed: a BIA RO-Crate needs \(bia.missingRequired.joined(separator: ", ")) in the manifest; nothing was written"
      )
      throw ExitCode(1)
    }
    let errors = report.summary.errors + report.summary.couldNotCheck
    if errors > 0 {
      printError(ReportRenderer.render(report, as: .text))
      guard force else {
        printError(
          "not packed: validation found \(errors) error(s) or unchecked item(s); fix them, or pack with --force")
        throw ExitCode(1)
      }
    }
    let manifestPath = ManifestReader.locate(in: dataset)!
    let manifest = try? ManifestReader.load(contentsOf: manifestPath)
    var info = BagInfo.tags(for: manifest)
    let validation =
      errors == 0
      ? "passed (annota \(AnnotaVersion.toolkit))"
      : "packed with --force despite \(report.summary.errors) error(s) and \(report.summary.couldNotCheck) unchecked item(s)"
    info.append(("Annota-Validation", validation))
    // A zip is built as a hidden folder beside it, then zipped and the folder removed.
    let folder = zip ? ZipBundle.buildFolder(for: output) : output
    if zip, FileManager.default.fileExists(atPath: output) {
      printError("\(output): already exists; a pack never overwrites")
      throw ExitCode(2)
    }
    if target == "bia" {
      guard let resolved = DatasetValidator.resolvedManifest(dataset) else {
        printError("\(dataset): the manifest cannot be read; the crate needs it")
        throw ExitCode(2)
      }
      do {
        let envelope =
          bag
          ? BagWriter.Options(
            algorithms: parsedAlgorithms, info: info, softwareAgent: "Annota \(AnnotaVersion.toolkit)")
          : nil
        let summary = try await CrateWriter.write(
          from: dataset, manifest: resolved, to: folder, bag: envelope, validation: validation,
          imageMembers: DatasetScan.omeSetHeads(of: resolved.images.map(\.path), root: dataset), width: jobs)
        if zip { try ZipBundle.zip(folder: folder, to: output) }
        if resolved.study.accessionID == nil {
          // The BIA's crate schema requires an accession; the archive assigns the real one.
          print(
            "note: the crate's accessionId is the placeholder S-BIAD0 (the manifest has no study.accession_id); the BioImage Archive assigns the real accession when the study is submitted"
          )
        }
        print(
          "wrote \(output): a BIA RO-Crate\(bag ? " in a BagIt bag" : "") of \(summary.files) file(s), \(summary.bytes) bytes, with file_list.tsv, file_list_biostudies.tsv and ro-crate-metadata.json; verified"
        )
      } catch {
        printError("\(error)")
        throw ExitCode(2)
      }
      return
    }
    do {
      let summary = try await BagWriter.write(
        from: dataset, to: folder,
        options: .init(algorithms: parsedAlgorithms, info: info, softwareAgent: "Annota \(AnnotaVersion.toolkit)"),
        width: jobs)
      if zip { try ZipBundle.zip(folder: folder, to: output) }
      print(
        "wrote \(output): \(summary.files) payload file(s), \(summary.bytes) bytes, manifests \(parsedAlgorithms.map(\.rawValue).sorted().joined(separator: ", ")); verified"
      )
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
  }
}

/// The `bag-info.txt` tags a manifest gives (RFC 8493 §2.2.2), all from the dataset so two packs of
/// it are identical.
enum BagInfo {
  static func tags(for manifest: Manifest?) -> [(label: String, value: String)] {
    guard let manifest else { return [] }
    var tags: [(label: String, value: String)] = []
    if let author = manifest.study.authors.first {
      tags.append(("Contact-Name", author.name))
      if let email = author.email { tags.append(("Contact-Email", email)) }
      if let organisation = author.affiliations.first?.name { tags.append(("Source-Organization", organisation)) }
    }
    tags.append(("External-Description", manifest.study.title))
    if let id = manifest.study.accessionID ?? manifest.study.doi { tags.append(("External-Identifier", id)) }
    // The dataset's own date, not today's: the same dataset packs to the same bytes.
    if let date = manifest.versions.last.map({ String($0.timestamp.prefix(10)) }) ?? manifest.study.releaseDate {
      tags.append(("Bagging-Date", date))
    }
    if let version = manifest.versions.last?.version { tags.append(("Annota-Dataset-Version", version)) }
    return tags
  }
}
