// SPDX-License-Identifier: Apache-2.0

/// One object's binary mask on an image, run-length encoded as COCO does (uncompressed RLE).
///
/// `counts` are the lengths of alternating runs of background and object pixels, background first
/// (so it may be 0), reading the image in column-major order: down the first column, then down the
/// second. That is pycocotools' `mask.encode` on a Fortran-ordered array; the RLE a results file
/// stores as a compressed string decodes to these counts. Polygons are not read here: rasterise
/// them first (pycocotools' `frPyObjects` and `merge`) and build the mask from the pixels.
public struct COCOMask: Sendable, Hashable {
  /// The image width in pixels.
  public let width: Int
  /// The image height in pixels.
  public let height: Int
  /// The run lengths, column-major, starting with background.
  public let counts: [UInt32]
  /// The object's pixel count, as `pycocotools.mask.area` gives it.
  public let area: Int
  /// The bounding box as `pycocotools.mask.toBbox` (2.0.11) gives it: the object's pixels' extent,
  /// all zero for an object without pixels.
  public let boundingBox: COCOBox

  /// Creates a mask from COCO run lengths.
  /// - Parameters:
  ///   - width: the image width.
  ///   - height: the image height.
  ///   - counts: the run lengths, column-major, starting with background.
  /// - Returns: `nil` when the sizes are negative or the runs do not cover the image exactly.
  public init?(width: Int, height: Int, counts: [UInt32]) {
    guard width >= 0, height >= 0, width.multipliedReportingOverflow(by: height).overflow == false else { return nil }
    let total = counts.reduce(UInt64(0)) { $0 + UInt64($1) }
    guard total == UInt64(width * height), total <= UInt64(UInt32.max) else { return nil }
    self.init(checkedWidth: width, height: height, counts: counts)
  }

  /// Creates the mask of the pixels of a label image that hold one label.
  /// - Parameters:
  ///   - labels: the label image, row-major (`labels[y * width + x]`).
  ///   - width: the image width.
  ///   - height: the image height.
  ///   - label: the label of the object.
  /// - Returns: `nil` when `labels` does not hold `width × height` values.
  public init?(labels: [Int], width: Int, height: Int, label: Int) {
    guard Self.fits(labels.count, width: width, height: height) else { return nil }
    var counts: [UInt32] = []
    var run: UInt32 = 0
    var inside = false
    labels.withUnsafeBufferPointer { pixels in
      for x in 0..<width {
        var index = x
        for _ in 0..<height {
          if (pixels[index] == label) != inside {
            counts.append(run)
            run = 0
            inside.toggle()
          }
          run += 1
          index += width
        }
      }
    }
    counts.append(run)
    self.init(checkedWidth: width, height: height, counts: counts)
  }

  /// Creates a mask from a binary image.
  /// - Parameters:
  ///   - pixels: `true` for the object's pixels, row-major (`pixels[y * width + x]`).
  ///   - width: the image width.
  ///   - height: the image height.
  /// - Returns: `nil` when `pixels` does not hold `width × height` values.
  public init?(pixels: [Bool], width: Int, height: Int) {
    self.init(labels: pixels.map { $0 ? 1 : 0 }, width: width, height: height, label: 1)
  }

