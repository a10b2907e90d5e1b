// SPDX-License-Identifier: Apache-2.0

/// One class's binary mask reduced to what the boundary metrics need: its border pixels, extracted as
/// Metrics Reloaded extracts them, and the distance from every pixel to the nearest of them.
///
/// The border is the mask minus its binary erosion (Metrics Reloaded
/// `MetricsReloaded/utility/utils.py`, `MorphologyOps.border_map`: `binary_map -
/// scipy.ndimage.binary_erosion(binary_map)`, with SciPy's default structuring element, the pixel and
/// its `2 · rank` face neighbours, and `border_value=0`). So a foreground pixel is a border pixel when
/// one of its face neighbours (4 in 2-D, 6 in 3-D) is background or lies outside the grid: foreground
/// on the grid's edge is border, and every non-empty mask has a border. The `connectivity_type`
/// Metrics Reloaded's `BinaryPairwiseMeasures` takes is stored there but never reaches the erosion.
///
/// The distances are those of `scipy.ndimage.distance_transform_edt(1 - border, sampling=pixdim)` in
/// `BinaryPairwiseMeasures.border_distance` (`MetricsReloaded/metrics/pairwise_measures.py`), computed
/// by ``DistanceTransform``: pixel centre to pixel centre, in the physical units of the spacing.
/// Build one per mask and pair it with several others through ``BoundaryDistances``: the border and
/// the distance map are computed once.
///
/// Masks are flat row-major arrays; `shape` lists the extents slowest axis first, `(y, x)` in 2-D and
/// `(z, y, x)` in 3-D, and `spacing` the physical pixel size along each axis in the same order
/// (Metrics Reloaded's `pixdim`; all ones for distances in pixels).
public struct BoundaryMask: Sendable {
  /// The grid the mask lies on.
  let grid: GridGeometry
  /// The number of foreground pixels.
  public let foregroundCount: Int
  /// The border pixels' flat row-major indices, ascending.
  public let border: [Int]
  /// The distance from every pixel to the nearest border pixel, in the units of ``spacing``; empty
  /// when the mask is (it has no border).
  public let distanceToBorder: [Double]

  /// Extracts the border of a mask and its distance map.
  /// - Parameters:
  ///   - mask: one flag per pixel, row-major; `true` is foreground.
  ///   - shape: the extent of each axis, slowest first: `(y, x)` or `(z, y, x)`.
  ///   - spacing: the physical pixel size along each axis, in the order of `shape`.
  /// - Throws: ``MetricInputError`` when `shape` does not hold `mask.count` pixels, `spacing` has the
  ///   wrong number of axes, or a pixel size is zero, negative or not finite.
  public init(_ mask: [Bool], shape: [Int], spacing: [Double]) throws {
    try self.init(mask, shape: shape, spacing: spacing, name: "the mask")
  }

  /// Extracts the border of a mask stored as bytes (any non-zero byte is foreground) and its distance
  /// map.
  /// - Parameters:
  ///   - mask: one byte per pixel, row-major; non-zero is foreground.
  ///   - shape: the extent of each axis, slowest first: `(y, x)` or `(z, y, x)`.
  ///   - spacing: the physical pixel size along each axis, in the order of `shape`.
  /// - Throws: ``MetricInputError`` as the initialiser taking `[Bool]` does.
  public init(_ mask: [UInt8], shape: [Int], spacing: [Double]) throws {
    try self.init(mask.map { $0 != 0 }, shape: shape, spacing: spacing, name: "the mask")
  }

  /// Extracts the border and the distance map, naming the mask in errors.
  /// - Parameters:
  ///   - mask: one flag per pixel.
  ///   - shape: the extents.
  ///   - spacing: the pixel sizes.
  ///   - name: the mask, for messages.
  /// - Throws: ``MetricInputError`` for a bad grid.
  init(_ mask: [Bool], shape: [Int], spacing: [Double], name: String) throws {
    let grid = try GridGeometry(shape: shape, spacing: spacing, count: mask.count, name: name)
    self.grid = grid
    var sites = [Bool](repeating: false, count: grid.count)
    var border: [Int] = []
    var foreground = 0
    mask.withUnsafeBufferPointer { mask in
      sites.withUnsafeMutableBufferPointer { sites in
        foreground = Self.extractBorder(mask, grid: grid, into: sites, indices: &border)
      }
    }
    self.foregroundCount = foreground
    self.border = border
    self.distanceToBorder =
      border.isEmpty ? [] : sites.withUnsafeBufferPointer { DistanceTransform.euclidean(sites: $0, grid: grid) }
  }

  /// The extent of each axis, slowest first.
  public var shape: [Int] { grid.shape }

  /// The physical pixel size along each axis, in the order of ``shape``.
  public var spacing: [Double] { grid.spacing }

  /// Whether the mask has no foreground pixel.
  public var isEmpty: Bool { foregroundCount == 0 }

  /// Marks the foreground pixels that one erosion step with the face-connected cross removes.
  /// - Parameters:
  ///   - mask: the foreground flags.
  ///   - grid: the grid.
  ///   - sites: receives `true` at each border pixel.
  ///   - indices: receives the border pixels' indices, ascending.
  /// - Returns: the number of foreground pixels.
  private static func extractBorder(
    _ mask: UnsafeBufferPointer<Bool>, grid: GridGeometry, into sites: UnsafeMutableBufferPointer<Bool>,
    indices: inout [Int]
  ) -> Int {
    let rank = grid.shape.count
    var coordinates = [Int](repeating: 0, count: rank)
    var foreground = 0
    for pixel in 0..<grid.count {
      if mask[pixel] {
        foreground += 1
        var interior = true
        for axis in 0..<rank {
          let coordinate = coordinates[axis]
          let step = grid.strides[axis]
          // `binary_erosion` with `border_value=0`: outside the grid counts as background.
          if coordinate == 0 || coordinate == grid.shape[axis] - 1 || !mask[pixel - step] || !mask[pixel + step] {
            interior = false
            break
          }
        }
        if !interior {
          sites[pixel] = true
          indices.append(pixel)
        }
      }
      var axis = rank - 1
      while axis >= 0 {
        coordinates[axis] += 1
        if coordinates[axis] < grid.shape[axis] { break }
        coordinates[axis] = 0
        axis -= 1
      }
    }
    return foreground
  }
}
