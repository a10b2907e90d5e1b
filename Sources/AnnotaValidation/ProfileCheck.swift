// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// How complete a dataset is for one profile: the share of required and recommended fields present,
/// which are missing, and whether the profile is satisfied.
public struct ProfileResult: Sendable, Codable, Hashable {
  /// Fields present out of those asked for.
  public struct Completeness: Sendable, Codable, Hashable {
    /// Fields present.
    public var present: Int
    /// Fields asked for.
    public var total: Int
    /// `present / total` (1 when nothing is asked for).
    public var share: Double

    init(present: Int, total: Int) {
      self.present = present
      self.total = total
      share = total == 0 ? 1 : Double(present) / Double(total)
    }
  }

  /// `core`, `mifa`, `rembi`, `bia`, `ml`, or a catalog: `croissant`, `bioimageio`, `zenodo`, `datacite`.
  public var name: String
  /// Every required field is present and no rule of the profile (for `core`: of the core rules)
  /// found an error.
  public var satisfied: Bool
  /// Required fields present.
  public var required: Completeness
  /// Recommended fields present.
  public var recommended: Completeness
  /// The required fields that are missing.
  public var missingRequired: [String]
  /// The recommended fields that are missing.
  public var missingRecommended: [String]

  enum CodingKeys: String, CodingKey {
    case name, satisfied, required, recommended
    case missingRequired = "missing_required"
    case missingRecommended = "missing_recommended"
  }
}

/// The profile rules (`MIFA`, `REMBI`, `BIA`) and every profile's completeness.
struct ProfileCheck {
  let manifest: Manifest
  /// Paths of every listed file (for the BIA's path rules).
  let paths: [(path: String, pointer: String)]

  /// Places a missing required field is listed per field; the rest are counted (`omitted`).
  static let listedPerField = 20

  /// Findings counted but not listed (past ``listedPerField`` for one field).
  private(set) var omitted: [ValidationReport.Omitted] = []

  /// Findings of the asked-for profiles, and a result for `core` and each of them.
  mutating func check(_ profiles: Set<DatasetValidator.Profile>) -> (findings: [Diagnostic], results: [ProfileResult]) {
    var findings: [Diagnostic] = []
    var results: [ProfileResult] = []
    let catalogs: [(String, [ProfileField], Rule?)] =
      [("core", ProfileCatalog.core, nil)]
      + DatasetValidator.Profile.allCases.filter { profiles.contains($0) }.map { profile in
        switch profile {
        case .mifa: ("mifa", ProfileCatalog.mifa, ProfileRules.mifaMissing)
        case .rembi: ("rembi", ProfileCatalog.rembi, ProfileRules.rembiMissing)
        case .bia: ("bia", ProfileCatalog.bia, ProfileRules.biaMissing)
        case .ml: ("ml", ProfileCatalog.ml, nil)
        case .croissant: ("croissant", ProfileCatalog.catalog(.croissant), CatalogRules.croissantMissing)
        case .bioimageio: ("bioimageio", ProfileCatalog.catalog(.bioimageio), CatalogRules.bioimageioMissing)
        case .zenodo: ("zenodo", ProfileCatalog.catalog(.zenodo), CatalogRules.zenodoMissing)
        case .datacite: ("datacite", ProfileCatalog.catalog(.datacite), CatalogRules.dataciteMissing)
        }
      }
    for (name, fields, rule) in catalogs {
      var missingRequired: [String] = []
      var missingRecommended: [String] = []
      var ownFindings: [Diagnostic] = []
      for field in fields {
        let pointers = field.missing(manifest)
        guard !pointers.isEmpty else { continue }
        switch field.level {
        case .required:
          missingRequired.append(field.name)
          if let rule {
            // Every place it is missing, the first ones listed and the rest counted.
            for pointer in pointers.prefix(Self.listedPerField) {
              ownFindings.append(
                rule.finding(
                  "\(field.name) \(field.problem ?? "is missing or empty"); the \(name) profile requires it",
                  hint: field.hint ?? "add it to annota.yaml (SPEC §4 says what it holds)",
                  at: SourceLocation(file: "annota.yaml", pointer: pointer)))
            }
            if pointers.count > Self.listedPerField {
              omitted.append(
                .init(
                  rule: rule.id, severity: rule.severity, location: SourceLocation(file: "annota.yaml"),
                  count: pointers.count - Self.listedPerField))
            }
          }
        case .recommended:
          missingRecommended.append(field.name)
        }
      }
      switch name {
      case "mifa": ownFindings += mifaLicence()
      case "rembi": ownFindings += rembiLengths()
      case "bia": ownFindings += biaLicence() + biaPaths()
      default: break
      }
      findings += ownFindings
      let required = fields.filter { $0.level == .required }.count
      let recommended = fields.count - required
      results.append(
        ProfileResult(
          name: name, satisfied: missingRequired.isEmpty && !ownFindings.contains { $0.severity == .error },
          required: .init(present: required - missingRequired.count, total: required),
          recommended: .init(present: recommended - missingRecommended.count, total: recommended),
          missingRequired: missingRequired, missingRecommended: missingRecommended))
    }
    return (findings, results)
  }

