// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import AnnotaWorkflows
public import ArgumentParser
import Foundation

/// `annota inspect`: what TIFF, OME-TIFF or OME-XML files hold.
public struct InspectCommand: AsyncParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show what image, label image or OME-XML files hold.",
    discussion: """
      Reports the format (by content, not by name), every image's axes, shape, sample type and \
      physical pixel size, the ROI shapes per kind, and for integer single-channel images the label \
      values with their pixel counts and 0-based bounding boxes [xmin, ymin, xmax, ymax) (max \
      exclusive), computed in one streaming pass. Folders are expanded to the TIFF and OME files in \
      them; files are inspected in parallel (--jobs) and reported in the order given, with JSON \
      output as one object per line. Exit status: 0, 1 when a file cannot be read, 2 when a path does not exist.
      """)

  /// The files.
  @Argument(help: "TIFF, OME-TIFF, OME-XML, companion or HDF5 files, or folders of them.")
  public var paths: [String]

  /// Output format.
  @Option(help: "Output format: text or json (one object per file, one per line).")
  public var format: OutputFormat = .text

  /// Whether to list every shape.
  @Flag(help: "List every shape's geometry (GeoJSON, the spec's pixel convention).")
  public var shapes = false

  /// Whether to skip label statistics.
  @Flag(help: "Skip label statistics (faster on large images).")
  public var noLabels = false

  /// The HDF5 label volume for label statistics.
  @OptionGroup public var hdf5: HDF5PathOption

  /// The HDF5 label volume's internal path.
  var dataset: String? { hdf5.path }

  /// Parallel workers.
  @Option(name: .customLong("jobs"), help: "Files inspected at once (default: the number of cores).")
  public var jobsOption: Int?

  /// `--jobs`, or the number of cores.
  var jobs: Int { jobsOption ?? BoundedParallel.defaultWidth }

  /// Resource limits.
  @OptionGroup(title: "Limits") public var limits: LimitOptions

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
  }

  /// Inspects and prints, in input order, as results arrive.
  public func run() async throws { try await limits.readLimits.apply { try await execute() } }

  /// The command's work, with its read limits in force.
  func execute() async throws {
    for path in paths where !FileManager.default.fileExists(atPath: path) {
      throw CommandFailure.missing(path, "file or folder")
    }
    let files = expand(paths)
    let labels = !noLabels
    let dataset = dataset
    let render = Renderer(format: format, shapes: shapes)
    var failed = false
    // Each worker also renders its file's output, so the ordered printing is the only serial part.
    try await BoundedParallel.forEach(files, width: jobs) { path in
      Result { render.text(try FileInspector.inspect(path, labelStatistics: labels, dataset: dataset)) }
    } emit: { _, result in
      switch result {
      case .success(let text): print(text, terminator: "")
      case .failure(let error):
        failed = true
        printError("\(error)")
      }
    }
    if failed { throw ExitCode(1) }
  }

  /// Folders become their image and OME files (sorted); files stay as given.
  private func expand(_ paths: [String]) -> [String] {
    var files: [String] = []
    let suffixes = [".tif", ".tiff", ".ome.xml", ".ome", ".xml", ".h5", ".hdf5", ".ilp"]
    for path in paths {
      var isDirectory: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      files += names.filter { name in suffixes.contains { name.lowercased().hasSuffix($0) } }.sorted()
        .map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
    }
    return files
  }

}

/// Turns an inspection into the text `annota inspect` prints for one file.
struct Renderer: Sendable {
  let format: OutputFormat
  let shapes: Bool

  func text(_ inspection: FileInspection) -> String {
    switch format {
    case .json:
      var out = ""
      inspection.json(includeShapes: shapes).write(into: &out)
      return out + "\n"
    case .text: return summary(inspection)
    }
  }

  private func summary(_ inspection: FileInspection) -> String {
    var out = "\(inspection.path): \(inspection.format)\n"
    for image in inspection.images {
      out +=
        "  image \(image.name): \(image.axes) \(image.shape.map(String.init).joined(separator: "×")) \(image.dtype)"
      if let size = image.physicalSize {
        let parts = [("x", size.x), ("y", size.y), ("z", size.z)].compactMap { axis, value in
          value.map { "\(axis) \($0)" }
        }
        out += "; pixel size \(parts.joined(separator: ", ")) µm"
      }
      out += "\n"
    }
    let counts = inspection.shapeCounts
    if !counts.isEmpty {
      out +=
        "  shapes: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + "\n"
      if shapes { for feature in inspection.shapes { out += "    \(feature.json.text)\n" } }
    }
    if let layout = inspection.layout { out += "  layout: \(layout)\n" }
    if let labels = inspection.labels {
      if let dataset = inspection.labelDataset { out += "  label volume: \(dataset)\n" }
      let share = (labels.backgroundShare * 1000).rounded() / 10
      out += "  labels: \(labels.labels.count) values besides background (\(share)% of pixels are 0)\n"
      for label in labels.labels.prefix(20) {
        out += "    \(label.value): \(label.pixels) px, bbox \(label.bbox)\n"
      }
      if labels.labels.count > 20 { out += "    … \(labels.labels.count - 20) more (use --format json)\n" }
    }
    for problem in inspection.damage { out += "  damaged: \(problem)\n" }
    for warning in inspection.warnings { out += "  warning: \(warning)\n" }
    return out
  }
}
