// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
public import AnnotaModel
import AnnotaScan
import Foundation

/// Checks a dataset the way an archive's ingest would: the manifest, then the files it lists and the
/// files on disk, then every label image's pixels against its source image and label table — all
/// findings in one pass.
public enum DatasetValidator {
  /// The BioImage Archive's largest file.
  public static let maxFileBytes = 2_000_000_000_000

  /// Profiles beyond `core`.
  public enum Profile: String, Sendable, CaseIterable {
    /// The MIFA guidelines' required fields.
    case mifa
    /// REMBI 1.5 as the BIA's submission form has it.
    case rembi
    /// The BioImage Archive submission: its RO-Crate's required terms, licences and path rules.
    case bia
    /// AI-readiness: splits, leakage, coverage, class balance.
    case ml
    /// What a Croissant 1.1 record is written from (`export --to croissant`).
    case croissant
    /// What a bioimage.io dataset description is written from (`export --to bioimageio`).
    case bioimageio
    /// What Zenodo's deposit metadata is written from (`export --to zenodo`).
    case zenodo
    /// What a DataCite 4.5 record is written from (`export --to datacite`).
    case datacite
  }

  /// Validates the dataset in `root`, reading every file once, on all cores.
  /// - Parameters:
  ///   - root: the dataset folder, its manifest (`annota.yaml`, or any YAML/JSON manifest), or one
  ///     annotation or image file.
  ///   - profiles: profiles to check besides `core`.
  ///   - width: files read at once (0, the default: the number of cores).
  ///   - progress: called after each file (serially), for a progress bar.
  /// - Returns: the report (a missing or unreadable manifest is a finding, not a throw; a path that
  ///   does not exist or cannot be listed is an error finding, so the report fails).
  public static func validate(
    _ root: String, profiles: Set<Profile> = [], width: Int = 0,
    progress: (@Sendable (ValidationProgress) -> Void)? = nil
  ) async -> ValidationReport {
    await run(root, profiles: profiles, width: width, progress: progress).report
  }

  /// Validates as ``validate(_:profiles:width:progress:)`` does and keeps what the read measured:
  /// the resolved manifest and each file's ``FileMeasurements`` (for `annota report`).
  /// - Parameters:
  ///   - root: the dataset folder, its manifest, or one file.
  ///   - profiles: profiles to check besides `core`.
  ///   - width: files read at once (0: the number of cores).
  ///   - measuring: also keep every label value's pixel count and measure every image
  ///     (``ImageStatistics``), in the same one read per file.
  ///   - cache: where facts of files read before are kept (``FactsCache``): a file whose bytes are
  ///     unchanged is hashed, not decoded.
  ///   - observer: sees each file's bytes as they are read (a pack's copy and hashes).
  ///   - progress: called after each file (serially).
  /// - Returns: the report, with the manifest and the files' measurements.
  public static func run(
    _ root: String, profiles: Set<Profile> = [], width: Int = 0, measuring: Bool = false,
    cache: FactsCache? = nil, observer: FileReadObserver? = nil,
    progress: (@Sendable (ValidationProgress) -> Void)? = nil
  ) async -> ValidationRun {
    await run(
      root, profiles: profiles, width: width, measuring: measuring,
      source: .read(FileReadPass.Options(cache: cache, observer: observer)), progress: progress)
  }

  /// Where a run's per-file facts come from.
  enum FactsSource {
    /// Read every file (with a cache and an observer, if any).
    case read(FileReadPass.Options)
    /// Read only this shard's files, and stop there: the facts are the run's product.
    case shard(ValidationShard, FileReadPass.Options)
    /// Read nothing the parts already read: their facts, joined.
    case provided([String: FileFacts])
  }

