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

/// Connected parts of each value of a 3-D label image (6-connectivity), fed one Z plane at a time so
/// only the previous plane is held: for the instance rule on z-stacks.
struct VolumeConnectivity {
  private var width = 0, height = 0, planes = 0
  /// Component id of each pixel of the previous plane (-1: background), and its values.
  private var previous: [Int32] = []
  private var previousValues: [UInt32] = []
  /// Union–find over provisional ids; each id's first voxel (plane, pixel) and value.
  private var parent: [Int32] = []
  private var firstVoxel: [(z: Int32, i: Int32)] = []
  private var valueOf: [UInt32] = []
  /// Set when a plane differs in size from the first (the volume cannot be checked).
  private(set) var failure: String?

  private mutating func find(_ x: Int32) -> Int32 {
    var root = x
    while parent[Int(root)] != root { root = parent[Int(root)] }
    var node = x
    while parent[Int(node)] != root {
      let next = parent[Int(node)]
      parent[Int(node)] = root
      node = next
    }
    return root
  }

  private mutating func union(_ a: Int32, _ b: Int32) {
    let (ra, rb) = (find(a), find(b))
    if ra != rb { parent[Int(max(ra, rb))] = min(ra, rb) }
  }

  /// Adds the next Z plane.
  mutating func add(_ plane: Plane) {
    guard failure == nil else { return }
    guard let values = plane.unsignedSamples else {
      failure = "plane \(planes) is not an unsigned integer plane"
      return
    }
    if planes == 0 {
      width = plane.width
      height = plane.height
    } else if plane.width != width || plane.height != height {
      failure = "plane \(planes) is \(plane.width)×\(plane.height), plane 0 is \(width)×\(height)"
      return
    }
    var current = [Int32](repeating: -1, count: values.count)
    for y in 0..<height {
      for x in 0..<width {
        let i = y * width + x
        let v = values[i]
        guard v != 0 else { continue }
        var id: Int32 = -1
        if x > 0, values[i - 1] == v { id = current[i - 1] }
        if y > 0, values[i - width] == v {
          let up = current[i - width]
          if id < 0 { id = up } else if up != id { union(id, up) }
        }
        if planes > 0, previousValues[i] == v {
          let below = previous[i]
          if id < 0 { id = below } else if below != id { union(id, below) }
        }
        if id < 0 {
          id = Int32(parent.count)
          parent.append(id)
          firstVoxel.append((Int32(planes), Int32(i)))
          valueOf.append(v)
        }
        current[i] = id
      }
    }
    previous = current
    previousValues = values
    planes += 1
  }

  /// Values made of more than one connected part, with the number of parts and a voxel (x, y, z) of
  /// the second part (ids are given in plane-then-raster order, so a root's first voxel is its part's
  /// first).
  mutating func splitValues() -> [(value: Int, parts: Int, voxel: (x: Int, y: Int, z: Int))] {
    var parts: [UInt32: (count: Int, second: Int)] = [:]
    for id in parent.indices where find(Int32(id)) == Int32(id) {
      let value = valueOf[id]
      if let seen = parts[value] {
        parts[value] = (seen.count + 1, seen.count == 1 ? id : seen.second)
      } else {
        parts[value] = (1, -1)
      }
    }
    return parts.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { value, found in
      let voxel = firstVoxel[found.second]
      return (Int(value), found.count, (Int(voxel.i) % width, Int(voxel.i) / width, Int(voxel.z)))
    }
  }
}
