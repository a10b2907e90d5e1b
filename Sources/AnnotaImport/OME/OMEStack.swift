// SPDX-License-Identifier: Apache-2.0

/// How the planes of a one-channel OME-TIFF are arranged: Z planes, time points, and which of the two
/// varies fastest from one page to the next.
public struct OMEStack: Sendable, Hashable {
  /// Z planes.
  public var z: Int
  /// Time points.
  public var t: Int
  /// Whether Z varies fastest (OME `XYZCT`); otherwise time does (`XYTCZ`).
  public var zFastest: Bool

  /// Creates a stack description.
  /// - Parameters:
  ///   - z: Z planes.
  ///   - t: time points.
  ///   - zFastest: whether Z varies fastest.
  public init(z: Int, t: Int, zFastest: Bool) {
    self.z = z
    self.t = t
    self.zFastest = zFastest
  }

  /// The arrangement of an image's pages from its axes (slowest first, as inspection reports them),
  /// or `nil` when it has channels or no time axis (a plain Z stack needs no description).
  /// - Parameters:
  ///   - axes: for example `TZYX`, `TYX`, `ZTYX`.
  ///   - shape: the size of each axis.
  /// - Returns: the stack, or `nil`.
  public static func of(axes: String, shape: [Int]) -> OMEStack? {
    let characters = Array(axes)
    func size(_ axis: Character) -> Int { characters.firstIndex(of: axis).map { shape[$0] } ?? 1 }
    guard size("C") == 1, size("S") == 1, size("T") > 1 else { return nil }
    let zIndex = characters.firstIndex(of: "Z") ?? characters.count
    let tIndex = characters.firstIndex(of: "T") ?? characters.count
    return OMEStack(z: size("Z"), t: size("T"), zFastest: zIndex > tIndex)
  }
}
