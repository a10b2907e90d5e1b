// SPDX-License-Identifier: Apache-2.0

import AnnotaExport
import AnnotaImport
import AnnotaModel
public import ArgumentParser
import Foundation

/// `annota convert`: an annotation-tool file to COCO JSON, the spec's GeoJSON, instance label
/// masks, or a new Annota dataset, optionally read back and compared with the source.
public struct ConvertCommand: ParsableCommand {
  /// The command's name and summary.
  public static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract:
      "Convert an annotation-tool file to COCO, GeoJSON, label masks or an Annota dataset, and check the result.",
    discussion: """
      --to coco writes one COCO dataset (boxes, polygons, masks as RLE); --to geojson one GeoJSON \
      FeatureCollection (every image's shapes, each with an `image` property; masks only as their \
      box); --to masks one instance label TIFF per image (masks, boxes, polygons and ellipses \
      rasterised by pixel centre) with an instance table beside it; --to annota a new dataset \
      folder (GeoJSON, label images, class table and a draft manifest to complete). With --verify \
      the output is read back and every shape the target can carry is compared with the source: \
      coordinates exactly, masks pixel by pixel. Differences are listed and the exit status is 1. \
      Shapes the target cannot carry are counted, not hidden.
      """)

  /// Target formats.
  public enum Target: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// COCO dataset JSON.
    case coco
    /// The spec's GeoJSON.
    case geojson
    /// Instance label TIFFs.
    case masks
    /// A new Annota dataset folder.
    case annota
  }

  /// The source file.
  @Argument(
    help:
      "An annotation-tool file: CVAT, Pascal VOC, Cell Counter, TrackMate, COCO, LabelMe, a YOLO data.yaml, an nnU-Net dataset.json, a Cellpose _seg.npy or DeepLabCut CollectedData (.h5 or .csv)."
  )
  public var input: String

  /// The target.
  @Option(help: "The target: coco, geojson, masks or annota.")
  public var to: Target

  /// The output.
  @Argument(help: "The file (coco, geojson) or folder (masks, annota) to write; never the input.")
  public var output: String

  /// Verify.
  @Flag(help: "Read the output back and compare it with the source.")
  public var verify = false

  /// Creates the command (ArgumentParser calls this).
  public init() {}

  /// Checks the arguments.
  public func validate() throws {
    guard URL(fileURLWithPath: input).standardizedFileURL != URL(fileURLWithPath: output).standardizedFileURL else {
      throw ValidationError("the output must not be the input")
    }
  }

  /// Converts, writes and optionally verifies.
  public func run() throws {
    guard FileManager.default.fileExists(atPath: input) else { throw CommandFailure.missing(input, "file") }
    // COCO and GeoJSON are written while the source streams (flat memory for big CVAT exports);
    // masks and datasets need every image's shapes at hand.
    var source: ForeignAnnotations? = nil
    func loadSource() throws -> ForeignAnnotations {
      if let source { return source }
      let read = try AnnotationFormats.read(input)
      source = read
      return read
    }
    let copy: () throws -> ForeignAnnotations
    let options: AnnotationComparison.Options
    var compared: () throws -> ForeignAnnotations = loadSource
    do {
      switch to {
      case .coco:
        let summary = try StreamingConversion.coco(from: input, to: output)
        for (kind, count) in summary.skipped.sorted(by: { $0.key < $1.key }) {
          print("note: \(count) \(kind) shape(s) have no COCO form and were left out")
        }
        copy = { try AnnotationFormats.read(output, format: .coco) }
        options = .init(kinds: ["box", "polygon", "mask"], boxesBecomePolygons: true)
      case .geojson:
        let summary = try StreamingConversion.geoJSON(from: input, to: output)
        if let masks = summary.skipped.values.first {
          print("note: \(masks) mask(s) are written as their box; --to masks or annota keeps the pixels")
        }
        copy = { try GeoJSONExport.read(output, images: try loadSource().images) }
        options = .init(
          kinds: ["box", "polygon", "polyline", "line", "point", "keypoint", "ellipse", "label"], allProperties: true)
      case .masks:
        let all = try loadSource()
        let result = try LabelMaskExport.write(all, to: output)
        for note in result.notes { print("note: \(note)") }
        print("wrote \(result.files.count / 2) label image(s) with instance tables")
        copy = { try LabelMaskExport.read(output, for: all) }
        options = .init(kinds: ["mask"], masksInPaintOrder: true)
        compared = {
          // Occlusion is a reported loss of a label image, not a difference.
          let expected = LabelMaskExport.expected(all)
          for note in expected.notes { print("note: verification: \(note)") }
          return expected.annotations
        }
      case .annota:
        let result = try DatasetExporter.createDataset(from: input, at: output)
        for note in result.notes { print("note: \(note)") }
        print("wrote \(result.files.count) file(s)")
        copy = { try DatasetAnnotations.read(output) }
        compared = {
          let expected = LabelMaskExport.expected(try loadSource(), rasterising: false)
          for note in expected.notes { print("note: verification: \(note)") }
          return expected.annotations
        }
        options = .init(
          kinds: ["box", "polygon", "polyline", "line", "point", "keypoint", "ellipse", "label", "mask"],
          allProperties: true,
          masksInPaintOrder: true)
      }
    } catch {
      printError("\(error)")
      throw ExitCode(1)
    }
    print("wrote \(output) (\(to.rawValue))")
    guard verify else { return }
    let problems: [String]
    let original: ForeignAnnotations
    do {
      original = try compared()
      problems = AnnotationComparison.differences(original, try copy(), options: options)
    } catch {
      printError("verification could not read the output back: \(error)")
      throw ExitCode(1)
    }
    if problems.isEmpty {
      let count = original.images.reduce(0) { total, image in
        total
          + image.features.filter {
            options.kinds.contains($0.shape) && !(to == .geojson && $0.mask != nil)
          }.count
      }
      // "Verified" claims a comparison: with nothing compared, say so instead.
      guard count > 0 else {
        let total = try loadSource().images.reduce(0) { $0 + $1.features.count }
        guard total == 0 else {
          printError(
            "not verified: none of the source's \(total) shape(s) has a form in \(to.rawValue), so nothing was compared"
          )
          throw ExitCode(1)
        }
        print("nothing to verify: the source holds no shapes")
        return
      }
      print(
        "verified: all \(count) shape(s) the target carries read back identical (coordinates exact, masks pixel for pixel)"
      )
    } else {
      for problem in problems { printError("difference: \(problem)") }
      throw ExitCode(1)
    }
  }
}
