// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
import AnnotaValidation
public import ArgumentParser
import Foundation

/// `annota verify`: check a bundle on arrival — its fixity and structure, then the dataset inside.
public struct VerifyCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Verify a bundle (a BagIt bag or a BIA RO-Crate) and validate the dataset in it.",
    discussion: """
      Every missing, unexpected or changed file is named (BAG rules), each payload file is read once \
      for all its manifests' algorithms, and then the dataset in data/ is validated as `annota \
      validate` would, in the same report. Same formats and exit status as `annota validate`.
      """)

  /// The bundle.
  @Argument(help: "A bag or crate folder, or a zip of one.")
  public var bundle: String

  /// Format, output file and failure threshold.
  @OptionGroup public var reporting: ReportOptions

  /// Resource limits.
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Files read at once.
  @Option(name: .customLong("jobs"), help: "Files read at once (default: the number of cores).")
  public var jobsOption: Int?

  /// `--jobs`, or the number of cores.
  var jobs: Int { jobsOption ?? ProcessInfo.processInfo.activeProcessorCount }

  /// Fixity and structure only.
  @Flag(
    name: .customLong("bag-only"), help: "Check the bag only (structure, completeness, fixity), not the dataset in it.")
  public var bagOnly = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  /// Verifies and reports.
  public func run() async throws {
    limits.apply()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: bundle, isDirectory: &isDirectory) else {
      throw CommandFailure.missing(bundle, "bundle (a bag or crate folder, or a zip of one)")
    }
    MemoryTuning.reuseLargeBuffers()
    let report =
      isDirectory.boolValue
      ? await BundleVerification.verify(bundle, jobs: jobs, validateDataset: !bagOnly)
      : await BundleVerification.verifyZip(bundle, jobs: jobs, validateDataset: !bagOnly)
    try reporting.emit(report, rules: BagRules.all + CrateRules.all + ZipRules.all)
  }
}

/// A bag's own checks and the dataset's validation, in one report whose paths are the bag's.
enum BundleVerification {
  /// The dataset's findings and unchecked items, with their paths made the bundle's (`data/…`).
  static func absorb(
    _ inner: ValidationReport, prefix: String, diagnostics: inout [Diagnostic],
    unchecked: inout [ValidationReport.Unchecked]
  ) {
    for var diagnostic in inner.diagnostics {
      diagnostic.location.file = prefix + diagnostic.location.file
      diagnostics.append(diagnostic)
    }
    for var item in inner.unchecked {
      item.location.file = prefix + item.location.file
      unchecked.append(item)
    }
  }

  /// A zip, read in place: its directory (ZIP rules), then the bag or crate in it streamed entry by
  /// entry (fixity and CRC-32 in the same read); only the dataset's validation reads an extracted copy,
  /// in a private temporary folder removed afterwards.
  static func verifyZip(_ zip: String, jobs: Int, validateDataset: Bool) async -> ValidationReport {
    let inspection = ZipReader.inspect(zip)
    var diagnostics = inspection.findings
    var unchecked: [ValidationReport.Unchecked] = []
    if let reason = inspection.unsupported {
      unchecked.append(.init(rule: ZipRules.structure.id, location: SourceLocation(file: zip), reason: reason))
      return ValidationReport(dataset: zip, diagnostics: diagnostics, unchecked: unchecked, files: 0, bytes: 0)
    }
    guard !diagnostics.contains(where: { $0.rule == ZipRules.structure.id && $0.location.annotation == nil }) else {
      return ValidationReport(dataset: zip, diagnostics: diagnostics, unchecked: unchecked, files: 0, bytes: 0)
    }
    let names = Set(ZipReader.names(zip))
    let isBag = names.contains("bagit.txt")
    let bundle: BagVerifier.Result
    if isBag {
      bundle = await BagVerifier.verify(zip: zip, width: jobs)
      diagnostics += bundle.findings
      if names.contains("data/ro-crate-metadata.json") {
        for var finding in await CrateVerifier.verify(zip: zip, prefix: "data", width: jobs).findings {
          if finding.rule != ZipRules.crc.id { finding.location.file = "data/" + finding.location.file }
          if !diagnostics.contains(finding) { diagnostics.append(finding) }
        }
      }
    } else {
      bundle = await CrateVerifier.verify(zip: zip, prefix: "", width: jobs)
      diagnostics += bundle.findings
    }
    unchecked += bundle.unchecked.map {
      ValidationReport.Unchecked(rule: $0.rule, location: SourceLocation(file: $0.file), reason: $0.reason)
    }
    var profiles: [ProfileResult] = []
    if validateDataset {
      let (_, inner) = await ZipBundle.withExtraction(zip) { folder -> ValidationReport? in
        let payload = isBag ? folder + "/data" : folder
        guard ManifestReader.locate(in: payload) != nil else { return nil }
        return await DatasetValidator.validate(payload, width: jobs)
      }
      if let report = inner ?? nil {
        let prefix = isBag ? "data/" : ""
        absorb(report, prefix: prefix, diagnostics: &diagnostics, unchecked: &unchecked)
        profiles = report.profiles
      }
    }
    return ValidationReport(
      dataset: zip, diagnostics: diagnostics, unchecked: unchecked, files: bundle.files, bytes: bundle.bytes,
      profiles: profiles)
  }

  static func verify(_ bundle: String, jobs: Int, validateDataset: Bool = true) async -> ValidationReport {
    // A folder with bagit.txt is a bag; one with ro-crate-metadata.json and no bagit.txt is a crate.
    let isCrate =
      !FileManager.default.fileExists(atPath: bundle + "/bagit.txt")
      && FileManager.default.fileExists(atPath: bundle + "/ro-crate-metadata.json")
    let bag =
      isCrate ? await CrateVerifier.verify(bundle, width: jobs) : await BagVerifier.verify(bundle, width: jobs)
    var diagnostics = bag.findings
    // A crate inside a bag: its own checks too, with paths in the bag.
    if !isCrate, FileManager.default.fileExists(atPath: bundle + "/data/ro-crate-metadata.json") {
      for var finding in await CrateVerifier.verify(bundle + "/data", width: jobs).findings {
        finding.location.file = "data/" + finding.location.file
        diagnostics.append(finding)
      }
    }
    var unchecked = bag.unchecked.map {
      ValidationReport.Unchecked(rule: $0.rule, location: SourceLocation(file: $0.file), reason: $0.reason)
    }
    var profiles: [ProfileResult] = []
    let payload = isCrate ? bundle : bundle + "/data"
    let prefix = isCrate ? "" : "data/"
    if !validateDataset {
      // Fixity only: the fast rung of the ladder, for transfers.
    } else if ManifestReader.locate(in: payload) != nil {
      let inner = await DatasetValidator.validate(payload, width: jobs)
      // Paths inside the bag: `data/…`.
      absorb(inner, prefix: prefix, diagnostics: &diagnostics, unchecked: &unchecked)
      profiles = inner.profiles
    } else if bag.findings.isEmpty {
      diagnostics.append(
        FileRules.noManifest.finding(
          "the payload has no annota.yaml: only the bag was verified", at: SourceLocation(file: "data/annota.yaml")))
    }
    return ValidationReport(
      dataset: bundle, diagnostics: diagnostics, unchecked: unchecked, files: bag.files, bytes: bag.bytes,
      profiles: profiles)
  }
}
