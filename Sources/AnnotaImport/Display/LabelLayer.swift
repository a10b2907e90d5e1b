// SPDX-License-Identifier: Apache-2.0

/// A label image as a transparent layer to lay over a thumbnail: each value in its colour, the
/// inside translucent and the borders solid (or the borders alone), background fully transparent.
///
/// Kept apart from the image so a page can show and hide it, and so the image's PNG keeps one
/// grey channel: a layer that is mostly transparent compresses to a few kilobytes.
public enum LabelLayer {
  /// The layer for `labels`, scaled to `width × height` (nearest pixel).
  /// - Parameters:
  ///   - labels: `sourceWidth × sourceHeight` labels, 0 background.
  ///   - sourceWidth: the label image's width.
  ///   - sourceHeight: its height.
  ///   - width: the layer's width.
  ///   - height: the layer's height.
  ///   - colours: colours of some values (class labels); others take `LabelOverlay.palette(_:)`.
  ///   - opacity: how much of a label's colour covers the inside of its region; 0 for outlines only.
  ///   - colour: one colour for every label (outlines of a comparison), instead of `colours`.
  /// - Returns: `width × height × 4` bytes (RGBA), or all transparent when the sizes do not fit.
  public static func rgba(
    _ labels: [UInt32], sourceWidth: Int, sourceHeight: Int, width: Int, height: Int,
    colours: [UInt32: LabelOverlay.Colour] = [:], opacity: Double = 0.45, colour single: LabelOverlay.Colour? = nil
  ) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: max(0, width * height * 4))
    guard width > 0, height > 0, sourceWidth > 0, sourceHeight > 0, labels.count == sourceWidth * sourceHeight else {
      return out
    }
    let xs = (0..<width).map { min(sourceWidth - 1, $0 * sourceWidth / width) }
    let ys = (0..<height).map { min(sourceHeight - 1, $0 * sourceHeight / height) }
    func label(_ x: Int, _ y: Int) -> UInt32? {
      guard x >= 0, y >= 0, x < width, y < height else { return nil }
      return labels[ys[y] * sourceWidth + xs[x]]
    }
    let inside = UInt8(max(0, min(255, (opacity * 255).rounded())))
    var cache: [UInt32: LabelOverlay.Colour] = [:]
    for y in 0..<height {
      for x in 0..<width {
        let value = labels[ys[y] * sourceWidth + xs[x]]
        guard value != 0 else { continue }
        // A border pixel has a neighbour of another value, or lies on the layer's edge.
        let border = [label(x - 1, y), label(x + 1, y), label(x, y - 1), label(x, y + 1)].contains(where: {
          $0 != Optional(value)
        })
        let alpha = border ? 255 : inside
        guard alpha > 0 else { continue }
        let colour = single ?? cache[value] ?? colours[value] ?? LabelOverlay.palette(value)
        cache[value] = colour
        let offset = (y * width + x) * 4
        out[offset] = colour.red
        out[offset + 1] = colour.green
        out[offset + 2] = colour.blue
        out[offset + 3] = alpha
      }
    }
    return out
  }

  /// The size of a thumbnail of a `width × height` image that fits `side × side`: the aspect kept,
  /// never enlarged.
  /// - Parameters:
  ///   - width: the image's width.
  ///   - height: its height.
  ///   - side: the largest side.
  /// - Returns: the thumbnail's width and height (each at least 1).
  public static func fit(width: Int, height: Int, side: Int) -> (width: Int, height: Int) {
    guard width > 0, height > 0 else { return (1, 1) }
    let scale = max(1, Double(max(width, height)) / Double(max(1, side)))
    return (max(1, Int((Double(width) / scale).rounded())), max(1, Int((Double(height) / scale).rounded())))
  }
}