  static func run(
    _ root: String, profiles: Set<Profile>, width: Int, measuring: Bool, source: FactsSource,
    progress: (@Sendable (ValidationProgress) -> Void)?
  ) async -> ValidationRun {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
      return ValidationRun(
        report: refused(
          root,
          FileRules.missing.finding(
            "no such dataset folder or file", hint: "check the path (it is relative to the current folder)",
            at: SourceLocation(file: root))))
    }
    if !isDirectory.boolValue {
      if let folder = manifestFolder(root) {
        return await validate(
          folder, manifest: root, profiles: profiles, width: width, measuring: measuring, source: source,
          progress: progress)
      }
      return ValidationRun(report: await validateFile(root))
    }
    guard access(root, R_OK | X_OK) == 0 else {
      return ValidationRun(
        report: refused(
          root,
          FileRules.unreadable.finding(
            "the dataset folder cannot be listed (permission denied)", hint: "make it readable, then run again",
            at: SourceLocation(file: root))))
    }
    return await validate(
      root, manifest: ManifestReader.locate(in: root), profiles: profiles, width: width, measuring: measuring,
      source: source, progress: progress)
  }

  /// A file's size in bytes (0 when it cannot be examined).
  static func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
  }

  /// The report for a path that cannot be validated at all: its one error, nothing read.
  private static func refused(_ root: String, _ finding: Diagnostic) -> ValidationReport {
    ValidationReport(dataset: root, diagnostics: [finding], unchecked: [], files: 0, bytes: 0)
  }

  /// The folder of `path` when `path` is a dataset manifest (YAML or JSON with an `annota` key at the
  /// top), `nil` for any other file.
  /// - Parameter path: a file.
  /// - Returns: its folder, or `nil`.
  public static func manifestFolder(_ path: String) -> String? {
    let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
    guard [".yaml", ".yml", ".json"].contains(where: name.hasSuffix) else { return nil }
    guard ["annota.yaml", "annota.json"].contains(name) || ManifestReader.isManifest(contentsOf: path) else {
      return nil
    }
    return path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
  }

  private static func validate(
    _ root: String, manifest manifestPath: String?, profiles: Set<Profile>, width: Int, measuring: Bool,
    source: FactsSource, progress: (@Sendable (ValidationProgress) -> Void)?
  ) async -> ValidationRun {
    let jobs = width > 0 ? width : BoundedParallel.defaultWidth
    // With a cache, the cores the manifest's reading leaves idle hash files for it.
    var early: EarlyHashes?
    if case .read(let options) = source, options.cache != nil, options.observer == nil, jobs > 1 {
      early = EarlyHashes(root: root, width: jobs - 1)
    }
    var findings: [Diagnostic] = []
    let manifest: Manifest
    let onDisk: [String]
    let refused: [PathNote]
    var manifestFiles = 0
    if let conflict = ManifestReader.conflict(in: root) { findings.append(conflict) }
    if let manifestPath {
      let manifestName = String(manifestPath.split(separator: "/").last ?? "annota.yaml")
      let read = ManifestReader.read(contentsOf: manifestPath, displayName: manifestName)
      findings += read.diagnostics
      manifestFiles = 1
      // Files and pixels are checked even when the manifest has errors, so one run says everything.
      if let parsed = read.manifest ?? ManifestReader.readDraft(contentsOf: manifestPath).manifest {
        let listing = await early?.folderListing() ?? FolderScanner.listing(of: root)
        onDisk = listing.files
        refused = listing.refused
        let (resolved, orphans) = resolvePairings(parsed, onDisk: onDisk)
        findings += orphans
        manifest = resolved
      } else {
        // Not even a draft decodes (a syntax error): the files are checked as `annota init` would
        // pair them, so a broken image is still found.
        let scan = DatasetScan.scan(root)
        onDisk = scan.files.map(\.path)
        refused = scan.refused
        manifest = DatasetDraft.manifest(for: scan, name: "dataset").manifest
      }
    } else {
      // A bare folder: infer what `annota init` would write, and check files and pixels against it.
      let scan = DatasetScan.scan(root)
      let name = String(root.split(separator: "/").last ?? "dataset")
      let (draft, _) = DatasetDraft.manifest(for: scan, name: name)
      findings.append(
        FileRules.noManifest.finding(
          "no annota.yaml: \(draft.images.count) image(s) and \(draft.annotationSets.count) annotation set(s) were inferred; metadata (study, licence, authors, methods) is missing",
          hint: "run `annota init` and fill in the TODOs", at: SourceLocation(file: "annota.yaml")))
      for ambiguity in scan.ambiguous {
        let (path, candidates) = (ambiguity.annotation, ambiguity.candidates)
        findings.append(
          FileRules.noSourceImage.finding(
            "several images fit equally: \(candidates.joined(separator: ", "))",
            hint: "rename files, or list the pairs in a table", at: SourceLocation(file: path)))
      }
      for (path, reason) in scan.unpairedReasons.sorted(by: { $0.key < $1.key }) {
        findings.append(
          FileRules.noSourceImage.finding(
            "no image fits: \(reason)",
            hint: "re-export the label image at its image's size, or pair it by hand in annota.yaml",
            at: SourceLocation(file: path)))
      }
      onDisk = scan.files.map(\.path)
      refused = scan.refused
      manifest = draft
    }
    for note in refused {
      let (path, reason) = (note.path, note.reason)
      findings.append(
        FileRules.special.finding(
          reason, hint: "replace it with the file itself (copy it into the dataset), or remove it",
          at: SourceLocation(file: path)))
    }
    var files = FileCheck(root: root, onDisk: onDisk)
    findings += files.check(manifest)
    var profileCheck = ProfileCheck(manifest: manifest, paths: files.listed.map { ($0.path, $0.pointer) })
    let (profileFindings, profileResults) = profileCheck.check(profiles)
    findings += profileFindings
    // One read per file: every check below works from these facts. Images and masks first, then the
    // GeoJSON files, which need their image's size.
    let shapeFiles = ShapeTasks(manifest: manifest, present: files.present)
    // The batch-effect check measures each image in the same read, when there are groups to compare.
    let measures = measuring || (profiles.contains(.ml) && BatchEffectCheck.hasGroupsToCompare(manifest))
    let allTasks = files.tasks(manifest).map { task in
      var task = task
      task.measuresImage = measures && task.role == .image
      if measuring, case .labelImage(var context) = task.role {
        context.keepValues = true
        task.role = .labelImage(context)
      }
      return task
    }
    let tracker = ProgressTracker(tasks: allTasks, root: root, report: progress)
    // The manifest's syntax tree and the listing are gone: their memory goes back before the read
    // pass allocates in its own threads.
    MemoryTuning.releaseFreeMemory()
    // GeoJSON files need their images' sizes: they are read second (in a sharded run, at the merge).
    let firstTasks = allTasks.filter { !shapeFiles.paths.contains($0.path) }
    var facts: [String: FileFacts]
    var readOptions = FileReadPass.Options()
    switch source {
    case .read(var options):
      if let early { options.early = await early.finish() }
      readOptions = options
      facts = await FileReadPass.run(firstTasks, root: root, width: jobs, tracker: tracker, options: options)
    case .shard(let shard, let options):
      let share = shard.share(of: firstTasks.map { ($0.path, Self.fileSize(root + "/" + $0.path)) })
      let facts = await FileReadPass.run(
        firstTasks.filter { share.contains($0.path) }, root: root, width: jobs, tracker: tracker, options: options)
      return ValidationRun(
        report: ValidationReport(dataset: root, diagnostics: [], unchecked: [], files: 0, bytes: 0), facts: facts)
    case .provided(let provided):
      let wanted = Set(firstTasks.map(\.path))
      facts = provided.filter { wanted.contains($0.key) }
      let uncovered = wanted.subtracting(provided.keys).union(Set(provided.keys).subtracting(wanted))
      if !uncovered.isEmpty {
        return ValidationRun(
          report: ValidationReport(dataset: root, diagnostics: [], unchecked: [], files: 0, bytes: 0),
          uncovered: uncovered.sorted())
      }
    }
    // A plain multi-page TIFF does not say what its pages are: where the manifest declares them as
    // channels, every check below (sizes, masks, shapes) sees channels.
    for image in manifest.images where facts[image.path]?.pagesAreChannels(of: image) == true {
      facts[image.path]!.readPagesAsChannels()
    }
    facts.merge(
      await FileReadPass.run(
        shapeFiles.tasks(facts: facts), root: root, width: jobs, tracker: tracker, options: readOptions)
    ) { first, _ in first }
    for path in shapeFiles.paths.sorted() {
      guard let fact = facts[path] else { continue }
      findings += fact.findings
      if let failure = fact.failure {
        findings.append(
          FileRules.unreadable.finding(
            failure, hint: "write a FeatureCollection as SPEC §5.3 says", at: SourceLocation(file: path)))
      }
    }
    findings += files.checkContents(facts)
    findings += files.checkImages(manifest, facts: facts)
    let unlisted = await Self.checkUnlisted(files.unlistedReadable, root: root)
    // Tool files and OME-XML ROIs a set lists as they are (`encoding: other`) are parsed and their
    // shapes checked as `validate FILE` would: hashing them alone would call them checked unread.
    let listedTools = await ToolFileCheck.checkListed(
      manifest: manifest, present: files.present, facts: facts, root: root)
    let (unlistedFindings, unlistedUnchecked) = (
      unlisted.findings + listedTools.findings, unlisted.unchecked + listedTools.unchecked
    )
    findings += unlistedFindings
    var masks = MaskCheck(manifest: manifest, facts: facts)
    findings += masks.check()
    var unchecked =
      files.unchecked + masks.unchecked + shapeFiles.paths.sorted().flatMap { facts[$0]?.unchecked ?? [] }
      + unlistedUnchecked
    if profiles.contains(.ml) {
      var ml = MLCheck(manifest: manifest, facts: facts)
      findings += ml.check()
      unchecked += ml.unchecked
      let batches = BatchEffectCheck(manifest: manifest, facts: facts).check()
      findings += batches.findings
      unchecked += batches.unchecked
    }
    var omitted = masks.omitted + profileCheck.omitted
    // The profile, ML and mask checks place manifest findings in `annota.yaml`: name the real file.
    if let manifestPath, let name = manifestPath.split(separator: "/").last.map(String.init), name != "annota.yaml" {
      for index in findings.indices where findings[index].location.file == "annota.yaml" {
        findings[index].location.file = name
      }
      for index in omitted.indices where omitted[index].location.file == "annota.yaml" {
        omitted[index].location.file = name
      }
    }
    var report = ValidationReport(
      dataset: root, diagnostics: findings, unchecked: unchecked,
      files: files.examined + manifestFiles + unlisted.files,
      bytes: facts.values.reduce(0) { $0 + $1.size } + unlisted.bytes, omitted: omitted)
    report.profiles = profileResults.map { result in
      var result = result
      // `core` is satisfied when no core rule found an error; the others by their own rules (above).
      if result.name == "core" {
        let profileRules = Set(ProfileRules.all.map(\.id) + MLRules.all.map(\.id) + CatalogRules.all.map(\.id))
        result.satisfied =
          result.missingRequired.isEmpty
          && !report.diagnostics.contains {
            $0.severity == .error && $0.waived == nil && !profileRules.contains($0.rule)
          }
      } else if result.name == "ml" {
        result.satisfied =
          result.satisfied
          && !report.diagnostics.contains {
            $0.severity == .error && $0.waived == nil && MLRules.all.map(\.id).contains($0.rule)
          }
      }
      return result
    }
    return ValidationRun(
      report: report, manifest: manifest,
      files: measuring ? facts.mapValues(FileMeasurements.init) : [:])
  }
}

