// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
public import AnnotaModel
import Foundation

/// Checks a dataset the way an archive's ingest would: the manifest, then the files it lists and the
/// files on disk, then every label image's pixels against its source image and label table — all
/// findings in one pass.
public enum DatasetValidator {
  /// The BioImage Archive's largest file.
  public static let maxFileBytes = 2_000_000_000_000

  /// Profiles beyond `core`.
  public enum Profile: String, Sendable, CaseIterable {
    /// AI-readiness: splits, leakage, coverage.
    case ml
  }

  /// Validates the dataset in `root`.
  /// - Parameters:
  ///   - root: the dataset folder, or one annotation file.
  ///   - profiles: profiles to check besides `core`.
  /// - Returns: the report (a missing or unreadable manifest is a finding, not a throw).
  public static func validate(_ root: String, profiles: Set<Profile> = []) -> ValidationReport {
    var findings: [Diagnostic] = []
    var unchecked: [ValidationReport.Unchecked] = []
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), !isDirectory.boolValue {
      return validateFile(root)
    }
    guard let manifestPath = ManifestReader.locate(in: root) else {
      // A bare folder: infer what `annota init` would write, and check files and pixels against it.
      let scan = DatasetScan.scan(root)
      let name = String(root.split(separator: "/").last ?? "dataset")
      let (draft, _) = DatasetDraft.manifest(for: scan, name: name)
      findings.append(
        FileRules.noManifest.finding(
          "no annota.yaml: \(draft.images.count) image(s) and \(draft.annotationSets.count) annotation set(s) were inferred; metadata (study, licence, authors, methods) is missing",
          hint: "run `annota init` and fill in the TODOs", at: SourceLocation(file: "annota.yaml")))
      for (path, candidates) in scan.ambiguous {
        findings.append(
          FileRules.noSourceImage.finding(
            "several images fit equally: \(candidates.joined(separator: ", "))",
            hint: "rename files, or list the pairs in a table", at: SourceLocation(file: path)))
      }
      let onDisk = scan.files.map(\.path)
      var files = FileCheck(root: root, onDisk: onDisk)
      findings += files.check(draft)
      var masks = MaskCheck(root: root, manifest: draft, present: files.present)
      findings += masks.check()
      return ValidationReport(
        dataset: root, diagnostics: findings, unchecked: masks.unchecked, files: files.examined, bytes: files.bytes)
    }
    let manifestName = String(manifestPath.split(separator: "/").last ?? "annota.yaml")
    let read = ManifestReader.read(contentsOf: manifestPath, displayName: manifestName)
    findings += read.diagnostics
    // Files and pixels are checked even when the manifest has value errors, so one run says everything.
    guard let manifest = read.manifest ?? ManifestReader.readDraft(contentsOf: manifestPath).manifest else {
      return ValidationReport(dataset: root, diagnostics: findings, unchecked: [], files: 1, bytes: 0)
    }
    let onDisk = FolderScanner.files(in: root)
    let (resolved, orphans) = resolvePairings(manifest, onDisk: onDisk)
    findings += orphans
    var files = FileCheck(root: root, onDisk: onDisk)
    findings += files.check(resolved)
    var masks = MaskCheck(root: root, manifest: resolved, present: files.present)
    findings += masks.check()
    unchecked += masks.unchecked
    if profiles.contains(.ml) { findings += MLCheck(root: root, manifest: resolved, present: files.present).check() }
    return ValidationReport(
      dataset: root, diagnostics: findings, unchecked: unchecked, files: files.examined + 1, bytes: files.bytes)
  }
}

/// One annotation file on its own: readable in its format, and for label images the checks that need no
/// source image.
func validateFile(_ path: String) -> ValidationReport {
  let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
  let name = String(path.split(separator: "/").last ?? Substring(path))
  let file = FolderScanner.classify(name, in: folder)
  var findings: [Diagnostic] = []
  let location = SourceLocation(file: name)
  switch file.role {
  case .toolAnnotations, .labelImage:
    if file.role == .labelImage {
      let table = AnnotationSet(
        id: "file", name: name, overview: "", types: [.segmentationMask], encoding: .labelImage,
        files: [AnnotationFile(path: name, image: nil)])
      var single = Manifest(
        study: Study(title: "", description: "", authors: [], licence: ""), images: [], annotationSets: [table])
      // Without a manifest the kind is inferred, as `annota init` would.
      single.annotationSets[0].kind = file.labels.map(DatasetImporter.inferKind) ?? .instance
      var masks = MaskCheck(root: folder, manifest: single, present: [name])
      findings += masks.check()
    }
  case .shapes:
    if let data = FileManager.default.contents(atPath: path) {
      do { _ = try GeoJSONReader.read(Array(data), path: name) } catch {
        findings.append(FileRules.unreadable.finding("not the spec's GeoJSON: \(error.message)", at: location))
      }
    }
  case .image:
    // A TIFF named like a mask that is not integer: the mask rules say so.
    if FolderScanner.isLabelHinted(name.lowercased()) {
      findings.append(
        MaskRules.notInteger.finding(
          "named like a label image, but its samples are not integer single-channel", at: location))
    }
  default:
    findings.append(
      FileRules.unreadable.finding(
        "not an annotation file Annota can read (\(file.notes.first ?? file.format))",
        hint: "`annota detect` lists the formats it could be", at: location))
  }
  let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  return ValidationReport(dataset: path, diagnostics: findings, unchecked: [], files: 1, bytes: size)
}

