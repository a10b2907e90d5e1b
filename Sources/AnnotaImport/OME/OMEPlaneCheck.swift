// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF
import FoundationEssentials

/// The planes an OME-TIFF's metadata declares against the IFDs the file really has: each plane
/// mapped by a TiffData, stored in an IFD that exists with the image's size, in a file that exists,
/// and no IFD of the file left out.
///
/// tifffile fills planes it cannot find with zeros; a validator must say they are missing.
enum OMEPlaneCheck {
  /// What is wrong, one sentence per problem (empty when every plane is where the metadata says).
  /// - Parameters:
  ///   - dataset: the resolved metadata.
  ///   - path: the file being read.
  ///   - pages: its main IFDs, in order.
  static func problems(_ dataset: OMEDataset, path: String, pages: [TIFFDirectory]) -> [String] {
    var problems: [String] = []
    var mappedHere: Set<Int> = []
    var missingFiles: Set<String> = []
    let name = path.split(separator: "/").last.map(String.init) ?? path
    for (imageIndex, image) in dataset.document.images.enumerated() where imageIndex < dataset.planes.count {
      let pixels = image.pixels
      for (index, location) in dataset.planes[imageIndex].enumerated() {
        let plane = coordinates(index, in: pixels)
        let label = "image \(imageIndex) plane (z \(plane.z), c \(plane.c), t \(plane.t))"
        guard let location else {
          // Pixels inline as BinData are not in any IFD.
          if pixels.tiffData.isEmpty { continue }
          problems.append("\(label) is mapped by no TiffData")
          continue
        }
        if isSameFile(location.file, path) {
          mappedHere.insert(location.ifd)
          guard location.ifd < pages.count else {
            problems.append(
              "\(label) is in IFD \(location.ifd) of \(name), which has only \(pages.count) image director\(pages.count == 1 ? "y" : "ies") (the file is cut short, or the metadata is wrong)"
            )
            continue
          }
          let page = pages[location.ifd]
          if page.width != pixels.sizeX || page.height != pixels.sizeY {
            problems.append(
              "\(label) is IFD \(location.ifd), which is \(page.width)×\(page.height), not the \(pixels.sizeX)×\(pixels.sizeY) the metadata declares"
            )
          }
        } else if !FileManager.default.fileExists(atPath: location.file) {
          let member = location.file.split(separator: "/").last.map(String.init) ?? location.file
          if missingFiles.insert(location.file).inserted {
            problems.append("\(label) is in member file \(member), which does not exist (IFD \(location.ifd))")
          }
        }
      }
    }
    // Only the file holding the metadata maps every IFD of its own; a BinaryOnly member is mapped
    // from its companion, which may list other members' planes only.
    if !mappedHere.isEmpty, isSameFile(dataset.metadataPath, path) {
      let extra = (0..<pages.count).filter { !mappedHere.contains($0) }
      if let first = extra.first {
        problems.append(
          "\(extra.count) image director\(extra.count == 1 ? "y" : "ies") of \(name) (first: IFD \(first)) hold no plane the metadata declares"
        )
      }
    }
    return problems
  }

  /// (z, c, t) of a plane index in the image's DimensionOrder.
  static func coordinates(_ index: Int, in pixels: OMEPixels) -> (z: Int, c: Int, t: Int) {
    var rest = index
    var z = 0, c = 0, t = 0
    for axis in pixels.dimensionOrder.dropFirst(2) {
      switch axis {
      case "Z": (z, rest) = (rest % max(1, pixels.sizeZ), rest / max(1, pixels.sizeZ))
      case "C": (c, rest) = (rest % max(1, pixels.sizeC), rest / max(1, pixels.sizeC))
      default: (t, rest) = (rest % max(1, pixels.sizeT), rest / max(1, pixels.sizeT))
      }
    }
    return (z, c, t)
  }

  private static func isSameFile(_ a: String, _ b: String) -> Bool {
    func normal(_ path: String) -> String {
      path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
    return a == b || normal(a) == normal(b)
  }
}
