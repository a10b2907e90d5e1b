// SPDX-License-Identifier: Apache-2.0
import AnnotaModel
import Foundation

/// Escapes text for HTML (content and attribute values).
func h(_ text: String) -> String { MarkupEscape.text(text) }

/// A PNG as a `data:` URI.
func dataURI(_ png: [UInt8]) -> String { "data:image/png;base64," + Data(png).base64EncodedString() }

/// Text escaped for HTML, with `backtick` spans as `<code>` (messages and hints quote options so).
func inlineCode(_ text: String) -> String {
  let parts = text.split(separator: "`", omittingEmptySubsequences: false)
  guard parts.count >= 3 else { return h(text) }
  var out = ""
  for (index, part) in parts.enumerated() {
    if index % 2 == 1 && index < parts.count - 1 {
      out += "<code>" + h(String(part)) + "</code>"
    } else {
      out += (index % 2 == 1 ? "`" : "") + h(String(part))
    }
  }
  return out
}
