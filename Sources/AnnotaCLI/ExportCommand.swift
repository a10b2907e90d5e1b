// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota export`: a dataset written as the folder a training tool reads (nnU-Net v2, Ultralytics
/// YOLO, COCO, ImageFolder), or described as a catalog record (Croissant, bioimage.io, Zenodo,
/// DataCite).
public struct ExportCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a dataset as a training folder (nnU-Net, YOLO, COCO, ImageFolder) or a catalog record.",
    discussion: """
      Splits come from the manifest; an image in two splits (the same file, or identical bytes) is \
      an error before anything is written. Images are copied byte for byte (ImageFolder hard-links \
      them on the same filesystem); a format the layout cannot read is converted without loss and \
      named in a note. The output folder is created whole or not at all. Without --set, every \
      annotation set the layout can hold is used: label images (nnunet, yolo, coco), GeoJSON shapes \
      (yolo, coco), class tables (imagefolder). See docs/guide-export.md for the command that \
      trains on each layout. \
      Catalog records (--to croissant, bioimageio, zenodo, datacite) are written from the manifest \
      after checking it has every field the catalog requires; a missing one is an error that names \
      the manifest field to add, and nothing is written. Without -o, croissant, zenodo and datacite \
      print the record; bioimageio writes rdf.yaml, README.md and cover.png into the folder -o \
      names. See docs/guide-publish.md.
      """)

  /// The dataset.
  @Argument(help: "The dataset folder (or its manifest).")
  public var dataset: String

  /// The layout.
  @Option(help: "The layout or record: nnunet, yolo, coco, imagefolder, croissant, bioimageio, zenodo or datacite.")
  public var to: String

  /// The output folder or file.
  @Option(
    name: .shortAndLong,
    help: "The folder to create (nnunet: named DatasetNNN_Name; bioimageio: a new folder) or the record's file.")
  public var output: String?

  /// Zenodo communities.
  @Option(name: .customLong("community"), help: "zenodo: a community id to submit to (repeatable).")
  public var communities: [String] = []

  /// Sets to export.
  @Option(
    name: .customLong("set"), help: "An annotation set to export (repeatable; default: every set the layout holds).")
  public var sets: [String] = []

  /// nnU-Net: instance masks as classes.
  @Flag(help: "nnunet: write instance masks as class label images (each object's class; ids are not kept).")
  public var semanticFromInstance = false

  /// YOLO rows.
  @Option(help: "yolo: detect (boxes) or segment (polygons); default segment when any object has an outline.")
  public var task: String?

  /// ImageFolder: no hard links.
  @Flag(help: "imagefolder: copy images even where hard links are possible.")
  public var copy = false

  /// How the summary is printed.
  public enum SummaryFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Lines for people.
    case text
    /// One JSON object.
    case json
  }

  /// Output format.
  @Option(help: "The summary's format: text or json.")
  public var format: SummaryFormat = .text

  /// Parallel width.
  @Option(name: .customLong("jobs"), help: "Images read and written at once (default: the number of cores).")
  public var jobs: Int?

  /// No progress bar.
  @Flag(name: .shortAndLong, help: "No progress bar.")
  public var quiet = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    let layouts = TrainingLayout.all.map(\.rawValue)
    let catalogs = CatalogTarget.all.map(\.rawValue)
    guard layouts.contains(to) || catalogs.contains(to) else {
      throw ValidationError("--to takes \((layouts + catalogs).joined(separator: ", "))")
    }
    if layouts.contains(to) || to == CatalogTarget.bioimageio.rawValue, output == nil {
      throw ValidationError("--to \(to) needs -o FOLDER")
    }
    if catalogs.contains(to), !sets.isEmpty || semanticFromInstance || task != nil || copy || jobs != nil {
      throw ValidationError("--set, --semantic-from-instance, --task, --copy and --jobs are for the training layouts")
    }
    if !communities.isEmpty, to != CatalogTarget.zenodo.rawValue {
      throw ValidationError("--community is for --to zenodo")
    }
    if let task, TrainingExportOptions.YOLOTask(rawValue: task) == nil {
      throw ValidationError("--task takes detect or segment")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  /// Exports and prints what was written.
  public func run() async throws {
    let path = try DatasetPath(dataset)
    if CatalogTarget.all.map(\.rawValue).contains(to) { return try exportRecord(path) }
    guard let output else { throw CommandFailure("--to \(to) needs -o FOLDER") }
    MemoryTuning.reuseLargeBuffers()
    var options = TrainingExportOptions(layout: TrainingLayout(rawValue: to))
    options.sets = sets
    options.semanticFromInstance = semanticFromInstance
    options.yoloTask = task.flatMap(TrainingExportOptions.YOLOTask.init(rawValue:))
    options.copyOnly = copy
    let bar = ProgressBar.wanted(quiet: quiet) ? ProgressBar() : nil
    let result: TrainingExporter.Result
    do {
      result = try await TrainingExporter.export(path.root, to: output, options: options, jobs: jobs) { done, total in
        bar?.update(done: done, total: total, noun: "images")
      }
    } catch {
      bar?.finish()
      throw CommandFailure(error.description)
    }
    bar?.finish()
    if format == .json {
      print(Self.json(result).text)
      return
    }
    let splits = result.images.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    let noun =
      switch result.layout {
      case .nnunet: "label image(s)"
      case .imageFolder: "labelled image(s)"
      default: "object(s)"
      }
    print(
      "wrote \(result.folder) (\(result.layout)): \(splits); \(result.objects) \(noun) in \(result.classes.count) class(es)"
    )
    print("sets: \(result.sets.joined(separator: ", ")); classes: \(result.classes.joined(separator: ", "))")
    if result.links > 0 { print("\(result.links) of \(result.files) file(s) are hard links to the dataset's") }
    for note in result.notes { print("note: \(note)") }
  }

  /// Writes (or prints) a catalog record; the summary goes to standard error when the record is printed.
  private func exportRecord(_ path: DatasetPath) throws {
    var options = CatalogExporter.Options(target: CatalogTarget(rawValue: to), output: output)
    options.communities = communities
    let result: CatalogExporter.Result
    do { result = try CatalogExporter.export(path.root, options: options) } catch {
      throw CommandFailure(error.description)
    }
    if let text = result.text { print(text, terminator: "") }
    if format == .json {
      let summary = JSONValue.object([
        ("target", .string(to)), ("files", .array(result.files.map(JSONValue.string))),
        ("missing_recommended", .array(result.gaps.map { .string($0.description) })),
        ("notes", .array(result.notes.map(JSONValue.string))),
      ])
      report(summary.text, toError: result.text != nil)
      return
    }
    if !result.files.isEmpty { report("wrote \(to) record: \(result.files.joined(separator: ", "))", toError: false) }
    for gap in result.gaps { report("recommended: \(gap)", toError: result.text != nil) }
    for note in result.notes { report("note: \(note)", toError: result.text != nil) }
  }

  private func report(_ line: String, toError: Bool) {
    if toError { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
  }

  /// The result as JSON.
  static func json(_ result: TrainingExporter.Result) -> JSONValue {
    .object([
      ("folder", .string(result.folder)), ("layout", .string(result.layout.rawValue)),
      ("sets", .array(result.sets.map(JSONValue.string))),
      ("images", .object(result.images.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) })),
      ("objects", .number(Double(result.objects))), ("classes", .array(result.classes.map(JSONValue.string))),
      ("files", .number(Double(result.files))), ("links", .number(Double(result.links))),
      ("notes", .array(result.notes.map(JSONValue.string))),
    ])
  }
}
