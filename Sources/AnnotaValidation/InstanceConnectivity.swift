// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF

/// Connected parts of each value of a 2-D label image (4-connectivity), for the instance rule: one
/// object, one connected region.
enum InstanceConnectivity {
  /// Values made of more than one connected part: the number of parts and a pixel of the second part.
  static func splitValues(_ plane: Plane) -> [(value: Int, parts: Int, pixel: (x: Int, y: Int))] {
    guard plane.bytes.count == plane.width * plane.height * plane.sampleType.byteWidth else { return [] }
    return plane.bytes.withUnsafeBytes { raw in
      switch plane.sampleType {
      case .uint8: splitValues(raw.bindMemory(to: UInt8.self), width: plane.width, height: plane.height)
      case .uint16: splitValues(raw.bindMemory(to: UInt16.self), width: plane.width, height: plane.height)
      case .uint32: splitValues(raw.bindMemory(to: UInt32.self), width: plane.width, height: plane.height)
      default: []
      }
    }
  }

  /// Two-pass labelling with union–find over provisional component ids, then roots counted per value.
  ///
  /// Roots are the smallest id of their component, and ids are given in raster order, so a
  /// root's first pixel is its component's first pixel: the second root of a value is its second part.
  private static func splitValues<T: FixedWidthInteger & UnsignedInteger>(
    _ values: UnsafeBufferPointer<T>, width: Int, height: Int
  ) -> [(value: Int, parts: Int, pixel: (x: Int, y: Int))] {
    // Raw buffers, not arrays: no capture boxes or exclusivity checks in the per-pixel loop, and pages
    // of the id tables are touched only as far as ids are handed out.
    let count = values.count
    let component = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(count, 1))
    let parentTable = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(count, 1))
    let firstPixelTable = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(count, 1))
    defer {
      component.deallocate()
      parentTable.deallocate()
      firstPixelTable.deallocate()
    }
    var ids = 0
    @inline(__always) func find(_ x: Int32) -> Int32 {
      var root = x
      while parentTable[Int(root)] != root { root = parentTable[Int(root)] }
      var node = x
      while parentTable[Int(node)] != root {
        let next = parentTable[Int(node)]
        parentTable[Int(node)] = root
        node = next
      }
      return root
    }
    for y in 0..<height {
      let row = y * width
      for x in 0..<width {
        let i = row + x
        let v = values[i]
        guard v != 0 else {
          component[i] = -1
          continue
        }
        let left: Int32 = x > 0 && values[i - 1] == v ? component[i - 1] : -1
        let up: Int32 = y > 0 && values[i - width] == v ? component[i - width] : -1
        if left < 0, up < 0 {
          component[i] = Int32(ids)
          parentTable[ids] = Int32(ids)
          firstPixelTable[ids] = Int32(i)
          ids += 1
        } else if up < 0 {
          component[i] = left
        } else if left < 0 || left == up {
          component[i] = up
        } else {
          component[i] = left
          let (a, b) = (find(left), find(up))
          if a != b { parentTable[Int(max(a, b))] = min(a, b) }
        }
      }
    }
    let parent = UnsafeBufferPointer(rebasing: parentTable[0..<ids])
    let firstPixel = UnsafeBufferPointer(rebasing: firstPixelTable[0..<ids])
    // Roots (their own parent), in id order: per value, the count and the second one's first pixel.
    var parts: [T: (count: Int, second: Int32)] = [:]
    for id in parent.indices where parent[id] == Int32(id) {
      let pixel = firstPixel[id]
      let value = values[Int(pixel)]
      if let seen = parts[value] {
        parts[value] = (seen.count + 1, seen.count == 1 ? pixel : seen.second)
      } else {
        parts[value] = (1, -1)
      }
    }
    return parts.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { value, found in
      let i = Int(found.second)
      return (Int(value), found.count, (i % width, i / width))
    }
  }
}
