// SPDX-License-Identifier: Apache-2.0

/// OME length units, normalised to micrometres.
public enum OMEUnits {
  /// Micrometres per unit, by OME's `UnitsLength` symbol.
  ///
  /// Both spellings of µ are accepted (U+00B5 MICRO SIGN, as the schema writes it, and U+03BC GREEK
  /// SMALL LETTER MU).
  static let micrometresPer: [String: Double] = [
    "Ym": 1e30, "Zm": 1e27, "Em": 1e24, "Pm": 1e21, "Tm": 1e18, "Gm": 1e15, "Mm": 1e12, "km": 1e9,
    "hm": 1e8, "dam": 1e7, "m": 1e6, "dm": 1e5, "cm": 1e4, "mm": 1e3, "\u{00B5}m": 1, "\u{03BC}m": 1,
    "um": 1, "nm": 1e-3, "pm": 1e-6, "fm": 1e-9, "am": 1e-12, "zm": 1e-15, "ym": 1e-18, "Å": 1e-4,
    "thou": 25.4,  // Å (U+00C5) and the ångström sign (U+212B) are one key: Swift compares canonically
    "in": 25_400, "ft": 304_800, "yd": 914_400, "mi": 1_609_344_000, "ua": 1.495_978_707e17,
    "ly": 9.460_730_472_580_8e21, "pc": 3.085_677_581_49e22, "pt": 25_400.0 / 72,
  ]

  /// A length in micrometres, or `nil` for pixels, reference frames and unknown units.
  /// - Parameters:
  ///   - value: the number as written.
  ///   - unit: the unit symbol; absent means µm (OME's default).
  /// - Returns: micrometres.
  public static func micrometres(_ value: Double, unit: String?) -> Double? {
    guard let factor = micrometresPer[unit ?? "\u{00B5}m"] else { return nil }
    return value * factor
  }
}
