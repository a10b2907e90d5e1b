// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaModel

/// CREMI 0.2 point annotations (`/annotations`): synaptic sites with ids, types and locations, and
/// pre → post partner pairs, converted to the spec's pixel convention.
///
/// Locations are z, y, x in nanometres relative to the group's `offset`; a volume's voxel (i, j, k)
/// sits at `offset_volume + index × resolution`. Annota places a point at the centre of its voxel in
/// the reference volume's pixel grid: `x_px = (x_nm + offset_annotations − offset_volume) / resolution + 0.5`.
struct CREMIAnnotations {
  struct Site {
    var id: UInt64
    var type: String
    /// z, y, x in pixels of the reference volume (x, y at pixel corners origin, z a plane index).
    var x: Double, y: Double, z: Double
  }

  var sites: [Site]
  var partners: [(UInt64, UInt64)]
  /// The volume whose grid the pixels refer to.
  var reference: String

  static func read(_ file: HDF5File) throws -> CREMIAnnotations? {
    let objects = try file.objects().filter { $0.kind == .dataset }.map(\.path)
    guard objects.contains("/annotations/ids"), objects.contains("/annotations/locations") else { return nil }
    // The grid: the raw volume if present, else the first label volume.
    guard
      let reference = (["/volumes/raw"] + objects.filter { $0.hasPrefix("/volumes/labels/") }).first(
        where: objects.contains)
    else {
      return nil
    }
    let volume = try file.dataset(reference)
    guard let resolution = volume.attributes["resolution"]?.doubles, resolution.count == 3,
      resolution.allSatisfy({ $0 > 0 })
    else {
      throw HDF5Error(code: .malformed, message: "\(reference) has no resolution (z, y, x nm)", path: file.path)
    }
    let volumeOffset = volume.attributes["offset"]?.doubles ?? [0, 0, 0]
    let annotationOffset = (try? file.attributes(of: "/annotations"))?["offset"]?.doubles ?? [0, 0, 0]
    let idsInfo = try file.dataset("/annotations/ids")
    let (idBytes, _) = try file.read("/annotations/ids", start: [0], count: idsInfo.shape)
    let ids = idBytes.withUnsafeBytes { Array($0.bindMemory(to: UInt64.self)) }
    let locationInfo = try file.dataset("/annotations/locations")
    guard locationInfo.shape.count == 2, locationInfo.shape[1] == 3, locationInfo.shape[0] == ids.count else {
      throw HDF5Error(code: .malformed, message: "/annotations/locations is not N × 3 for N ids", path: file.path)
    }
    let (locationBytes, type) = try file.read("/annotations/locations", start: [0, 0], count: locationInfo.shape)
    let locations: [Double] =
      switch type {
      case .float(64): locationBytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
      case .float(32): locationBytes.withUnsafeBytes { $0.bindMemory(to: Float.self).map(Double.init) }
      default:
        throw HDF5Error(
          code: .unsupported, message: "/annotations/locations holds \(type), not floats", path: file.path)
      }
    let types = (try? file.readStrings("/annotations/types")) ?? []
    var sites: [Site] = []
    for (index, id) in ids.enumerated() {
      func pixel(_ axis: Int) -> Double {
        (locations[index * 3 + axis] + annotationOffset[axis] - volumeOffset[axis]) / resolution[axis]
      }
      sites.append(
        Site(
          id: id, type: index < types.count ? types[index] : "site", x: pixel(2) + 0.5, y: pixel(1) + 0.5, z: pixel(0)))
    }
    var partners: [(UInt64, UInt64)] = []
    if objects.contains("/annotations/presynaptic_site/partners") {
      let info = try file.dataset("/annotations/presynaptic_site/partners")
      if info.shape.count == 2, info.shape[1] == 2, info.shape[0] > 0 {
        let (bytes, _) = try file.read(info.path, start: [0, 0], count: info.shape)
        let pairs = bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt64.self)) }
        partners = stride(from: 0, to: pairs.count, by: 2).map { (pairs[$0], pairs[$0 + 1]) }
      }
    }
    return CREMIAnnotations(sites: sites, partners: partners, reference: reference)
  }

  /// One point per site (`label` = its type, `z` = its plane), each with its partners' ids.
  var features: [ShapeFeature] {
    sites.map { site in
      let targets = partners.filter { $0.0 == site.id }.map { JSONValue.integer(Int128($0.1)) }
      var properties: [(String, JSONValue)] = [("label", .string(site.type)), ("z", .number(site.z.rounded(.down)))]
      if !targets.isEmpty { properties.append(("partners", .array(targets))) }
      return ShapeFeature(
        geometry: ShapeFeature.pointGeometry(x: site.x, y: site.y), shape: "point", properties: properties,
        id: .integer(Int128(site.id)))
    }
  }
}
