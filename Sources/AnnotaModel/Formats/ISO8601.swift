// SPDX-License-Identifier: Apache-2.0

/// Syntax checks for ISO 8601 / RFC 3339 dates, date-times and durations.
public enum ISO8601 {
  /// Whether `text` is a real calendar date `YYYY-MM-DD`.
  /// - Parameter text: the value.
  /// - Returns: `true` for a valid date.
  public static func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), day >= 1
    else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }

  /// Whether `text` is a date and time of day without a time zone, `T` or a space between them
  /// (`2015-03-22 01:49:21`, as the BIA's MIFA example has it).
  /// - Parameter text: the value.
  /// - Returns: `true` for a valid local date-time.
  public static func isLocalDateTime(_ text: String) -> Bool {
    guard let separator = text.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else { return false }
    let date = String(text[..<separator]), clock = text[text.index(after: separator)...]
    guard isDate(date), !clock.hasSuffix("Z"), !clock.contains("+"), !clock.contains("-") else { return false }
    return isDateTime(date + "T" + clock + "Z")
  }

  /// Whether `text` is an RFC 3339 date-time with a time zone (`Z` or `±hh:mm`).
  /// - Parameter text: the value.
  /// - Returns: `true` for a valid date-time.
  public static func isDateTime(_ text: String) -> Bool {
    guard let t = text.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
    guard isDate(String(text[..<t])) else { return false }
    var rest = Substring(text[text.index(after: t)...])
    var zoneOK = false
    if rest.hasSuffix("Z") || rest.hasSuffix("z") {
      rest = rest.dropLast()
      zoneOK = true
    } else if rest.count > 6 {
      let zone = rest.suffix(6)
      let sign = zone.first
      let hh = zone.dropFirst().prefix(2)
      let mm = zone.suffix(2)
      if sign == "+" || sign == "-", zone.dropFirst(3).first == ":", let h = Int(hh), let m = Int(mm),
        h < 24, m < 60
      {
        rest = rest.dropLast(6)
        zoneOK = true
      }
    }
    guard zoneOK else { return false }
    var clock = rest
    if let dot = rest.firstIndex(of: ".") {
      let fraction = rest[rest.index(after: dot)...]
      guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
      clock = rest[..<dot]
    }
    let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
    guard fields.count == 3, fields.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let h = Int(fields[0]), let m = Int(fields[1]), let s = Int(fields[2])
    else { return false }
    return h < 24 && m < 60 && s <= 60
  }

  /// Whether `text` is an ISO 8601 duration such as `P3D`, `PT12H30M` or `P1Y2M`.
  /// - Parameter text: the value.
  /// - Returns: `true` for a valid duration.
  public static func isDuration(_ text: String) -> Bool {
    guard text.hasPrefix("P"), text.count > 1 else { return false }
    var inTime = false
    var number = ""
    var sawComponent = false
    var lastTimeUnit = -1
    var lastDateUnit = -1
    for character in text.dropFirst() {
      if character == "T" {
        guard !inTime, number.isEmpty else { return false }
        inTime = true
        continue
      }
      if character.isASCII, character.isNumber || character == "." {
        number.append(character)
        continue
      }
      guard !number.isEmpty, Double(number) != nil else { return false }
      let units: [Character] = inTime ? ["H", "M", "S"] : ["Y", "M", "W", "D"]
      guard let rank = units.firstIndex(of: character) else { return false }
      if inTime {
        guard rank > lastTimeUnit else { return false }
        lastTimeUnit = rank
      } else {
        guard rank > lastDateUnit else { return false }
        lastDateUnit = rank
      }
      number = ""
      sawComponent = true
    }
    return sawComponent && number.isEmpty && !(inTime && lastTimeUnit < 0)
  }
}
