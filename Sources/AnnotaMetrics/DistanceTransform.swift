// SPDX-License-Identifier: Apache-2.0

/// The exact Euclidean distance transform of a binary image on a grid with a pixel size per axis.
///
/// For every pixel, the distance from its centre to the centre of the nearest *site* (a `true`
/// pixel), in the physical units of `spacing`; a site's own distance is 0. This is what SciPy's
/// `scipy.ndimage.distance_transform_edt(~sites, sampling=spacing)` returns (distance to the nearest
/// zero of its input) whenever there is at least one site. Without any site every distance here is
/// `+infinity`; SciPy instead returns the distance to a point one step before the first pixel along
/// axis 0, an artefact that ``BoundaryDistances`` reproduces where Metrics Reloaded depends on it.
///
/// Masks are flat row-major arrays: `shape` lists the extents slowest axis first, `(y, x)` in 2-D and
/// `(z, y, x)` in 3-D (any number of axes works), and `spacing` the pixel size along each axis in the
/// same order (for example micrometres per pixel, as OME `PhysicalSizeZ/Y/X`).
///
/// The algorithm is separable and linear in the number of pixels: a two-way scan along the last axis,
/// then Felzenszwalb and Huttenlocher's lower envelope of parabolas ("Distance Transforms of Sampled
/// Functions", Theory of Computing 8, 2012) along each other axis, weighted by the squared pixel size.
/// It keeps the integer offset to the nearest site per axis, so the final distance is computed as
/// SciPy computes it, `sqrt(Σ_axis (offset · spacing)²)` summed from axis 0: the two agree to the last
/// bit except where two sites are equally near (then within rounding).
public enum DistanceTransform {
  /// The distance from every pixel to the nearest site.
  /// - Parameters:
  ///   - sites: one flag per pixel, row-major; `true` marks a site.
  ///   - shape: the extent of each axis, slowest first: `(y, x)` or `(z, y, x)`.
  ///   - spacing: the pixel size along each axis, in the order of `shape`; positive and finite.
  /// - Returns: one distance per pixel in the units of `spacing`, or `+infinity` everywhere when there
  ///   is no site.
  /// - Throws: ``MetricInputError`` when `shape` does not hold `sites.count` pixels, `spacing` has the
  ///   wrong number of axes, or a pixel size is not a positive finite number.
  public static func euclidean(sites: [Bool], shape: [Int], spacing: [Double]) throws -> [Double] {
    let grid = try GridGeometry(shape: shape, spacing: spacing, count: sites.count, name: "the site image")
    return sites.withUnsafeBufferPointer { euclidean(sites: $0, grid: grid) }
  }

  /// The distance from every pixel to the nearest site, on a validated grid.
  /// - Parameters:
  ///   - sites: one flag per pixel.
  ///   - grid: the grid, holding `sites.count` pixels.
  /// - Returns: the distances, `+infinity` everywhere without a site.
  static func euclidean(sites: UnsafeBufferPointer<Bool>, grid: GridGeometry) -> [Double] {
    let count = grid.count
    let rank = grid.shape.count
    // `values` holds the squared distance over the axes processed so far (the envelope's input), and
    // then the final distance; `offsets[axis * count + pixel]` the nearest site's offset along `axis`.
    var values = [Double](repeating: .infinity, count: count)
    var offsets = [Int32](repeating: 0, count: rank * count)
    values.withUnsafeMutableBufferPointer { values in
      offsets.withUnsafeMutableBufferPointer { offsets in
        scanLastAxis(sites, grid: grid, values: values, offsets: offsets)
        for axis in stride(from: rank - 2, through: 0, by: -1) {
          envelopePass(axis: axis, grid: grid, values: values, offsets: offsets)
        }
        grid.spacing.withUnsafeBufferPointer { spacing in
          for pixel in 0..<count where values[pixel].isFinite {
            var sum = 0.0
            for axis in 0..<rank {
              let step = Double(offsets[axis &* count &+ pixel]) * spacing[axis]
              sum += step * step
            }
            values[pixel] = sum.squareRoot()
          }
        }
      }
    }
    return values
  }

