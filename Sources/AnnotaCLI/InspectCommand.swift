// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota inspect`: what a TIFF, OME-TIFF or OME-XML file holds.
public struct InspectCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show what an image, label image or OME-XML file holds.",
    discussion: """
      Reports the format (by content, not by name), every image's axes, shape, sample type and \
      physical pixel size, the ROI shapes per kind, and for integer single-channel images the label \
      values with their pixel counts and 0-based bounding boxes [xmin, ymin, xmax, ymax) (max \
      exclusive). Exit status: 0, or 1 when the file cannot be read.
      """)

  /// The file.
  @Argument(help: "A TIFF, OME-TIFF, OME-XML (.ome.xml) or companion (.companion.ome) file.")
  public var path: String

  /// Output format.
  @Option(help: "Output format: text or json.")
  public var format: OutputFormat = .text

  /// Whether to list every shape.
  @Flag(help: "List every shape's geometry (GeoJSON, the spec's pixel convention).")
  public var shapes = false

  /// Whether to skip label statistics.
  @Flag(help: "Skip label statistics (faster on large images).")
  public var noLabels = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Inspects and prints.
  public func run() throws {
    guard FileManager.default.fileExists(atPath: path) else {
      throw ValidationError("\(path): no such file")
    }
    let inspection: FileInspection
    do {
      inspection = try FileInspector.inspect(path, labelStatistics: !noLabels)
    } catch {
      printError("\(error)")
      throw ExitCode(1)
    }
    switch format {
    case .json: print(inspection.json(includeShapes: shapes).text)
    case .text: print(text(inspection), terminator: "")
    }
  }

  private func text(_ inspection: FileInspection) -> String {
    var out = "\(inspection.path): \(inspection.format)\n"
    for image in inspection.images {
      out += "  image \(image.name): \(image.axes) \(image.shape.map(String.init).joined(separator: "×")) \(image.dtype)"
      if let size = image.physicalSize {
        let parts = [("x", size.x), ("y", size.y), ("z", size.z)].compactMap { axis, value in value.map { "\(axis) \($0)" } }
        out += "; pixel size \(parts.joined(separator: ", ")) µm"
      }
      out += "\n"
    }
    let counts = inspection.shapeCounts
    if !counts.isEmpty {
      out += "  shapes: " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + "\n"
      if shapes { for feature in inspection.shapes { out += "    \(feature.json.text)\n" } }
    }
    if let labels = inspection.labels {
      let share = (labels.backgroundShare * 1000).rounded() / 10
      out += "  labels: \(labels.labels.count) values besides background (\(share)% of pixels are 0)\n"
      for label in labels.labels.prefix(20) {
        out += "    \(label.value): \(label.pixels) px, bbox \(label.bbox)\n"
      }
      if labels.labels.count > 20 { out += "    … \(labels.labels.count - 20) more (use --format json)\n" }
    }
    for warning in inspection.warnings { out += "  warning: \(warning)\n" }
    return out
  }
}
