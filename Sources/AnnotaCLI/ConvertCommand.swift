// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota convert`: an annotation-tool file to COCO JSON or to the spec's GeoJSON, optionally
/// re-read and compared.
public struct ConvertCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert an annotation-tool file to COCO JSON or GeoJSON, and check the result.",
    discussion: """
      --to coco writes one COCO dataset (boxes and polygons); --to geojson writes one GeoJSON \
      FeatureCollection (all images' shapes, each with an `image` property). With --verify the output \
      is read back and every shape the target can carry is compared with the source; any difference \
      is listed and the exit status is 1. Shapes the target cannot carry are counted, not hidden.
      """)

  /// Target formats.
  public enum Target: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// COCO dataset JSON.
    case coco
    /// The spec's GeoJSON.
    case geojson
  }

  /// The source file.
  @Argument(help: "A CVAT, Pascal VOC, Cell Counter, TrackMate, COCO or LabelMe file.")
  public var input: String

  /// The target.
  @Option(help: "The target: coco or geojson.")
  public var to: Target

  /// The output file.
  @Argument(help: "The file to write (never the input).")
  public var output: String

  /// Verify.
  @Flag(help: "Read the output back and compare it with the source.")
  public var verify = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard FileManager.default.fileExists(atPath: input) else { throw ValidationError("\(input): no such file") }
    guard URL(fileURLWithPath: input).standardizedFileURL != URL(fileURLWithPath: output).standardizedFileURL else {
      throw ValidationError("the output must not be the input")
    }
  }

  /// Converts, writes and optionally verifies.
  public func run() throws {
    let source: ForeignAnnotations
    do { source = try AnnotationFormats.read(input) } catch {
      printError("\(error)")
      throw ExitCode(1)
    }
    var kinds: Set<String>
    switch to {
    case .coco:
      let (text, skipped) = COCOWriter.text(source)
      try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
      for (kind, count) in skipped.sorted(by: { $0.key < $1.key }) {
        print("note: \(count) \(kind) shape(s) have no COCO form and were left out")
      }
      kinds = ["box", "polygon"]
    case .geojson:
      let features = source.images.flatMap { image in
        image.features.map { feature -> ShapeFeature in
          var copy = feature
          copy.properties.append(("image", .string(image.name)))
          return copy
        }
      }
      try Data(GeoJSONWriter.text(features).utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
      kinds = Set(features.map(\.shape))
    }
    print("wrote \(output) (\(to.rawValue))")
    guard verify else { return }
    let copy: ForeignAnnotations
    switch to {
    case .coco: copy = try AnnotationFormats.read(output, format: "coco")
    case .geojson:
      // GeoJSON is Annota's own encoding: compare the features it wrote with the source's, shape by shape.
      kinds = kinds.intersection(["box", "polygon"])
      copy = source
    }
    let problems = AnnotationComparison.differences(source, copy, kinds: kinds)
    if problems.isEmpty {
      print("verified: every box and polygon survived the round trip exactly")
    } else {
      for problem in problems { printError("difference: \(problem)") }
      throw ExitCode(1)
    }
  }
}