  /// Along the last (contiguous) axis: the nearest site in the same row, by a forward and a backward
  /// scan.
  /// - Parameters:
  ///   - sites: the site flags.
  ///   - grid: the grid.
  ///   - values: receives the squared distance to that site, or `+infinity` for a row without one.
  ///   - offsets: receives the offset to that site along the last axis.
  private static func scanLastAxis(
    _ sites: UnsafeBufferPointer<Bool>, grid: GridGeometry, values: UnsafeMutableBufferPointer<Double>,
    offsets: UnsafeMutableBufferPointer<Int32>
  ) {
    let rank = grid.shape.count
    let length = grid.shape[rank - 1]
    let size = grid.spacing[rank - 1]
    let column = (rank - 1) * grid.count
    for start in stride(from: 0, to: grid.count, by: length) {
      // Forward: the nearest site at or before each pixel; a pixel with none keeps `+infinity`.
      var previous = -1
      for index in 0..<length {
        if sites[start + index] { previous = index }
        if previous >= 0 {
          offsets[column + start + index] = Int32(previous - index)
          values[start + index] = 0
        }
      }
      // Backward: the nearest site at or after, taken when strictly nearer (a tie is exact either way).
      var next = -1
      for index in stride(from: length - 1, through: 0, by: -1) {
        let pixel = start + index
        if sites[pixel] { next = index }
        if next >= 0, values[pixel].isInfinite || next - index < -Int(offsets[column + pixel]) {
          offsets[column + pixel] = Int32(next - index)
          values[pixel] = 0
        }
        if values[pixel].isFinite {
          let step = Double(offsets[column + pixel]) * size
          values[pixel] = step * step
        }
      }
    }
  }

  /// Along `axis`, for every line: the lower envelope of the parabolas `value(q) + (spacing · (p − q))²`
  /// over the line's pixels `q` with a finite value, and each pixel `p`'s lowest parabola.
  ///
  /// Lines are taken in blocks of neighbours along the contiguous axis, copied into a small buffer and
  /// back, so that a pass along a slow axis reads memory in runs instead of one pixel per cache line.
  /// - Parameters:
  ///   - axis: the axis; every later axis has been processed.
  ///   - grid: the grid.
  ///   - values: the squared distances over the later axes, replaced by those over `axis` and later.
  ///   - offsets: the offsets to the nearest site, filled in for `axis`.
  private static func envelopePass(
    axis: Int, grid: GridGeometry, values: UnsafeMutableBufferPointer<Double>,
    offsets: UnsafeMutableBufferPointer<Int32>
  ) {
    let rank = grid.shape.count
    let count = grid.count
    let length = grid.shape[axis]
    let step = grid.strides[axis]
    let weight = grid.spacing[axis] * grid.spacing[axis]
    let axes = rank - axis  // this axis and the later ones, whose offsets follow the chosen pixel
    let block = min(step, 64)
    // Buffers indexed `[q * block + line]`: values in and out, offsets in and out (per axis).
    let valuesIn = UnsafeMutableBufferPointer<Double>.allocate(capacity: length * block)
    let valuesOut = UnsafeMutableBufferPointer<Double>.allocate(capacity: length * block)
    let offsetsIn = UnsafeMutableBufferPointer<Int32>.allocate(capacity: axes * length * block)
    let offsetsOut = UnsafeMutableBufferPointer<Int32>.allocate(capacity: axes * length * block)
    let hull = UnsafeMutableBufferPointer<Int>.allocate(capacity: length)
    let heights = UnsafeMutableBufferPointer<Double>.allocate(capacity: length)
    let bounds = UnsafeMutableBufferPointer<Double>.allocate(capacity: length + 1)
    defer {
      for buffer in [valuesIn, valuesOut, heights] { buffer.deallocate() }
      for buffer in [offsetsIn, offsetsOut] { buffer.deallocate() }
      hull.deallocate()
      bounds.deallocate()
    }
    for outer in 0..<(count / (length * step)) {
      for first in stride(from: 0, to: step, by: block) {
        let width = min(block, step - first)
        let base = outer * length * step + first
        for q in 0..<length {
          let row = base &+ q &* step
          for line in 0..<width { valuesIn[q &* block &+ line] = values[row &+ line] }
          for k in 1..<axes {
            let source = (axis &+ k) &* count &+ row
            let target = (k &* length &+ q) &* block
            for line in 0..<width { offsetsIn[target &+ line] = offsets[source &+ line] }
          }
        }
        for line in 0..<width {
          lowerEnvelope(
            line: line, block: block, length: length, weight: weight, axes: axes, valuesIn: valuesIn,
            valuesOut: valuesOut, offsetsIn: offsetsIn, offsetsOut: offsetsOut, hull: hull, heights: heights,
            bounds: bounds)
        }
        for q in 0..<length {
          let row = base &+ q &* step
          for line in 0..<width { values[row &+ line] = valuesOut[q &* block &+ line] }
          for k in 0..<axes {
            let target = (axis &+ k) &* count &+ row
            let source = (k &* length &+ q) &* block
            for line in 0..<width { offsets[target &+ line] = offsetsOut[source &+ line] }
          }
        }
      }
    }
  }

