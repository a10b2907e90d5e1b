// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import AnnotaPackaging
public import AnnotaValidation
import Foundation

/// `annota verify` as a library call: a bundle's own checks and the dataset's validation, in one report
/// whose paths are the bundle's.
public enum BundleVerification {
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
  /// - Parameters:
  ///   - zip: the zip file.
  ///   - jobs: files read at once.
  ///   - validateDataset: whether to validate the dataset inside, or check the bundle only.
  /// - Returns: one report, its paths inside the zip.
  public static func verifyZip(_ zip: String, jobs: Int, validateDataset: Bool) async -> ValidationReport {
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
    unchecked += bundle.unchecked
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

  /// A bag or crate folder: its structure, completeness and fixity, then the dataset in it.
  /// - Parameters:
  ///   - bundle: the bag or crate folder.
  ///   - jobs: files read at once.
  ///   - validateDataset: whether to validate the dataset inside, or check the bundle only.
  /// - Returns: one report, its paths the bundle's.
  public static func verify(_ bundle: String, jobs: Int, validateDataset: Bool = true) async -> ValidationReport {
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
    var unchecked = bag.unchecked
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
