// SPDX-License-Identifier: Apache-2.0
import AnnotaImport
import AnnotaModel
import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Walks a dataset folder and classifies every file by content, not only by extension.
///
/// The walk is lazy (one directory listing at a time) and keeps one small record per file, so a
/// tree of 100 000 files costs a few tens of megabytes. Hidden files and folders (`.git`, staging
/// folders) are skipped; symbolic links are not followed.
public enum FolderScanner {
  /// Name parts that mark a TIFF as a label image rather than an image.
  static let labelHints = ["mask", "label", "seg", "annotation", "groundtruth", "ground_truth", "_gt", "gt_"]

  /// What a folder holds, from one walk: the files every command reads, and the entries none does.
  public struct Listing: Sendable {
    /// Regular files (and links to regular files inside the folder), relative, sorted.
    public var files: [String]
    /// Links that leave the folder, dangle or name something other than a regular file, and
    /// devices, FIFOs and sockets, each with the reason, sorted by path.
    public var refused: [PathNote]
  }

  /// Lists the regular files below `root`, relative and sorted, skipping hidden entries.
  ///
  /// A symbolic link is listed when it names a regular file inside `root` (as `pack` takes it);
  /// anything else that is not a folder is left out here (``listing(of:)`` gives those too).
  /// - Parameter root: the folder.
  /// - Returns: relative paths.
  public static func files(in root: String) -> [String] {
    listing(of: root).files
  }

  /// Walks `root` once: the files, and the entries no command reads or packs, with the reason.
  ///
  /// One policy for `validate`, `status`, `init` and `pack` (`FILE-010`).
  /// - Parameter root: the folder.
  /// - Returns: both lists.
  public static func listing(of root: String) -> Listing {
    let (files, refused) = walk(root)
    return Listing(files: files, refused: refused)
  }

