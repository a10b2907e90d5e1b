// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaScan
public import ArgumentParser
import Foundation

/// `annota init`: describe a folder of images and annotations in a draft manifest.
public struct InitCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Describe a folder of images and annotations in a draft annota.yaml.",
    discussion: """
      Every file is classified by content (images, label images, annotation-tool files, tables), \
      annotations are paired with their images (a table that lists them, a file-name pattern such as \
      {name}_mask.tif, the same name in another folder, the only image in the same folder, or the \
      image names inside a tool file), and per annotation set the MIFA type, instance or semantic \
      kind and label values are inferred from the pixels. What only a person can say is written as \
      TODO with a comment saying what it is and where it goes in MIFA and REMBI. An existing manifest \
      is never overwritten: --update adds what is new on disk and keeps every value already there. \
      Exit status: 0, 1 when a manifest exists (without --update), 2 when the folder does not exist, 64 on \
      bad arguments.
      """)

  /// The folder.
  @Argument(help: "The dataset folder.")
  public var folder: String

  /// Print instead of writing.
  @Flag(help: "Print the draft and the pairings; write nothing.")
  public var dryRun = false

  /// Merge into an existing manifest.
  @Flag(help: "Add files that are new on disk to the existing manifest, keeping everything in it.")
  public var update = false

  /// List every pairing.
  @Flag(help: "List every annotation file with the image it was paired with (by default, a summary per set).")
  public var verbose = false

  /// Rewrite the manifest in canonical form when updating.
  @Flag(help: "With --update: rewrite the manifest in canonical form (its comments are dropped).")
  public var reformat = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    var isDirectory: ObjCBool = false
    // A missing folder is found by `run()` (exit 2); a file where a folder belongs is a usage error.
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), !isDirectory.boolValue {
      throw ValidationError("\(folder): a file; init describes a dataset folder")
    }
  }

  /// Scans, infers and writes.
  public func run() throws {
    guard FileManager.default.fileExists(atPath: folder) else { throw CommandFailure.missing(folder, "folder") }
    let existing = ManifestReader.locate(in: folder)
    if let conflict = ManifestReader.conflict(in: folder) {
      printError("\(folder): \(conflict.message) (\(conflict.rule)); \(conflict.hint ?? "")")
      throw ExitCode(1)
    }
    if existing != nil, !update, !dryRun {
      printError("\(existing!): a manifest exists and is never overwritten; use --update to add new files to it")
      throw ExitCode(1)
    }
    let scan = DatasetScan.scan(folder)
    let name = URL(fileURLWithPath: folder).standardizedFileURL.lastPathComponent
    let (manifest, notes) = DatasetDraft.manifest(for: scan, name: name)
    let counts = Dictionary(grouping: scan.files, by: \.role).mapValues(\.count)
    // OME-XML files without ROIs (companions, metadata) are not tables; those with ROIs are counted
    // among the annotation-tool files.
    let omeXML = scan.files.filter { $0.format == .omeXML && $0.role == .metadata }.count
    print(
      "scanned \(scan.files.count) file(s): \(counts[.image] ?? 0) image file(s) (\(scan.images.count) image(s)), \(counts[.labelImage] ?? 0) label image(s), \(counts[.toolAnnotations] ?? 0) annotation-tool file(s), \(omeXML) OME-XML metadata file(s), \((counts[.metadata] ?? 0) - omeXML) table(s)"
    )
    // Thousands of masks make thousands of pairs: the sets below summarise them unless asked.
    if verbose {
      for pair in scan.pairs {
        print("  paired \(pair.annotation) → \(pair.image) [\(pair.strategy.rawValue): \(pair.rule)]")
      }
    } else if !scan.pairs.isEmpty {
      print("  paired \(scan.pairs.count) annotation file(s) with their images (--verbose lists each)")
    }
    for path in scan.unpaired { print("  unpaired \(path): \(scan.unpairedReasons[path] ?? "no source image found")") }
    for ambiguity in scan.ambiguous {
      print("  ambiguous \(ambiguity.annotation): \(ambiguity.candidates.joined(separator: ", ")) match equally")
    }
    for note in notes { print("note: \(note)") }
    if update, let existing {
      guard let current = ManifestReader.readDraft(contentsOf: existing).manifest,
        let data = FileManager.default.contents(atPath: existing)
      else {
        printError("\(existing): its structure does not decode; fix it first (annota summary)")
        throw ExitCode(1)
      }
      let updated: (text: String?, added: [String])
      do {
        updated = try DatasetDraft.updatedText(
          String(decoding: data, as: UTF8.self), syntax: .forPath(existing), existing: current, draft: manifest,
          reformat: reformat)
      } catch let refusal as ManifestTextSplice.Refusal {
        printError(
          "\(existing): \(refusal); add the files by hand, or pass --reformat to rewrite it (comments dropped)")
        throw ExitCode(1)
      }
      for item in updated.added { print("added \(item)") }
      guard let text = updated.text else {
        print("nothing new on disk; \(existing) is unchanged")
        return
      }
      if dryRun {
        print(text)
      } else {
        try Data(text.utf8).write(to: URL(fileURLWithPath: existing), options: .atomic)
        print("wrote \(existing)")
      }
      return
    }
    let path = existing ?? folder + "/annota.yaml"
    let text = try DatasetDraft.annotatedYAML(manifest)
    if dryRun {
      print(text)
      return
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    print("wrote \(path)")
  }
}
