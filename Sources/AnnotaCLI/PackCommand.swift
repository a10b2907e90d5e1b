// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
public import AnnotaPackaging
import AnnotaValidation
public import AnnotaWorkflows
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
      bag then records that (bag-info.txt, Annota-Validation). Each file is read once: the bytes \
      validation reads are the bytes hashed and copied. The bag is written beside OUTPUT under a \
      hidden temporary name, flushed to disk, renamed at the end and verified before success (its \
      structure, manifests and sizes; with --reread every file read back from the disk); the \
      dataset is only read. The same dataset always gives byte-identical files. Targets: bia (a BioImage Archive \
      RO-Crate folder: the files at their paths, file_list.tsv with sizes and SHA-256, the legacy \
      BioStudies file list, ro-crate-metadata.json) and bagit (a BagIt 1.0 bag); --zip writes either as \
      one zip file.
      """)

  /// The dataset folder.
  @Argument(help: "The dataset folder (with annota.yaml).")
  public var dataset: String

  /// The bundle kind.
  @Option(help: "The bundle: bia (a BioImage Archive RO-Crate folder) or bagit (a BagIt 1.0 bag).")
  public var target: DatasetPacker.Target = .bagit

  /// Where the bundle goes.
  @Option(name: [.customShort("o"), .long], help: "The bundle folder to create (must not exist).")
  public var output: String

  /// Checksum algorithms.
  @Option(name: .customLong("algorithm"), help: "A manifest to write; repeat for several (default: sha512 and sha256).")
  public var algorithmList: [FixityAlgorithm] = []

  /// The option's first spelling (`--algorithms sha512,sha256`), kept so scripts that use it still work.
  @Option(name: .customLong("algorithms"), help: .hidden)
  public var legacyAlgorithms: String?

  /// Print nothing on success.
  @Flag(help: "Print nothing but errors.")
  public var quiet = false

  /// A BagIt envelope around the crate.
  @Flag(help: "With --target bia: wrap the crate in a BagIt 1.0 bag (the crate as its data/).")
  public var bag = false

  /// A zip instead of a folder.
  @Flag(help: "Write the bundle as one zip file (entries stored, fixed times): OUTPUT is the zip.")
  public var zip = false

  /// Pack despite validation errors.
  @Flag(help: "Pack even when validation finds errors (the bag records it).")
  public var force = false

  /// Read the bundle back from the disk.
  @Flag(
    help:
      "After writing, read every file back from the disk (dropped from the page cache first) and check its checksums."
  )
  public var reread = false

  /// The facts cache: files validated before with the same bytes are not decoded again.
  @OptionGroup public var caching: CacheOption

  /// Files copied at once.
  @Option(name: .customLong("jobs"), help: "Files copied, hashed and verified at once (default: the number of cores).")
  public var jobsOption: Int?

  /// `--jobs`, or the number of cores.
  var jobs: Int { jobsOption ?? BoundedParallel.defaultWidth }

  /// Resource limits (validation before packing, verification after).
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    guard !bag || target == .bia else {
      throw ValidationError("--bag wraps a bia crate; --target bagit is a bag already")
    }
    if let legacyAlgorithms {
      guard legacyAlgorithms.split(separator: ",").allSatisfy({ FixityAlgorithm(rawValue: String($0)) != nil }) else {
        throw ValidationError("--algorithms takes sha512 and/or sha256, comma-separated (or repeat --algorithm)")
      }
    }
  }

  private var parsedAlgorithms: Set<FixityAlgorithm> {
    let legacy = (legacyAlgorithms ?? "").split(separator: ",").compactMap { FixityAlgorithm(rawValue: String($0)) }
    let chosen = Set(algorithmList + legacy)
    return chosen.isEmpty ? [.sha512, .sha256] : chosen
  }

  /// Validates, packs, verifies (`DatasetPacker`), and reports.
  public func run() async throws { try await limits.readLimits.apply { try await execute() } }

  /// The command's work, with its read limits in force.
  func execute() async throws {
    guard FileManager.default.fileExists(atPath: dataset) else {
      throw CommandFailure.missing(dataset, "dataset folder")
    }
    guard ManifestReader.locate(in: dataset) != nil else {
      throw CommandFailure("\(dataset): no annota.yaml; run `annota init` first")
    }
    MemoryTuning.reuseLargeBuffers()
    var options = DatasetPacker.Options(target: target)
    options.algorithms = parsedAlgorithms
    options.bag = bag
    options.zip = zip
    options.force = force
    options.width = jobs
    options.check = reread ? .reread : .recorded
    options.cache = try caching.factsCache()
    let outcome: DatasetPacker.Outcome
    do {
      outcome = try await DatasetPacker.pack(dataset, to: output, options: options)
    } catch {
      throw CommandFailure(error.description)
    }
    switch outcome {
    case .refused(let report, let reason):
      printError(ReportRenderer.render(report, as: .text))
      printError("not packed: \(reason)")
      throw ExitStatus.findings.exitCode
    case .written(let written):
      if written.report.summary.errors + written.report.summary.couldNotCheck > 0 {
        printError(ReportRenderer.render(written.report, as: .text))
      }
      guard !quiet else { return }
      for note in written.notes { print("note: \(note)") }
      let checked =
        reread
        ? "verified, every file read back from the disk"
        : "verified (structure, manifests and sizes on disk; --reread reads every file back)"
      if options.target == .bia {
        print(
          "wrote \(output): a BIA RO-Crate\(bag ? " in a BagIt bag" : "") of \(written.files) file(s), \(written.bytes) bytes, with file_list.tsv, file_list_biostudies.tsv and ro-crate-metadata.json; \(checked)"
        )
      } else {
        print(
          "wrote \(output): \(written.files) payload file(s), \(written.bytes) bytes, manifests \(parsedAlgorithms.map(\.rawValue).sorted().joined(separator: ", ")); \(checked)"
        )
      }
    }
  }
}