  private static func walk(_ root: String) -> (files: [String], refused: [PathNote]) {
    var paths: [String] = []
    var refused: [PathNote] = []
    let base = realPath(root)
    var folders: [String] = [""]  // relative folders still to list, depth first
    while let folder = folders.popLast() {
      guard let names = DirectoryNames.of(folder.isEmpty ? root : root + "/" + folder) else { continue }
      for name in names where !name.hasPrefix(".") {
        let relative = folder.isEmpty ? name : folder + "/" + name
        var status = stat()
        // lstat: links are not followed, so a link cannot lead the scan out of the dataset.
        guard lstat(root + "/" + relative, &status) == 0 else { continue }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: folders.append(relative)
        case S_IFREG: paths.append(relative)
        case S_IFLNK:
          if let reason = linkRefusal(root + "/" + relative, base: base) {
            refused.append(PathNote(path: relative, reason: reason))
          } else {
            paths.append(relative)
          }
        default:
          refused.append(PathNote(path: relative, reason: "a device, FIFO or socket, not a file; it is never read"))
        }
      }
    }
    return (paths.sorted(), refused.sorted { $0.path < $1.path })
  }

  /// Why a symbolic link is not followed, or `nil` for a link to a regular file inside `base`.
  private static func linkRefusal(_ path: String, base: String?) -> String? {
    guard let target = realPath(path) else { return "a symbolic link that names nothing (dangling)" }
    guard let base, target.hasPrefix(base + "/") else {
      return "a symbolic link that leaves the dataset; it is never followed"
    }
    var status = stat()
    guard stat(target, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      return "a symbolic link to something that is not a regular file"
    }
    return nil
  }

  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Classifies one file.
  /// - Parameters:
  ///   - relative: its path below `root`.
  ///   - root: the dataset folder.
  ///   - readPixels: compute label statistics for candidate label images (reads their pixels).
  /// - Returns: the classification.
  public static func classify(_ relative: String, in root: String, readPixels: Bool = true) -> ScannedFile {
    let path = root + "/" + relative
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var file = ScannedFile(path: relative, role: .other, format: .unknown, size: size, notes: [])
    let name = relative.split(separator: "/").last.map(String.init) ?? relative
    if ["annota.yaml", "annota.json"].contains(name), !relative.contains("/") {
      file.role = .manifest
      file.format = .annotaManifest
      return file
    }
    guard let head = FileManagerBridge.prefix(path, count: 4096), !head.isEmpty else {
      file.notes.append("empty or unreadable")
      return file
    }
    let lower = relative.lowercased()
    let sniffed = ContentSniffer.sniff(head)
    if sniffed == .tiff {
      classifyTIFF(&file, path: path, hinted: isLabelHinted(lower), readPixels: readPixels)
    } else if sniffed == .hdf5 {
      classifyHDF5(&file, path: path, hinted: isLabelHinted(lower) || lower.hasSuffix(".ilp"), readPixels: readPixels)
    } else if let raster = ContentSniffer.claims(head), raster == .png || raster == .jpeg || raster == .bmp {
      file.format = raster
      file.role = .image
      // A single-channel PNG named like a mask is a label image (VOC and CVAT class masks); JPEG is
      // lossy, so never.
      if file.format == .png, isLabelHinted(lower), readPixels,
        let labels = (try? FileInspector.inspect(path, labelStatistics: true))?.labels
      {
        file.role = .labelImage
        file.labels = labels
        file.notes.append("a label image: its name or folder says so and it is a single-channel PNG")
      }
      if let size = ImageSize.of(path) { (file.width, file.height) = (size.width, size.height) }
    } else if String(decoding: head, as: UTF8.self).contains("\"FeatureCollection\"") {
      file.format = .geoJSON
      file.role = .shapes
    } else if let candidate = AnnotationFormats.detect(path).first(where: { $0.confidence > 0 }) {
      file.format = candidate.format
      file.role = .toolAnnotations
      do { file.annotations = try AnnotationFormats.read(path, format: candidate.format) } catch {
        file.notes.append("looks like \(candidate.format) but cannot be read: \(error)")
        file.role = .other
      }
    } else if AnnotationFormats.rootElement(head) == "OME" {
      file.format = .omeXML
      file.role = .metadata
      // OME-XML holding ROIs (an OMERO export) is annotations for the images it names, like a
      // tool's file; a companion or plain metadata stays metadata.
      if let inspection = try? FileInspector.inspect(path, labelStatistics: false), !inspection.shapes.isEmpty {
        file.role = .toolAnnotations
        var images = inspection.images.map {
          ForeignAnnotations.AnnotatedImage(name: $0.name, width: nil, height: nil, features: [], tags: [])
        }
        if images.isEmpty { images = [.init(name: "", width: nil, height: nil, features: [], tags: [])] }
        images[0].features = inspection.shapes
        file.annotations = ForeignAnnotations(
          format: .omeXML, convention: "ome-pixel-corners", images: images, labels: [], notes: [])
        file.notes.append("OME-XML with \(inspection.shapes.count) ROI shape(s)")
      }
    } else if lower.hasSuffix(".tsv") || lower.hasSuffix(".csv") {
      file.format = lower.hasSuffix(".tsv") ? .tsv : .csv
      file.role = .metadata
    }
    return file
  }

  /// Whether a (lower-case) path names a label image: `mask`, `label`, `seg`, `annotation`,
  /// `groundtruth`, `_gt`, `gt_`.
  /// - Parameter lowerPath: the path, lower-cased.
  /// - Returns: `true` when a hint is present.
  public static func isLabelHinted(_ lowerPath: String) -> Bool {
    // In a folder named for images, only a label suffix (`a_seg.tif` beside `a.tif`) marks a label
    // image: `images/learningSeg.tif` is an image, whatever else its name holds.
    let components = lowerPath.split(separator: "/")
    if components.count > 1, imageFolders.contains(String(components[components.count - 2])) {
      let stem = DatasetImporter.stem(of: lowerPath)
      return DatasetImporter.baseName(stem) != stem
    }
    return labelHints.contains { lowerPath.contains($0) }
  }

  /// Folder names that say their files are images.
  static let imageFolders: Set<String> = ["images", "image", "imgs", "img", "raw", "jpegimages", "sources", "inputs"]

  private static func classifyTIFF(_ file: inout ScannedFile, path: String, hinted: Bool, readPixels: Bool) {
    file.format = .tiff
    do {
      let inspection = try FileInspector.inspect(path, labelStatistics: readPixels && hinted)
      file.format = inspection.format
      if let image = inspection.images.first {
        let axes = Array(image.axes)
        func size(_ axis: Character) -> Int? { axes.firstIndex(of: axis).map { image.shape[$0] } }
        (file.width, file.height, file.depth, file.channels) = (size("X"), size("Y"), size("Z"), size("C"))
        file.timePoints = size("T")
        if let physical = image.physicalSize, let x = physical.x, let y = physical.y {
          file.physicalSize = PhysicalSize(x: x, y: y, z: physical.z, unit: "µm")
        }
      }
      if hinted, let labels = inspection.labels {
        file.role = .labelImage
        file.labels = labels
        file.notes.append("a label image: its name or folder says so and its pixels are integer, single channel")
      } else {
        file.role = .image
        if hinted { file.notes.append("named like a mask but not integer single-channel: treated as an image") }
      }
    } catch {
      // Listed as an image all the same, so that `validate` reads it and says what is wrong: a
      // damaged file left out of the draft would never be reported.
      file.role = .image
      file.notes.append("a TIFF that cannot be read: \(error)")
    }
  }

  private static func classifyHDF5(_ file: inout ScannedFile, path: String, hinted: Bool, readPixels: Bool) {
    file.format = .hdf5
    // Label volumes are recognised from their statistics, read only for files or datasets named like
    // labels (PlantSeg and CREMI keep `/label` beside `/raw` in one file).
    guard var inspection = try? FileInspector.inspect(path, labelStatistics: hinted && readPixels) else {
      file.role = .other
      file.notes.append("an HDF5 file that cannot be read")
      return
    }
    let labelNamed = inspection.images.filter { isLabelHinted($0.name.lowercased()) }
    if !hinted, readPixels, !labelNamed.isEmpty,
      let withStatistics = try? FileInspector.inspect(path, labelStatistics: true)
    {
      inspection = withStatistics
    }
    // An image beside the label volume: the file is its own source image.
    file.holdsImage =
      inspection.labelDataset != nil
      && inspection.images.contains {
        $0.name != inspection.labelDataset && !isLabelHinted($0.name.lowercased())
      }
    file.format = .hdf5(layout: (inspection.layout ?? .generic).rawValue)
    if file.holdsImage, inspection.layout != .ilastikProject {
      file.role = .image
      file.notes.append("an image with its label volume (\(inspection.labelDataset ?? "")) in the same file")
    } else if inspection.layout == .ilastikProject || inspection.labelDataset != nil || !inspection.shapes.isEmpty {
      file.role = inspection.layout == .ilastikProject ? .toolAnnotations : .labelImage
      file.notes.append("holds annotations (\(inspection.layout?.rawValue ?? "label volume"))")
    } else if inspection.images.isEmpty {
      // Tables, strings, compound records: HDF5, but no image to describe or check.
      file.role = .other
      file.notes.append("an HDF5 file with no image-like dataset (2-D or more, numeric)")
    } else {
      file.role = .image
    }
    if let image = inspection.images.first {
      let axes = Array(image.axes)
      func size(_ axis: Character) -> Int? { axes.firstIndex(of: axis).map { image.shape[$0] } }
      (file.width, file.height, file.depth) = (size("X"), size("Y"), size("Z"))
      file.timePoints = size("T")
    }
  }
}
