// SPDX-License-Identifier: Apache-2.0
package import AnnotaHDF5
import AnnotaModel
import AnnotaTIFF

/// The training labels of an ilastik project (`.ilp`): the brush strokes painted in the Pixel
/// Classification applet, stored as sparse blocks, with the label names and colours.
package struct IlastikProjectLabels {
  /// One lane: an input image and its painted labels as one dense volume (T planes of Y × X).
  package struct Lane {
    var index: Int
    /// The input's file name and internal path as the project records it (`5t2d1c.h5/data`).
    var filePath: String

    /// The input file the lane names, `nil` when no path component has an image file's extension.
    ///
    /// The last such component (`in/cells.h5/data` → `cells.h5`). Only this name is ever used, never
    /// the path, which may be absolute or climb out of the project's folder (`../`).
    package var inputName: String? {
      let extensions = [".tif", ".tiff", ".h5", ".hdf5", ".png", ".jpg", ".jpeg", ".n5", ".npy"]
      return filePath.split(separator: "/").map(String.init).last { part in
        part != ".." && extensions.contains { part.lowercased().hasSuffix($0) }
      }
    }
    /// T, Y, X of the lane.
    var planes: Int, height: Int, width: Int
    /// Painted values (0 unlabelled, 1…N the label names), T × Y × X, row-major.
    var values: [UInt8]

    /// Label statistics of the painted strokes.
    func statistics() -> LabelStatistics {
      var accumulator = LabelStatisticsAccumulator(width: width, height: height)
      values.withUnsafeBytes { raw in
        for plane in 0..<planes {
          let size = height * width
          accumulator.add(
            band: UnsafeRawBufferPointer(rebasing: raw[plane * size..<(plane + 1) * size]), kind: .uint8, firstRow: 0,
            z: plane)
        }
      }
      return accumulator.result()
    }

    /// The lane as TIFF planes.
    func tiffPlanes() throws -> [Plane] {
      try (0..<planes).map { plane in
        try Plane(
          width: width, height: height, uint8: Array(values[plane * height * width..<(plane + 1) * height * width]))
      }
    }
  }

  var names: [String]
  var colours: [String]
  package var lanes: [Lane]

  /// The label table: 0 unlabelled, then each name with its colour.
  var labelTable: [Label] {
    [Label(value: 0, name: "background")]
      + names.enumerated().map { index, name in
        var label = Label(value: index + 1, name: name)
        if index < colours.count { label.colour = colours[index] }
        return label
      }
  }

  /// Reads the label blocks of every lane.
  package static func read(_ file: HDF5File) throws -> IlastikProjectLabels {
    let names = (try? file.readStrings("/PixelClassification/LabelNames")) ?? []
    var colours: [String] = []
    if let info = try? file.dataset("/PixelClassification/LabelColors"), info.shape.count == 2, info.shape[1] == 3,
      let (bytes, _) = try? file.read(info.path, start: [0, 0], count: info.shape)
    {
      let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) }
      colours = stride(from: 0, to: values.count, by: 3).map { index in
        "#"
          + values[index..<index + 3].map {
            let h = String(UInt8(clamping: $0), radix: 16); return h.count == 1 ? "0" + h : h
          }.joined()
      }
    }
    let objects = try file.objects().filter { $0.kind == .dataset }.map(\.path)
    var lanes: [Lane] = []
    for laneIndex in 0..<1000 {
      let lane = padded(laneIndex, 4)
      let base = "/Input Data/infos/lane\(lane)/Raw Data"
      guard objects.contains(base + "/shape") else { break }
      let tags = (try? file.readStrings(base + "/axistags"))?.first.flatMap(HDF5Layout.ilastikAxes) ?? ""
      let shapeInfo = try file.dataset(base + "/shape")
      let (shapeBytes, _) = try file.read(base + "/shape", start: [0], count: shapeInfo.shape)
      let shape = shapeBytes.withUnsafeBytes { $0.bindMemory(to: Int64.self).map { Int($0) } }
      let axes = Array(tags)
      guard axes.count == shape.count, let y = axes.firstIndex(of: "Y"), let x = axes.firstIndex(of: "X") else {
        continue
      }
      let t = axes.firstIndex(of: "T").map { shape[$0] } ?? 1
      let z = axes.firstIndex(of: "Z").map { shape[$0] } ?? 1
      let height = shape[y]
      let width = shape[x]
      // The shape is the project's own numbers: checked, so a hostile one cannot overflow the product.
      guard let planes = t.nonNegativeProduct(z), let plane = height.nonNegativeProduct(width),
        let voxels = planes.nonNegativeProduct(plane), voxels <= 1 << 30
      else { continue }
      var values = [UInt8](repeating: 0, count: planes * height * width)
      let filePath = (try? file.readStrings(base + "/filePath"))?.first ?? ""
      for block in objects where block.hasPrefix("/PixelClassification/LabelSets/labels\(padded(laneIndex, 3))/") {
        try paint(
          block, in: file, laneAxes: axes, laneShape: shape, into: &values, planes: planes, height: height, width: width
        )
      }
      lanes.append(
        Lane(index: laneIndex, filePath: filePath, planes: planes, height: height, width: width, values: values))
    }
    return IlastikProjectLabels(names: names, colours: colours, lanes: lanes)
  }

  /// Copies one block into the lane volume at its `blockSlice`.
  private static func paint(
    _ block: String, in file: HDF5File, laneAxes: [Character], laneShape: [Int], into values: inout [UInt8],
    planes: Int, height: Int, width: Int
  ) throws {
    let info = try file.dataset(block)
    guard let slice = info.attributes["blockSlice"]?.string else { return }
    let ranges = slice.trimmingBrackets().split(separator: ",").map { part -> (Int, Int) in
      let bounds = part.split(separator: ":").compactMap { Int($0.filter { !$0.isWhitespace }) }
      return bounds.count == 2 ? (bounds[0], bounds[1]) : (0, 0)
    }
    // Blocks may carry one more axis than the lane (ilastik adds z): insert it before c.
    var axes = laneAxes
    if ranges.count == laneAxes.count + 1 {
      axes.insert("Z", at: axes.firstIndex(of: "C") ?? axes.count)
    }
    guard ranges.count == axes.count, info.shape.count == axes.count, info.type.isInteger,
      let y = axes.firstIndex(of: "Y"), let x = axes.firstIndex(of: "X")
    else { return }
    let (bytes, type) = try file.read(block, start: Array(repeating: 0, count: info.shape.count), count: info.shape)
    guard type == .integer(bits: 8, signed: false) else { return }
    let t = axes.firstIndex(of: "T")
    let z = axes.firstIndex(of: "Z")
    let depth = laneAxes.firstIndex(of: "Z").map { laneShape[$0] } ?? 1
    // Walk the block's elements in row-major order.
    var index = [Int](repeating: 0, count: axes.count)
    for value in bytes {
      if value != 0 {
        let tt = t.map { ranges[$0].0 + index[$0] } ?? 0
        let zz = z.map { ranges[$0].0 + index[$0] } ?? 0
        let yy = ranges[y].0 + index[y]
        let xx = ranges[x].0 + index[x]
        let plane = tt * depth + zz
        if plane < planes, yy < height, xx < width { values[(plane * height + yy) * width + xx] = value }
      }
      for axis in stride(from: axes.count - 1, through: 0, by: -1) {
        index[axis] += 1
        if index[axis] < info.shape[axis] { break }
        index[axis] = 0
      }
    }
  }
}

/// `7` → `0007`.
private func padded(_ value: Int, _ width: Int) -> String {
  let text = String(value)
  return String(repeating: "0", count: max(0, width - text.count)) + text
}

extension String {
  fileprivate func trimmingBrackets() -> String { filter { $0 != "[" && $0 != "]" } }
}