/// The manifest with each `pairing` rule replaced by the files on disk it pairs (SPEC §7), so every
/// rule sees one list of files.
func resolvePairings(_ manifest: Manifest, onDisk: [String]) -> (manifest: Manifest, orphans: [Diagnostic]) {
  var resolved = manifest
  var orphans: [Diagnostic] = []
  var byLowercase: [String: String] = [:]
  for path in onDisk { byLowercase[path.lowercased()] = path }
  let imageIDs = Dictionary(manifest.images.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first })
  for index in resolved.annotationSets.indices {
    guard let pairing = resolved.annotationSets[index].pairing else { continue }
    let annotations = PathPattern(pairing.annotations), images = PathPattern(pairing.images)
    resolved.annotationSets[index].files = onDisk.compactMap { path in
      guard let bindings = annotations.match(path) else { return nil }
      let imagePath = images.fill(bindings)
      let id = imagePath.flatMap { imageIDs[$0] }
      if id == nil, let imagePath {
        let pointer = "/annotation_sets/\(index)/pairing"
        if let actual = byLowercase[imagePath.lowercased()], actual != imagePath {
          orphans.append(
            FileRules.caseOnly.finding(
              "the pairing gives image \(imagePath), but the file is \(actual)",
              hint: "rename one of them so the letter case agrees",
              at: SourceLocation(file: path, pointer: pointer)))
        } else {
          orphans.append(
            FileRules.noSourceImage.finding(
              "the pairing gives image \(imagePath), which is not in the dataset",
              hint: "add the image, or remove the annotation file",
              at: SourceLocation(file: path, pointer: pointer)))
        }
      }
      return AnnotationFile(path: path, image: id)
    }
  }
  return (resolved, orphans)
}

/// The `FILE` rules.
struct FileCheck {
  let root: String
  let onDisk: [String]
  /// Listed paths that exist.
  private(set) var present: Set<String> = []
  private(set) var examined = 0
  private(set) var bytes = 0

  init(root: String, onDisk: [String]) {
    self.root = root
    self.onDisk = onDisk
  }

  mutating func check(_ manifest: Manifest) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let disk = Set(onDisk)
    var byLowercase: [String: String] = [:]
    for path in onDisk { byLowercase[path.lowercased()] = path }
    var listed: [(path: String, pointer: String, checksum: String?)] = manifest.images.enumerated().map {
      ($1.path, "/images/\($0)/path", $1.checksum)
    }
    for (s, set) in manifest.annotationSets.enumerated() {
      for (f, file) in set.files.enumerated() {
        listed.append((file.path, "/annotation_sets/\(s)/files/\(f)/path", file.checksum))
      }
    }
    for entry in listed {
      let location = SourceLocation(file: entry.path, pointer: entry.pointer)
      guard disk.contains(entry.path) else {
        if let actual = byLowercase[entry.path.lowercased()] {
          findings.append(
            FileRules.caseOnly.finding(
              "listed as \(entry.path), but the file is \(actual)",
              hint: "archives and most systems compare paths case-sensitively: rename the file or the entry",
              at: location))
        } else {
          findings.append(
            FileRules.missing.finding(
              "listed but not found", hint: "add the file, or remove the entry from the manifest",
              at: location))
        }
        continue
      }
      present.insert(entry.path)
      examined += 1
      let full = root + "/" + entry.path
      let size = (try? FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
      bytes += size
      if size > DatasetValidator.maxFileBytes {
        findings.append(
          FileRules.tooLarge.finding(
            "\(size) bytes; the BioImage Archive accepts files up to 2 TB",
            hint: "split the file (one file per position or time point)",
            at: location))
      }
      if let checksum = entry.checksum, let separator = checksum.firstIndex(of: ":"),
        checksum[..<separator] == "sha256"
      {
        let expected = String(checksum[checksum.index(after: separator)...])
        if let actual = try? FileDigest.sha256(full), actual != expected {
          findings.append(
            FileRules.checksum.finding(
              "SHA-256 is \(actual), the manifest records \(expected)",
              hint: "the file changed since it was recorded: restore it, or update the checksum",
              at: location))
        }
      }
    }
    let listedPaths = Set(listed.map(\.path))
    let companions = Set(listed.map { InstanceTable.path(forLabelImage: $0.path) })
    for path in onDisk where !listedPaths.contains(path) && !companions.contains(path) {
      let role = FolderScanner.classify(path, in: root, readPixels: false).role
      guard [.image, .labelImage, .shapes, .toolAnnotations].contains(role) else { continue }
      findings.append(
        FileRules.unlisted.finding(
          "a\(role == .image ? "n image" : "n annotation file") that the manifest does not list",
          hint: "`annota init --update` adds it; or remove it from the dataset",
          at: SourceLocation(file: path)))
    }
    return findings
  }
}