  /// One line of ``envelopePass(axis:grid:values:offsets:)``, in its block's buffers.
  /// - Parameters:
  ///   - line: the line's column in the buffers.
  ///   - block: the buffers' row length.
  ///   - length: the line's number of pixels.
  ///   - weight: the squared pixel size along the line.
  ///   - axes: the axes whose offsets the buffers hold, the line's own first.
  ///   - valuesIn: the squared distances over the later axes.
  ///   - valuesOut: receives the squared distances over the line's axis and later.
  ///   - offsetsIn: the later axes' offsets (index 0 unused).
  ///   - offsetsOut: receives every axis's offsets.
  ///   - hull: scratch: the parabolas of the envelope.
  ///   - heights: scratch: each one's `value(q) + weight · q²`.
  ///   - bounds: scratch: where each is lowest.
  private static func lowerEnvelope(
    line: Int, block: Int, length: Int, weight: Double, axes: Int, valuesIn: UnsafeMutableBufferPointer<Double>,
    valuesOut: UnsafeMutableBufferPointer<Double>, offsetsIn: UnsafeMutableBufferPointer<Int32>,
    offsetsOut: UnsafeMutableBufferPointer<Int32>, hull: UnsafeMutableBufferPointer<Int>,
    heights: UnsafeMutableBufferPointer<Double>, bounds: UnsafeMutableBufferPointer<Double>
  ) {
    // The lower envelope of the finite parabolas: `hull[0...top]`, parabola `hull[k]` lowest on
    // `bounds[k]...bounds[k + 1]` (Felzenszwalb and Huttenlocher's algorithm 1).
    var top = -1
    for q in 0..<length {
      let value = valuesIn[q &* block &+ line]
      guard value.isFinite else { continue }
      guard top >= 0 else {
        top = 0
        hull[0] = q
        heights[0] = value + weight * Double(q &* q)
        bounds[0] = -.infinity
        bounds[1] = .infinity
        continue
      }
      let height = value + weight * Double(q &* q)
      var crossing: Double
      repeat {
        // Where parabola `q` overtakes parabola `hull[top]`: past the start of `hull[top]`'s interval
        // (compared without dividing, `q > hull[top]`), or `hull[top]` is never lowest.
        let rise = height - heights[top]
        let run = 2 * weight * Double(q &- hull[top])
        if rise > bounds[top] * run {
          crossing = rise / run
          break
        }
        top &-= 1
      } while true
      top &+= 1
      hull[top] = q
      heights[top] = height
      bounds[top] = crossing
      bounds[top &+ 1] = .infinity
    }
    guard top >= 0 else {
      // No site in this line's slab yet: every value stays infinite.
      for p in 0..<length { valuesOut[p &* block &+ line] = .infinity }
      return
    }
    var k = 0
    for p in 0..<length {
      while bounds[k &+ 1] < Double(p) { k &+= 1 }
      let v = hull[k]
      let distance = Double(p &- v)
      valuesOut[p &* block &+ line] = valuesIn[v &* block &+ line] + weight * distance * distance
      offsetsOut[p &* block &+ line] = Int32(truncatingIfNeeded: v &- p)
      for axis in 1..<axes {
        offsetsOut[(axis &* length &+ p) &* block &+ line] = offsetsIn[(axis &* length &+ v) &* block &+ line]
      }
    }
  }
}

