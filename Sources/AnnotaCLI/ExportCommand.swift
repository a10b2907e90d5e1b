// SPDX-License-Identifier: Apache-2.0
import AnnotaExport
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota export`: a dataset written as the folder a training tool reads (nnU-Net v2, Ultralytics
/// YOLO, COCO, ImageFolder).
public struct ExportCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a dataset as an nnU-Net, YOLO, COCO or ImageFolder training folder.",
    discussion: """
      Splits come from the manifest; an image in two splits (the same file, or identical bytes) is \
      an error before anything is written. Images are copied byte for byte (ImageFolder hard-links \
      them on the same filesystem); a format the layout cannot read is converted without loss and \
      named in a note. The output folder is created whole or not at all. Without --set, every \
      annotation set the layout can hold is used: label images (nnunet, yolo, coco), GeoJSON shapes \
      (yolo, coco), class tables (imagefolder). See docs/guide-export.md for the command that \
      trains on each layout.
      """)

  /// The dataset.
  @Argument(help: "The dataset folder (or its manifest).")
  public var dataset: String

  /// The layout.
  @Option(help: "The layout: nnunet, yolo, coco or imagefolder.")
  public var to: String

  /// The output folder.
  @Option(name: .shortAndLong, help: "The folder to create (nnunet: named DatasetNNN_Name).")
  public var output: String

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
    guard layouts.contains(to) else {
      throw ValidationError("--to takes \(layouts.joined(separator: ", "))")
    }
    if let task, TrainingExportOptions.YOLOTask(rawValue: task) == nil {
      throw ValidationError("--task takes detect or segment")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  /// Exports and prints what was written.
  public func run() async throws {
    let path = try DatasetPath(dataset)
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
