// SPDX-License-Identifier: Apache-2.0

/// The outline of a mask as a polygon along pixel edges, for formats that hold objects as polygons
/// (YOLO segmentation rows, COCO polygons).
///
/// The polygon follows the edges of the mask's pixels, so drawing it back by the pixel-centre rule
/// (SPEC §5.3) covers exactly the pixels it was traced from. A polygon has one ring and no holes:
/// the largest 4-connected part is traced with its holes filled, and what that leaves out is counted.
public struct MaskContour: Sendable, Hashable {
  /// The ring in image pixel coordinates (corners of pixels), clockwise on screen, not closed.
  public var ring: [[Double]]
  /// Pixels of other parts of the mask that the ring leaves out.
  public var droppedPartPixels: Int
  /// Pixels inside the ring that are not of the traced part: its holes (and other parts inside them).
  public var filledHolePixels: Int

  /// Traces a mask's outline: its largest part, holes filled.
  /// - Parameter mask: the mask.
  /// - Returns: the contour, or `nil` for an empty mask.
  public static func trace(_ mask: MaskRegion) -> MaskContour? {
    let parts = components(mask)
    guard let largest = parts.indices.max(by: { parts[$0].size < parts[$1].size }) else { return nil }
    var contour = outline(parts[largest])
    contour.droppedPartPixels = parts.reduce(0) { $0 + $1.size } - parts[largest].size
    return contour
  }

  /// Traces every 4-connected part of a mask, each with its holes filled, in row-major order of
  /// their first pixels (for class regions, where each part is an object of its own).
  /// - Parameter mask: the mask.
  /// - Returns: one contour per part.
  public static func traceParts(_ mask: MaskRegion) -> [MaskContour] { components(mask).map(outline) }

  /// One 4-connected part over its bounding box padded by one pixel on every side (so the walk
  /// never leaves the grid).
  private struct Part {
    var grid: [UInt8]
    var width: Int, height: Int
    /// Image coordinates of the grid's first pixel.
    var left: Int, top: Int
    var size: Int
  }

  /// The outline of one part.
  ///
  /// The walk follows the outer boundary only, so holes never need filling: a corner on that
  /// boundary touches background that reaches the outside, and a hole pixel there would reach it
  /// too. The pixels inside the ring are its area (shoelace; it runs along pixel edges), so the
  /// holes are that area less the part's own pixels.
  private static func outline(_ part: Part) -> MaskContour {
    let ring = walk(part.grid, width: part.width)
    var twiceArea = 0.0
    for index in ring.indices {
      let (a, b) = (ring[index], ring[(index + 1) % ring.count])
      twiceArea += a[0] * b[1] - b[0] * a[1]
    }
    let holes = Int((abs(twiceArea) / 2).rounded()) - part.size
    return MaskContour(
      ring: ring.map { [$0[0] + Double(part.left), $0[1] + Double(part.top)] }, droppedPartPixels: 0,
      filledHolePixels: holes)
  }

  /// The 4-connected parts of a mask.
  private static func components(_ mask: MaskRegion) -> [Part] {
    let (width, height) = (mask.width + 2, mask.height + 2)
    var grid = [UInt8](repeating: 0, count: width * height)
    let bits = mask.bits
    for y in 0..<mask.height {
      for x in 0..<mask.width where bits[y * mask.width + x] != 0 { grid[(y + 1) * width + x + 1] = 1 }
    }
    var seen = [Bool](repeating: false, count: grid.count)
    var parts: [Part] = []
    var stack: [Int] = []
    var members: [Int] = []
    for start in grid.indices where grid[start] != 0 && !seen[start] {
      seen[start] = true
      stack.append(start)
      members.removeAll(keepingCapacity: true)
      var (x0, y0, x1, y1) = (Int.max, Int.max, 0, 0)
      while let index = stack.popLast() {
        members.append(index)
        let (x, y) = (index % width, index / width)
        (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y))
        // The grid is padded: the four neighbours of a mask pixel always exist. No array per pixel.
        for step in 0..<4 {
          let neighbour = index + (step == 0 ? -1 : step == 1 ? 1 : step == 2 ? -width : width)
          if grid[neighbour] != 0 && !seen[neighbour] {
            seen[neighbour] = true
            stack.append(neighbour)
          }
        }
      }
      // The part's own grid: its box plus one pixel of padding.
      let (partWidth, partHeight) = (x1 - x0 + 3, y1 - y0 + 3)
      var partGrid = [UInt8](repeating: 0, count: partWidth * partHeight)
      for index in members { partGrid[(index / width - y0 + 1) * partWidth + index % width - x0 + 1] = 1 }
      // Grid column c is image column left + c - 1 - 1 + x0 (the mask's padding, then the part's).
      parts.append(
        Part(
          grid: partGrid, width: partWidth, height: partHeight, left: mask.left + x0 - 2, top: mask.top + y0 - 2,
          size: members.count))
    }
    return parts
  }

  /// Walks the outer boundary of one 4-connected part, interior on the right, and keeps the
  /// corners where the direction changes.
  private static func walk(_ grid: [UInt8], width: Int) -> [[Double]] {
    func inside(_ x: Int, _ y: Int) -> Bool { grid[y * width + x] != 0 }
    // Each corner chooses the next edge from the two pixels ahead, then steps along it. The first
    // pixel in row-major order starts the walk: its top edge runs east with the part below it.
    let first = grid.firstIndex(of: 1)!
    let start = (x: first % width, y: first / width)
    // Directions east, south, west, north (y down); a right turn is +1.
    let steps = [(1, 0), (0, 1), (-1, 0), (0, -1)]
    var (x, y, direction) = (start.x, start.y, 0)
    var ring: [[Double]] = []
    // Each edge of the grid is walked at most once; the bound only guards against a hang.
    var budget = 4 * grid.count
    repeat {
      budget -= 1
      // The pixels ahead on the right and on the left of the edge leaving corner (x, y).
      let (right, left): ((Int, Int), (Int, Int))
      switch direction {
      case 0: (right, left) = ((x, y), (x, y - 1))
      case 1: (right, left) = ((x - 1, y), (x, y))
      case 2: (right, left) = ((x - 1, y - 1), (x - 1, y))
      default: (right, left) = ((x, y - 1), (x - 1, y - 1))
      }
      let turned: Int
      if !inside(right.0, right.1) {
        turned = (direction + 1) % 4  // also for a diagonal touch: parts meet only by edges
      } else if inside(left.0, left.1) {
        turned = (direction + 3) % 4
      } else {
        turned = direction
      }
      if turned != direction || ring.isEmpty { ring.append([Double(x), Double(y)]) }
      direction = turned
      x += steps[direction].0
      y += steps[direction].1
    } while !(x == start.x && y == start.y) && budget > 0  // the start corner touches one pixel: passed once
    return ring
  }
}
