// SPDX-License-Identifier: Apache-2.0

/// A label image laid over a ``DisplayPlane``: each value in its colour, blended, with object
/// borders drawn solid, scaled to fit a tile (nearest pixel, aspect kept).
public enum LabelOverlay {
  /// An RGB colour.
  public struct Colour: Sendable, Hashable {
    /// Red.
    public var red: UInt8
    /// Green.
    public var green: UInt8
    /// Blue.
    public var blue: UInt8

    /// Creates a colour.
    /// - Parameters:
    ///   - red: red.
    ///   - green: green.
    ///   - blue: blue.
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
      self.red = red
      self.green = green
      self.blue = blue
    }

    /// `#rrggbb`, or `nil` for anything else.
    /// - Parameter hex: the text, as label tables write colours.
    public init?(hex: String) {
      let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
      guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
      self.init(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    }
  }

  /// A well-spread colour for label `value` (golden-ratio hues, never too dark), the same on every run.
  /// - Parameter value: the label.
  /// - Returns: its colour.
  public static func palette(_ value: UInt32) -> Colour {
    let hue = (Double(value) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1) * 6
    let sector = Int(hue)
    let fraction = hue - Double(sector)
    let (r, g, b): (Double, Double, Double) =
      switch sector {
      case 0: (1, fraction, 0)
      case 1: (1 - fraction, 1, 0)
      case 2: (0, 1, fraction)
      case 3: (0, 1 - fraction, 1)
      case 4: (fraction, 0, 1)
      default: (1, 0, 1 - fraction)
      }
    return Colour(UInt8(40 + 215 * r), UInt8(40 + 215 * g), UInt8(40 + 215 * b))
  }

  /// The plane scaled to fit `width × height` (centred on black when the aspect differs), as RGB,
  /// with `labels` laid over it.
  /// - Parameters:
  ///   - plane: the grey image.
  ///   - labels: `plane.width × plane.height` labels (0 background), or `nil` for the image alone.
  ///   - colours: colours of some values (class labels); others take ``palette(_:)``.
  ///   - width: the tile's width.
  ///   - height: the tile's height.
  ///   - opacity: how much of a label's colour covers the inside of its region (borders: all).
  /// - Returns: `width × height × 3` bytes.
  public static func render(
    _ plane: DisplayPlane, labels: [UInt32]?, colours: [UInt32: Colour] = [:], width: Int, height: Int,
    opacity: Double = 0.45
  ) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: width * height * 3)
    guard plane.width > 0, plane.height > 0, width > 0, height > 0 else { return out }
    let scale = max(Double(plane.width) / Double(width), Double(plane.height) / Double(height))
    let offsetX = (width - Int(Double(plane.width) / scale)) / 2
    let offsetY = (height - Int(Double(plane.height) / scale)) / 2
    let labels = labels.flatMap { $0.count == plane.width * plane.height ? $0 : nil }
    func source(_ x: Int, _ y: Int) -> Int? {
      guard x >= offsetX, y >= offsetY else { return nil }
      let sx = Int(Double(x - offsetX) * scale)
      let sy = Int(Double(y - offsetY) * scale)
      guard sx < plane.width, sy < plane.height else { return nil }
      return sy * plane.width + sx
    }
    for y in 0..<height {
      for x in 0..<width {
        guard let index = source(x, y) else { continue }
        let level = Double(plane.levels[index])
        var rgb = (level, level, level)
        if let labels, labels[index] != 0 {
          let value = labels[index]
          let colour = colours[value] ?? palette(value)
          let border = [source(x - 1, y), source(x + 1, y), source(x, y - 1), source(x, y + 1)].contains {
            $0.map { labels[$0] != value } ?? true
          }
          let weight = border ? 1.0 : opacity
          rgb = (
            Double(colour.red) * weight + level * (1 - weight), Double(colour.green) * weight + level * (1 - weight),
            Double(colour.blue) * weight + level * (1 - weight)
          )
        }
        let offset = (y * width + x) * 3
        out[offset] = UInt8(rgb.0.rounded())
        out[offset + 1] = UInt8(rgb.1.rounded())
        out[offset + 2] = UInt8(rgb.2.rounded())
      }
    }
    return out
  }
}