  /// The masks of every object of a label image, in one pass over its pixels.
  /// - Parameters:
  ///   - labels: the label image, row-major (`labels[y * width + x]`).
  ///   - width: the image width.
  ///   - height: the image height.
  ///   - background: the value that is no object.
  /// - Returns: each label present with its mask, by ascending label; `nil` when `labels` does not
  ///   hold `width × height` values.
  public static func masks(labels: [Int], width: Int, height: Int, background: Int = 0)
    -> [(label: Int, mask: COCOMask)]?
  {
    guard fits(labels.count, width: width, height: height) else { return nil }
    var slots: [Int: Int] = [:]
    var slotLabels: [Int] = []
    var slotCounts: [[UInt32]] = []
    var slotEnds: [Int] = []
    labels.withUnsafeBufferPointer { pixels in
      var position = 0
      var previousLabel = background
      var previousSlot = -1
      for x in 0..<width {
        var index = x
        for _ in 0..<height {
          let label = pixels[index]
          if label != background {
            if label != previousLabel {
              if let slot = slots[label] {
                previousSlot = slot
              } else {
                previousSlot = slotLabels.count
                slots[label] = previousSlot
                slotLabels.append(label)
                slotCounts.append([])
                slotEnds.append(-1)
              }
              previousLabel = label
            }
            if slotEnds[previousSlot] == position {
              slotCounts[previousSlot][slotCounts[previousSlot].count - 1] += 1
            } else {
              slotCounts[previousSlot].append(UInt32(position - max(slotEnds[previousSlot], 0)))
              slotCounts[previousSlot].append(1)
            }
            slotEnds[previousSlot] = position + 1
          }
          index += width
          position += 1
        }
      }
    }
    let total = width * height
    return slotLabels.indices.sorted { slotLabels[$0] < slotLabels[$1] }.map { slot in
      var counts = slotCounts[slot]
      // As `rleEncode`: the last run is the last one met, object or background.
      if slotEnds[slot] < total { counts.append(UInt32(total - slotEnds[slot])) }
      return (slotLabels[slot], COCOMask(checkedWidth: width, height: height, counts: counts))
    }
  }

  /// Whether a flat image of `count` values has the given size, small enough for 32-bit run lengths.
  private static func fits(_ count: Int, width: Int, height: Int) -> Bool {
    guard width >= 0, height >= 0 else { return false }
    let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
    return !overflow && pixels == count && pixels <= Int(UInt32.max)
  }

  /// Creates a mask from run lengths known to cover the image.
  private init(checkedWidth width: Int, height: Int, counts: [UInt32]) {
    self.width = width
    self.height = height
    self.counts = counts
    var area = 0
    for index in stride(from: 1, to: counts.count, by: 2) { area += Int(counts[index]) }
    self.area = area
    boundingBox = Self.boundingBox(counts, height: height, width: width)
  }

  /// `rleToBbox` of pycocotools 2.0.11's `maskApi.c`, in its 32-bit unsigned arithmetic.
  private static func boundingBox(_ counts: [UInt32], height: Int, width: Int) -> COCOBox {
    let pairs = counts.count / 2 * 2
    guard pairs > 0 else { return .zero }
    let h = UInt32(truncatingIfNeeded: height)
    var xs = UInt32(truncatingIfNeeded: width)
    var ys = h
    var xe: UInt32 = 0
    var ye: UInt32 = 0
    var end: UInt32 = 0
    for index in 0..<pairs {
      let start = end
      end &+= counts[index]
      // A nonzero run means a nonzero height: the divisions are safe.
      guard index % 2 == 1, counts[index] > 0 else { continue }
      let yStart = start % h
      let xStart = (start &- yStart) / h
      let yEnd = (end &- 1) % h
      let xEnd = (end &- 1 &- yEnd) / h
      xs = min(xs, xStart)
      xe = max(xe, xEnd)
      if xStart < xEnd {
        ys = 0
        ye = h &- 1
      } else {
        ys = min(ys, yStart)
        ye = max(ye, yEnd)
      }
    }
    return COCOBox(x: Double(xs), y: Double(ys), width: Double(xe &- xs &+ 1), height: Double(ye &- ys &+ 1))
  }

  /// The pixels two masks of one image share, from their runs.
  /// - Parameter other: a mask of the same size.
  /// - Returns: the intersection's pixel count.
  func intersection(_ other: COCOMask) -> Int {
    counts.withUnsafeBufferPointer { a in
      other.counts.withUnsafeBufferPointer { b in
        var i = 1
        var j = 1
        var aStart = a.isEmpty ? 0 : Int(a[0])
        var bStart = b.isEmpty ? 0 : Int(b[0])
        var shared = 0
        while i < a.count && j < b.count {
          let aEnd = aStart + Int(a[i])
          let bEnd = bStart + Int(b[j])
          let overlap = min(aEnd, bEnd) - max(aStart, bStart)
          if overlap > 0 { shared += overlap }
          if aEnd <= bEnd {
            aStart = aEnd + (i + 1 < a.count ? Int(a[i + 1]) : 0)
            i += 2
          } else {
            bStart = bEnd + (j + 1 < b.count ? Int(b[j + 1]) : 0)
            j += 2
          }
        }
        return shared
      }
    }
  }
}