/// A grid checked once: its extents and pixel sizes per axis, slowest axis first, and its strides.
struct GridGeometry: Sendable, Hashable {
  /// The extent of each axis.
  let shape: [Int]
  /// The pixel size along each axis.
  let spacing: [Double]
  /// The number of pixels.
  let count: Int
  /// The flat-index step of each axis (row-major: 1 for the last).
  let strides: [Int]

  /// Checks a grid against the pixels it must hold.
  /// - Parameters:
  ///   - shape: the extents, slowest first.
  ///   - spacing: the pixel sizes, in the order of `shape`.
  ///   - count: the number of pixels the image has.
  ///   - name: the image, for messages (`the reference mask`).
  /// - Throws: ``MetricInputError`` with `invalidParameter` for a shape without axes, an extent below 1
  ///   or a pixel size that is not a positive finite number, `dimensionMismatch` when `spacing` has the
  ///   wrong number of axes, `lengthMismatch` when the shape does not hold `count` pixels.
  init(shape: [Int], spacing: [Double], count: Int, name: String) throws {
    guard !shape.isEmpty else {
      throw MetricInputError(code: .invalidParameter, message: "the shape has no axes: give (y, x) or (z, y, x)")
    }
    guard spacing.count == shape.count else {
      throw MetricInputError(
        code: .dimensionMismatch,
        message: "the spacing has \(spacing.count) pixel sizes for the \(shape.count) axes of shape \(shape)")
    }
    var product = 1
    for (axis, extent) in shape.enumerated() {
      guard extent >= 1, extent <= Int(Int32.max) else {
        throw MetricInputError(
          code: .invalidParameter, message: "axis \(axis) of shape \(shape) has extent \(extent): it must be 1 or more")
      }
      let (next, overflow) = product.multipliedReportingOverflow(by: extent)
      guard !overflow else {
        throw MetricInputError(code: .invalidParameter, message: "shape \(shape) holds more pixels than an Int counts")
      }
      product = next
    }
    for (axis, size) in spacing.enumerated() where !(size.isFinite && size > 0) {
      throw MetricInputError(
        code: .invalidParameter,
        message: "the pixel size of axis \(axis) is \(size): it must be a positive finite number")
    }
    guard product == count else {
      throw MetricInputError(
        code: .lengthMismatch, message: "\(name) has \(count) pixels, but shape \(shape) holds \(product)")
    }
    self.shape = shape
    self.spacing = spacing
    self.count = count
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
      strides[axis] = strides[axis + 1] * shape[axis + 1]
    }
    self.strides = strides
  }

  /// The largest distance between two pixel centres of the grid: its diagonal.
  var diagonal: Double {
    var sum = 0.0
    for axis in shape.indices {
      let side = Double(shape[axis] - 1) * spacing[axis]
      sum += side * side
    }
    return sum.squareRoot()
  }
}
