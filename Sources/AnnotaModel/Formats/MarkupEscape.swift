// SPDX-License-Identifier: Apache-2.0

/// Text made safe inside XML and HTML, as content or as a quoted attribute value.
///
/// One escaper for every writer of markup (OME-XML, JUnit reports, Zenodo's HTML description).
public enum MarkupEscape {
  /// `&`, `<`, `>`, `"` and `'` as entities; control characters XML 1.0 cannot hold (all below
  /// U+0020 but tab and line feed) as `?`.
  /// - Parameter text: the text.
  /// - Returns: the escaped text.
  public static func text(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": out += "?"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