extension DatasetValidator {
  /// Each unlisted file read on its own, as `validate FILE` would.
  ///
  /// An unlisted file is not described, but it is in the folder a packer bundles, so a damaged one
  /// must not pass. Its errors and what could not be checked count; its warnings do not (FILE-002
  /// already says it is unlisted).
  static func checkUnlisted(_ paths: [String], root: String) async -> (
    findings: [Diagnostic], unchecked: [ValidationReport.Unchecked], files: Int, bytes: Int
  ) {
    var findings: [Diagnostic] = []
    var unchecked: [ValidationReport.Unchecked] = []
    var bytes = 0
    for path in paths {
      let single = await validateFile(root + "/" + path)
      bytes += single.summary.bytes
      for var finding in single.diagnostics where finding.severity == .error {
        finding.location.file = path
        findings.append(finding)
      }
      for var item in single.unchecked {
        item.location.file = path
        unchecked.append(item)
      }
    }
    return (findings, unchecked, paths.count, bytes)
  }

  /// The manifest of the dataset in `root` with each `pairing` replaced by the files on disk it pairs
  /// (SPEC §7), as the packer lists them; `nil` without a readable manifest.
  /// - Parameter root: the dataset folder.
  /// - Returns: the resolved manifest.
  public static func resolvedManifest(_ root: String) -> Manifest? {
    guard let path = ManifestReader.locate(in: root),
      let manifest = ManifestReader.read(contentsOf: path, displayName: "annota.yaml").manifest
    else { return nil }
    return resolvePairings(manifest, onDisk: FolderScanner.files(in: root)).manifest
  }
}

