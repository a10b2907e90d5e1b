// SPDX-License-Identifier: Apache-2.0

import AnnotaImport
import AnnotaModel
import Foundation

/// Point annotations read for point matching: every `point` (and `MultiPoint`) feature of a file an
/// annotation tool wrote (Fiji's Cell Counter, TrackMate, CVAT, LabelMe: the formats
/// ``AnnotationFormats`` detects), grouped by image and time point, in Annota's pixel convention (the
/// importers convert TrackMate's physical positions to pixels), with the `z` property as a third
/// axis when every point of both files has it.
enum PointFiles {
  /// The points of one image and time point.
  struct Group {
    /// `image` or `image @ t=3`.
    var key: String
    /// Each point's x, y (and z).
    var points: [[Double]]
  }

  /// What a file holds.
  struct Loaded {
    var groups: [String: Group]
    var order: [String]
    /// Whether every point has a `z`.
    var allHaveZ: Bool
    /// Features that were not points, by shape.
    var otherShapes: [String: Int]
  }

  /// Gathers the points of annotation files.
  /// - Parameter files: the files' annotations (``ToolFiles``).
  /// - Returns: their points, grouped by image (named without extension) and time point.
  static func load(_ files: [ForeignAnnotations]) -> Loaded {
    var loaded = Loaded(groups: [:], order: [], allHaveZ: true, otherShapes: [:])
    for image in files.flatMap(\.images) {
      for feature in image.features {
        let coordinates = points(of: feature.geometry)
        guard feature.shape == "point", !coordinates.isEmpty else {
          loaded.otherShapes[feature.shape, default: 0] += 1
          continue
        }
        let z = number(feature.properties.first { $0.0 == "z" }?.1)
        let t = number(feature.properties.first { $0.0 == "t" }?.1)
        let key = ComparisonSource.stem(of: image.name) + (t.map { " @ t=\(Int($0))" } ?? "")
        if loaded.groups[key] == nil {
          loaded.groups[key] = Group(key: key, points: [])
          loaded.order.append(key)
        }
        for point in coordinates {
          let third = point.count > 2 ? point[2] : z
          if third == nil { loaded.allHaveZ = false }
          loaded.groups[key]?.points.append([point[0], point[1]] + (third.map { [$0] } ?? []))
        }
      }
    }
    return loaded
  }

  /// A Point's or MultiPoint's positions.
  static func points(of geometry: JSONValue) -> [[Double]] {
    guard case .object(let members) = geometry,
      case .string(let type) = members.first(where: { $0.0 == "type" })?.1,
      let coordinates = members.first(where: { $0.0 == "coordinates" })?.1
    else { return [] }
    func position(_ value: JSONValue) -> [Double]? {
      guard case .array(let items) = value else { return nil }
      let numbers = items.compactMap(number)
      return numbers.count == items.count && numbers.count >= 2 ? numbers : nil
    }
    switch type {
    case "Point": return position(coordinates).map { [$0] } ?? []
    case "MultiPoint":
      guard case .array(let items) = coordinates else { return [] }
      return items.compactMap(position)
    default: return []
    }
  }

  static func number(_ value: JSONValue?) -> Double? {
    switch value {
    case .number(let number): number
    case .integer(let integer): Double(integer)
    default: nil
    }
  }
}
