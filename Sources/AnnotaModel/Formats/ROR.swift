// SPDX-License-Identifier: Apache-2.0

/// ROR ids: `0`, six Crockford base-32 characters, and a two-digit ISO 7064 MOD 97-10 checksum.
public enum ROR {
  private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

  /// The bare 9-character id if `text` is a valid ROR id, bare or as `https://ror.org/…`.
  /// - Parameter text: the value as written.
  /// - Returns: the bare id, or `nil` when the syntax or the checksum is wrong.
  public static func normalized(_ text: String) -> String? {
    var id = Substring(text)
    for prefix in ["https://ror.org/", "http://ror.org/", "ror.org/"] where id.hasPrefix(prefix) {
      id = id.dropFirst(prefix.count)
    }
    let characters = Array(id.lowercased())
    guard characters.count == 9, characters[0] == "0" else { return nil }
    var number = 0
    for character in characters[1..<7] {
      guard let value = alphabet.firstIndex(of: character) else { return nil }
      number = number * 32 + value
    }
    guard let checksum = Int(String(characters[7...8])) else { return nil }
    return checksum == 98 - (number * 100) % 97 ? String(id) : nil
  }
}