/// One annotation file on its own: readable in its format, and for label images the checks that need no
/// source image.
func validateFile(_ path: String) async -> ValidationReport {
  let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
  let name = String(path.split(separator: "/").last ?? Substring(path))
  if name.lowercased().hasSuffix(".tsv"), let first = firstLine(path), FileListCheck.looksLikeFileList(first) {
    var list = FileListCheck(path: path)
    let findings = list.check()
    return ValidationReport(
      dataset: path, diagnostics: findings, unchecked: list.unchecked, files: 1, bytes: list.bytes,
      omitted: list.omitted)
  }
  let file = FolderScanner.classify(name, in: folder)
  var findings: [Diagnostic] = []
  var unchecked: [ValidationReport.Unchecked] = []
  var omitted: [ValidationReport.Omitted] = []
  let location = SourceLocation(file: name)
  // Every strip, tile or chunk of the file decoded: damage is FILE-005, a layout Annota does not
  // decode is could-not-check.
  func decodeInFull(_ what: String, hint: String) {
    let fact = FileReadPass.read(FileTask(path: name, role: .image), root: folder)
    if let failure = fact.failure {
      findings.append(FileRules.unreadable.finding("\(what) cannot be read: \(failure)", hint: hint, at: location))
    } else if let reason = fact.unsupported {
      unchecked.append(.init(rule: FileRules.unreadable.id, location: location, reason: reason))
    }
  }
  switch file.role {
  case _ where file.format == .omeXML:
    // OME-XML ROIs: parsed under the XML limits, their shapes checked against the image they belong
    // to when the file describes exactly one (with several, which ROI is whose is not checked here).
    let result = ToolFileCheck.omeXML(path, name: name, sourceBounds: nil)
    findings += result.findings
    unchecked += result.unchecked
  case .toolAnnotations where file.format.isHDF5:
    // An ilastik project: its painted label blocks are image-like datasets, every chunk decoded.
    decodeInFull("the project", hint: "re-save the project in ilastik")
  case .toolAnnotations:
    // The tool's own image sizes and label list stand in for a manifest's.
    let result = ToolFileCheck.check(path, name: name, format: file.format, sourceBounds: [:])
    findings += result.findings
    unchecked += result.unchecked
  case .labelImage:
    do {  // a scope for the single-file manifest
      let table = AnnotationSet(
        id: "file", name: name, overview: "", types: [.segmentationMask], encoding: .labelImage,
        files: [AnnotationFile(path: name, image: nil)])
      var single = Manifest(
        study: Study(title: "", description: "", authors: [], licence: ""), images: [], annotationSets: [table])
      // Without a manifest the kind is inferred, as `annota init` would.
      single.annotationSets[0].kind = file.labels.map(DatasetImporter.inferKind) ?? .instance
      let tasks = MaskCheck.tasks(for: single, present: [name])
      let facts = await FileReadPass.run(
        tasks, root: folder, width: 1, tracker: ProgressTracker(tasks: tasks, root: folder, report: nil))
      var masks = MaskCheck(manifest: single, facts: facts)
      findings += masks.check()
      unchecked += masks.unchecked
      omitted += masks.omitted
    }
  case .shapes:
    // Without a manifest there is no image size or label table: geometry and tracks only.
    let context = ShapeContext(bounds: nil, labelNames: nil, labelValues: nil, tracks: false, pointer: "")
    let task = FileTask(path: name, role: .shapes(context))
    let fact = FileReadPass.read(task, root: folder)
    findings += fact.findings
    unchecked += fact.unchecked.filter { $0.rule != ShapeRules.outOfBounds.id }
    if let failure = fact.failure { findings.append(FileRules.unreadable.finding(failure, at: location)) }
  case .image:
    // An image on its own: read in full and every strip, tile or chunk decoded, as in a dataset.
    decodeInFull("the image", hint: "re-export or re-copy the file")
    // A TIFF named like a mask that is not integer: the mask rules say so.
    if FolderScanner.isLabelHinted(name.lowercased()) {
      findings.append(
        MaskRules.notInteger.finding(
          "named like a label image, but its samples are not integer single-channel", at: location))
    }
  default:
    findings.append(
      FileRules.unreadable.finding(
        "not an annotation file Annota can read (\(file.notes.first ?? file.format.rawValue))",
        hint: "`annota detect` lists the formats it could be", at: location))
  }
  let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
  return ValidationReport(
    dataset: path, diagnostics: findings, unchecked: unchecked, files: 1, bytes: size, omitted: omitted)
}

