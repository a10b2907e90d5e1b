// SPDX-License-Identifier: Apache-2.0
import AnnotaTIFF

/// Connected parts of each value of a 2-D label image (4-connectivity), for the instance rule: one
/// object, one connected region.
enum InstanceConnectivity {
  /// Values made of more than one connected part: the number of parts and a pixel of the second part.
  static func splitValues(_ plane: Plane) -> [(value: Int, parts: Int, pixel: (x: Int, y: Int))] {
    let width = plane.width, height = plane.height
    guard let values = plane.unsignedSamples else { return [] }
    // Two-pass labelling with union–find over provisional component ids.
    var component = [Int32](repeating: -1, count: values.count)
    var parent: [Int32] = []
    func find(_ x: Int32) -> Int32 {
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
    for y in 0..<height {
      for x in 0..<width {
        let i = y * width + x
        let v = values[i]
        guard v != 0 else { continue }
        let left: Int32 = x > 0 && values[i - 1] == v ? component[i - 1] : -1
        let up: Int32 = y > 0 && values[i - width] == v ? component[i - width] : -1
        switch (left >= 0, up >= 0) {
        case (false, false):
          component[i] = Int32(parent.count)
          parent.append(Int32(parent.count))
        case (true, false): component[i] = left
        case (false, true): component[i] = up
        case (true, true):
          component[i] = left
          let (a, b) = (find(left), find(up))
          if a != b { parent[Int(max(a, b))] = min(a, b) }
        }
      }
    }
    // Per value: the distinct roots, and the first pixel of a second root.
    var firstRoot: [UInt32: Int32] = [:]
    var roots: [UInt32: Set<Int32>] = [:]
    var second: [UInt32: Int] = [:]
    for i in values.indices where values[i] != 0 {
      let v = values[i], root = find(component[i])
      if let first = firstRoot[v] {
        if first != root, second[v] == nil { second[v] = i }
      } else {
        firstRoot[v] = root
      }
      roots[v, default: []].insert(root)
    }
    return roots.filter { $0.value.count > 1 }.keys.sorted().map { value in
      let i = second[value]!
      return (Int(value), roots[value]!.count, (i % width, i / width))
    }
  }
}