  /// REMBI's 25-character minimum for the study's title and description.
  private func rembiLengths() -> [Diagnostic] {
    [("title", manifest.study.title), ("description", manifest.study.description)].compactMap { name, text in
      let length = text.trimmingCharacters(in: .whitespacesAndNewlines).count
      guard length > 0, length < 25 else { return nil }
      return ProfileRules.rembiShortText.finding(
        "study.\(name) has \(length) characters; REMBI asks for at least 25",
        hint: "say what was imaged, how and why, in a full sentence",
        at: SourceLocation(file: "annota.yaml", pointer: "/study/\(name)"))
    }
  }

  /// The BIA accepts its 24 licences only.
  private func biaLicence() -> [Diagnostic] {
    let licence = manifest.study.licence
    guard !licence.isEmpty, Licences.biaURL(for: licence) == nil else { return [] }
    return [
      ProfileRules.biaLicence.finding(
        "licence \(licence) is not one the BioImage Archive accepts",
        hint: "use CC0-1.0 or CC-BY-4.0 (or another of the BIA's 24, SPEC §6.4)",
        at: SourceLocation(file: "annota.yaml", pointer: "/study/licence"))
    ]
  }

  /// MIFA's `LicenseType`: CC0 or CC-BY (4.0), as an SPDX id or the licence's URL.
  private func mifaLicence() -> [Diagnostic] {
    let licence = manifest.study.licence
    let allowed = ["CC0-1.0", "CC-BY-4.0"].compactMap { Licences.biaURL(for: $0) }
    guard !licence.isEmpty, let url = Licences.biaURL(for: licence) ?? Optional(licence), !allowed.contains(url)
    else { return [] }
    return [
      ProfileRules.mifaLicence.finding(
        "licence \(licence) is not one MIFA allows (its LicenseType: CC0 and CC-BY)",
        hint: "use CC0-1.0 or CC-BY-4.0, or deposit under the core or bia profile",
        at: SourceLocation(file: "annota.yaml", pointer: "/study/licence"))
    ]
  }

  /// The BIA's file-list path rules: characters it refuses, and characters that are not portable.
  private func biaPaths() -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for entry in paths {
      let location = SourceLocation(file: entry.path, pointer: entry.pointer)
      let refused = Set(entry.path.unicodeScalars.filter { BIAPaths.refused($0) }.map(BIAPaths.describe))
      if !refused.isEmpty
        || entry.path.split(separator: "/", omittingEmptySubsequences: false).contains(where: {
          $0.hasPrefix(" ") || $0.hasSuffix(" ") || $0.hasSuffix(".")
        })
      {
        findings.append(
          ProfileRules.biaPathRefused.finding(
            refused.isEmpty
              ? "a path segment starts or ends with a space, or ends with a dot"
              : "the path holds \(refused.sorted().joined(separator: ", ")), which the BIA's file lists refuse",
            hint: "rename the file with letters, digits, `-`, `_` and `.` only", at: location))
      } else {
        let unportable = Set(entry.path.unicodeScalars.filter { !BIAPaths.portable($0) }.map(BIAPaths.describe))
        if !unportable.isEmpty {
          findings.append(
            ProfileRules.biaPathUnportable.finding(
              "the path holds \(unportable.sorted().joined(separator: ", ")): not portable across archives and tools",
              hint: "rename the file with letters, digits, `-`, `_` and `.` only", at: location))
        }
      }
    }
    return findings
  }
}

/// The characters of BIA file-list paths.
enum BIAPaths {
  /// Characters the BIA's file lists refuse (its help page; Windows-reserved, so also unsafe on
  /// many file systems), and control characters.
  static func refused(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII && asciiClass[Int(scalar.value)] == .refused
  }

  /// ASCII letters and digits, `-`, `_`, `.`, `/`.
  static func portable(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII && asciiClass[Int(scalar.value)] == .portable
  }

  private enum ASCIIClass { case refused, portable, other }

  /// Each ASCII character's class, looked up by value: a file list checks every character of a
  /// million paths.
  private static let asciiClass: [ASCIIClass] = (0..<128).map { value in
    let scalar = Unicode.Scalar(UInt8(value))
    if value < 0x20 || value == 0x7F || "\\:*?\"<>|".unicodeScalars.contains(scalar) { return .refused }
    if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
      || "-_./".unicodeScalars.contains(scalar)
    {
      return .portable
    }
    return .other
  }

  static func describe(_ scalar: Unicode.Scalar) -> String {
    scalar.value < 0x20 || scalar.value == 0x7F || scalar == " "
      ? String(format: "U+%04X", scalar.value) : "`\(Character(scalar))`"
  }
}