/// The first line of a file (at most 64 KiB read).
func firstLine(_ path: String) -> String? {
  guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.read(upToCount: 64 << 10) else {
    return nil
  }
  try? handle.close()
  let bytes = Array(data)
  return String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
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
    resolved.annotationSets[index].files = pairing.pairs(among: onDisk).map { path, imagePath in
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

/// The `FILE` rules: what is listed against what is on disk, then (from one read of each file) sizes,
/// checksums and readability.
struct FileCheck {
  struct Listed {
    var path: String
    var pointer: String
    var checksum: String?
    /// The declared `format` (images only) and where it is.
    var format: String? = nil
    var formatPointer: String? = nil
  }

  let root: String
  let onDisk: [String]
  /// Listed paths that exist.
  private(set) var present: Set<String> = []
  private(set) var examined = 0
  private(set) var listed: [Listed] = []
  private(set) var unchecked: [ValidationReport.Unchecked] = []
  /// Files the manifest does not list that Annota can read (images, annotation files, OME-XML): they
  /// are still in the folder a packer bundles, so they are read too.
  private(set) var unlistedReadable: [String] = []

  init(root: String, onDisk: [String]) {
    self.root = root
    self.onDisk = onDisk
  }

  /// Why a file named `.json` or `.geojson` (up to 64 MiB) does not parse as JSON, or `nil`.
  static func brokenJSON(_ path: String) -> String? {
    let lower = path.lowercased()
    guard lower.hasSuffix(".json") || lower.hasSuffix(".geojson"),
      let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size <= 64 << 20,
      let data = FileManager.default.contents(atPath: path)
    else { return nil }
    do {
      _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
      return nil
    } catch {
      return "it ends or breaks before the document is complete"
    }
  }

  /// Every present file, once, with the most specific role a rule needs.
  func tasks(_ manifest: Manifest) -> [FileTask] {
    var roles: [String: FileTask.Role] = [:]
    for entry in listed where present.contains(entry.path) { roles[entry.path] = .other }
    for image in manifest.images where present.contains(image.path) { roles[image.path] = .image }
    for task in MaskCheck.tasks(for: manifest, present: present, onDisk: Set(onDisk)) { roles[task.path] = task.role }
    return roles.keys.sorted().map { FileTask(path: $0, role: roles[$0]!) }
  }

  /// Listed against on disk: missing, case-only differences, unlisted.
  mutating func check(_ manifest: Manifest) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let disk = Set(onDisk)
    var byLowercase: [String: String] = [:]
    for path in onDisk { byLowercase[path.lowercased()] = path }
    listed = manifest.images.enumerated().map {
      Listed(
        path: $1.path, pointer: "/images/\($0)/path", checksum: $1.checksum, format: $1.format,
        formatPointer: "/images/\($0)/format")
    }
    for (s, set) in manifest.annotationSets.enumerated() {
      for (f, file) in set.files.enumerated() {
        listed.append(
          Listed(path: file.path, pointer: "/annotation_sets/\(s)/files/\(f)/path", checksum: file.checksum))
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
      if present.insert(entry.path).inserted { examined += 1 }
    }
    let listedPaths = Set(listed.map(\.path))
    // Instance tables beside label images, and the members of a multi-file OME-TIFF set whose
    // metadata file is listed, are described by what is listed.
    let companions = Set(listed.map { InstanceTable.path(forLabelImage: $0.path) })
      .union(DatasetScan.omeSetMembers(of: listed.map(\.path), root: root))
    for path in onDisk where !listedPaths.contains(path) && !companions.contains(path) {
      let file = FolderScanner.classify(path, in: root, readPixels: false)
      let role = file.role
      // OME-XML, and a file that looks like a tool's format or HDF5 but does not read (a damaged
      // export), are read on their own too.
      if file.format == .omeXML
        || file.notes.contains(where: { $0.hasPrefix("looks like") || $0.contains("cannot be read") })
      {
        unlistedReadable.append(path)
      } else if role == .other, let problem = Self.brokenJSON(root + "/" + path) {
        // A `.json` that is not JSON at all is damaged whatever it was meant to be (a LabelMe or
        // COCO file cut short no longer shows its format).
        findings.append(
          FileRules.unreadable.finding(
            "named .json but not valid JSON: \(problem)", hint: "re-export or re-copy the file",
            at: SourceLocation(file: path)))
      }
      guard [.image, .labelImage, .shapes, .toolAnnotations].contains(role) else {
        // A BIA crate's own files (what `pack --target bia` writes at the top) describe the payload.
        let crateFiles: Set<String> = ["ro-crate-metadata.json", "file_list.tsv", "file_list_biostudies.tsv"]
        if role != .manifest, !unlistedReadable.contains(path), !crateFiles.contains(path) {
          findings.append(
            FileRules.undescribed.finding(
              "a \(file.format == .unknown ? "" : file.format.rawValue + " ")file the manifest does not describe: packed as it is",
              at: SourceLocation(file: path)))
        }
        continue
      }
      unlistedReadable.append(path)
      findings.append(
        FileRules.unlisted.finding(
          "a\(role == .image ? "n image" : "n annotation file") that the manifest does not list",
          hint: "`annota init --update` adds it; or remove it from the dataset",
          at: SourceLocation(file: path)))
    }
    return findings
  }

  /// From one read of each file: the BIA's size limit, recorded checksums, the format, unreadable
  /// images.
  mutating func checkContents(_ facts: [String: FileFacts]) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    var reported: Set<String> = []
    for entry in listed {
      guard let fact = facts[entry.path] else { continue }
      let location = SourceLocation(file: entry.path, pointer: entry.pointer)
      if let expected = entry.format.map(FormatID.init(declared:)) ?? FormatID(extensionOf: entry.path), fact.size > 0,
        fact.failure == nil || fact.format != nil
      {
        if let actual = fact.format {
          // An OME-TIFF is known as one only once its first directory reads; a damaged one is FILE-005.
          let undecided = fact.failure != nil && actual == .tiff && expected == .omeTIFF
          if !undecided, !actual.satisfies(expected, path: entry.path) {
            findings.append(
              FileRules.formatMismatch.finding(
                "the content is \(actual), but \(entry.format.map { "the manifest declares `\($0)`" } ?? "the name says \(expected)")",
                hint: entry.format == nil
                  ? "rename the file with the right extension, or re-export it"
                  : "correct `format`, or re-export the file",
                at: SourceLocation(file: entry.path, pointer: entry.format == nil ? entry.pointer : entry.formatPointer)
              ))
          }
        } else {
          unchecked.append(
            .init(
              rule: FileRules.formatMismatch.id, location: location,
              reason: "the content's format is not one Annota recognises (expected \(expected))"))
        }
      }
      if fact.size > DatasetValidator.maxFileBytes, reported.insert(entry.path).inserted {
        findings.append(
          FileRules.tooLarge.finding(
            "\(fact.size) bytes; the BioImage Archive accepts files up to 2 TB",
            hint: "split the file (one file per position or time point)",
            at: location))
      }
      if let checksum = entry.checksum, let separator = checksum.firstIndex(of: ":"),
        checksum[..<separator] == "sha256"
      {
        let expected = String(checksum[checksum.index(after: separator)...])
        if let actual = fact.sha256, actual != expected {
          findings.append(
            FileRules.checksum.finding(
              "SHA-256 is \(actual), the manifest records \(expected)",
              hint: "the file changed since it was recorded: restore it, or update the checksum",
              at: location))
        } else if fact.sha256 == nil {
          unchecked.append(
            .init(rule: FileRules.checksum.id, location: location, reason: fact.failure ?? "the file cannot be read"))
        }
      }
    }
    return findings
  }

  /// Images (not label images, which the mask rules report) whose pixels cannot be decoded.
  mutating func checkImages(_ manifest: Manifest, facts: [String: FileFacts]) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for (index, image) in manifest.images.enumerated() {
      guard let fact = facts[image.path] else { continue }
      let location = SourceLocation(file: image.path, pointer: "/images/\(index)/path")
      if let failure = fact.failure {
        findings.append(
          FileRules.unreadable.finding(
            "the image cannot be read: \(failure)", hint: "re-export or re-copy the file", at: location))
      } else if let reason = fact.unsupported {
        unchecked.append(.init(rule: FileRules.unreadable.id, location: location, reason: reason))
      } else {
        findings += DeclaredSizeCheck.check(image, index: index, fact: fact)
      }
    }
    return findings
  }
}
