// SPDX-License-Identifier: Apache-2.0

extension Int {
  /// The largest magnitude ``init(fileNumber:rounding:)`` accepts: 2^53, beyond which a `Double` no
  /// longer holds every integer, and far beyond any pixel position, size or frame a file can mean.
  public static let fileNumberLimit = 1 << 53

  /// A number read from a file as an integer, or `nil` when it is not finite or its magnitude is over
  /// ``fileNumberLimit``.
  ///
  /// `Int(_: Double)` stops the process on NaN, infinities and values out of `Int`'s range; a hostile
  /// file must get an error instead. The bound also keeps sums of two such numbers from overflowing.
  /// - Parameters:
  ///   - value: the number as read.
  ///   - rule: how to round (toward zero by default, as `Int(_:)`).
  public init?(fileNumber value: Double, rounding rule: FloatingPointRoundingRule = .towardZero) {
    let rounded = value.rounded(rule)
    guard rounded.isFinite, abs(rounded) <= Double(Self.fileNumberLimit) else { return nil }
    self.init(rounded)
  }

  /// `self × other`, or `nil` when the product overflows or either factor is negative (a pixel
  /// count from a file's sizes).
  /// - Parameter other: the other factor.
  public func nonNegativeProduct(_ other: Int) -> Int? {
    guard self >= 0, other >= 0 else { return nil }
    let (product, overflow) = multipliedReportingOverflow(by: other)
    return overflow ? nil : product
  }
}
