// SPDX-License-Identifier: Apache-2.0

/// ORCID iDs: 16 characters in four groups, the last an ISO 7064 MOD 11-2 check character.
public enum ORCID {
  /// The bare 19-character iD (`0000-0002-1825-0097`) if `text` is a valid ORCID iD, bare or as
  /// `https://orcid.org/…`.
  /// - Parameter text: the value as written.
  /// - Returns: the bare iD, or `nil` when the syntax or the checksum is wrong.
  public static func normalized(_ text: String) -> String? {
    var id = Substring(text)
    for prefix in ["https://orcid.org/", "http://orcid.org/", "orcid.org/"] where id.hasPrefix(prefix) {
      id = id.dropFirst(prefix.count)
    }
    let characters = Array(id)
    guard characters.count == 19 else { return nil }
    var digits: [Character] = []
    for (offset, character) in characters.enumerated() {
      if offset == 4 || offset == 9 || offset == 14 {
        guard character == "-" else { return nil }
      } else {
        guard character.isASCII, character.isNumber || (offset == 18 && character == "X") else {
          return nil
        }
        digits.append(character)
      }
    }
    guard checkCharacter(for: digits.prefix(15).compactMap { $0.wholeNumberValue }) == digits[15]
    else { return nil }
    return String(id)
  }

  /// The ISO 7064 MOD 11-2 check character for 15 base digits.
  /// - Parameter digits: the first 15 digits.
  /// - Returns: `0`–`9` or `X`.
  public static func checkCharacter(for digits: [Int]) -> Character {
    var total = 0
    for digit in digits { total = (total + digit) * 2 }
    let result = (12 - total % 11) % 11
    return result == 10 ? "X" : Character(String(result))
  }
}
